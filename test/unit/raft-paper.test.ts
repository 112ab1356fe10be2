/**
 * Raft paper tests: each case quotes the sentence of "In Search of an Understandable Consensus
 * Algorithm" (extended version) it checks, and drives one node through its handlers (or a small
 * cluster through the engine) to assert the behaviour the sentence asks for.
 */
import { describe, expect, it } from 'vitest';
import { RaftHarness, entry, logOf } from './support/raft-harness';
import { SCRIPTED_ELECTIONS, committedCommands, raftScenario, runWatched } from './support/cluster';
import { figure8Scenario } from './support/figure8';
import { safetyProblems } from './support/oracles';
import type { ClientOp } from '../../src/sim/types';

const heartbeatFrom = (h: RaftHarness, from: number, term: number, prevLogIndex = 0, prevLogTerm = 0, leaderCommit = 0) =>
  h.appendEntries(from, { term, prevLogIndex, prevLogTerm, leaderCommit });

describe('§5.1 Raft basics', () => {
  it('a follower adopts a larger term it sees in any RPC', () => {
    // "Current terms are exchanged whenever servers communicate; if one server's current term is
    // smaller than the other's, then it updates its current term to the larger value."
    const h = new RaftHarness(1, 3);
    h.setDurable(2, []);
    h.requestVote(2, 5);
    expect(h.term).toBe(5);
    heartbeatFrom(h, 3, 7);
    expect(h.term).toBe(7);
    h.receive(2, 'AppendEntriesReply', { term: 9, success: false, matchIndex: 0, conflictIndex: 0, conflictTerm: 0 });
    expect(h.term).toBe(9);
    expect(h.node.role).toBe('follower');
    // Reference: §5.1
  });

  it('a candidate that discovers a larger term reverts to follower', () => {
    // "If a candidate or leader discovers that its term is out of date, it immediately reverts to
    // follower state."
    const h = new RaftHarness(1, 5);
    h.electionTimeout();
    expect(h.node.role).toBe('candidate');
    h.receive(2, 'RequestVoteReply', { term: 4, voteGranted: false });
    expect(h.node.role).toBe('follower');
    expect(h.term).toBe(4);
    expect(h.node.durable.votedFor).toBeNull();
    // Reference: §5.1
  });

  it('a leader that discovers a larger term steps down and stops sending heartbeats', () => {
    // "If a candidate or leader discovers that its term is out of date, it immediately reverts to
    // follower state."
    const h = new RaftHarness(1, 3);
    h.becomeLeader();
    expect(h.ctx.timers.has('heartbeat')).toBe(true);
    h.receive(3, 'AppendEntriesReply', { term: h.term + 1, success: false, matchIndex: 0, conflictIndex: 0, conflictTerm: 0 });
    expect(h.node.role).toBe('follower');
    expect(h.term).toBe(2);
    expect(h.ctx.timers.has('heartbeat')).toBe(false);
    expect(h.ctx.timers.has('election')).toBe(true);
    // Reference: §5.1
  });

  it('a stale-term RequestVote is rejected and the reply carries the current term', () => {
    // "If a server receives a request with a stale term number, it rejects the request."
    const h = new RaftHarness(1, 3);
    h.setDurable(4, []);
    h.requestVote(2, 3);
    expect(h.lastSent('RequestVoteReply')).toEqual({ term: 4, voteGranted: false });
    expect(h.node.durable.votedFor).toBeNull();
    // Reference: §5.1
  });

  it('a stale-term AppendEntries is rejected and does not touch the log', () => {
    // "If a server receives a request with a stale term number, it rejects the request."
    const h = new RaftHarness(1, 3);
    h.setDurable(4, logOf(1));
    h.appendEntries(2, { term: 3, prevLogIndex: 1, prevLogTerm: 1, entries: [entry(3, 'x')], leaderCommit: 2 });
    const reply = h.lastSent('AppendEntriesReply');
    expect(reply.success).toBe(false);
    expect(reply.term).toBe(4);
    expect(h.log.map((e) => e.term)).toEqual([1]);
    expect(h.node.commitIndex).toBe(0);
    expect(h.node.leaderId).toBeNull();
    // Reference: §5.1
  });
});

