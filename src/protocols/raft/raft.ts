/**
 * Raft as a pure state machine in the manner of etcd's raft: handlers take the node's state, an
 * input and a context, mutate the state, and emit sends, timers and notes through the context.
 * No I/O, no clock: time is what the engine says it is.
 */
import { appliedOutput, applyAndAnswer, cloneKvStore } from '../kv-store';
import { majority } from '../quorum';
import type { ClientOp, Message, NodeContext, NodeId } from '../../sim/types';
import type {
  AppendEntries, AppendEntriesReply, Entry, PreVote, PreVoteReply, RaftConfig, RaftNode, RequestVote, RequestVoteReply, TimeoutNow,
} from './types';
import { heardFromLeader, lostQuorum, stamped } from './leadership';
import { answerPreVote, countPreVote, startPreVote } from './prevote';
import { readOutsideLog, serveReads, takeRead } from './reads';
import { acceptTimeoutNow, beginTransfer, sendTimeoutNow, transferTick } from './transfer';

export function createNode(id: NodeId): RaftNode {
  return volatileNode(id, { currentTerm: 0, votedFor: null, log: [] });
}

function volatileNode(id: NodeId, durable: RaftNode['durable']): RaftNode {
  return {
    id, durable, role: 'follower', leaderId: null, commitIndex: 0, lastApplied: 0,
    votesGranted: [], nextIndex: [], matchIndex: [], kv: {}, sessions: {}, logDirtyFrom: Infinity,
    preVotes: null, leaderContactAt: null, leaderSince: 0, ackedAt: [], reads: [], transferee: null, transferUntil: 0, leaseForfeit: false,
  };
}

/** After a crash only the durable state remains (or less, with a teaching bug on). */
export function crashNode(s: RaftNode, forgetVote: boolean): RaftNode {
  const durable = { ...s.durable, votedFor: forgetVote ? null : s.durable.votedFor };
  return volatileNode(s.id, durable);
}

export function cloneNode(s: RaftNode): RaftNode {
  return {
    ...s,
    durable: { ...s.durable, log: s.durable.log.slice(0, s.frozenLogLength ?? s.durable.log.length) },
    frozenLogLength: undefined,
    votesGranted: s.votesGranted.slice(),
    nextIndex: s.nextIndex.slice(),
    matchIndex: s.matchIndex.slice(),
    ackedAt: s.ackedAt.slice(),
    ...cloneKvStore(s),
  };
}

/** A checkpoint copy sharing the log array: O(1) in the log's length. */
export function freezeNode(s: RaftNode): RaftNode {
  return {
    ...s,
    durable: { ...s.durable },
    frozenLogLength: s.frozenLogLength ?? s.durable.log.length,
    votesGranted: s.votesGranted.slice(),
    nextIndex: s.nextIndex.slice(),
    matchIndex: s.matchIndex.slice(),
    ackedAt: s.ackedAt.slice(),
    ...cloneKvStore(s),
  };
}

export const lastIndex = (s: RaftNode): number => s.durable.log.length;
export const termAt = (s: RaftNode, index: number): number => (index <= 0 ? 0 : s.durable.log[index - 1]?.term ?? 0);

export class Raft {
  constructor(private config: RaftConfig) {}

  start(s: RaftNode, ctx: NodeContext): void {
    // with leases, a node that (re)starts may have acknowledged a leader's heartbeat just before
    // it went down: it keeps away from elections as if it had just heard from that leader
    if (this.config.readMode === 'lease') s.leaderContactAt = ctx.now();
    this.resetElectionTimer(ctx);
  }

  // ------------------------------------------------------------ timers

  onTimer(s: RaftNode, name: string, ctx: NodeContext): void {
    if (name === 'election') this.campaign(s, ctx);
    else if (name === 'heartbeat' && s.role === 'leader') {
      if (this.config.checkQuorum && lostQuorum(s, ctx.nodeIds, this.config, ctx.now())) {
        ctx.note('quorum-lost', { term: s.durable.currentTerm });
        s.leaderId = null;
        this.becomeFollower(s, s.durable.currentTerm, null, ctx);
        return;
      }
      this.broadcastAppend(s, ctx);
      transferTick(s, ctx, lastIndex(s));
      ctx.setTimer('heartbeat', this.config.heartbeatInterval);
    }
  }

