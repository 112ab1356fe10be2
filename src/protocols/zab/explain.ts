/** Zab's plain-language reasons, in the vocabulary of the paper and of ZooKeeper. */
import { registerExplainer, S, t, type Lang, type ProtocolExplainer } from '../explain';
import type { Message, NoteValue } from '../../sim/types';
import { zxidText, type ZabMessage } from './types';

const pair = (v: NoteValue | undefined): string => (Array.isArray(v) ? `(${v.join(', ')})` : String(v));
const nodes = (v: NoteValue | undefined, lang: Lang): string => ((v as number[] | undefined) ?? []).map((n) => S(n)).join(t(lang, ', ', '、'));

const stateName = (state: string, lang: Lang): string =>
  state === 'leading' ? t(lang, 'leading', '领导中') : state === 'following' ? t(lang, 'following', '跟随中') : t(lang, 'looking', '寻找中');

export const zabExplainer: ProtocolExplainer = {
  message(msg: Message, lang: Lang): string {
    const m = msg as Message & ZabMessage;
    switch (m.type) {
      case 'NOTIFICATION': {
        const { vote, round, state } = m.payload;
        return t(lang, `a vote for ${S(vote.leader)} (epoch ${vote.epoch}, last zxid ${zxidText(vote.zxid)}, round ${round}, ${stateName(state, lang)})`,
          `投给 ${S(vote.leader)} 的一票（纪元 ${vote.epoch}，最后 zxid ${zxidText(vote.zxid)}，第 ${round} 轮，${stateName(state, lang)}）`);
      }
      case 'FOLLOWERINFO': return t(lang, `FOLLOWERINFO(acceptedEpoch ${m.payload.acceptedEpoch})`, `FOLLOWERINFO（acceptedEpoch ${m.payload.acceptedEpoch}）`);
      case 'LEADERINFO': return t(lang, `LEADERINFO(new epoch ${m.payload.epoch})`, `LEADERINFO（新纪元 ${m.payload.epoch}）`);
      case 'ACKEPOCH': {
        const p = m.payload;
        const last = p.history.length ? p.history[p.history.length - 1].zxid : 0;
        return t(lang, `ACKEPOCH(epoch ${p.epoch}, currentEpoch ${p.currentEpoch}, history up to ${zxidText(last)}${p.fresh ? '' : ', epoch already accepted'})`,
          `ACKEPOCH（纪元 ${p.epoch}，currentEpoch ${p.currentEpoch}，历史到 ${zxidText(last)}${p.fresh ? '' : '，该纪元早已接受'}）`);
      }
      case 'NEWLEADER': {
        const p = m.payload;
        return t(lang, `NEWLEADER(epoch ${p.epoch}, ${p.history.length} transactions)`, `NEWLEADER（纪元 ${p.epoch}，${p.history.length} 个事务）`);
      }
      case 'ACK': return t(lang, `ACK${zxidText(m.payload.zxid)}`, `ACK${zxidText(m.payload.zxid)}`);
      case 'PROPOSAL': {
        const { txns } = m.payload;
        if (txns.length === 1) return t(lang, `PROPOSAL${zxidText(txns[0].zxid)} "${txns[0].command}"`, `PROPOSAL${zxidText(txns[0].zxid)} "${txns[0].command}"`);
        return t(lang, `PROPOSAL of ${txns.length} transactions ${zxidText(txns[0].zxid)}–${zxidText(txns[txns.length - 1].zxid)}`,
          `PROPOSAL，${txns.length} 个事务 ${zxidText(txns[0].zxid)}–${zxidText(txns[txns.length - 1].zxid)}`);
      }
      case 'COMMIT': return t(lang, `COMMIT${zxidText(m.payload.zxid)}`, `COMMIT${zxidText(m.payload.zxid)}`);
      case 'PING': {
        const c = m.payload.committed;
        return c === null ? t(lang, `a PING (epoch ${m.payload.epoch})`, `PING（纪元 ${m.payload.epoch}）`)
          : t(lang, `a PING (epoch ${m.payload.epoch}, committed ${zxidText(c)})`, `PING（纪元 ${m.payload.epoch}，已提交 ${zxidText(c)}）`);
      }
      default: return msg.type;
    }
  },

  timer(node: number, name: string, lang: Lang): string {
    if (name === 'heartbeat') return t(lang, `${S(node)}'s heartbeat: a leader pings its followers; a follower still in the handshake repeats its last step.`,
      `${S(node)} 的心跳：领导者向跟随者发送 PING；仍在握手中的跟随者重发上一步。`);
    return t(lang, `${S(node)}'s election timer fires: it is still looking, or heard nothing from its leader in time, or could not finish recovery.`,
      `${S(node)} 的选举定时器触发：它仍在寻找领导者，或在规定时间内没有收到领导者的消息，或未能完成恢复。`);
  },

  note(node: number, kind: string, d, lang: Lang): string | null {
    const n = S(node);
    switch (kind) {
      case 'looking':
        return t(lang, `${n} is LOOKING: round ${d.round}, it votes for itself (epoch ${d.epoch}, last zxid ${pair(d.zxid)}) and tells everyone.`,
          `${n} 进入 LOOKING 状态：第 ${d.round} 轮，它投票给自己（纪元 ${d.epoch}，最后 zxid ${pair(d.zxid)}）并告诉所有节点。`);
      case 'vote':
        return d.why === 'new-round'
          ? t(lang, `${n} joins round ${d.round} and votes for ${S(d.leader as number)}, the best it knows (epoch ${d.epoch}, last zxid ${pair(d.zxid)}).`,
            `${n} 加入第 ${d.round} 轮，投票给它所知最好的 ${S(d.leader as number)}（纪元 ${d.epoch}，最后 zxid ${pair(d.zxid)}）。`)
          : t(lang, `${n} changes its vote to ${S(d.leader as number)}: a higher (epoch, last zxid, id) than its own choice.`,
            `${n} 改投 ${S(d.leader as number)}：其（纪元，最后 zxid，编号）比自己原先的选择更高。`);
      case 'elected':
        return t(lang, `A quorum (${nodes(d.voters, lang)}) votes for ${S(d.leader as number)} in round ${d.round}, so ${n} ends the election.`,
          `法定人数（${nodes(d.voters, lang)}）在第 ${d.round} 轮都投给了 ${S(d.leader as number)}，${n} 结束选举。`);
      case 'join':
        return t(lang, `${n} hears that ${S(d.leader as number)} already leads, and follows it.`, `${n} 得知 ${S(d.leader as number)} 已在领导，于是跟随它。`);
      case 'role':
        return d.role === 'leading'
          ? t(lang, `${n} becomes the prospective leader and starts discovery: it gathers FOLLOWERINFO from a quorum.`,
            `${n} 成为候选领导者并开始发现阶段：它向法定人数收集 FOLLOWERINFO。`)
          : t(lang, `${n} follows ${S(d.leader as number)} and sends it FOLLOWERINFO with its acceptedEpoch.`,
            `${n} 跟随 ${S(d.leader as number)}，并发送带有其 acceptedEpoch 的 FOLLOWERINFO。`);
      case 'new-epoch':
        return d.reused
          ? t(lang, `${n} reuses epoch ${d.epoch}, the highest it heard of, instead of a new one (teaching bug).`,
            `${n} 沿用听到的最高纪元 ${d.epoch}，而不是取一个新纪元（教学用缺陷）。`)
          : t(lang, `${n} takes epoch ${d.epoch}, above every acceptedEpoch a quorum reported (highest ${d.highest}), and announces it with LEADERINFO.`,
            `${n} 取纪元 ${d.epoch}，高于法定人数报告的所有 acceptedEpoch（最高 ${d.highest}），并用 LEADERINFO 宣布。`);
      case 'epoch-refused':
        return t(lang, `${n} refuses epoch ${d.epoch} from ${S(d.leader as number)}: it already accepted epoch ${d.acceptedEpoch}, so it looks for a leader again.`,
          `${n} 拒绝 ${S(d.leader as number)} 的纪元 ${d.epoch}：它已接受纪元 ${d.acceptedEpoch}，于是重新寻找领导者。`);
      case 'ack-epoch':
        return d.fresh
          ? t(lang, `${n} accepts epoch ${d.epoch} (stored as acceptedEpoch) and sends ACKEPOCH with its history up to ${pair(d.zxid)}.`,
            `${n} 接受纪元 ${d.epoch}（记为 acceptedEpoch），并发送历史到 ${pair(d.zxid)} 的 ACKEPOCH。`)
          : t(lang, `${n} had already accepted epoch ${d.epoch}: its ACKEPOCH lets it sync but does not count toward the epoch's quorum.`,
            `${n} 早已接受纪元 ${d.epoch}：它的 ACKEPOCH 让它可以同步，但不计入该纪元的法定人数。`);
      case 'adopt-history':
        return t(lang, `${n} takes ${S(d.from as number)}'s history (up to ${pair(d.zxid)}), the most recent in the quorum, as the new epoch's initial history.`,
          `${n} 采用 ${S(d.from as number)} 的历史（到 ${pair(d.zxid)}），这是法定人数中最新的，作为新纪元的初始历史。`);
      case 'new-leader':
        return t(lang, `${n} ends discovery: epoch ${d.epoch} begins with ${d.size} transactions (up to ${pair(d.zxid)}); it sends NEWLEADER to synchronize its followers.`,
          `${n} 结束发现阶段：纪元 ${d.epoch} 以 ${d.size} 个事务（到 ${pair(d.zxid)}）开始；它发送 NEWLEADER 同步跟随者。`);
      case 'synced':
        return t(lang, `${n} accepts NEWLEADER of epoch ${d.epoch}: its history is now the leader's ${d.size} transactions, and it ACKs.`,
          `${n} 接受纪元 ${d.epoch} 的 NEWLEADER：它的历史变为领导者的 ${d.size} 个事务，并回复 ACK。`);
      case 'established':
        return t(lang, `${n} is established as leader of epoch ${d.epoch}: a quorum (${n} and ${nodes(d.followers, lang)}) acknowledged NEWLEADER, so it commits the initial history.`,
          `${n} 成为纪元 ${d.epoch} 的已确立领导者：法定人数（${n} 与 ${nodes(d.followers, lang)}）已确认 NEWLEADER，于是它提交初始历史。`);
      case 'phase':
        return d.early
          ? t(lang, `${n} starts broadcasting in epoch ${d.epoch} before a quorum has synchronized (teaching bug).`,
            `${n} 在法定人数完成同步之前就开始在纪元 ${d.epoch} 广播（教学用缺陷）。`)
          : t(lang, `${n} enters the broadcast phase of epoch ${d.epoch}.`, `${n} 进入纪元 ${d.epoch} 的广播阶段。`);
      case 'propose':
        return t(lang, `Leader ${n} proposes "${d.command}" as zxid (${d.epoch}, ${d.counter}) and sends the PROPOSAL to its followers.`,
          `领导者 ${n} 以 zxid (${d.epoch}, ${d.counter}) 提议 "${d.command}"，并向跟随者发送 PROPOSAL。`);
      case 'accept':
        return t(lang, `${n} appends the proposal${(d.count as number) > 1 ? `s up to` : ''} ${pair(d.zxid)} from ${S(d.leader as number)} to its history and ACKs.`,
          `${n} 把来自 ${S(d.leader as number)} 的提议（到 ${pair(d.zxid)}）加入历史并回复 ACK。`);
      case 'deliver':
        return t(lang, `${n} delivers ${d.count} transaction${d.count === 1 ? '' : 's'} ${pair(d.from)}–${pair(d.to)} in zxid order.`,
          `${n} 按 zxid 顺序交付 ${d.count} 个事务 ${pair(d.from)}–${pair(d.to)}。`);
      case 'request-waits':
        return t(lang, `Leader ${n} is still in ${d.phase}, so "${d.command}" waits until its followers are in sync.`,
          `领导者 ${n} 仍处于${d.phase === 'discovery' ? '发现' : '同步'}阶段，"${d.command}" 需等待跟随者同步完成。`);
      case 'request-rejected':
        return d.leader ? t(lang, `${n} is not the leader and rejects "${d.command}"; the leader it follows is ${S(d.leader as number)}.`,
          `${n} 不是领导者，拒绝 "${d.command}"；它跟随的领导者是 ${S(d.leader as number)}。`)
          : t(lang, `${n} is not the leader and follows none, so it rejects "${d.command}".`, `${n} 不是领导者，也没有跟随任何领导者，因此拒绝 "${d.command}"。`);
      case 'leader-lost':
        return d.role === 'leading'
          ? t(lang, `${n} could not finish discovery and synchronization in time, so it looks for a leader again.`,
            `${n} 未能按时完成发现与同步，于是重新寻找领导者。`)
          : t(lang, `${n} heard nothing from its leader ${S(d.leader as number)} in time, so it looks for a new one.`,
            `${n} 在规定时间内没有收到领导者 ${S(d.leader as number)} 的消息，于是寻找新的领导者。`);
      case 'epoch-behind':
        return t(lang, `${S(d.follower as number)} already accepted epoch ${d.acceptedEpoch}, later than ${n}'s epoch ${d.epoch}, so it can never join: ${n} gives its epoch up and looks for a leader.`,
          `${S(d.follower as number)} 已接受纪元 ${d.acceptedEpoch}，晚于 ${n} 的纪元 ${d.epoch}，永远无法加入：${n} 放弃该纪元并重新寻找领导者。`);
      case 'quorum-lost':
        return t(lang, `Leader ${n} no longer hears from a quorum (only ${d.alive}), so it gives up epoch ${d.epoch} and looks for a leader.`,
          `领导者 ${n} 不再能联系到法定人数（只有 ${d.alive} 个），于是放弃纪元 ${d.epoch} 并重新寻找领导者。`);
      case 'timeout-ignored':
        return t(lang, `${n} is the established leader, so it has no election timer to fire.`, `${n} 是已确立的领导者，没有选举定时器可触发。`);
    }
    return null;
  },
};

registerExplainer('zab', zabExplainer);