describe('§5.2 Leader election', () => {
  it('servers start up as followers in term 0 with an election timer armed', () => {
    // "When servers start up, they begin as followers."
    const h = new RaftHarness(2, 5);
    expect(h.node.role).toBe('follower');
    expect(h.term).toBe(0);
    expect(h.ctx.timers.has('election')).toBe(true);
    expect(h.ctx.timers.has('heartbeat')).toBe(false);
    // Reference: §5.2
  });

  it('a follower that hears from the leader resets its election timer', () => {
    // "A server remains in follower state as long as it receives valid RPCs from a leader or
    // candidate."
    const h = new RaftHarness(2, 3);
    h.ctx.clear();
    heartbeatFrom(h, 1, 1);
    expect(h.node.role).toBe('follower');
    expect(h.ctx.timerLog.some((t) => t.name === 'election')).toBe(true);
    h.ctx.clear();
    heartbeatFrom(h, 3, 0); // stale: not a valid RPC from the current leader
    expect(h.ctx.timerLog.some((t) => t.name === 'election')).toBe(false);
    // Reference: §5.2
  });

  it('on election timeout a follower increments its term and becomes a candidate', () => {
    // "To begin an election, a follower increments its current term and transitions to candidate
    // state."
    const h = new RaftHarness(1, 5);
    h.setDurable(3, logOf(1, 3));
    h.electionTimeout();
    expect(h.node.role).toBe('candidate');
    expect(h.term).toBe(4);
    // Reference: §5.2
  });

  it('a candidate votes for itself and asks every other server, describing its log', () => {
    // "It then votes for itself and issues RequestVote RPCs in parallel to each of the other
    // servers in the cluster."
    const h = new RaftHarness(1, 5);
    h.setDurable(3, logOf(1, 3));
    h.ctx.clear();
    h.electionTimeout();
    expect(h.node.durable.votedFor).toBe(1);
    const asks = h.ctx.sentOfType('RequestVote');
    expect(asks.map((m) => m.to).sort()).toEqual([2, 3, 4, 5]);
    for (const m of asks) expect(m.payload).toEqual({ term: 4, candidateId: 1, lastLogIndex: 2, lastLogTerm: 3 });
    // Reference: §5.2
  });

  it('a candidate becomes leader with votes from a majority of the full cluster, not before', () => {
    // "A candidate wins an election if it receives votes from a majority of the servers in the
    // full cluster for the same term."
    const h = new RaftHarness(1, 5);
    h.electionTimeout();
    h.receive(2, 'RequestVoteReply', { term: 1, voteGranted: true });
    h.receive(2, 'RequestVoteReply', { term: 1, voteGranted: true }); // a duplicate counts once
    h.receive(3, 'RequestVoteReply', { term: 1, voteGranted: false });
    expect(h.node.role).toBe('candidate');
    h.receive(4, 'RequestVoteReply', { term: 1, voteGranted: true });
    expect(h.node.role).toBe('leader');
    // Reference: §5.2
  });

  it('votes granted for an earlier term do not count', () => {
    // "A candidate wins an election if it receives votes from a majority of the servers in the
    // full cluster for the same term."
    const h = new RaftHarness(1, 3);
    h.electionTimeout(); // term 1
    h.electionTimeout(); // term 2: split vote, try again
    h.receive(2, 'RequestVoteReply', { term: 1, voteGranted: true });
    expect(h.node.role).toBe('candidate');
    h.receive(2, 'RequestVoteReply', { term: 2, voteGranted: true });
    expect(h.node.role).toBe('leader');
    // Reference: §5.2
  });

  it('a server votes for at most one candidate per term, first come first served', () => {
    // "Each server will vote for at most one candidate in a given term, on a first-come-first-served
    // basis."
    const h = new RaftHarness(1, 5);
    h.requestVote(2, 1);
    expect(h.lastSent('RequestVoteReply')).toEqual({ term: 1, voteGranted: true });
    h.requestVote(3, 1);
    expect(h.lastSent('RequestVoteReply')).toEqual({ term: 1, voteGranted: false });
    h.requestVote(2, 1); // the same candidate asking again (a retransmission) gets the same answer
    expect(h.lastSent('RequestVoteReply')).toEqual({ term: 1, voteGranted: true });
    expect(h.node.durable.votedFor).toBe(2);
    h.requestVote(3, 2); // a new term: a new vote
    expect(h.lastSent('RequestVoteReply')).toEqual({ term: 2, voteGranted: true });
    // Reference: §5.2
  });

  it('a candidate refuses to vote for another candidate of its own term', () => {
    // "Each server will vote for at most one candidate in a given term" — a candidate has voted
    // for itself.
    const h = new RaftHarness(1, 3);
    h.electionTimeout();
    h.requestVote(2, 1);
    expect(h.lastSent('RequestVoteReply')).toEqual({ term: 1, voteGranted: false });
    expect(h.node.role).toBe('candidate');
    // Reference: §5.2
  });

  it('a new leader sends heartbeats to every other server at once and then periodically', () => {
    // "Once a candidate wins an election, it becomes leader. It then sends heartbeat messages to
    // all of the other servers to establish its authority and prevent new elections."
    const h = new RaftHarness(1, 5, { config: { heartbeatInterval: 40 } });
    h.electionTimeout();
    h.ctx.clear();
    h.receive(2, 'RequestVoteReply', { term: 1, voteGranted: true });
    h.receive(3, 'RequestVoteReply', { term: 1, voteGranted: true });
    const beats = h.ctx.sentOfType('AppendEntries');
    expect(beats.map((m) => m.to).sort()).toEqual([2, 3, 4, 5]);
    for (const m of beats) expect(m.payload).toMatchObject({ term: 1, leaderId: 1, entries: [] });
    expect(h.ctx.timers.get('heartbeat')).toBe(40);
    expect(h.ctx.timers.has('election')).toBe(false);
    h.ctx.clear();
    h.heartbeatTimeout();
    expect(h.ctx.sentOfType('AppendEntries')).toHaveLength(4);
    // Reference: §5.2
  });

  it('a candidate recognises a leader of its own term and returns to follower', () => {
    // "If the leader's term (included in its RPC) is at least as large as the candidate's current
    // term, then the candidate recognizes the leader as legitimate and returns to follower state."
    const h = new RaftHarness(1, 3);
    h.electionTimeout();
    heartbeatFrom(h, 2, 1);
    expect(h.node.role).toBe('follower');
    expect(h.term).toBe(1);
    expect(h.node.leaderId).toBe(2);
    expect(h.lastSent('AppendEntriesReply').success).toBe(true);
    // Reference: §5.2
  });

  it('a candidate rejects an AppendEntries of a smaller term and stays candidate', () => {
    // "If the term in the RPC is smaller than the candidate's current term, then the candidate
    // rejects the RPC and continues in candidate state."
    const h = new RaftHarness(1, 3);
    h.electionTimeout();
    h.electionTimeout(); // term 2
    heartbeatFrom(h, 2, 1);
    expect(h.node.role).toBe('candidate');
    expect(h.lastSent('AppendEntriesReply')).toMatchObject({ term: 2, success: false });
    // Reference: §5.2
  });

  it('a candidate that neither wins nor loses times out and starts a new election in a new term', () => {
    // "When this happens, each candidate will time out and start a new election by incrementing its
    // term and initiating another round of RequestVote RPCs."
    const h = new RaftHarness(1, 3);
    h.electionTimeout();
    h.ctx.clear();
    h.electionTimeout();
    expect(h.node.role).toBe('candidate');
    expect(h.term).toBe(2);
    expect(h.ctx.sentOfType('RequestVote').map((m) => m.payload.term)).toEqual([2, 2]);
    // Reference: §5.2
  });

  it('election timeouts are drawn at random from the configured interval', () => {
    // "Raft uses randomized election timeouts to ensure that split votes are rare ... election
    // timeouts are chosen randomly from a fixed interval (e.g., 150–300ms)."
    const delays: number[] = [];
    for (let id = 1; id <= 5; id++) {
      const h = new RaftHarness(id, 5);
      for (let i = 0; i < 20; i++) { h.electionTimeout(); delays.push(h.ctx.timers.get('election')!); }
    }
    for (const d of delays) { expect(d).toBeGreaterThanOrEqual(150); expect(d).toBeLessThanOrEqual(300); }
    expect(new Set(delays).size).toBeGreaterThan(90);
    // Reference: §5.2
  });
});

