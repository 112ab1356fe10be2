/**
 * Dissertation tests for membership changes and log compaction: each case quotes the sentence of
 * Ongaro's "Consensus: Bridging Theory and Practice" (2014) it checks, and drives one node through
 * its handlers as the raft-paper tests do.
 */
import { describe, expect, it } from 'vitest';
import { RaftHarness, entry, logOf } from './support/raft-harness';
import type { NodeId } from '../../src/sim/types';
import type { Snapshot } from '../../src/protocols/raft/types';
import { lastIndex, logStart } from '../../src/protocols/raft/log';
import { configCommand } from '../../src/protocols/raft/membership';

const reconfigure = (h: RaftHarness, members: NodeId[]): void =>
  h.handlers.onLeaderEvent!(h.node, { at: 0, type: 'reconfigure', members }, h.ctx);

/** A leader of term 1 over `members` (of `nodes`) that has committed one entry of its term. */
function leaderOf(members: NodeId[], nodes = 5, options: { snapshotThreshold?: number } = {}): RaftHarness {
  const h = new RaftHarness(members[0], nodes, { config: { members, ...options } });
  h.electionTimeout();
  for (const peer of members.slice(1)) h.receive(peer, 'RequestVoteReply', { term: h.term, voteGranted: true });
  if (h.node.role !== 'leader') throw new Error('not leader');
  h.request('a');
  for (const peer of members.slice(1)) h.ack(peer, 1);
  expect(h.node.commitIndex).toBe(1);
  h.ctx.clear();
  return h;
}

const joint = (old: NodeId[], next: NodeId[]) => ({ voters: next, outgoing: old });
const simple = (voters: NodeId[]) => ({ voters, outgoing: null });

