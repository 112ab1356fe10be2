/**
 * Raft beyond Figure 2, tested against Ongaro's dissertation ("Consensus: Bridging Theory and
 * Practice", 2014) in the manner of the raft-paper tests: each case quotes the sentence it checks
 * and drives one node through its handlers.
 */
import { describe, expect, it } from 'vitest';
import { RaftHarness, entry, logOf } from './support/raft-harness';
import { leaseEnd } from '../../src/protocols/raft/leadership';
import type { ClientOp } from '../../src/sim/types';

const MIN = 150; // the default minimum election timeout
const MAX = 300;
const get = (client: number, requestId: number, key = 'k'): ClientOp => ({ client, requestId, op: 'get', key, value: null });
const put = (client: number, requestId: number, value: string, key = 'k'): ClientOp => ({ client, requestId, op: 'put', key, value });

/** A follower's answer to an AppendEntries stamped at `stamp`, in the leader's current term. */
const ackAt = (h: RaftHarness, from: number, stamp: number, matchIndex = h.log.length) =>
  h.receive(from, 'AppendEntriesReply', { term: h.term, success: true, matchIndex, conflictIndex: 0, conflictTerm: 0, stamp });

/** A leader of term 1 whose no-op (reads outside the log) is committed by peers 2 and 3, all acknowledged at `at`. */
function readyLeader(readMode: 'read-index' | 'lease', nodes = 5, bugs: string[] = []): RaftHarness {
  const h = new RaftHarness(1, nodes, { config: { readMode }, bugs });
  h.becomeLeader();
  for (const peer of [2, 3]) ackAt(h, peer, 0);
  return h;
}