describe('§5.3 Log replication', () => {
  it('the leader appends a client command to its log and sends it to each follower', () => {
    // "The leader appends the command to its log as a new entry, then issues AppendEntries RPCs in
    // parallel to each of the other servers to replicate the entry."
    const h = new RaftHarness(1, 3);
    h.becomeLeader();
    h.ctx.clear();
    h.request('x=1');
    expect(h.log).toEqual([{ term: 1, command: 'x=1', op: null }]);
    const sends = h.ctx.sentOfType('AppendEntries');
    expect(sends.map((m) => m.to).sort()).toEqual([2, 3]);
    for (const m of sends) {
      expect(m.payload).toMatchObject({ term: 1, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0 });
      expect(m.payload.entries.map((e: { command: string }) => e.command)).toEqual(['x=1']);
    }
    // Reference: §5.3
  });

  it('an entry is committed once a majority stores it, and not before', () => {
    // "A log entry is committed once the leader that created the entry has replicated it on a
    // majority of the servers."
    const h = new RaftHarness(1, 5);
    h.becomeLeader();
    h.request('a');
    h.ack(2, 1);
    expect(h.node.commitIndex).toBe(0);
    h.ack(2, 1); // the same follower twice is still one replica
    expect(h.node.commitIndex).toBe(0);
    h.ack(3, 1);
    expect(h.node.commitIndex).toBe(1);
    // Reference: §5.3
  });

  it('the leader sends its commitIndex and followers commit up to it, but no further than their match', () => {
    // "The leader keeps track of the highest index it knows to be committed, and it includes that
    // index in future AppendEntries RPCs (including heartbeats) so that the other servers eventually
    // find out." Figure 2: "If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index
    // of last new entry)."
    const leader = new RaftHarness(1, 3);
    leader.becomeLeader();
    leader.request('a');
    leader.ack(2, 1);
    leader.ctx.clear();
    leader.heartbeatTimeout();
    expect(leader.ctx.sentOfType('AppendEntries')[0].payload.leaderCommit).toBe(1);

    const f = new RaftHarness(3, 3);
    f.setDurable(1, [entry(1, 'a'), entry(1, 'stale')]);
    f.appendEntries(1, { term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 2 });
    expect(f.node.commitIndex).toBe(0); // the heartbeat vouched for nothing after index 0
    f.appendEntries(1, { term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [], leaderCommit: 2 });
    expect(f.node.commitIndex).toBe(1);
    // Reference: §5.3
  });

  it('a delayed or short AppendEntries never lowers a follower’s commitIndex', () => {
    // Figure 2: "If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new
    // entry)" — a rule that only ever raises commitIndex, since committed entries stay committed.
    const h = new RaftHarness(2, 3);
    h.appendEntries(1, { term: 1, entries: logOf(1, 1, 1, 1, 1), leaderCommit: 3 });
    expect(h.node.commitIndex).toBe(3);
    h.appendEntries(1, { term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [], leaderCommit: 5 });
    expect(h.node.commitIndex).toBe(3);
    h.appendEntries(1, { term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: logOf(1), leaderCommit: 5 });
    expect(h.node.commitIndex).toBe(3);
    h.appendEntries(1, { term: 1, prevLogIndex: 4, prevLogTerm: 1, entries: [], leaderCommit: 5 });
    expect(h.node.commitIndex).toBe(4);
    // Reference: §5.3
  });

  it('a follower refuses entries when it lacks the preceding entry', () => {
    // "If the follower does not find an entry in its log with the same index and term, then it
    // refuses the new entries."
    const h = new RaftHarness(2, 3);
    h.setDurable(1, logOf(1));
    h.appendEntries(1, { term: 2, prevLogIndex: 3, prevLogTerm: 2, entries: [entry(2, 'x')] });
    expect(h.lastSent('AppendEntriesReply')).toMatchObject({ term: 2, success: false, conflictIndex: 2, conflictTerm: 0 });
    expect(h.log).toHaveLength(1);
    // Reference: §5.3
  });

  it('a follower refuses entries when the preceding entry has another term, naming that term and its first index', () => {
    // "When rejecting an AppendEntries request, the follower can include the term of the conflicting
    // entry and the first index it stores for that term."
    const h = new RaftHarness(2, 3);
    h.setDurable(3, logOf(1, 2, 2, 2));
    h.appendEntries(1, { term: 4, prevLogIndex: 4, prevLogTerm: 3, entries: [entry(4, 'x')] });
    expect(h.lastSent('AppendEntriesReply')).toMatchObject({ success: false, conflictTerm: 2, conflictIndex: 2 });
    expect(h.log.map((e) => e.term)).toEqual([1, 2, 2, 2]);
    // Reference: §5.3
  });

  it('a conflicting entry and everything after it are deleted, then the leader’s entries appended', () => {
    // "If an existing entry conflicts with a new one (same index but different terms), delete the
    // existing entry and all that follow it." (Figure 2)
    const h = new RaftHarness(2, 3);
    h.setDurable(2, logOf(1, 2, 2, 2));
    h.appendEntries(1, { term: 3, prevLogIndex: 1, prevLogTerm: 1, entries: [entry(3, 'p'), entry(3, 'q')], leaderCommit: 3 });
    expect(h.log.map((e) => `${e.term}:${e.command}`)).toEqual(['1:e1t1', '3:p', '3:q']);
    expect(h.lastSent('AppendEntriesReply')).toMatchObject({ success: true, matchIndex: 3 });
    expect(h.node.commitIndex).toBe(3);
    // Reference: §5.3
  });

  it('entries already in the log are kept: a delayed AppendEntries does not truncate', () => {
    // "Append any new entries not already in the log." (Figure 2)
    const h = new RaftHarness(2, 3);
    h.setDurable(1, logOf(1, 1, 1));
    h.appendEntries(1, { term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: logOf(1) });
    expect(h.log).toHaveLength(3);
    expect(h.lastSent('AppendEntriesReply')).toMatchObject({ success: true, matchIndex: 1 });
    // Reference: §5.3
  });

  it('a new leader sets every nextIndex just after its last entry', () => {
    // "When a leader first comes to power, it initializes all nextIndex values to the index just
    // after the last one in its log."
    const h = new RaftHarness(1, 3);
    h.setDurable(2, logOf(1, 2, 2));
    h.electionTimeout();
    h.ctx.clear();
    h.receive(2, 'RequestVoteReply', { term: 3, voteGranted: true });
    for (const m of h.ctx.sentOfType('AppendEntries')) {
      expect(m.payload).toMatchObject({ prevLogIndex: 3, prevLogTerm: 2, entries: [] });
    }
    expect(h.node.nextIndex[2]).toBe(4);
    expect(h.node.nextIndex[3]).toBe(4);
    // Reference: §5.3
  });

  it('after a refusal the leader backs up past the whole conflicting term and retries', () => {
    // "With this information, the leader can decrement nextIndex to bypass all of the conflicting
    // entries in that term; one AppendEntries RPC will be required for each term with conflicting
    // entries, rather than one RPC per entry."
    const h = new RaftHarness(1, 3);
    h.setDurable(5, logOf(1, 1, 4, 4, 5)); // the leader of term 6 has 1,1,4,4,5: every nextIndex is 6
    h.becomeLeader();
    h.ctx.clear();
    // follower 2 has 1,2,2,2,2: conflict at its index 2..5 of term 2, which the leader has none of
    h.receive(2, 'AppendEntriesReply', { term: 6, success: false, matchIndex: 0, conflictIndex: 2, conflictTerm: 2 });
    let retry = h.lastSent('AppendEntries');
    expect(retry).toMatchObject({ prevLogIndex: 1, prevLogTerm: 1 });
    expect(retry.entries.map((e: { term: number }) => e.term)).toEqual([1, 4, 4, 5]);
    // follower 3 has 1,1,4,4,4 of a term-4 leader that got further: the leader has term 4 up to index 4
    h.receive(3, 'AppendEntriesReply', { term: 6, success: false, matchIndex: 0, conflictIndex: 3, conflictTerm: 4 });
    retry = h.lastSent('AppendEntries');
    expect(retry).toMatchObject({ prevLogIndex: 4, prevLogTerm: 4 });
    // a copy of that refusal (a duplicating network) changes nothing and sends nothing
    h.ctx.clear();
    h.receive(3, 'AppendEntriesReply', { term: 6, success: false, matchIndex: 0, conflictIndex: 3, conflictTerm: 4 });
    expect(h.ctx.sent).toEqual([]);
    // a follower that is merely short is resent from just after its last entry
    h.receive(3, 'AppendEntriesReply', { term: 6, success: false, matchIndex: 0, conflictIndex: 2, conflictTerm: 0 });
    expect(h.lastSent('AppendEntries')).toMatchObject({ prevLogIndex: 1, prevLogTerm: 1 });
    // Reference: §5.3
  });

  it('a leader never overwrites or deletes entries in its own log', () => {
    // "a leader never overwrites or deletes entries in its own log (the Leader Append-Only
    // Property)."
    const h = new RaftHarness(1, 3);
    h.setDurable(2, logOf(1, 2));
    h.becomeLeader();
    h.request('mine');
    const before = h.log.slice();
    h.receive(2, 'AppendEntriesReply', { term: h.term, success: false, matchIndex: 0, conflictIndex: 1, conflictTerm: 1 });
    h.receive(3, 'AppendEntriesReply', { term: h.term, success: true, matchIndex: 3, conflictIndex: 0, conflictTerm: 0 });
    h.requestVote(2, h.term, 99, 99); // a same-term candidate with a "better" log changes nothing
    expect(h.log).toEqual(before);
    expect(h.node.role).toBe('leader');
    // Reference: §5.3
  });

  it('committed entries are applied in log order: a read sees the writes before it', () => {
    // "Once a follower learns that a log entry is committed, it applies the entry to its local state
    // machine (in log order)."
    const h = new RaftHarness(1, 3);
    h.becomeLeader();
    const op = (requestId: number, kind: 'get' | 'put', value: string | null): ClientOp =>
      ({ client: 7, requestId, op: kind, key: 'k', value });
    h.request('put k=1', op(1, 'put', '1'));
    h.request('put k=2', op(2, 'put', '2'));
    h.request('get k', op(3, 'get', null));
    expect(h.ctx.replies).toEqual([]);
    h.ack(2, 3);
    expect(h.ctx.replies.map((r) => [r.requestId, r.result])).toEqual([
      [1, { ok: true, output: null }], [2, { ok: true, output: null }], [3, { ok: true, output: '2' }],
    ]);
    expect(h.node.lastApplied).toBe(3);
    // Reference: §5.3
  });

  it('a follower rejects a client request and names the leader it knows', () => {
    // "If a client contacts a follower, the follower will reject its request and supply information
    // about the most recent leader it has heard from."
    const h = new RaftHarness(2, 3);
    heartbeatFrom(h, 3, 1);
    h.request('x', { client: 1, requestId: 1, op: 'put', key: 'k', value: 'v' });
    expect(h.log).toEqual([]);
    expect(h.ctx.replies).toEqual([{ client: 1, requestId: 1, result: { ok: false, leaderHint: 3 } }]);
    // Reference: §8
  });
});