describe('§4 Cluster membership changes', () => {
  it('a server outside the initial configuration stays idle: no election timer, no candidacy', () => {
    // §4.2.1: new servers join "as non-voting members"; until then they do not stand for election
    const h = new RaftHarness(5, 5, { config: { members: [1, 2, 3] } });
    expect(h.ctx.timers.has('election')).toBe(false);
    h.handlers.onTimeoutNow(h.node, h.ctx);
    expect(h.node.role).toBe('follower');
    expect(h.ctx.sentOfType('RequestVote')).toEqual([]);
    // Reference: §4.2.1
  });

  it('a configuration takes effect as soon as it is in the log, committed or not', () => {
    // §4.1: "a server always uses the latest configuration in its log, regardless of whether the
    // entry is committed"
    const h = new RaftHarness(5, 5, { config: { members: [1, 2, 3] } });
    const add5 = { term: 1, command: configCommand(simple([1, 2, 3, 5])), op: null, config: simple([1, 2, 3, 5]) };
    h.appendEntries(1, { term: 1, entries: [entry(1, 'a'), add5], leaderCommit: 0 });
    expect(h.node.config.voters).toEqual([1, 2, 3, 5]);
    expect(h.ctx.timers.has('election')).toBe(true); // a voter now: it may stand
    h.electionTimeout();
    expect(h.ctx.sentOfType('RequestVote').map((m) => m.to)).toEqual([1, 2, 3]);
    // and a conflicting leader that truncates the entry takes the configuration back with it
    h.appendEntries(2, { term: 3, prevLogIndex: 1, prevLogTerm: 1, entries: [entry(3, 'b')] });
    expect(h.node.config.voters).toEqual([1, 2, 3]);
    expect(h.ctx.timers.has('election')).toBe(false);
    // Reference: §4.1
  });

  it('a change of one server is one configuration entry', () => {
    // §4.1: "when adding a single server to a cluster or removing a single server from a cluster,
    // any majority of the old cluster overlaps with any majority of the new cluster"
    const h = leaderOf([1, 2, 3]);
    reconfigure(h, [1, 2, 3, 4]);
    expect(h.log[1].config).toEqual(simple([1, 2, 3, 4]));
    expect(h.node.config).toEqual(simple([1, 2, 3, 4]));
    // the new configuration counts at once: a majority of four is three
    h.ack(2, 2);
    expect(h.node.commitIndex).toBe(1);
    h.ack(4, 2);
    expect(h.node.commitIndex).toBe(2);
    // Reference: §4.1
  });

  it('a change of several servers goes through the joint configuration, which needs both majorities', () => {
    // §4.3: "Agreement (for elections and entry commitment) requires separate majorities from both
    // the old and new configurations."
    const h = leaderOf([1, 2, 3]);
    reconfigure(h, [1, 3, 4, 5]);
    expect(h.log[1].config).toEqual(joint([1, 2, 3], [1, 3, 4, 5]));
    h.ack(4, 2);
    h.ack(5, 2); // S1, S4, S5: a majority of the new set, only S1 of the old
    expect(h.node.commitIndex).toBe(1);
    h.ctx.clear();
    h.ack(2, 2); // S1, S2: a majority of the old set too
    expect(h.node.commitIndex).toBe(2);
    // "Once C_old,new has been committed ... the leader [can] create a log entry describing C_new"
    expect(h.log[2].config).toEqual(simple([1, 3, 4, 5]));
    expect(h.ctx.notesOf('append').map((n) => n.command)).toEqual(['config 1,3,4,5']);
    // Reference: §4.3
  });

  it('one change at a time, and only after the leader has committed an entry of its own term', () => {
    // §4.1: the leader must not begin a change before the previous one is committed; and the
    // errata: a leader "may not append a new configuration entry until it has committed an entry
    // from its current term"
    const fresh = new RaftHarness(1, 3);
    fresh.becomeLeader();
    reconfigure(fresh, [1, 2]);
    expect(fresh.log).toEqual([]);
    expect(fresh.ctx.notesOf('reconfigure-refused')[0].reason).toBe('not-committed');
    const h = leaderOf([1, 2, 3]);
    reconfigure(h, [1, 2, 3, 4]);
    reconfigure(h, [1, 2]);
    expect(h.log.length).toBe(2);
    expect(h.ctx.notesOf('reconfigure-refused')[0].reason).toBe('in-progress');
    // Reference: §4.1
  });

  it('a leader removed from the configuration does not count itself, and steps down once it is committed', () => {
    // §4.2.2: "the leader ... replicates log entries but does not count itself in majorities", and
    // "steps down ... once the C_new entry is committed"
    const h = leaderOf([1, 2, 3]);
    reconfigure(h, [2, 3]);
    h.ack(2, 2);
    expect(h.node.commitIndex).toBe(1); // S1 and S2 would be two of three, but S1 no longer counts
    h.ack(3, 2);
    expect(h.node.commitIndex).toBe(2);
    expect(h.node.role).toBe('leader');
    h.ctx.clear();
    h.heartbeatTimeout();
    // it tells the followers the commit, then leaves
    expect(h.ctx.sentOfType('AppendEntries').every((m) => m.payload.leaderCommit === 2)).toBe(true);
    expect(h.node.role).toBe('follower');
    expect(h.ctx.timers.has('heartbeat')).toBe(false);
    expect(h.ctx.timers.has('election')).toBe(false);
    // Reference: §4.2.2
  });

  it('a server whose own removal is not yet committed may still stand, and win with the new configuration', () => {
    // §4.2.2: the removed server may hold the only copy of C_new; without it the remaining voters
    // (whose logs are behind) could never elect anyone
    const h = leaderOf([1, 2, 3]);
    reconfigure(h, [2, 3]);
    h.requestVote(2, 5, 1, 1); // S2 lacks C_new: S1 steps down and refuses it
    expect(h.node.role).toBe('follower');
    expect(h.ctx.timers.has('election')).toBe(true);
    h.ctx.clear();
    h.electionTimeout();
    expect(h.ctx.sentOfType('RequestVote').map((m) => m.to)).toEqual([2, 3]);
    h.receive(2, 'RequestVoteReply', { term: h.term, voteGranted: true });
    expect(h.node.role).toBe('candidate'); // its own vote does not count in C_new
    h.receive(3, 'RequestVoteReply', { term: h.term, voteGranted: true });
    expect(h.node.role).toBe('leader');
    // Reference: §4.2.2
  });

  it('the leader keeps a removed follower informed until it holds the entry that removed it', () => {
    // §4.2.2: otherwise the removed server, never learning it, would time out and stand for election
    const h = leaderOf([1, 2, 3]);
    reconfigure(h, [1, 2]);
    h.ack(2, 2);
    expect(h.node.commitIndex).toBe(2);
    h.ctx.clear();
    h.heartbeatTimeout();
    expect(h.ctx.sentOfType('AppendEntries').map((m) => m.to)).toEqual([2, 3]);
    h.ack(3, 2);
    h.ctx.clear();
    h.heartbeatTimeout();
    expect(h.ctx.sentOfType('AppendEntries').map((m) => m.to)).toEqual([2]);
    // Reference: §4.2.2
  });

  it('a server ignores vote requests from a server outside its configuration', () => {
    // §4.2.3: "removed servers ... can disrupt the cluster" by sending RequestVote with new terms
    const h = new RaftHarness(1, 5, { config: { members: [1, 2, 3] } });
    h.requestVote(5, 9);
    expect(h.term).toBe(0);
    expect(h.ctx.sentOfType('RequestVoteReply')).toEqual([]);
    h.requestVote(2, 9);
    expect(h.term).toBe(9);
    // Reference: §4.2.3
  });
});