describe('§9.6 PreVote', () => {
  it('a server whose election timer fires asks for pre-votes and keeps its term', () => {
    // "the Pre-Vote algorithm ... a candidate would first ask other servers whether its log was
    // up-to-date enough to get their vote. Only if the candidate believed it could get votes from a
    // majority of the cluster would it increment its term and start a normal election."
    const h = new RaftHarness(1, 5, { config: { preVote: true } });
    h.setDurable(3, logOf(1, 3));
    h.electionTimeout();
    expect(h.term).toBe(3);
    expect(h.node.durable.votedFor).toBeNull();
    expect(h.node.role).toBe('follower');
    expect(h.ctx.sentOfType('RequestVote')).toEqual([]);
    const asks = h.ctx.sentOfType('PreVote');
    expect(asks.map((m) => m.to)).toEqual([2, 3, 4, 5]);
    expect(asks[0].payload).toEqual({ term: 4, candidateId: 1, lastLogIndex: 2, lastLogTerm: 3 });
    expect(h.ctx.timers.has('election')).toBe(true); // a failed round is retried at the next timeout
    // Reference: §9.6
  });

  it('with a majority of pre-votes it starts the real election in the next term', () => {
    // "Only if the candidate believed it could get votes from a majority of the cluster would it
    // increment its term and start a normal election."
    const h = new RaftHarness(1, 5, { config: { preVote: true } });
    h.electionTimeout();
    h.receive(2, 'PreVoteReply', { term: 1, voteGranted: true });
    expect(h.term).toBe(0);
    h.receive(2, 'PreVoteReply', { term: 1, voteGranted: true }); // a duplicate counts once
    expect(h.ctx.sentOfType('RequestVote')).toEqual([]);
    h.receive(3, 'PreVoteReply', { term: 1, voteGranted: true });
    expect(h.term).toBe(1);
    expect(h.node.role).toBe('candidate');
    expect(h.ctx.sentOfType('RequestVote').map((m) => m.to)).toEqual([2, 3, 4, 5]);
    // Reference: §9.6
  });

  it('a candidate whose election timed out asks for pre-votes again and can still win', () => {
    // "Only if the candidate believed it could get votes from a majority ... would it increment
    // its term": a split vote leaves a candidate, which must be able to pre-vote its way out.
    const h = new RaftHarness(1, 3, { config: { preVote: true } });
    h.electionTimeout();
    h.receive(2, 'PreVoteReply', { term: 1, voteGranted: true });
    expect(h.node.role).toBe('candidate');
    h.electionTimeout(); // nobody voted: time out as a candidate of term 1
    expect(h.term).toBe(1);
    h.receive(3, 'PreVoteReply', { term: 2, voteGranted: true });
    expect(h.term).toBe(2);
    h.receive(3, 'RequestVoteReply', { term: 2, voteGranted: true });
    expect(h.node.role).toBe('leader');
    // Reference: §9.6
  });

  it('a pre-voting server names no leader to clients: it heard from none for a whole timeout', () => {
    const h = new RaftHarness(1, 3, { config: { preVote: true } });
    h.appendEntries(2, { term: 1 });
    expect(h.node.leaderId).toBe(2);
    h.electionTimeout();
    h.request('x', put(7, 1, 'v'));
    expect(h.ctx.replies.at(-1)!.result).toEqual({ ok: false, leaderHint: null });
    // Reference: §9.6
  });

  it('a voter grants a pre-vote without changing its term or its vote', () => {
    // "the Pre-Vote ... while a server is partitioned, it won't be able to increment its term"
    const h = new RaftHarness(2, 5, { config: { preVote: true } });
    h.setDurable(3, logOf(1, 3), 4);
    h.receive(1, 'PreVote', { term: 4, candidateId: 1, lastLogIndex: 2, lastLogTerm: 3 });
    expect(h.lastSent('PreVoteReply')).toEqual({ term: 4, voteGranted: true });
    expect(h.term).toBe(3);
    expect(h.node.durable.votedFor).toBe(4);
    // Reference: §9.6
  });

  it('a voter refuses a pre-vote while it hears from a leader, or when the candidate\'s log is behind', () => {
    // "when it rejoins the cluster, it still won't be able to increment its term, since the other
    // servers will have been receiving regular heartbeats from the leader."
    const h = new RaftHarness(2, 5, { config: { preVote: true } });
    h.appendEntries(3, { term: 2, entries: [entry(2)] });
    h.ctx.clock = MIN - 1;
    h.receive(5, 'PreVote', { term: 3, candidateId: 5, lastLogIndex: 1, lastLogTerm: 2 });
    expect(h.lastSent('PreVoteReply')).toEqual({ term: 2, voteGranted: false });
    expect(h.ctx.notesOf('pre-vote-answer').at(-1)!.reason).toBe('leader-alive');
    h.ctx.clock = MIN; // a whole minimum timeout without the leader
    h.receive(5, 'PreVote', { term: 3, candidateId: 5, lastLogIndex: 0, lastLogTerm: 0 });
    expect(h.lastSent('PreVoteReply').voteGranted).toBe(false);
    expect(h.ctx.notesOf('pre-vote-answer').at(-1)!.reason).toBe('log-behind');
    h.receive(5, 'PreVote', { term: 3, candidateId: 5, lastLogIndex: 1, lastLogTerm: 2 });
    expect(h.lastSent('PreVoteReply')).toEqual({ term: 3, voteGranted: true });
    expect(h.term).toBe(2);
    // Reference: §9.6
  });

  it('a refused pre-vote that carries a higher term brings the asker up to that term', () => {
    // "Current terms are exchanged whenever servers communicate" (§5.1) holds for pre-votes too.
    const h = new RaftHarness(1, 3, { config: { preVote: true } });
    h.electionTimeout();
    h.receive(2, 'PreVoteReply', { term: 6, voteGranted: false });
    expect(h.term).toBe(6);
    expect(h.node.preVotes).toBeNull();
    // Reference: §9.6
  });
});