describe('§5.4 Safety', () => {
  it('a voter denies its vote to a candidate whose last entry has an older term', () => {
    // "The voter denies its vote if its own log is more up-to-date than that of the candidate. ...
    // If the logs have last entries with different terms, then the log with the later term is more
    // up-to-date."
    const h = new RaftHarness(1, 3);
    h.setDurable(2, logOf(1, 2));
    h.requestVote(2, 3, 5, 1);
    expect(h.lastSent('RequestVoteReply')).toEqual({ term: 3, voteGranted: false });
    expect(h.node.durable.votedFor).toBeNull();
    h.requestVote(3, 3, 1, 3); // shorter, but a later last term: more up to date
    expect(h.lastSent('RequestVoteReply')).toEqual({ term: 3, voteGranted: true });
    // Reference: §5.4.1
  });

  it('with equal last terms, the longer log wins the vote comparison', () => {
    // "If the logs end with the same term, then whichever log is longer is more up-to-date."
    const h = new RaftHarness(1, 5);
    h.setDurable(2, logOf(1, 2, 2));
    h.requestVote(2, 3, 2, 2);
    expect(h.lastSent('RequestVoteReply').voteGranted).toBe(false);
    h.requestVote(3, 3, 3, 2); // as long: at least as up to date
    expect(h.lastSent('RequestVoteReply').voteGranted).toBe(true);
    // Reference: §5.4.1
  });

  it('a leader does not commit an entry of an earlier term by counting replicas', () => {
    // "Raft never commits log entries from previous terms by counting replicas."
    const h = new RaftHarness(1, 5);
    h.setDurable(2, logOf(1, 2));
    h.becomeLeader(); // term 3
    h.ack(2, 2);
    h.ack(3, 2);
    h.ack(4, 2);
    expect(h.node.commitIndex).toBe(0);
    // Reference: §5.4.2
  });

  it('an entry of the current term commits, and every earlier entry with it', () => {
    // "Only log entries from the leader's current term are committed by counting replicas; once an
    // entry from the current term has been committed in this way, then all prior entries are
    // committed indirectly because of the Log Matching Property."
    const h = new RaftHarness(1, 5);
    h.setDurable(2, logOf(1, 2));
    h.becomeLeader();
    h.request('now');
    h.ack(2, 3);
    expect(h.node.commitIndex).toBe(0);
    h.ack(3, 3);
    expect(h.node.commitIndex).toBe(3);
    expect(h.ctx.notesOf('commit')).toEqual([{ from: 1, to: 3, term: 3, replicas: 3 }]);
    // Reference: §5.4.2
  });

  it('Figure 8: an old-term entry replicated on a majority is not committed, and a later leader may replace it safely', () => {
    // "Figure 8 illustrates a situation where an old log entry is stored on a majority of servers,
    // yet can still be overwritten by a future leader."
    const { sim, trace, watcher } = runWatched(figure8Scenario([]), 2500);
    expect(sim.violations).toEqual([]);
    expect(safetyProblems(sim, trace, watcher)).toEqual([]);
    // S1 (term 3) got "b" onto S2, S3 and S4 but never committed it; S5 (term 4) replaced it with "c"
    expect(committedCommands(sim)).toEqual(['a', 'c', 'd']);
    const s1 = trace.filter((r) => r.node === 1 && r.kind === 'note' && r.what === 'commit');
    expect(s1.map((r) => r.data!.to)).toEqual([1]);
    // Reference: §5.4.2
  });

  it('term, vote and log survive a crash; volatile state does not', () => {
    // "Persistent state on all servers: (Updated on stable storage before responding to RPCs)
    // currentTerm, votedFor, log[]" (Figure 2)
    const h = new RaftHarness(1, 5);
    h.appendEntries(2, { term: 2, entries: logOf(1, 2), leaderCommit: 2 });
    h.requestVote(3, 3, 2, 2);
    expect(h.node.commitIndex).toBe(2);
    h.crashAndRestart();
    expect(h.term).toBe(3);
    expect(h.node.durable.votedFor).toBe(3);
    expect(h.log.map((e) => e.term)).toEqual([1, 2]);
    expect(h.node.role).toBe('follower');
    expect(h.node.commitIndex).toBe(0);
    expect(h.node.leaderId).toBeNull();
    h.requestVote(4, 3, 2, 2); // the vote of term 3 is still spent
    expect(h.lastSent('RequestVoteReply')).toEqual({ term: 3, voteGranted: false });
    // Reference: §5.4
  });

  it('a restarted node keeps its vote in a running cluster: no second vote in the same term', () => {
    // "Each server will vote for at most one candidate in a given term" — across a crash, because
    // votedFor is persistent state (Figure 2).
    const scenario = raftScenario({
      nodes: 3, config: SCRIPTED_ELECTIONS,
      events: [
        { at: 0, type: 'partition', groups: [[1, 2], [3]] },
        { at: 10, type: 'timeout', node: 1 },   // S2 votes for S1 in term 1
        { at: 100, type: 'crash', node: 2 },
        { at: 110, type: 'restart', node: 2 },
        { at: 120, type: 'crash', node: 1 },
        { at: 130, type: 'heal' },
        { at: 140, type: 'timeout', node: 3 },  // S3 asks for term 1 as well
      ],
    });
    const { sim, trace } = runWatched(scenario, 600);
    const votes = trace.filter((r) => r.kind === 'note' && r.what === 'vote' && r.node === 2);
    expect(votes.map((r) => [r.data!.candidate, r.data!.term, r.data!.granted])).toEqual([[1, 1, true], [3, 1, false]]);
    expect(sim.violations).toEqual([]);
    // Reference: §5.4
  });
});