describe('§5.1 Snapshotting', () => {
  it('a server snapshots its state machine once it has applied the threshold, and drops that log prefix', () => {
    // §5.1: "Each server takes snapshots independently, covering just the committed entries in its log."
    const h = new RaftHarness(2, 3, { config: { snapshotThreshold: 3 } });
    const put = (k: string, v: string, id: number) => ({ term: 1, command: `put ${k}=${v}`, op: { client: 1, requestId: id, op: 'put' as const, key: k, value: v } });
    h.appendEntries(1, { term: 1, entries: [put('k', 'a', 1), put('k', 'b', 2), put('j', 'c', 3), put('k', 'd', 4)], leaderCommit: 2 });
    expect(h.node.durable.snapshot ?? null).toBeNull();
    h.appendEntries(1, { term: 1, prevLogIndex: 4, prevLogTerm: 1, leaderCommit: 3 });
    const snap = h.node.durable.snapshot!;
    expect({ index: snap.index, term: snap.term, kv: snap.state.kv }).toEqual({ index: 3, term: 1, kv: { k: 'b', j: 'c' } });
    expect(logStart(h.node)).toBe(3);
    expect(h.log.map((e) => e.command)).toEqual(['put k=d']);
    expect(lastIndex(h.node)).toBe(4);
    // a restart brings the state machine back from the snapshot, not from entries it no longer has
    h.crashAndRestart();
    expect(h.node.kv).toEqual({ k: 'b', j: 'c' });
    expect(h.node.commitIndex).toBe(3);
    expect(h.node.lastApplied).toBe(3);
    // Reference: §5.1
  });

  it('a leader sends InstallSnapshot to a follower that needs an entry it has dropped', () => {
    // §5.1: "the leader must occasionally send snapshots to followers that lag behind ... when it
    // has already discarded the next log entry that it needs to send to a follower"
    const h = new RaftHarness(1, 3, { config: { snapshotThreshold: 2 } });
    h.becomeLeader();
    h.request('a');
    h.request('b');
    h.ack(2, 2);
    expect(logStart(h.node)).toBe(2);
    h.ctx.clear();
    h.heartbeatTimeout();
    const toS3 = h.ctx.sent.filter((m) => m.to === 3);
    expect(toS3.map((m) => m.type)).toEqual(['InstallSnapshot']);
    expect(toS3[0].payload.snapshot).toMatchObject({ index: 2, term: 1 });
    expect(h.ctx.sent.find((m) => m.to === 2)!.type).toBe('AppendEntries');
    // the follower's answer moves it past the snapshot
    h.receive(3, 'InstallSnapshotReply', { term: 1, matchIndex: 2 });
    expect(h.node.matchIndex[3]).toBe(2);
    expect(h.node.nextIndex[3]).toBe(3);
    // Reference: §5.1
  });

  const snapshotOf = (index: number, term: number): Snapshot => ({
    index, term, config: { voters: [1, 2, 3], outgoing: null }, state: { kv: { x: '1' }, sessions: {} }, digest: 7,
  });

  it('a follower whose log holds the snapshot\'s last entry keeps the entries after it', () => {
    // §5.1: "If instead the follower receives a snapshot that describes a prefix of its log ...
    // entries following the snapshot are still valid and must be retained."
    const h = new RaftHarness(2, 3);
    h.setDurable(1, logOf(1, 1, 1, 1));
    h.receive(1, 'InstallSnapshot', { term: 1, leaderId: 1, snapshot: snapshotOf(2, 1) });
    expect(logStart(h.node)).toBe(2);
    expect(h.log.map((e) => e.command)).toEqual(['e3t1', 'e4t1']);
    expect(h.node.kv).toEqual({ x: '1' });
    expect(h.lastSent('InstallSnapshotReply')).toEqual({ term: 1, matchIndex: 2 });
    // Reference: §5.1
  });

  it('a follower whose log conflicts with the snapshot discards its whole log', () => {
    // §5.1: "Usually the snapshot will contain new information not already in the recipient's
    // log. In this case, the follower discards its entire log"
    const h = new RaftHarness(2, 3);
    h.setDurable(2, logOf(1, 2));
    h.receive(1, 'InstallSnapshot', { term: 3, leaderId: 1, snapshot: snapshotOf(3, 3) });
    expect(h.log).toEqual([]);
    expect(logStart(h.node)).toBe(3);
    expect(h.node.commitIndex).toBe(3);
    expect(h.term).toBe(3);
    // Reference: §5.1
  });

  it('a stale-term InstallSnapshot is refused and changes nothing', () => {
    // Figure 5.3 (InstallSnapshot RPC): "Reply immediately if term < currentTerm"
    const h = new RaftHarness(2, 3);
    h.setDurable(4, logOf(1));
    h.receive(1, 'InstallSnapshot', { term: 3, leaderId: 1, snapshot: snapshotOf(3, 3) });
    expect(h.lastSent('InstallSnapshotReply')).toEqual({ term: 4, matchIndex: 0 });
    expect(h.node.durable.snapshot ?? null).toBeNull();
    expect(h.log.length).toBe(1);
    // Reference: Figure 5.3
  });
});
