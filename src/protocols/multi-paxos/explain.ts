/** Multi-Paxos's plain-language reasons: leader election by phase 1, then phase 2 per slot. */
import { registerExplainer, S, t, type Lang, type ProtocolExplainer } from '../explain';
import type { Message } from '../../sim/types';
import { ballotText } from '../paxos/ballot';
import { noteBallot } from '../paxos/explain';
import {
  NOOP, type AcceptedMsg, type AcceptMsg, type CatchupMsg, type Command, type ForwardMsg, type HeartbeatMsg,
  type HeartbeatReplyMsg, type NackMsg, type PrepareMsg, type PromiseMsg,
} from './types';

const show = (v: Command, lang: Lang): string => (v === NOOP ? t(lang, 'no-op', '空操作') : `"${v.command}"`);

export const multiPaxosExplainer: ProtocolExplainer = {
  message(msg: Message, lang: Lang): string {
    switch (msg.type) {
      case 'Prepare': {
        const m = msg.payload as PrepareMsg;
        return t(lang, `Prepare(ballot ${ballotText(m.ballot)}, slots ${m.from} and up)`, `Prepare（选票 ${ballotText(m.ballot)}，槽位 ${m.from} 及以后）`);
      }
      case 'Promise': {
        const m = msg.payload as PromiseMsg;
        return t(lang, `Promise(ballot ${ballotText(m.ballot)}, ${m.entries.length} accepted slots)`, `Promise（选票 ${ballotText(m.ballot)}，${m.entries.length} 个已接受的槽位）`);
      }
      case 'Accept': {
        const m = msg.payload as AcceptMsg;
        return t(lang, `Accept(ballot ${ballotText(m.ballot)}, slot ${m.slot}, ${show(m.entry.value, lang)}, chosen below ${m.commit})`,
          `Accept（选票 ${ballotText(m.ballot)}，槽位 ${m.slot}，${show(m.entry.value, lang)}，${m.commit} 之前已选定）`);
      }
      case 'Accepted': {
        const m = msg.payload as AcceptedMsg;
        return t(lang, `Accepted(ballot ${ballotText(m.ballot)}, slot ${m.slot})`, `Accepted（选票 ${ballotText(m.ballot)}，槽位 ${m.slot}）`);
      }
      case 'Nack': {
        const m = msg.payload as NackMsg;
        return t(lang, `a rejection of ballot ${ballotText(m.ballot)} (promised ${ballotText(m.promised)})`,
          `对选票 ${ballotText(m.ballot)} 的拒绝（已承诺 ${ballotText(m.promised)}）`);
      }
      case 'Heartbeat': {
        const m = msg.payload as HeartbeatMsg;
        return t(lang, `a heartbeat (ballot ${ballotText(m.ballot)}, chosen below ${m.commit})`, `心跳（选票 ${ballotText(m.ballot)}，${m.commit} 之前已选定）`);
      }
      case 'HeartbeatReply': {
        const m = msg.payload as HeartbeatReplyMsg;
        return t(lang, `a heartbeat reply (knows slots below ${m.firstUnchosen} are chosen)`, `心跳回复（已知 ${m.firstUnchosen} 之前的槽位已选定）`);
      }
      case 'Catchup': {
        const m = msg.payload as CatchupMsg;
        return t(lang, `a catch-up with chosen slots ${m.from}–${m.from + m.entries.length - 1}`, `追赶消息：已选定的槽位 ${m.from}–${m.from + m.entries.length - 1}`);
      }
      case 'Forward': {
        const m = msg.payload as ForwardMsg;
        return t(lang, `a forwarded request ${show(m.value, lang)}`, `转发的请求 ${show(m.value, lang)}`);
      }
      default: return msg.type;
    }
  },

  timer(node: number, name: string, lang: Lang): string {
    if (name === 'heartbeat') return t(lang, `${S(node)} sends heartbeats so followers know it still leads, and re-sends unanswered Accepts.`,
      `${S(node)} 发送心跳，让跟随者知道它仍是领导者，并重发未获回应的 Accept。`);
    return t(lang, `${S(node)}'s election timeout fires: it heard from no leader in time, so it runs phase 1 with a higher ballot.`,
      `${S(node)} 的选举超时触发：它在规定时间内没有收到领导者的消息，于是用更高的选票执行第一阶段。`);
  },

  note(node: number, kind: string, d, lang: Lang): string | null {
    const b = noteBallot(d.ballot);
    switch (kind) {
      case 'prepare':
        return t(lang, `${S(node)} runs phase 1 with ballot ${b} for every slot from ${d.from} on: one Prepare covers them all.`,
          `${S(node)} 以选票 ${b} 为槽位 ${d.from} 及之后的所有槽位执行第一阶段：一条 Prepare 覆盖全部槽位。`);
      case 'promise':
        return t(lang, `${S(node)} promises ballot ${b} to ${S(d.to as number)} and reports its ${d.votes} accepted slots from ${d.from} on.`,
          `${S(node)} 向 ${S(d.to as number)} 承诺选票 ${b}，并报告它从 ${d.from} 起已接受的 ${d.votes} 个槽位。`);
      case 'leader':
        if (d.ignoredVotes) return t(lang, `${S(node)} has promises from a majority and leads with ballot ${b}, but fills ${d.filled} open slots with no-ops, ignoring the values the promises reported (teaching bug).`,
          `${S(node)} 获得多数承诺，以选票 ${b} 成为领导者，却用空操作填充 ${d.filled} 个未决槽位，忽略了承诺中报告的值（教学用缺陷）。`);
        return t(lang, `${S(node)} has promises from a majority and leads with ballot ${b}: it re-proposes the highest-ballot value reported for ${d.reproposed} open slots and fills ${d.filled} gaps with no-ops`
          + (d.dropped ? ` (${d.dropped} of them held a command that is chosen, or can only be chosen, in another slot).` : '.'),
          `${S(node)} 获得多数承诺，以选票 ${b} 成为领导者：它为 ${d.reproposed} 个未决槽位重新提议所报告的最高选票的值，并用空操作填补 ${d.filled} 个空缺`
          + (d.dropped ? `（其中 ${d.dropped} 个槽位里的命令已在另一个槽位选定，或只可能在另一个槽位选定）。` : '。'));
      case 'follower':
        return t(lang, `${S(node)} stops being ${d.was === 'leader' ? 'leader' : 'a candidate'}: a higher ballot ${b} is in play.`,
          `${S(node)} 不再是${d.was === 'leader' ? '领导者' : '候选者'}：出现了更高的选票 ${b}。`);
      case 'follow':
        return t(lang, `${S(node)} follows ${S(d.leader as number)}, whose ballot ${b} is at least as high as any it promised.`,
          `${S(node)} 跟随 ${S(d.leader as number)}，其选票 ${b} 不低于它承诺过的任何选票。`);
      case 'preempted':
        return t(lang, `${S(node)} gives up ballot ${b}: an acceptor promised the higher ${noteBallot(d.promised)}. It waits for a new leader or its next timeout.`,
          `${S(node)} 放弃选票 ${b}：有接受者承诺了更高的 ${noteBallot(d.promised)}。它等待新领导者或下一次超时。`);
      case 'propose': {
        const own = ballotText({ round: d.round as number, node });
        return t(lang, `Leader ${S(node)} proposes "${d.command}" for slot ${d.slot} in ballot ${own}: phase 1 is already done, so only phase 2 is needed.`,
          `领导者 ${S(node)} 在选票 ${own} 中为槽位 ${d.slot} 提议 "${d.command}"：第一阶段已完成，只需第二阶段。`);
      }
      case 'chosen':
        return t(lang, `Slot ${d.slot} is chosen: ${d.votes} acceptors, a majority, accepted "${d.value}". ${S(node)} applies the log in order up to the first gap.`,
          `槽位 ${d.slot} 已选定：${d.votes} 个接受者（多数）接受了 "${d.value}"。${S(node)} 按顺序应用日志，直到第一个空缺。`);
      case 'caught-up':
        return t(lang, `${S(node)} catches up: ${S(d.leader as number)} sent it the chosen slots ${d.from}–${(d.to as number) - 1}.`,
          `${S(node)} 追上进度：${S(d.leader as number)} 发来了已选定的槽位 ${d.from}–${(d.to as number) - 1}。`);
      case 'forward':
        return t(lang, `${S(node)} is not the leader and forwards "${d.command}" to ${S(d.leader as number)}.`, `${S(node)} 不是领导者，把 "${d.command}" 转发给 ${S(d.leader as number)}。`);
      case 'request-waits':
        return t(lang, `${S(node)} knows no leader yet: it keeps "${d.command}" and passes it on once it knows one.`,
          `${S(node)} 还不知道领导者是谁：它先保留 "${d.command}"，知道领导者后再转交。`);
      case 'request-rejected':
        return t(lang, `${S(node)} cannot take "${d.command}": it does not lead and knows no leader to forward it to.`,
          `${S(node)} 无法接受 "${d.command}"：它不是领导者，也不知道可以转发给谁。`);
      case 'duplicate':
        return d.slot === null
          ? t(lang, `${S(node)} does not propose "${d.command}" again: it was already applied.`, `${S(node)} 不再提议 "${d.command}"：它已被应用。`)
          : t(lang, `${S(node)} does not propose "${d.command}" again: it already sits in slot ${d.slot}.`, `${S(node)} 不再提议 "${d.command}"：它已在槽位 ${d.slot} 中。`);
      case 'duplicate-vote':
        return t(lang, `${S(node)} fills slot ${d.slot} with a no-op instead of "${d.command}": that command is chosen in another slot, or its vote there has the higher ballot, so the vote in slot ${d.slot} can never be chosen.`,
          `${S(node)} 在槽位 ${d.slot} 填入空操作而不是 "${d.command}"：该命令已在另一个槽位选定，或在那里的投票选票更高，所以槽位 ${d.slot} 中的这票永远不会被选定。`);
      case 'timeout-ignored':
        return t(lang, `${S(node)} leads, so it has no election timer to fire.`, `${S(node)} 是领导者，没有选举定时器可触发。`);
    }
    return null;
  },
};

registerExplainer('multi-paxos', multiPaxosExplainer);