describe('§6.2 CheckQuorum', () => {
  it('a leader that hears from no majority for an election timeout steps down', () => {
    // "a leader steps down if an election timeout elapses without a successful round of heartbeats
    // to a majority of its cluster"
    const h = new RaftHarness(1, 5, { config: { checkQuorum: true } });
    h.becomeLeader();
    ackAt(h, 2, 0);
    h.ctx.clock = MAX - 1;
    h.heartbeatTimeout();
    expect(h.node.role).toBe('leader');
    h.ctx.clock = MAX;
    h.heartbeatTimeout();
    expect(h.node.role).toBe('follower');
    expect(h.term).toBe(1);
    expect(h.node.leaderId).toBeNull();
    expect(h.ctx.notesOf('quorum-lost')).toEqual([{ term: 1 }]);
    // Reference: §6.2
  });

  it('a leader that a majority keeps answering stays', () => {
    const h = new RaftHarness(1, 5, { config: { checkQuorum: true } });
    h.becomeLeader();
    for (let t = 50; t <= 1000; t += 50) {
      h.ctx.clock = t;
      ackAt(h, 2, t - 10);
      ackAt(h, 3, t - 10);
      h.heartbeatTimeout();
    }
    expect(h.node.role).toBe('leader');
    // and its heartbeats carry the stamp that the answers echo
    expect(h.lastSent('AppendEntries').stamp).toBe(1000);
    // Reference: §6.2
  });

  it('without CheckQuorum a cut-off leader keeps believing it leads (Figure 2)', () => {
    const h = new RaftHarness(1, 5);
    h.becomeLeader();
    h.ctx.clock = 10 * MAX;
    h.heartbeatTimeout();
    expect(h.node.role).toBe('leader');
    expect(h.lastSent('AppendEntries').stamp).toBeUndefined();
    // Reference: §6.2
  });
});

describe('§3.10 leadership transfer', () => {
  it('the leader sends TimeoutNow at once to a server whose log is up to date, and stops taking requests', () => {
    // "the prior leader sends a TimeoutNow request to the target server ... the prior leader stops
    // accepting new client requests"
    const h = new RaftHarness(1, 3);
    h.becomeLeader();
    h.request('x');
    h.ack(2, 1);
    h.handlers.onTransfer!(h.node, 2, h.ctx);
    expect(h.lastSent('TimeoutNow')).toEqual({ term: 1, leaderId: 1 });
    expect(h.ctx.sentOfType('TimeoutNow').map((m) => m.to)).toEqual([2]);
    h.request('y', put(7, 1, 'v'));
    expect(h.log.map((e) => e.command)).toEqual(['x']);
    expect(h.ctx.replies.at(-1)!.result).toEqual({ ok: false, leaderHint: 2 });
    // Reference: §3.10
  });

  it('a lagging target is first brought up to date, then sent TimeoutNow', () => {
    // "The prior leader sends the target server any missing entries, then sends it a TimeoutNow"
    const h = new RaftHarness(1, 3);
    h.becomeLeader();
    h.request('x');
    h.request('y');
    h.ctx.clear();
    h.handlers.onTransfer!(h.node, 3, h.ctx);
    expect(h.ctx.sentOfType('TimeoutNow')).toEqual([]);
    expect(h.lastSent('AppendEntries').entries.map((e: { command: string }) => e.command)).toEqual(['x', 'y']);
    h.ack(3, 1);
    expect(h.ctx.sentOfType('TimeoutNow')).toEqual([]);
    h.ack(3, 2);
    expect(h.ctx.sentOfType('TimeoutNow').map((m) => m.to)).toEqual([3]);
    // Reference: §3.10
  });

  it('the target starts an election at once, skipping PreVote, and voters set stickiness aside for it', () => {
    // "This request has the same effect as the target server's election timer firing: the target
    // server starts a new election (incrementing its term and becoming a candidate)."
    const h = new RaftHarness(2, 3, { config: { preVote: true } });
    h.appendEntries(1, { term: 4 });
    h.receive(1, 'TimeoutNow', { term: 4, leaderId: 1 });
    expect(h.term).toBe(5);
    expect(h.node.role).toBe('candidate');
    expect(h.ctx.sentOfType('PreVote')).toEqual([]);
    expect(h.lastSent('RequestVote')).toMatchObject({ term: 5, candidateId: 2, transfer: true });
    // a TimeoutNow from an older term is ignored
    const late = new RaftHarness(2, 3);
    late.setDurable(6, []);
    late.receive(1, 'TimeoutNow', { term: 4, leaderId: 1 });
    expect(late.term).toBe(6);
    expect(late.node.role).toBe('follower');
    // Reference: §3.10
  });

  it('a transfer that does not finish within an election timeout is abandoned', () => {
    // "If the transfer does not complete within about one election timeout, the prior leader aborts
    // the transfer and resumes accepting client requests."
    const h = new RaftHarness(1, 3);
    h.becomeLeader();
    h.handlers.onTransfer!(h.node, 3, h.ctx);
    expect(h.node.transferee).toBe(3);
    h.ctx.clock = MAX;
    h.heartbeatTimeout();
    expect(h.node.transferee).toBeNull();
    expect(h.ctx.notesOf('transfer-abandoned')).toEqual([{ to: 3, term: 1 }]);
    h.request('x');
    expect(h.log.map((e) => e.command)).toEqual(['x']);
    // Reference: §3.10
  });
});