  onTimeoutNow(s: RaftNode, ctx: NodeContext): void {
    if (s.role === 'leader') {
      ctx.note('timeout-ignored', { term: s.durable.currentTerm });
      return;
    }
    this.campaign(s, ctx);
  }

  /** The scenario's `transfer` event reaches the leader (§3.10). */
  onTransfer(s: RaftNode, to: NodeId, ctx: NodeContext): void {
    if (s.role !== 'leader') return;
    if (beginTransfer(s, to, ctx, this.config, lastIndex(s))) sendTimeoutNow(s, ctx);
    else if (s.transferee !== null) this.sendAppend(s, to, ctx);
  }

  private resetElectionTimer(ctx: NodeContext): void {
    const { min, max } = this.config.electionTimeout;
    // microsecond resolution keeps two nodes' timers from firing at the same instant
    ctx.setTimer('election', ctx.rng.int(Math.round(min * 1000), Math.round(max * 1000)) / 1000);
  }

  // ------------------------------------------------------------ roles

  /** The election timer fired: ask for pre-votes first if PreVote is on (§9.6), else stand at once. */
  private campaign(s: RaftNode, ctx: NodeContext): void {
    if (this.config.preVote) {
      s.leaderId = null; // it heard from no leader for a whole timeout: it names none to clients
      this.resetElectionTimer(ctx);
      if (!startPreVote(s, ctx, this.logPosition(s))) return;
    }
    this.startElection(s, ctx);
  }

  private logPosition(s: RaftNode): { lastIndex: number; lastTerm: number } {
    return { lastIndex: lastIndex(s), lastTerm: termAt(s, lastIndex(s)) };
  }

  private startElection(s: RaftNode, ctx: NodeContext, transfer = false): void {
    const d = s.durable;
    s.preVotes = null;
    d.currentTerm++;
    d.votedFor = s.id;
    s.role = 'candidate';
    s.leaderId = null;
    s.votesGranted = [s.id];
    ctx.note('role', { role: 'candidate', term: d.currentTerm });
    this.resetElectionTimer(ctx);
    if (s.votesGranted.length >= majority(ctx.nodeIds.length)) {
      this.becomeLeader(s, ctx);
      return;
    }
    const req: RequestVote = {
      term: d.currentTerm, candidateId: s.id, lastLogIndex: lastIndex(s), lastLogTerm: termAt(s, lastIndex(s)),
    };
    if (transfer) req.transfer = true;
    for (const peer of ctx.nodeIds) if (peer !== s.id) ctx.send(peer, 'RequestVote', req);
  }

  private becomeFollower(s: RaftNode, term: number, leaderId: NodeId | null, ctx: NodeContext): void {
    const d = s.durable;
    if (term > d.currentTerm) {
      d.currentTerm = term;
      d.votedFor = null;
      ctx.note('term', { term });
    }
    s.preVotes = null;
    if (s.role !== 'follower') {
      s.role = 'follower';
      s.reads = [];
      s.transferee = null;
      ctx.cancelTimer('heartbeat');
      ctx.note('role', { role: 'follower', term: d.currentTerm });
      this.resetElectionTimer(ctx);
    }
    if (leaderId !== null) s.leaderId = leaderId;
  }

  private becomeLeader(s: RaftNode, ctx: NodeContext): void {
    s.role = 'leader';
    s.leaderId = s.id;
    const next = lastIndex(s) + 1;
    for (const peer of ctx.nodeIds) {
      s.nextIndex[peer] = next;
      s.matchIndex[peer] = 0;
    }
    s.preVotes = null;
    s.leaderSince = ctx.now();
    s.ackedAt = [];
    s.reads = [];
    s.transferee = null;
    s.leaseForfeit = false;
    // §6.4: to serve reads outside the log a leader must have committed an entry of its own term
    if (this.config.readMode !== 'log') {
      s.durable.log.push({ term: s.durable.currentTerm, command: 'no-op', op: null });
      if (lastIndex(s) < s.logDirtyFrom) s.logDirtyFrom = lastIndex(s);
    }
    s.matchIndex[s.id] = lastIndex(s);
    ctx.cancelTimer('election');
    ctx.note('role', { role: 'leader', term: s.durable.currentTerm, votes: s.votesGranted.slice() });
    if (this.config.readMode !== 'log' && ctx.nodeIds.length === 1) this.advanceCommit(s, ctx); // its no-op
    this.broadcastAppend(s, ctx);
    ctx.setTimer('heartbeat', this.config.heartbeatInterval);
  }

