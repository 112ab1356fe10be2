/** Basic Paxos's plain-language reasons, in the vocabulary of "Paxos Made Simple". */
import { registerExplainer, S, t, type Lang, type ProtocolExplainer } from '../explain';
import type { Message, NoteValue } from '../../sim/types';
import { ballotText } from './ballot';
import type { AcceptedMsg, AcceptMsg, NackMsg, PrepareMsg, PromiseMsg } from './types';

/** A ballot from note data ([round, node] or null). */
export const noteBallot = (v: NoteValue | undefined): string => {
  if (!Array.isArray(v)) return '—';
  return ballotText({ round: v[0] as number, node: v[1] as number });
};

export const paxosExplainer: ProtocolExplainer = {
  message(msg: Message, lang: Lang): string {
    switch (msg.type) {
      case 'Prepare': {
        const m = msg.payload as PrepareMsg;
        return t(lang, `Prepare(ballot ${ballotText(m.ballot)})`, `Prepare（选票 ${ballotText(m.ballot)}）`);
      }
      case 'Promise': {
        const m = msg.payload as PromiseMsg;
        return m.accepted
          ? t(lang, `Promise(ballot ${ballotText(m.ballot)}, already accepted "${m.accepted.value}" in ${ballotText(m.accepted.ballot)})`,
            `Promise（选票 ${ballotText(m.ballot)}，已在 ${ballotText(m.accepted.ballot)} 接受过 "${m.accepted.value}"）`)
          : t(lang, `Promise(ballot ${ballotText(m.ballot)}, nothing accepted yet)`, `Promise（选票 ${ballotText(m.ballot)}，尚未接受任何值）`);
      }
      case 'Accept': {
        const m = msg.payload as AcceptMsg;
        return t(lang, `Accept(ballot ${ballotText(m.ballot)}, "${m.value}")`, `Accept（选票 ${ballotText(m.ballot)}，"${m.value}"）`);
      }
      case 'Accepted': {
        const m = msg.payload as AcceptedMsg;
        return t(lang, `Accepted(ballot ${ballotText(m.ballot)}, "${m.value}")`, `Accepted（选票 ${ballotText(m.ballot)}，"${m.value}"）`);
      }
      case 'Nack': {
        const m = msg.payload as NackMsg;
        return t(lang, `a rejection of ballot ${ballotText(m.ballot)} (promised ${ballotText(m.promised)})`,
          `对选票 ${ballotText(m.ballot)} 的拒绝（已承诺 ${ballotText(m.promised)}）`);
      }
      default: return msg.type;
    }
  },

  deliver(msg: Message, lang: Lang): string | null {
    switch (msg.type) {
      case 'Prepare': return t(lang, 'It promises the ballot unless it already promised a higher one.', '除非已承诺更高的选票，否则它会承诺这张选票。');
      case 'Accept': return t(lang, 'It accepts the value unless it promised a higher ballot.', '除非已承诺更高的选票，否则它会接受这个值。');
      case 'Accepted': return t(lang, 'As a learner it counts the vote; a majority in one ballot means the value is chosen.',
        '作为学习者，它记下这一票；同一选票获得多数即表示该值被选定。');
      default: return null;
    }
  },

  timer(node: number, _name: string, lang: Lang): string {
    return t(lang, `${S(node)}'s retry timer fires: its value is not decided yet, so it tries again with a higher ballot.`,
      `${S(node)} 的重试定时器触发：它的值尚未决定，于是用更高的选票重试。`);
  },

  note(node: number, kind: string, d, lang: Lang): string | null {
    const b = noteBallot(d.ballot);
    switch (kind) {
      case 'propose':
        return t(lang, `${S(node)} is asked to propose "${d.command}".`, `${S(node)} 被请求提议 "${d.command}"。`);
      case 'prepare':
        return t(lang, `${S(node)} starts phase 1 with ballot ${b}, higher than any round it has seen, and asks every acceptor to promise it.`,
          `${S(node)} 以选票 ${b}（高于它见过的所有轮次）开始第一阶段，请所有接受者承诺这张选票。`);
      case 'retry':
        return t(lang, `${S(node)} tries again (attempt ${(d.attempt as number) + 1}): ballot ${b} did not get its value decided.`,
          `${S(node)} 再次尝试（第 ${(d.attempt as number) + 1} 次）：选票 ${b} 没能让它的值被决定。`);
      case 'promise':
        return d.vote === null
          ? t(lang, `${S(node)} promises ballot ${b} to ${S(d.to as number)}: it will reject anything lower, and it has accepted nothing yet.`,
            `${S(node)} 向 ${S(d.to as number)} 承诺选票 ${b}：它将拒绝更低的选票，而且它尚未接受任何值。`)
          : t(lang, `${S(node)} promises ballot ${b} to ${S(d.to as number)} and reports that it accepted "${d.vote}" in ballot ${noteBallot(d.voteBallot)}.`,
            `${S(node)} 向 ${S(d.to as number)} 承诺选票 ${b}，并告知它曾在选票 ${noteBallot(d.voteBallot)} 接受了 "${d.vote}"。`);
      case 'phase2':
        if (d.adopted) return t(lang, `${S(node)} has promises from a majority; one of them accepted "${d.value}" in ballot ${noteBallot(d.voteBallot)}, the highest reported, so it must propose that value instead of its own in ballot ${b}.`,
          `${S(node)} 获得多数承诺；其中选票最高的 ${noteBallot(d.voteBallot)} 接受过 "${d.value}"，所以它必须在选票 ${b} 中提议这个值，而不是自己的值。`);
        if (d.ignoredVote) return t(lang, `${S(node)} has promises from a majority but proposes its own "${d.value}" in ballot ${b}, ignoring the value accepted in ballot ${noteBallot(d.voteBallot)} (teaching bug).`,
          `${S(node)} 获得多数承诺，却在选票 ${b} 中提议自己的 "${d.value}"，忽略了选票 ${noteBallot(d.voteBallot)} 中已接受的值（教学用缺陷）。`);
        return t(lang, `${S(node)} has promises from a majority and none of them accepted anything, so it is free to propose its own "${d.value}" in ballot ${b}.`,
          `${S(node)} 获得多数承诺，且它们都没有接受过任何值，因此可以在选票 ${b} 中提议自己的 "${d.value}"。`);
      case 'accept':
        return d.belowPromise
          ? t(lang, `${S(node)} accepts "${d.value}" in ballot ${b} although it promised ${noteBallot(d.promised)} (teaching bug).`,
            `${S(node)} 在选票 ${b} 接受了 "${d.value}"，尽管它已承诺 ${noteBallot(d.promised)}（教学用缺陷）。`)
          : t(lang, `${S(node)} accepts "${d.value}" in ballot ${b}: it promised nothing higher. It tells every learner.`,
            `${S(node)} 在选票 ${b} 接受了 "${d.value}"：它没有承诺更高的选票。它通知所有学习者。`);
      case 'reject':
        return t(lang, `${S(node)} rejects ${d.what} of ballot ${b} from ${S(d.to as number)}: it promised the higher ballot ${noteBallot(d.promised)}.`,
          `${S(node)} 拒绝来自 ${S(d.to as number)} 的选票 ${b} 的 ${d.what}：它已承诺更高的选票 ${noteBallot(d.promised)}。`);
      case 'preempted':
        return t(lang, `${S(node)} gives up ballot ${b}: an acceptor promised ${noteBallot(d.promised)}. It waits a random, growing time before retrying higher, so duelling proposers stop colliding.`,
          `${S(node)} 放弃选票 ${b}：有接受者已承诺 ${noteBallot(d.promised)}。它等待一段随机且逐渐增长的时间后再用更高选票重试，避免提议者互相冲突。`);
      case 'learned':
        return t(lang, `${S(node)} learns that "${d.value}" is chosen: ${d.votes} acceptors, a majority, accepted it in ballot ${b}.`,
          `${S(node)} 得知 "${d.value}" 已被选定：${d.votes} 个接受者（多数）在选票 ${b} 接受了它。`);
      case 'proposer-done':
        return d.won
          ? t(lang, `${S(node)} stops proposing: its value "${d.value}" is chosen.`, `${S(node)} 停止提议：它的值 "${d.value}" 已被选定。`)
          : t(lang, `${S(node)} stops proposing "${d.own}": "${d.value}" was chosen instead, and a decision never changes.`,
            `${S(node)} 停止提议 "${d.own}"：被选定的是 "${d.value}"，而决定永不改变。`);
      case 'already-decided':
        return t(lang, `${S(node)} does not propose "${d.command}": it already learned that "${d.value}" is chosen.`,
          `${S(node)} 不提议 "${d.command}"：它已得知 "${d.value}" 被选定。`);
      case 'request-unsupported':
        return t(lang, `${S(node)} ignores the client operation: single-decree Paxos decides one value and serves no clients.`,
          `${S(node)} 忽略该客户端操作：单值 Paxos 只决定一个值，不服务客户端。`);
      case 'timeout-ignored':
        return t(lang, `${S(node)} has nothing to retry.`, `${S(node)} 没有需要重试的提议。`);
    }
    return null;
  },
};

registerExplainer('paxos', paxosExplainer);
