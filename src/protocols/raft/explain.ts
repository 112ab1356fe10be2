/** Raft's plain-language reasons, in the vocabulary of the paper. */
import { registerExplainer, S, t, type Lang, type ProtocolExplainer } from '../explain';
import type { Message } from '../../sim/types';
import type {
  AppendEntries, AppendEntriesReply, InstallSnapshot, InstallSnapshotReply, PreVote, PreVoteReply, RequestVote, RequestVoteReply, TimeoutNow,
} from './types';

const roleName = (role: unknown, lang: Lang): string =>
  role === 'leader' ? t(lang, 'leader', '领导者') : role === 'candidate' ? t(lang, 'candidate', '候选者') : t(lang, 'follower', '跟随者');

export const raftExplainer: ProtocolExplainer = {
  message(msg: Message, lang: Lang): string {
    switch (msg.type) {
      case 'RequestVote': {
        const m = msg.payload as RequestVote;
        return t(lang, `RequestVote(term ${m.term}, last log ${m.lastLogIndex}@${m.lastLogTerm})`,
          `RequestVote（任期 ${m.term}，最后日志 ${m.lastLogIndex}@${m.lastLogTerm}）`);
      }
      case 'RequestVoteReply': {
        const m = msg.payload as RequestVoteReply;
        return m.voteGranted ? t(lang, `a vote (term ${m.term})`, `一张选票（任期 ${m.term}）`)
          : t(lang, `a refused vote (term ${m.term})`, `拒绝投票（任期 ${m.term}）`);
      }
      case 'AppendEntries': {
        const m = msg.payload as AppendEntries;
        if (m.entries.length === 0) return t(lang, `a heartbeat (term ${m.term}, commit ${m.leaderCommit})`, `心跳（任期 ${m.term}，提交 ${m.leaderCommit}）`);
        return t(lang, `AppendEntries(term ${m.term}, ${m.entries.length} entries after ${m.prevLogIndex}@${m.prevLogTerm}, commit ${m.leaderCommit})`,
          `AppendEntries（任期 ${m.term}，在 ${m.prevLogIndex}@${m.prevLogTerm} 之后追加 ${m.entries.length} 条，提交 ${m.leaderCommit}）`);
      }
      case 'PreVote': {
        const m = msg.payload as PreVote;
        return t(lang, `PreVote(could you vote for me in term ${m.term}? last log ${m.lastLogIndex}@${m.lastLogTerm})`,
          `PreVote（任期 ${m.term} 你能投我吗？最后日志 ${m.lastLogIndex}@${m.lastLogTerm}）`);
      }
      case 'PreVoteReply': {
        const m = msg.payload as PreVoteReply;
        return m.voteGranted ? t(lang, `a pre-vote (term ${m.term})`, `一张预投票（任期 ${m.term}）`)
          : t(lang, `a refused pre-vote (term ${m.term})`, `拒绝预投票（任期 ${m.term}）`);
      }
      case 'TimeoutNow': {
        const m = msg.payload as TimeoutNow;
        return t(lang, `TimeoutNow(term ${m.term}: start an election now)`, `TimeoutNow（任期 ${m.term}：立即发起选举）`);
      }
      case 'AppendEntriesReply': {
        const m = msg.payload as AppendEntriesReply;
        return m.success ? t(lang, `an AppendEntries success (match ${m.matchIndex})`, `AppendEntries 成功（匹配到 ${m.matchIndex}）`)
          : t(lang, `an AppendEntries failure (term ${m.term}, retry from ${m.conflictIndex})`, `AppendEntries 失败（任期 ${m.term}，从 ${m.conflictIndex} 重试）`);
      }
      case 'InstallSnapshot': {
        const m = msg.payload as InstallSnapshot;
        return t(lang, `InstallSnapshot(term ${m.term}, state up to ${m.snapshot.index}@${m.snapshot.term})`,
          `InstallSnapshot（任期 ${m.term}，截至 ${m.snapshot.index}@${m.snapshot.term} 的状态）`);
      }
      case 'InstallSnapshotReply': {
        const m = msg.payload as InstallSnapshotReply;
        return m.matchIndex > 0 ? t(lang, `a snapshot installed (match ${m.matchIndex})`, `快照已安装（匹配到 ${m.matchIndex}）`)
          : t(lang, `a refused snapshot (term ${m.term})`, `拒绝快照（任期 ${m.term}）`);
      }
      default: return msg.type;
    }
  },

  timer(node: number, name: string, lang: Lang): string {
    if (name === 'heartbeat') return t(lang, `${S(node)} sends heartbeats so followers know it still leads.`, `${S(node)} 发送心跳，让跟随者知道它仍是领导者。`);
    return t(lang, `${S(node)}'s election timeout fires: it heard from no leader in time, so it starts an election.`,
      `${S(node)} 的选举超时触发：它在规定时间内没有收到领导者的消息，于是发起选举。`);
  },

  note(node: number, kind: string, d, lang: Lang): string | null {
    switch (kind) {
      case 'role':
        if (d.role === 'candidate') return t(lang, `${S(node)} becomes a candidate for term ${d.term}, votes for itself and asks the others for votes.`,
          `${S(node)} 成为任期 ${d.term} 的候选者，给自己投票并向其他节点请求选票。`);
        if (d.role === 'leader') return t(lang, `${S(node)} wins the election of term ${d.term} with a majority (${(d.votes as number[] ?? []).map((n) => S(n)).join(', ')}) and becomes leader.`,
          `${S(node)} 以多数票（${(d.votes as number[] ?? []).map((n) => S(n)).join('、')}）赢得任期 ${d.term} 的选举，成为领导者。`);
        return t(lang, `${S(node)} becomes a ${roleName(d.role, lang)} in term ${d.term}.`, `${S(node)} 在任期 ${d.term} 成为${roleName(d.role, lang)}。`);
      case 'term':
        return t(lang, `${S(node)} sees the higher term ${d.term}, adopts it and forgets its vote.`, `${S(node)} 看到更高的任期 ${d.term}，采用它并清除投票记录。`);
      case 'vote': {
        const c = S(d.candidate as number);
        switch (d.reason) {
          case 'granted': return d.upToDate
            ? t(lang, `${S(node)} votes for ${c} in term ${d.term}: ${c}'s log is at least as up to date as its own.`,
              `${S(node)} 在任期 ${d.term} 投票给 ${c}：${c} 的日志至少和自己的一样新。`)
            : t(lang, `${S(node)} votes for ${c} in term ${d.term} without checking its log (teaching bug).`,
              `${S(node)} 在任期 ${d.term} 未检查日志就投票给 ${c}（教学用缺陷）。`);
          case 'stale-term': return t(lang, `${S(node)} refuses ${c}: its term is older than ${d.term}.`, `${S(node)} 拒绝 ${c}：对方的任期比 ${d.term} 旧。`);
          case 'already-voted': return t(lang, `${S(node)} refuses ${c}: it already voted for ${S(d.votedFor as number)} in term ${d.term}.`,
            `${S(node)} 拒绝 ${c}：它在任期 ${d.term} 已经投票给 ${S(d.votedFor as number)}。`);
          case 'log-behind': return t(lang, `${S(node)} refuses ${c}: ${c}'s log is less up to date than its own.`, `${S(node)} 拒绝 ${c}：${c} 的日志没有自己的新。`);
          case 'leader-alive': return t(lang, `${S(node)} ignores ${c}'s request for term ${d.term}: it heard from a leader less than an election timeout ago, so it keeps its term and vote.`,
            `${S(node)} 忽略 ${c} 在任期 ${d.term} 的投票请求：它在一个选举超时之内刚收到过领导者的消息，因此保持任期和投票不变。`);
        }
        return null;
      }
      case 'pre-vote':
        return t(lang, `${S(node)}'s election timer fired: before moving to term ${d.term} it asks the others whether they could vote for it (PreVote). Its term stays ${(d.term as number) - 1}.`,
          `${S(node)} 的选举定时器触发：在进入任期 ${d.term} 之前，它先询问其他节点能否投票给它（预投票），自己的任期仍是 ${(d.term as number) - 1}。`);
      case 'pre-vote-answer': {
        const c = S(d.candidate as number);
        switch (d.reason) {
          case 'granted': return t(lang, `${S(node)} would vote for ${c} in term ${d.term}: it has heard from no leader lately and ${c}'s log is up to date. Nothing changes yet.`,
            `${S(node)} 愿意在任期 ${d.term} 投票给 ${c}：它最近没有收到领导者的消息，且 ${c} 的日志足够新。此时什么都不改变。`);
          case 'stale-term': return t(lang, `${S(node)} refuses ${c}'s pre-vote: term ${d.term} is not above its own.`, `${S(node)} 拒绝 ${c} 的预投票：任期 ${d.term} 不高于自己的任期。`);
          case 'leader-alive': return t(lang, `${S(node)} refuses ${c}'s pre-vote: it heard from a leader less than an election timeout ago.`,
            `${S(node)} 拒绝 ${c} 的预投票：它在一个选举超时之内刚收到过领导者的消息。`);
          case 'log-behind': return t(lang, `${S(node)} refuses ${c}'s pre-vote: ${c}'s log is less up to date than its own.`, `${S(node)} 拒绝 ${c} 的预投票：${c} 的日志没有自己的新。`);
        }
        return null;
      }
      case 'quorum-lost':
        return t(lang, `Leader ${S(node)} has not heard from a majority for an election timeout, so it steps down (CheckQuorum).`,
          `领导者 ${S(node)} 在一个选举超时内没有收到多数节点的回应，因此退位（CheckQuorum）。`);
      case 'read-wait':
        return d.lease ? t(lang, `Leader ${S(node)} takes "get ${d.key}" from client ${d.client}: its lease is valid, so it reads at commit index ${d.index} without asking anyone.`,
          `领导者 ${S(node)} 收到客户端 ${d.client} 的 "get ${d.key}"：租约有效，因此直接在提交索引 ${d.index} 处读取，无需询问其他节点。`)
          : t(lang, `Leader ${S(node)} takes "get ${d.key}" from client ${d.client}: it notes commit index ${d.index} and sends a round of heartbeats to confirm it still leads (ReadIndex).`,
            `领导者 ${S(node)} 收到客户端 ${d.client} 的 "get ${d.key}"：记下提交索引 ${d.index}，并发送一轮心跳确认自己仍是领导者（ReadIndex）。`);
      case 'read': {
        const out = d.output === null ? t(lang, 'nothing', '空') : `"${d.output}"`;
        switch (d.how) {
          case 'unconfirmed': return t(lang, `${S(node)} answers "get ${d.key}" with ${out} at once, without checking that it still leads (teaching bug: stale read).`,
            `${S(node)} 立即以 ${out} 回答 "get ${d.key}"，没有确认自己仍是领导者（教学用缺陷：陈旧读）。`);
          case 'lease': return t(lang, `${S(node)} answers "get ${d.key}" with ${out} under its lease, applied to index ${d.index}; the read never enters the log.`,
            `${S(node)} 在租约内以 ${out} 回答 "get ${d.key}"（已应用到索引 ${d.index}），该读取不进入日志。`);
          default: return t(lang, `A majority confirmed ${S(node)} still leads and it has applied index ${d.index}: it answers "get ${d.key}" with ${out}; the read never enters the log.`,
            `多数节点确认 ${S(node)} 仍是领导者，且它已应用到索引 ${d.index}：它以 ${out} 回答 "get ${d.key}"，该读取不进入日志。`);
        }
      }
      case 'transfer':
        return t(lang, `Leader ${S(node)} starts handing leadership to ${S(d.to as number)} in term ${d.term}: it takes no new requests and ${(d.match as number) >= (d.last as number) ? `sends TimeoutNow, since ${S(d.to as number)}'s log is up to date` : `first brings ${S(d.to as number)}'s log up to date`}.`,
          `领导者 ${S(node)} 在任期 ${d.term} 开始把领导权交给 ${S(d.to as number)}：不再接受新请求，并${(d.match as number) >= (d.last as number) ? `发送 TimeoutNow，因为 ${S(d.to as number)} 的日志已是最新` : `先让 ${S(d.to as number)} 的日志追上`}。`);
      case 'transfer-ignored':
        return t(lang, `Leader ${S(node)} cannot hand leadership to ${S(d.to as number)}: ${d.why === 'self' ? 'it already leads' : 'no such node'}.`,
          `领导者 ${S(node)} 无法把领导权交给 ${S(d.to as number)}：${d.why === 'self' ? '它自己就是领导者' : '没有这个节点'}。`);
      case 'transfer-abandoned':
        return t(lang, `${S(d.to as number)} did not take over within an election timeout: leader ${S(node)} gives up the transfer and takes requests again.`,
          `${S(d.to as number)} 没有在一个选举超时内接任：领导者 ${S(node)} 放弃移交，重新接受请求。`);
      case 'timeout-now':
        return d.accepted ? t(lang, `${S(node)} gets TimeoutNow from leader ${S(d.leader as number)}: it starts an election at once, without waiting for its timer or asking for pre-votes.`,
          `${S(node)} 收到领导者 ${S(d.leader as number)} 的 TimeoutNow：它立即发起选举，不等定时器，也不做预投票。`)
          : t(lang, `${S(node)} ignores a TimeoutNow of term ${d.term}: it is out of date.`, `${S(node)} 忽略任期 ${d.term} 的 TimeoutNow：它已过时。`);
      case 'append-rejected':
        switch (d.reason) {
          case 'stale-term': return t(lang, `${S(node)} rejects AppendEntries from ${S(d.leader as number)}: term ${d.term} is stale.`,
            `${S(node)} 拒绝来自 ${S(d.leader as number)} 的 AppendEntries：任期 ${d.term} 已过时。`);
          case 'missing': return t(lang, `${S(node)} rejects AppendEntries: it has no entry at index ${d.prevLogIndex} yet, so the leader must back up.`,
            `${S(node)} 拒绝 AppendEntries：它还没有索引 ${d.prevLogIndex} 的条目，领导者需要回退。`);
          case 'term-mismatch': return t(lang, `${S(node)} rejects AppendEntries: its entry ${d.prevLogIndex} has term ${d.localTerm}, not the leader's, so the leader skips back past that term.`,
            `${S(node)} 拒绝 AppendEntries：它在索引 ${d.prevLogIndex} 的条目任期为 ${d.localTerm}，与领导者不同，领导者将跳过整个任期回退。`);
        }
        return null;
      case 'truncate':
        return t(lang, `${S(node)} deletes ${d.removed} conflicting entries from index ${d.from} on, to match the leader.`,
          `${S(node)} 从索引 ${d.from} 开始删除 ${d.removed} 条冲突条目，以与领导者保持一致。`);
      case 'commit':
        return t(lang, `${S(node)} commits entries ${d.from}–${d.to}: a majority (${d.replicas}) stores index ${d.to}${d.term !== undefined ? ` of term ${d.term}` : ''}.`,
          `${S(node)} 提交条目 ${d.from}–${d.to}：多数节点（${d.replicas} 个）已存储任期 ${d.term} 的索引 ${d.to}。`);
      case 'append':
        return t(lang, `Leader ${S(node)} appends "${d.command}" at index ${d.index} in term ${d.term} and replicates it.`,
          `领导者 ${S(node)} 在任期 ${d.term} 把 "${d.command}" 追加到索引 ${d.index} 并开始复制。`);
      case 'request-rejected':
        if (d.transferring) return t(lang, `${S(node)} is handing leadership to ${S(d.leader as number)}, so it rejects "${d.command}" and points the client there.`,
          `${S(node)} 正在把领导权交给 ${S(d.leader as number)}，因此拒绝 "${d.command}"，并让客户端去找它。`);
        return d.leader ? t(lang, `${S(node)} is not the leader and rejects "${d.command}"; the leader it knows is ${S(d.leader as number)}.`,
          `${S(node)} 不是领导者，拒绝 "${d.command}"；它所知的领导者是 ${S(d.leader as number)}。`)
          : t(lang, `${S(node)} is not the leader and knows of none, so it rejects "${d.command}".`, `${S(node)} 不是领导者，也不知道谁是，因此拒绝 "${d.command}"。`);
      case 'timeout-ignored':
        if (d.idle) return t(lang, `${S(node)} is not a voting member of its configuration, so it stays idle and starts no election.`,
          `${S(node)} 不是其配置中的投票成员，因此保持空闲，不发起选举。`);
        return t(lang, `${S(node)} is the leader, so it has no election timer to fire.`, `${S(node)} 是领导者，没有选举定时器可触发。`);
      case 'vote-ignored':
        return t(lang, `${S(node)} ignores ${S(d.candidate as number)}'s vote request (term ${d.term}): ${S(d.candidate as number)} is not a member of its configuration, so it cannot disrupt the cluster.`,
          `${S(node)} 忽略 ${S(d.candidate as number)} 的投票请求（任期 ${d.term}）：${S(d.candidate as number)} 不在它的配置中，不能扰乱集群。`);
      case 'reconfigure-refused': {
        const set = `{${(d.members as number[]).map((n) => S(n)).join(', ')}}`;
        switch (d.reason) {
          case 'in-progress': return t(lang, `${S(node)} refuses to change the members to ${set}: a configuration change is still under way (one at a time).`,
            `${S(node)} 拒绝把成员改为 ${set}：上一次配置变更尚未完成（一次只能进行一个）。`);
          case 'not-committed': return t(lang, `${S(node)} refuses to change the members to ${set}: it has not yet committed an entry of its own term.`,
            `${S(node)} 拒绝把成员改为 ${set}：它还没有提交过自己任期内的条目。`);
          default: return t(lang, `${S(node)} ignores the change to ${set}: those are already the members.`, `${S(node)} 忽略改为 ${set} 的请求：成员本来就是这些。`);
        }
      }
      case 'leave':
        return t(lang, `${S(node)} is not in the committed configuration (entry ${d.index}): having told the followers, it steps down and stays idle.`,
          `${S(node)} 不在已提交的配置（第 ${d.index} 条）中：通知跟随者之后，它退位并保持空闲。`);
      case 'snapshot':
        return t(lang, `${S(node)} snapshots its state machine up to index ${d.index} (term ${d.term}) and drops those log entries.`,
          `${S(node)} 为截至索引 ${d.index}（任期 ${d.term}）的状态机做快照，并删除这些日志条目。`);
      case 'snapshot-installed':
        return t(lang, `${S(node)} installs ${S(d.leader as number)}'s snapshot up to index ${d.index} (term ${d.term}) in place of the entries it lacked.`,
          `${S(node)} 安装 ${S(d.leader as number)} 截至索引 ${d.index}（任期 ${d.term}）的快照，代替它缺少的条目。`);
      case 'snapshot-rejected':
        return t(lang, `${S(node)} rejects InstallSnapshot from ${S(d.leader as number)}: term ${d.term} is stale.`,
          `${S(node)} 拒绝来自 ${S(d.leader as number)} 的 InstallSnapshot：任期 ${d.term} 已过时。`);
    }
    return null;
  },
};

registerExplainer('raft', raftExplainer);