  // ------------------------------------------------------------ messages

  onMessage(s: RaftNode, msg: Message, ctx: NodeContext): void {
    switch (msg.type) {
      case 'RequestVote': return this.onRequestVote(s, msg.from, msg.payload as RequestVote, ctx);
      case 'RequestVoteReply': return this.onRequestVoteReply(s, msg.from, msg.payload as RequestVoteReply, ctx);
      case 'AppendEntries': return this.onAppendEntries(s, msg.from, msg.payload as AppendEntries, ctx);
      case 'AppendEntriesReply': return this.onAppendEntriesReply(s, msg.from, msg.payload as AppendEntriesReply, ctx);
      case 'PreVote': return answerPreVote(s, msg.from, msg.payload as PreVote, ctx, this.config, this.logPosition(s));
      case 'PreVoteReply': return this.onPreVoteReply(s, msg.from, msg.payload as PreVoteReply, ctx);
      case 'TimeoutNow':
        if (acceptTimeoutNow(s, msg.payload as TimeoutNow, ctx)) this.startElection(s, ctx, true);
    }
  }

  private onPreVoteReply(s: RaftNode, from: NodeId, m: PreVoteReply, ctx: NodeContext): void {
    if (!m.voteGranted && m.term > s.durable.currentTerm) {
      this.becomeFollower(s, m.term, null, ctx);
      return;
    }
    if (countPreVote(s, from, m, ctx)) this.startElection(s, ctx);
  }

  private onRequestVote(s: RaftNode, from: NodeId, m: RequestVote, ctx: NodeContext): void {
    const d = s.durable;
    // with leases, a voter that heard from a leader lately must not help depose it (§4.2.3, §6.4.1)
    if (this.config.readMode === 'lease' && !m.transfer && m.term > d.currentTerm && heardFromLeader(s, this.config, ctx.now())) {
      ctx.note('vote', { candidate: m.candidateId, term: m.term, granted: false, reason: 'leader-alive', votedFor: d.votedFor, upToDate: false });
      return;
    }
    if (m.term > d.currentTerm) this.becomeFollower(s, m.term, null, ctx);
    const myLastTerm = termAt(s, lastIndex(s));
    // §5.4.1: the candidate's log must be at least as up-to-date as the voter's
    const upToDate = m.lastLogTerm > myLastTerm || (m.lastLogTerm === myLastTerm && m.lastLogIndex >= lastIndex(s));
    let reason: string;
    if (m.term < d.currentTerm) reason = 'stale-term';
    else if (d.votedFor !== null && d.votedFor !== m.candidateId) reason = 'already-voted';
    else if (!upToDate && !ctx.bug('vote-without-log-check')) reason = 'log-behind';
    else reason = 'granted';
    const granted = reason === 'granted';
    if (granted) {
      d.votedFor = m.candidateId;
      this.resetElectionTimer(ctx);
    }
    ctx.note('vote', {
      candidate: m.candidateId, term: d.currentTerm, granted, reason,
      votedFor: d.votedFor, upToDate,
    });
    const reply: RequestVoteReply = { term: d.currentTerm, voteGranted: granted };
    ctx.send(from, 'RequestVoteReply', reply);
  }

  private onRequestVoteReply(s: RaftNode, from: NodeId, m: RequestVoteReply, ctx: NodeContext): void {
    if (m.term > s.durable.currentTerm) {
      this.becomeFollower(s, m.term, null, ctx);
      return;
    }
    if (s.role !== 'candidate' || m.term !== s.durable.currentTerm || !m.voteGranted) return;
    if (!s.votesGranted.includes(from)) s.votesGranted.push(from);
    if (s.votesGranted.length >= majority(ctx.nodeIds.length)) this.becomeLeader(s, ctx);
  }

  private sendAppend(s: RaftNode, peer: NodeId, ctx: NodeContext): void {
    const prevLogIndex = s.nextIndex[peer] - 1;
    const log = s.durable.log;
    const entries = log.slice(prevLogIndex, prevLogIndex + this.config.maxEntriesPerAppend);
    const m: AppendEntries = {
      term: s.durable.currentTerm, leaderId: s.id, prevLogIndex, prevLogTerm: termAt(s, prevLogIndex),
      entries, leaderCommit: s.commitIndex,
    };
    if (stamped(this.config)) m.stamp = ctx.now();
    ctx.send(peer, 'AppendEntries', m);
  }

