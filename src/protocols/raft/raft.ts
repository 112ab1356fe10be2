/**
 * Raft as a pure state machine in the manner of etcd's raft: handlers take the node's state, an
 * input and a context, mutate the state, and emit sends, timers and notes through the context.
 * No I/O, no clock: time is what the engine says it is.
 */
import { BlockList } from '../../sim/block-list';
import { applyAndAnswer, cloneKvStore, replyIfApplied, replyIfSerializable } from '../kv-store';
import type { ClientOp, LeaderEvent, Message, NodeContext, NodeId } from '../../sim/types';
import type {
  AppendEntries, AppendEntriesReply, Configuration, Entry, InstallSnapshot, InstallSnapshotReply, PreVote, PreVoteReply, RaftConfig, RaftNode,
  RequestVote, RequestVoteReply, TimeoutNow,
} from './types';
import { heardFromLeader, lostQuorum, stamped } from './leadership';
import { answerPreVote, countPreVote, startPreVote } from './prevote';
import { readOutsideLog, serveReads, takeRead } from './reads';
import { acceptTimeoutNow, beginTransfer, sendTimeoutNow, transferTick } from './transfer';
import { entryAt, lastIndex, logStart, termAt } from './log';
import {
  configAt, configCommand, initialConfiguration, isVoter, leftOut, nextConfiguration, refreshPeers, replicasOnQuorum, useConfig, votesWin,
} from './membership';
import { DIGEST_START, digestAfter, installSnapshot, restoreFromSnapshot, takeSnapshot } from './snapshot';

export { lastIndex, termAt } from './log';

export function createNode(id: NodeId, initial: Configuration): RaftNode {
  return volatileNode(id, { currentTerm: 0, votedFor: null, log: new BlockList(), snapshot: null }, initial);
}

/** The volatile state of a node that has just come up with `durable` (the state machine restored from its snapshot). */
function volatileNode(id: NodeId, durable: RaftNode['durable'], initial: Configuration): RaftNode {
  const s: RaftNode = {
    id, durable, role: 'follower', leaderId: null, commitIndex: 0, lastApplied: 0,
    votesGranted: [], nextIndex: [], matchIndex: [], kv: {}, sessions: {}, logDirtyFrom: Infinity,
    preVotes: null, leaderContactAt: null, leaderSince: 0, ackedAt: [], reads: [], transferee: null, transferUntil: 0, leaseForfeit: false,
    config: initial, configIndex: 0, peers: [], removing: [], digest: DIGEST_START, compacted: null,
  };
  restoreFromSnapshot(s);
  const { config, index } = configAt(s, lastIndex(s), initial);
  useConfig(s, config, index);
  return s;
}

/** After a crash only the durable state remains (or less, with a teaching bug on). */
export function crashNode(s: RaftNode, forgetVote: boolean, initial: Configuration): RaftNode {
  const durable = { ...s.durable, votedFor: forgetVote ? null : s.durable.votedFor };
  return volatileNode(s.id, durable, initial);
}

/** A copy: the log's blocks are shared (BlockList), so it costs the same however long the log is. */
export function cloneNode(s: RaftNode): RaftNode {
  return {
    ...s,
    durable: { ...s.durable, log: s.durable.log.copy() },
    votesGranted: s.votesGranted.slice(),
    nextIndex: s.nextIndex.slice(),
    matchIndex: s.matchIndex.slice(),
    ackedAt: s.ackedAt.slice(),
    ...cloneKvStore(s),
    peers: s.peers.slice(),
    removing: s.removing.slice(),
  };
}


/**
 * May this node stand for election? A voter of its configuration may; so may a server whose own
 * removal is not yet known committed: it may be the only one holding that entry, and the
 * remaining voters could never elect anyone without it (it leads under the new configuration,
 * commits it, then leaves).
 */
const mayStand = (s: RaftNode): boolean => isVoter(s.config, s.id) || s.configIndex > s.commitIndex;

export class Raft {
  private initialConfig: Configuration | null = null;

  constructor(private config: RaftConfig) {}

  /** The initial voting configuration: the scenario's `members`, else every node. */
  initial(nodeIds: readonly NodeId[]): Configuration {
    return (this.initialConfig ??= initialConfiguration(this.config, nodeIds));
  }

  start(s: RaftNode, ctx: NodeContext): void {
    // with leases, a node that (re)starts may have acknowledged a leader's heartbeat just before
    // it went down: it keeps away from elections as if it had just heard from that leader
    if (this.config.readMode === 'lease') s.leaderContactAt = ctx.now();
    this.armElection(s, ctx);
  }