describe('§6.4 reads: ReadIndex and leases', () => {
  it('a new leader commits a no-op of its own term first, and holds reads until it has', () => {
    // "The Leader Completeness Property guarantees that a leader has all committed entries, but at
    // the start of its term, it may not know which those are. To find out, it needs to commit an
    // entry from its term. Raft handles this by having each leader commit a blank no-op entry into
    // the log at the start of its term."
    const h = new RaftHarness(1, 3, { config: { readMode: 'read-index' } });
    h.setDurable(1, logOf(1));
    h.becomeLeader();
    expect(h.log.map((e) => `${e.term}:${e.command}`)).toEqual(['1:e1t1', '2:no-op']);
    h.request('get k', get(7, 1));
    ackAt(h, 2, 0, 1); // leadership confirmed, but the no-op is not yet committed
    expect(h.ctx.replies).toEqual([]);
    ackAt(h, 2, 0, 2);
    expect(h.node.commitIndex).toBe(2);
    expect(h.ctx.replies).toEqual([{ client: 7, requestId: 1, result: { ok: true, output: null } }]);
    // Reference: §6.4
  });

  it('ReadIndex: a read waits for a majority to answer a heartbeat sent after it arrived, and never enters the log', () => {
    // "the leader needs to make sure it hasn't been superseded by a newer leader of which it is
    // unaware. It issues a new round of heartbeats and waits for their acknowledgments from a
    // majority of the cluster."
    const h = readyLeader('read-index');
    h.request('put', put(8, 1, 'v1'));
    ackAt(h, 2, 0);
    ackAt(h, 3, 0);
    h.ctx.clock = 100;
    h.ctx.clear();
    h.request('get k', get(7, 1));
    expect(h.ctx.sentOfType('AppendEntries').map((m) => [m.to, m.payload.stamp])).toEqual([[2, 100], [3, 100], [4, 100], [5, 100]]);
    expect(h.log.map((e) => e.command)).toEqual(['no-op', 'put']);
    ackAt(h, 2, 99); // an answer to an older heartbeat confirms nothing about now
    ackAt(h, 3, 99);
    expect(h.ctx.replies.filter((r) => r.client === 7)).toEqual([]);
    ackAt(h, 2, 100);
    expect(h.ctx.replies.filter((r) => r.client === 7)).toEqual([]); // itself and S2: two of five
    ackAt(h, 4, 100);
    expect(h.ctx.replies.filter((r) => r.client === 7)).toEqual([{ client: 7, requestId: 1, result: { ok: true, output: 'v1' } }]);
    expect(h.ctx.notesOf('read').at(-1)).toMatchObject({ how: 'read-index', output: 'v1' });
    // Reference: §6.4
  });

  it('a leader that learns of a higher term drops the reads it holds', () => {
    const h = readyLeader('read-index');
    h.ctx.clock = 100;
    h.request('get k', get(7, 1));
    expect(h.node.reads).toHaveLength(1);
    h.receive(2, 'AppendEntriesReply', { term: 5, success: false, matchIndex: 0, conflictIndex: 0, conflictTerm: 0 });
    expect(h.node.role).toBe('follower');
    expect(h.node.reads).toEqual([]);
    expect(h.ctx.replies).toEqual([]);
    // Reference: §6.4
  });

  it('lease: within the lease the leader answers at once; once it ran out, a round is needed again', () => {
    // "the leader would use the normal heartbeat mechanism to maintain a lease. Once the leader's
    // heartbeats were acknowledged by a majority of the cluster, it would extend its lease to
    // start + election timeout / clock drift bound"
    const h = readyLeader('lease');
    h.ctx.clock = 10;
    ackAt(h, 2, 10);
    ackAt(h, 3, 10);
    const end = leaseEnd(h.node, h.ctx.nodeIds, h.config, false);
    expect(end).toBe(10 + 0.9 * MIN);
    h.ctx.clock = end - 1;
    h.ctx.clear();
    h.request('get k', get(7, 1));
    expect(h.ctx.replies).toEqual([{ client: 7, requestId: 1, result: { ok: true, output: null } }]);
    expect(h.ctx.sentOfType('AppendEntries')).toEqual([]);
    h.ctx.clock = end;
    h.request('get k', get(7, 2));
    expect(h.ctx.replies).toHaveLength(1);
    expect(h.ctx.sentOfType('AppendEntries')).toHaveLength(4);
    // Reference: §6.4.1
  });

  it('lease: it is shorter than the minimum election timeout, and voters that heard from the leader within that timeout refuse to vote', () => {
    // "since the followers shouldn't time out before then" — so a follower that heard from the
    // leader must not help elect another (§4.2.3: "if a server receives a RequestVote request
    // within the minimum election timeout of hearing from a current leader, it does not update its
    // term or grant its vote")
    const h = new RaftHarness(2, 3, { config: { readMode: 'lease' } });
    h.ctx.clock = 1000;
    h.appendEntries(1, { term: 1 });
    h.ctx.clock = 1000 + MIN - 1;
    h.requestVote(3, 2);
    expect(h.term).toBe(1);
    expect(h.ctx.sentOfType('RequestVoteReply')).toEqual([]);
    expect(h.ctx.notesOf('vote').at(-1)!.reason).toBe('leader-alive');
    // a transfer's election is let through
    h.receive(3, 'RequestVote', { term: 2, candidateId: 3, lastLogIndex: 0, lastLogTerm: 0, transfer: true });
    expect(h.lastSent('RequestVoteReply')).toEqual({ term: 2, voteGranted: true });
    // after a crash the voter keeps away from elections for a minimum timeout as well
    const r = new RaftHarness(2, 3, { config: { readMode: 'lease' } });
    r.ctx.clock = 5000;
    r.crashAndRestart();
    r.ctx.clock = 5000 + MIN - 1;
    r.requestVote(3, 1);
    expect(r.ctx.sentOfType('RequestVoteReply')).toEqual([]);
    expect(0.9 * MIN).toBeLessThan(MIN);
    // Reference: §6.4.1
  });

  it('a transfer forfeits the lease for the rest of the term', () => {
    // the target is elected at once, before the lease would have run out
    const h = readyLeader('lease');
    h.ctx.clock = 10;
    ackAt(h, 2, 10);
    ackAt(h, 3, 10);
    expect(leaseEnd(h.node, h.ctx.nodeIds, h.config, false)).toBeGreaterThan(10);
    h.handlers.onTransfer!(h.node, 2, h.ctx);
    expect(leaseEnd(h.node, h.ctx.nodeIds, h.config, false)).toBe(-Infinity);
    // Reference: §3.10, §6.4.1
  });

  it('teaching bug stale-read: the leader answers at once, without any round', () => {
    const h = readyLeader('read-index', 5, ['stale-read']);
    h.ctx.clock = 500;
    h.ctx.clear();
    h.request('get k', get(7, 1));
    expect(h.ctx.replies).toEqual([{ client: 7, requestId: 1, result: { ok: true, output: null } }]);
    expect(h.ctx.sentOfType('AppendEntries')).toEqual([]);
    expect(h.ctx.notesOf('read').at(-1)!.how).toBe('unconfirmed');
    // Reference: §6.4
  });

  it('teaching bug lease-too-long: the lease outlives the election timeout', () => {
    const h = readyLeader('lease', 5, ['lease-too-long']);
    expect(leaseEnd(h.node, h.ctx.nodeIds, h.config, true)).toBeGreaterThan(MAX);
    expect(leaseEnd(h.node, h.ctx.nodeIds, h.config, false)).toBeLessThan(MIN);
    // Reference: §6.4.1
  });

  it('in the default "log" mode a read is an entry of the log, as in Figure 2', () => {
    const h = new RaftHarness(1, 3);
    h.becomeLeader();
    h.request('get k', get(7, 1));
    expect(h.log.map((e) => e.command)).toEqual(['get k']);
    // Reference: §6.4
  });
});