  private broadcastAppend(s: RaftNode, ctx: NodeContext): void {
    for (const peer of ctx.nodeIds) if (peer !== s.id) this.sendAppend(s, peer, ctx);
  }

  private onAppendEntries(s: RaftNode, from: NodeId, m: AppendEntries, ctx: NodeContext): void {
    const d = s.durable;
    if (m.term < d.currentTerm) {
      ctx.note('append-rejected', { leader: m.leaderId, term: m.term, reason: 'stale-term' });
      this.refuseAppend(s, from, 0, 0, m.stamp, ctx);
      return;
    }
    this.becomeFollower(s, m.term, m.leaderId, ctx);
    s.leaderContactAt = ctx.now();
    this.resetElectionTimer(ctx);

    // consistency check (§5.3), answering with what lets the leader skip a whole term at once
    if (m.prevLogIndex > lastIndex(s)) {
      ctx.note('append-rejected', { leader: m.leaderId, term: m.term, reason: 'missing', prevLogIndex: m.prevLogIndex });
      this.refuseAppend(s, from, lastIndex(s) + 1, 0, m.stamp, ctx);
      return;
    }
    const localPrevTerm = termAt(s, m.prevLogIndex);
    if (m.prevLogIndex > 0 && localPrevTerm !== m.prevLogTerm) {
      let first = m.prevLogIndex;
      while (first > 1 && termAt(s, first - 1) === localPrevTerm) first--;
      ctx.note('append-rejected', {
        leader: m.leaderId, term: m.term, reason: 'term-mismatch', prevLogIndex: m.prevLogIndex, localTerm: localPrevTerm,
      });
      this.refuseAppend(s, from, first, localPrevTerm, m.stamp, ctx);
      return;
    }

    let log = d.log;
    let index = m.prevLogIndex;
    for (const entry of m.entries) {
      index++;
      if (index <= log.length) {
        if (log[index - 1].term === entry.term) continue; // already have it
        ctx.note('truncate', { from: index, removed: log.length - index + 1 });
        // conflict: delete it and all that follow (§5.3); a fresh array, since checkpoints share this one
        d.log = log = log.slice(0, index - 1);
      }
      log.push(entry);
      if (index < s.logDirtyFrom) s.logDirtyFrom = index;
    }
    const matchIndex = m.prevLogIndex + m.entries.length;
    // never lower: a delayed or short AppendEntries may vouch for less than is already known committed
    const commitIndex = Math.min(m.leaderCommit, matchIndex);
    if (commitIndex > s.commitIndex) {
      s.commitIndex = commitIndex;
      this.apply(s, ctx);
    }
    const reply: AppendEntriesReply = { term: d.currentTerm, success: true, matchIndex, conflictIndex: 0, conflictTerm: 0 };
    if (m.stamp !== undefined) reply.stamp = m.stamp;
    ctx.send(from, 'AppendEntriesReply', reply);
  }

  /** Answer an AppendEntries that failed, with what lets the leader back up (a method: no closure per message). */
  private refuseAppend(s: RaftNode, from: NodeId, conflictIndex: number, conflictTerm: number, stamp: number | undefined, ctx: NodeContext): void {
    const reply: AppendEntriesReply = { term: s.durable.currentTerm, success: false, matchIndex: 0, conflictIndex, conflictTerm };
    if (stamp !== undefined) reply.stamp = stamp;
    ctx.send(from, 'AppendEntriesReply', reply);
  }