  // ------------------------------------------------------------ timers

  onTimer(s: RaftNode, name: string, ctx: NodeContext): void {
    if (name === 'election') {
      if (mayStand(s)) this.campaign(s, ctx);
    } else if (name === 'heartbeat' && s.role === 'leader') {
      if (this.config.checkQuorum && lostQuorum(s, ctx.nodeIds, this.config, ctx.now())) {
        ctx.note('quorum-lost', { term: s.durable.currentTerm });
        s.leaderId = null;
        this.becomeFollower(s, s.durable.currentTerm, null, ctx);
        return;
      }
      this.broadcastAppend(s, ctx);
      transferTick(s, ctx, lastIndex(s));
      // a leader outside its committed configuration has told the others the commit: it leaves (§4.2.2)
      if (!isVoter(s.config, s.id) && s.configIndex <= s.commitIndex) {
        ctx.note('leave', { term: s.durable.currentTerm, index: s.configIndex });
        this.becomeFollower(s, s.durable.currentTerm, null, ctx);
        return;
      }
      ctx.setTimer('heartbeat', this.config.heartbeatInterval);
    }
  }

  onTimeoutNow(s: RaftNode, ctx: NodeContext): void {
    if (s.role === 'leader') {
      ctx.note('timeout-ignored', { term: s.durable.currentTerm });
      return;
    }
    if (!mayStand(s)) {
      ctx.note('timeout-ignored', { term: s.durable.currentTerm, idle: true });
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

  /** A node that may stand (re)arms its election timer; one outside its configuration stays idle (§4.2.2). */
  private armElection(s: RaftNode, ctx: NodeContext): void {
    if (mayStand(s)) this.resetElectionTimer(ctx);
    else ctx.cancelTimer('election');
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
    if (votesWin(s.config, s.votesGranted)) {
      this.becomeLeader(s, ctx);
      return;
    }
    const req: RequestVote = {
      term: d.currentTerm, candidateId: s.id, lastLogIndex: lastIndex(s), lastLogTerm: termAt(s, lastIndex(s)),
    };
    if (transfer) req.transfer = true;
    for (const peer of s.peers) ctx.send(peer, 'RequestVote', req);
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
      if (s.removing.length > 0) {
        s.removing = [];
        refreshPeers(s);
      }
      this.armElection(s, ctx);
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
    this.findRemoved(s);
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
        return;
      case 'InstallSnapshot': return this.onInstallSnapshot(s, msg.from, msg.payload as InstallSnapshot, ctx);
      case 'InstallSnapshotReply': return this.onInstallSnapshotReply(s, msg.from, msg.payload as InstallSnapshotReply, ctx);
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
    // a server removed from the configuration (or not yet added) cannot disrupt it (§4.2.3)
    if (!isVoter(s.config, m.candidateId)) {
      ctx.note('vote-ignored', { candidate: m.candidateId, term: m.term });
      return;
    }
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
      this.armElection(s, ctx);
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
    if (votesWin(s.config, s.votesGranted)) this.becomeLeader(s, ctx);
  }

  private sendAppend(s: RaftNode, peer: NodeId, ctx: NodeContext): void {
    const prevLogIndex = s.nextIndex[peer] - 1;
    const start = logStart(s);
    if (prevLogIndex < start) {
      // the entries it needs are compacted away: send the snapshot instead (§5.1)
      const m: InstallSnapshot = { term: s.durable.currentTerm, leaderId: s.id, snapshot: s.durable.snapshot! };
      ctx.send(peer, 'InstallSnapshot', m);
      return;
    }
    const log = s.durable.log;
    const entries = log.slice(prevLogIndex - start, prevLogIndex - start + this.config.maxEntriesPerAppend);
    const m: AppendEntries = {
      term: s.durable.currentTerm, leaderId: s.id, prevLogIndex, prevLogTerm: termAt(s, prevLogIndex),
      entries, leaderCommit: s.commitIndex,
    };
    if (stamped(this.config)) m.stamp = ctx.now();
    ctx.send(peer, 'AppendEntries', m);
  }

  private broadcastAppend(s: RaftNode, ctx: NodeContext): void {
    for (const peer of s.peers) this.sendAppend(s, peer, ctx);
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
    this.armElection(s, ctx);

    // entries inside this node's snapshot are committed, so they match the leader's: skip them
    const start = logStart(s);
    if (m.prevLogIndex < start) {
      const skip = Math.min(start - m.prevLogIndex, m.entries.length);
      m = { ...m, prevLogIndex: m.prevLogIndex + skip, prevLogTerm: termAt(s, m.prevLogIndex + skip), entries: m.entries.slice(skip) };
      if (m.prevLogIndex < start) m = { ...m, prevLogIndex: start, prevLogTerm: termAt(s, start) };
    }

    // consistency check (§5.3), answering with what lets the leader skip a whole term at once
    if (m.prevLogIndex > lastIndex(s)) {
      ctx.note('append-rejected', { leader: m.leaderId, term: m.term, reason: 'missing', prevLogIndex: m.prevLogIndex });
      this.refuseAppend(s, from, lastIndex(s) + 1, 0, m.stamp, ctx);
      return;
    }
    const localPrevTerm = termAt(s, m.prevLogIndex);
    if (m.prevLogIndex > 0 && localPrevTerm !== m.prevLogTerm) {
      let first = m.prevLogIndex;
      while (first > start + 1 && termAt(s, first - 1) === localPrevTerm) first--;
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
      const at = index - start; // position in the array, 1-based
      if (at <= log.length) {
        if (log.at(at - 1)!.term === entry.term) continue; // already have it
        ctx.note('truncate', { from: index, removed: log.length - at + 1 });
        // conflict: delete it and all that follow (§5.3); a new list, since copies share this one's blocks
        d.log = log = log.prefix(at - 1);
        // the configuration in force may have gone with them
        if (s.configIndex >= index) this.configChanged(s, configAt(s, index - 1, this.initial(ctx.nodeIds)), ctx);
      }
      log.push(entry);
      if (entry.config) this.configChanged(s, { config: entry.config, index }, ctx);
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
      this.acknowledged(s, from, m.matchIndex, ctx);
      return;
    }
    // back up: past the whole conflicting term if the leader has none of it
    let next = m.conflictIndex;
    if (m.conflictTerm > 0) {
      for (let i = lastIndex(s); i > logStart(s); i--) {
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
      const replicas = replicasOnQuorum(s, n);
      if (replicas >= 0) {
        const from = s.commitIndex + 1;
        s.commitIndex = n;
        ctx.note('commit', { from, to: n, term: t, replicas });
        this.apply(s, ctx);
        // a committed joint configuration moves on to the new one (§4.3)
        if (s.config.outgoing !== null && s.configIndex <= s.commitIndex && s.role === 'leader') {
          this.appendLocal(s, { term, command: '', op: null, config: { voters: s.config.voters, outgoing: null } }, ctx);
        }
        return;
      }
    }
  }

  /** Apply committed entries in order; the leader answers the client that sent each one. */
  private apply(s: RaftNode, ctx: NodeContext): void {
    while (s.lastApplied < s.commitIndex) {
      s.lastApplied++;
      const entry = entryAt(s, s.lastApplied)!;
      s.digest = digestAfter(s.digest, entry);
      if (!entry.op) continue;
      applyAndAnswer(s, entry.op, ctx, s.role === 'leader');
    }
    if (s.reads.length > 0) serveReads(s, ctx, this.config);
    const every = this.config.snapshotThreshold;
    if (every > 0 && s.lastApplied - logStart(s) >= every) {
      const snap = takeSnapshot(s, configAt(s, s.lastApplied, this.initial(ctx.nodeIds)).config);
      ctx.note('snapshot', { index: snap.index, term: snap.term });
    }
  }

  // ------------------------------------------------------------ snapshots (§5.1)

  private onInstallSnapshot(s: RaftNode, from: NodeId, m: InstallSnapshot, ctx: NodeContext): void {
    const d = s.durable;
    if (m.term < d.currentTerm) {
      ctx.note('snapshot-rejected', { leader: m.leaderId, term: m.term });
      const stale: InstallSnapshotReply = { term: d.currentTerm, matchIndex: 0 };
      ctx.send(from, 'InstallSnapshotReply', stale);
      return;
    }
    this.becomeFollower(s, m.term, m.leaderId, ctx);
    this.armElection(s, ctx);
    const snap = m.snapshot;
    // what this node has committed already matches the leader's log
    if (snap.index > s.commitIndex) {
      installSnapshot(s, snap);
      ctx.note('snapshot-installed', { leader: m.leaderId, index: snap.index, term: snap.term });
      this.configChanged(s, configAt(s, lastIndex(s), this.initial(ctx.nodeIds)), ctx);
    }
    const reply: InstallSnapshotReply = { term: d.currentTerm, matchIndex: Math.max(snap.index, s.commitIndex) };
    ctx.send(from, 'InstallSnapshotReply', reply);
  }

  private onInstallSnapshotReply(s: RaftNode, from: NodeId, m: InstallSnapshotReply, ctx: NodeContext): void {
    if (m.term > s.durable.currentTerm) {
      this.becomeFollower(s, m.term, null, ctx);
      return;
    }
    if (s.role === 'leader' && m.term === s.durable.currentTerm) this.acknowledged(s, from, m.matchIndex, ctx);
  }

  /** A follower stores the leader's log up to `matchIndex` (after AppendEntries or InstallSnapshot). */
  private acknowledged(s: RaftNode, from: NodeId, matchIndex: number, ctx: NodeContext): void {
    if (matchIndex > s.matchIndex[from]) {
      s.matchIndex[from] = matchIndex;
      this.advanceCommit(s, ctx);
      if (s.removing.length > 0) this.forgetRemoved(s, from);
      if (s.transferee === from && matchIndex >= lastIndex(s)) sendTimeoutNow(s, ctx);
    }
    // only news sends the next batch: a duplicated or repeated reply sending one each would
    // multiply the traffic on a duplicating network (heartbeats retry whatever is lost)
    if (matchIndex + 1 > s.nextIndex[from]) {
      s.nextIndex[from] = matchIndex + 1;
      if (s.nextIndex[from] <= lastIndex(s)) this.sendAppend(s, from, ctx);
    }
  }

  // ------------------------------------------------------------ membership (chapter 4)

  /** `reconfigure`: the leader starts moving the cluster to the voting set `e.members`. */
  onLeaderEvent(s: RaftNode, e: LeaderEvent, ctx: NodeContext): void {
    if (s.role !== 'leader') return;
    const committedInTerm = termAt(s, s.commitIndex) === s.durable.currentTerm;
    const next = nextConfiguration(s, e.members, ctx.bug('unsafe-membership-change'), committedInTerm);
    if ('refused' in next) {
      ctx.note('reconfigure-refused', { reason: next.refused, members: e.members.slice() });
      return;
    }
    this.appendLocal(s, { term: s.durable.currentTerm, command: '', op: null, config: next.config }, ctx);
  }

  /** The configuration in force changed (an entry appended or truncated, a snapshot installed). */
  private configChanged(s: RaftNode, to: { config: Configuration; index: number }, ctx: NodeContext): void {
    const could = mayStand(s);
    useConfig(s, to.config, to.index);
    if (s.role === 'leader') return;
    if (mayStand(s) !== could) this.armElection(s, ctx);
  }

  /**
   * A new leader keeps talking to the servers its latest configuration entry removed, until they
   * hold that entry and so know to stay idle (else they would time out and stand for election).
   */
  private findRemoved(s: RaftNode): void {
    if (s.configIndex <= logStart(s)) return;
    const before = configAt(s, s.configIndex - 1, s.config).config;
    if (before === s.config) return;
    s.removing = leftOut(before, s.config);
    refreshPeers(s);
  }

  private forgetRemoved(s: RaftNode, from: NodeId): void {
    if (!s.removing.includes(from) || s.matchIndex[from] < s.configIndex) return;
    s.removing = s.removing.filter((id) => id !== from);
    refreshPeers(s);
  }

  // ------------------------------------------------------------ clients

  onRequest(s: RaftNode, command: string, ctx: NodeContext, op: ClientOp | null): void {
    if (replyIfSerializable(s, op, ctx)) return;
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
    if (replyIfApplied(s, op, ctx)) return;
    this.appendLocal(s, { term: s.durable.currentTerm, command, op }, ctx);
  }

  /** The leader appends an entry of its own and starts replicating it. */
  private appendLocal(s: RaftNode, e: Entry, ctx: NodeContext): void {
    const entry: Entry = e.config ? { ...e, command: configCommand(e.config) } : e;
    s.durable.log.push(entry);
    const index = lastIndex(s);
    if (index < s.logDirtyFrom) s.logDirtyFrom = index;
    s.matchIndex[s.id] = index;
    if (entry.config) {
      const removed = leftOut(s.config, entry.config);
      useConfig(s, entry.config, index);
      for (const id of removed) if (id !== s.id && !s.removing.includes(id)) s.removing.push(id);
      refreshPeers(s);
    }
    ctx.note('append', { index, term: entry.term, command: entry.command });
    for (const peer of s.peers) if (s.nextIndex[peer] === index) this.sendAppend(s, peer, ctx);
    // a leader that is the only voter commits at once
    const c = s.config;
    if (c.outgoing === null && c.voters.length === 1 && c.voters[0] === s.id) this.advanceCommit(s, ctx);
  }
}