  private onAppendEntriesReply(s: RaftNode, from: NodeId, m: AppendEntriesReply, ctx: NodeContext): void {
    if (m.term > s.durable.currentTerm) {
      this.becomeFollower(s, m.term, null, ctx);
      return;
    }
    if (s.role !== 'leader' || m.term !== s.durable.currentTerm) return; // stale reply
    // any answer in this term says the peer still follows this leader (success or not)
    if (m.stamp !== undefined && m.stamp > (s.ackedAt[from] ?? -Infinity)) {
      s.ackedAt[from] = m.stamp;
      serveReads(s, ctx, this.config);
    }
    if (m.success) {
      if (m.matchIndex > s.matchIndex[from]) {
        s.matchIndex[from] = m.matchIndex;
        this.advanceCommit(s, ctx);
        if (s.transferee === from && m.matchIndex >= lastIndex(s)) sendTimeoutNow(s, ctx);
      }
      // only news sends the next batch: a duplicated or repeated reply sending one each would
      // multiply the traffic on a duplicating network (heartbeats retry whatever is lost)
      if (m.matchIndex + 1 > s.nextIndex[from]) {
        s.nextIndex[from] = m.matchIndex + 1;
        if (s.nextIndex[from] <= lastIndex(s)) this.sendAppend(s, from, ctx);
      }
      return;
    }
    // back up: past the whole conflicting term if the leader has none of it
    let next = m.conflictIndex;
    if (m.conflictTerm > 0) {
      for (let i = lastIndex(s); i >= 1; i--) {
        const t = termAt(s, i);
        if (t === m.conflictTerm) { next = i + 1; break; }
        if (t < m.conflictTerm) break;
      }
    }
    next = Math.max(s.matchIndex[from] + 1, Math.min(next, lastIndex(s) + 1), 1);
    if (next === s.nextIndex[from]) return; // a copy of a refusal already acted on
    s.nextIndex[from] = next;
    this.sendAppend(s, from, ctx);
  }

  /** §5.3/§5.4.2: commit the highest index stored on a majority, if it is from the current term. */
  private advanceCommit(s: RaftNode, ctx: NodeContext): void {
    const term = s.durable.currentTerm;
    const ignoreTerm = ctx.bug('commit-previous-term');
    for (let n = lastIndex(s); n > s.commitIndex; n--) {
      const t = termAt(s, n);
      if (t !== term && !ignoreTerm) {
        if (t < term) break; // earlier entries are older terms: none may be counted
        continue;
      }
      let count = 0;
      for (const id of ctx.nodeIds) if ((id === s.id ? lastIndex(s) : s.matchIndex[id]) >= n) count++;
      if (count >= majority(ctx.nodeIds.length)) {
        const from = s.commitIndex + 1;
        s.commitIndex = n;
        ctx.note('commit', { from, to: n, term: t, replicas: count });
        this.apply(s, ctx);
        return;
      }
    }
  }

  /** Apply committed entries in order; the leader answers the client that sent each one. */
  private apply(s: RaftNode, ctx: NodeContext): void {
    while (s.lastApplied < s.commitIndex) {
      s.lastApplied++;
      const entry = s.durable.log[s.lastApplied - 1];
      if (!entry.op) continue;
      applyAndAnswer(s, entry.op, ctx, s.role === 'leader');
    }
    if (s.reads.length > 0) serveReads(s, ctx, this.config);
  }

  // ------------------------------------------------------------ clients

  onRequest(s: RaftNode, command: string, ctx: NodeContext, op: ClientOp | null): void {
    if (s.role !== 'leader') {
      ctx.note('request-rejected', { command, leader: s.leaderId });
      if (op) ctx.reply(op.client, op.requestId, { ok: false, leaderHint: s.leaderId });
      return;
    }
    if (s.transferee !== null) {
      // §3.10: while handing over, the leader takes no new requests; clients go to its successor
      ctx.note('request-rejected', { command, leader: s.transferee, transferring: true });
      if (op) ctx.reply(op.client, op.requestId, { ok: false, leaderHint: s.transferee });
      return;
    }
    if (readOutsideLog(this.config, op)) {
      if (takeRead(s, op!, ctx, this.config)) this.broadcastAppend(s, ctx);
      return;
    }
    if (op) {
      const done = appliedOutput(s, op);
      if (done !== undefined) {
        ctx.reply(op.client, op.requestId, { ok: true, output: done });
        return;
      }
    }
    const entry: Entry = { term: s.durable.currentTerm, command, op };
    s.durable.log.push(entry);
    const index = lastIndex(s);
    if (index < s.logDirtyFrom) s.logDirtyFrom = index;
    s.matchIndex[s.id] = index;
    ctx.note('append', { index, term: entry.term, command });
    if (ctx.nodeIds.length === 1) this.advanceCommit(s, ctx);
    else for (const peer of ctx.nodeIds) if (peer !== s.id && s.nextIndex[peer] === index) this.sendAppend(s, peer, ctx);
  }
}
