/**
 * Zab paper tests: each case quotes (or closely paraphrases) "Zab: High-performance broadcast for
 * primary-backup systems" (Junqueira, Reed, Serafini, DSN 2011) or ZooKeeper's Fast Leader
 * Election, and drives one node through its handlers to assert the behaviour it asks for.
 * Whole-cluster cases are in zab-cluster.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ZabHarness, txn } from './support/zab-harness';
import { zxid, zxidPair } from '../../src/protocols/zab/types';

describe('Phase 0: Fast Leader Election', () => {
  it('a LOOKING node votes for itself with its epoch and last zxid, and tells every peer', () => {
    // "each server starts by voting for itself"; a vote carries the proposed leader's epoch and last zxid
    const h = new ZabHarness(2, 3, { durable: { currentEpoch: 1, acceptedEpoch: 1, history: [txn(1, 1), txn(1, 2)] } });
    expect(h.node.role).toBe('looking');
    expect(h.node.phase).toBe('election');
    const sent = h.ctx.sentOfType('NOTIFICATION');
    expect(sent.map((m) => m.to).sort()).toEqual([1, 3]);
    expect(sent[0].payload.vote).toEqual({ leader: 2, epoch: 1, zxid: zxid(1, 2) });
    // Reference: Fast Leader Election (Zab Phase 0)
  });

  it('a node changes its vote to a higher (epoch, last zxid, id) and says so again, never to a lower one', () => {
    // Fast Leader Election's total order on votes: epoch, then zxid, then server id
    const h = new ZabHarness(2, 5, { durable: { currentEpoch: 1, acceptedEpoch: 1, history: [txn(1, 3)] } });
    h.ctx.clear();
    h.vote(5, { leader: 5, epoch: 1, zxid: zxid(1, 2) }); // higher id, older history
    expect(h.node.vote.leader).toBe(2);
    // it keeps its vote, and tells S5 alone of the better candidate
    expect(h.ctx.sentOfType('NOTIFICATION').map((m) => [m.to, m.payload.vote.leader])).toEqual([[5, 2]]);
    h.ctx.clear();
    h.vote(1, { leader: 1, epoch: 1, zxid: zxid(1, 4) }); // lower id, newer history
    expect(h.node.vote.leader).toBe(1);
    expect(h.ctx.sentOfType('NOTIFICATION')).toHaveLength(4);
    h.vote(3, { leader: 3, epoch: 2, zxid: zxid(2, 0) }); // a later epoch beats any zxid of an earlier one
    expect(h.node.vote.leader).toBe(3);
    // Reference: Fast Leader Election (Zab Phase 0)
  });

  it('a node that hears a later round joins it, and answers an earlier round with its own vote', () => {
    const h = new ZabHarness(1, 5);
    h.ctx.clear();
    h.vote(2, { leader: 2, epoch: 0, zxid: 0 }, 4);
    expect(h.node.round).toBe(4);
    expect(h.node.vote.leader).toBe(2);
    h.ctx.clear();
    h.vote(3, { leader: 3, epoch: 0, zxid: 0 }, 2);
    expect(h.ctx.sent).toEqual([{ to: 3, type: 'NOTIFICATION', payload: { vote: h.node.vote, round: 4, state: 'looking' } }]);
    expect(h.node.vote.leader).toBe(2); // (a vote from an earlier round counts for nothing)
    // Reference: Fast Leader Election (logical clock)
  });

  it('once a quorum votes like it, a node follows the chosen leader and sends FOLLOWERINFO with acceptedEpoch', () => {
    // "a prospective leader is elected ... a follower sends CEPOCH(f.a) to its prospective leader"
    const h = new ZabHarness(1, 5, { durable: { acceptedEpoch: 3, currentEpoch: 2, history: [] } });
    const best = { leader: 4, epoch: 2, zxid: zxid(2, 5) };
    h.vote(4, best);
    expect(h.node.role).toBe('looking'); // S1 and S4: not yet a quorum of 5
    h.vote(5, best);
    expect(h.node.role).toBe('following');
    expect(h.node.leader).toBe(4);
    expect(h.node.phase).toBe('discovery');
    expect(h.lastSent('FOLLOWERINFO')).toEqual({ acceptedEpoch: 3 });
    // Reference: Phase 1 (Discovery), follower
  });

  it('a LOOKING node that hears from a LEADING node joins it', () => {
    const h = new ZabHarness(3, 3);
    h.receive(1, 'NOTIFICATION', { vote: { leader: 1, epoch: 2, zxid: zxid(2, 7) }, round: 9, state: 'leading' });
    expect(h.node.role).toBe('following');
    expect(h.node.leader).toBe(1);
    // Reference: Fast Leader Election (joining an established ensemble)
  });
});

describe('Phase 1: Discovery', () => {
  it('the prospective leader takes an epoch above every acceptedEpoch of a quorum and announces it', () => {
    // "Upon receiving CEPOCH(e) messages from a quorum Q ... proposes NEWEPOCH(e'), e' = max(e) + 1"
    const h = new ZabHarness(1, 5, { durable: { acceptedEpoch: 2, currentEpoch: 2, history: [] } });
    for (const p of h.peers) h.vote(p, h.node.vote);
    expect(h.node.role).toBe('leading');
    h.receive(2, 'FOLLOWERINFO', { acceptedEpoch: 6 });
    expect(h.node.newEpoch).toBeNull();
    h.receive(3, 'FOLLOWERINFO', { acceptedEpoch: 4 });
    expect(h.node.newEpoch).toBe(7);
    expect(h.node.durable.acceptedEpoch).toBe(7);
    expect(h.ctx.sentOfType('LEADERINFO').map((m) => [m.to, m.payload.epoch])).toEqual([[2, 7], [3, 7]]);
    h.receive(5, 'FOLLOWERINFO', { acceptedEpoch: 1 }); // a late follower is told the epoch at once
    expect(h.lastSent('LEADERINFO')).toEqual({ epoch: 7 });
    // Reference: Phase 1 (Discovery), leader
  });

  it('a follower accepts a newer epoch durably and answers ACKEPOCH with its currentEpoch and history', () => {
    // "Upon receiving NEWEPOCH(e') from L: if e' > f.a then f.a <- e'; send ACK-E(f.p, h_f)"
    const history = [txn(1, 1), txn(2, 1)];
    const h = new ZabHarness(1, 3, { durable: { acceptedEpoch: 2, currentEpoch: 2, history } });
    h.followViaElection(3, { leader: 3, epoch: 2, zxid: zxid(2, 1) });
    h.receive(3, 'LEADERINFO', { epoch: 3 });
    expect(h.node.durable.acceptedEpoch).toBe(3);
    const ack = h.lastSent('ACKEPOCH');
    expect(ack).toMatchObject({ epoch: 3, currentEpoch: 2, fresh: true });
    expect(ack.history.map((t: { zxid: number }) => zxidPair(t.zxid))).toEqual([[1, 1], [2, 1]]);
    h.crashAndRestart();
    expect(h.node.durable.acceptedEpoch).toBe(3); // durable
    // Reference: Phase 1 (Discovery), follower
  });

  it('a follower refuses an older epoch and goes back to election', () => {
    // "if e' < f.a then f.state <- election"
    const h = new ZabHarness(1, 3, { durable: { acceptedEpoch: 5, currentEpoch: 4, history: [] } });
    h.followViaElection(3, { leader: 3, epoch: 4, zxid: 0 });
    h.receive(3, 'LEADERINFO', { epoch: 4 });
    expect(h.node.role).toBe('looking');
    expect(h.node.durable.acceptedEpoch).toBe(5);
    expect(h.ctx.sentOfType('ACKEPOCH')).toHaveLength(0);
    // Reference: Phase 1 (Discovery), follower
  });

  it('an ACKEPOCH from a node that already accepted the epoch does not count toward its quorum', () => {
    // ZooKeeper's Learner: an epoch equal to acceptedEpoch may sync but is not acknowledged again
    const h = new ZabHarness(1, 5, { durable: { acceptedEpoch: 0, currentEpoch: 0, history: [] } });
    for (const p of h.peers) h.vote(p, h.node.vote);
    h.receive(2, 'FOLLOWERINFO', { acceptedEpoch: 0 });
    h.receive(3, 'FOLLOWERINFO', { acceptedEpoch: 0 });
    const epoch = h.node.newEpoch!;
    h.receive(2, 'ACKEPOCH', { epoch, currentEpoch: 0, history: [], fresh: false });
    h.receive(3, 'ACKEPOCH', { epoch, currentEpoch: 0, history: [], fresh: false });
    expect(h.node.phase).toBe('discovery');
    h.receive(3, 'ACKEPOCH', { epoch, currentEpoch: 0, history: [], fresh: true });
    expect(h.node.phase).toBe('discovery'); // S1 and S3 only
    h.receive(4, 'FOLLOWERINFO', { acceptedEpoch: 0 });
    h.receive(4, 'ACKEPOCH', { epoch, currentEpoch: 0, history: [], fresh: true });
    expect(h.node.phase).toBe('synchronization');
    // Reference: Phase 1 (Discovery); ZooKeeper Learner.registerWithLeader
  });

  it('the leader takes the most recent history of the quorum: highest currentEpoch, then highest zxid', () => {
    // "L selects the history of a follower f in Q with the highest f.p, then the highest zxid"
    const h = new ZabHarness(1, 5, { durable: { acceptedEpoch: 2, currentEpoch: 2, history: [txn(1, 1), txn(2, 1), txn(2, 2)] } });
    for (const p of h.peers) h.vote(p, h.node.vote);
    h.receive(2, 'FOLLOWERINFO', { acceptedEpoch: 2 });
    h.receive(3, 'FOLLOWERINFO', { acceptedEpoch: 2 });
    const epoch = h.node.newEpoch!;
    const longerButOlder = [txn(1, 1), txn(1, 2), txn(1, 3), txn(1, 4)];
    const newer = [txn(1, 1), txn(2, 1), txn(2, 2), txn(2, 3)];
    h.receive(2, 'ACKEPOCH', { epoch, currentEpoch: 1, history: longerButOlder, fresh: true });
    h.receive(3, 'ACKEPOCH', { epoch, currentEpoch: 2, history: newer, fresh: true });
    expect(h.node.phase).toBe('synchronization');
    expect(h.history.map((t) => t.command)).toEqual(newer.map((t) => t.command));
    expect(h.node.durable.currentEpoch).toBe(epoch);
    expect(h.ctx.notesOf('adopt-history')).toEqual([{ from: 3, zxid: [2, 3] }]);
    // Reference: Phase 1 (Discovery), leader
  });
});

describe('Phase 2: Synchronization', () => {
  it('a follower takes the initial history of NEWLEADER and its epoch, then ACKs', () => {
    // "Upon receiving NEWLEADER(e', I_e'): if f.a = e' then f.p <- e'; accept the proposals of I_e'; send ACK"
    const h = new ZabHarness(1, 3, { durable: { acceptedEpoch: 1, currentEpoch: 1, history: [txn(1, 1), txn(1, 2), txn(1, 3)] } });
    h.followViaElection(3, { leader: 3, epoch: 1, zxid: zxid(1, 3) });
    h.receive(3, 'LEADERINFO', { epoch: 2 });
    h.receive(3, 'NEWLEADER', { epoch: 2, history: [txn(1, 1), txn(1, 2)] });
    expect(h.node.durable.currentEpoch).toBe(2);
    expect(h.history.map((t) => zxidPair(t.zxid))).toEqual([[1, 1], [1, 2]]); // (1, 3) was never committed
    expect(h.node.phase).toBe('synchronization');
    expect(h.lastSent('ACK')).toEqual({ epoch: 2, zxid: zxid(1, 2) });
    // Reference: Phase 2 (Synchronization), follower
  });

  it('NEWLEADER for an epoch the follower did not accept is ignored', () => {
    const h = new ZabHarness(1, 3);
    h.followViaElection(3, { leader: 3, epoch: 0, zxid: 0 });
    h.receive(3, 'NEWLEADER', { epoch: 4, history: [txn(3, 1)] });
    expect(h.history).toEqual([]);
    expect(h.node.durable.currentEpoch).toBe(0);
    // Reference: Phase 2 (Synchronization), follower
  });

  it('the leader commits the initial history only once a quorum acknowledged NEWLEADER, and only then broadcasts', () => {
    // "Upon receiving ACK(e', ...) from a quorum, send COMMIT to all followers" and go to Phase 3
    const h = new ZabHarness(1, 5, { durable: { acceptedEpoch: 1, currentEpoch: 1, history: [txn(1, 1)] } });
    for (const p of h.peers) h.vote(p, h.node.vote);
    h.receive(2, 'FOLLOWERINFO', { acceptedEpoch: 1 });
    h.receive(3, 'FOLLOWERINFO', { acceptedEpoch: 1 });
    h.receive(2, 'ACKEPOCH', { epoch: 2, currentEpoch: 1, history: [txn(1, 1)], fresh: true });
    h.receive(3, 'ACKEPOCH', { epoch: 2, currentEpoch: 1, history: [], fresh: true });
    expect(h.ctx.sentOfType('NEWLEADER').map((m) => m.to)).toEqual([2, 3]);
    h.request('x=1');
    expect(h.history).toHaveLength(1); // it waits: no broadcast before synchronization
    h.receive(2, 'ACK', { epoch: 2, zxid: zxid(1, 1) });
    expect(h.node.established).toBe(false);
    expect(h.node.committed).toBe(0);
    h.receive(3, 'ACK', { epoch: 2, zxid: zxid(1, 1) });
    expect(h.node.established).toBe(true);
    expect(h.node.phase).toBe('broadcast');
    expect(h.node.committed).toBe(1);
    expect(h.ctx.sentOfType('COMMIT').map((m) => [m.to, zxidPair(m.payload.zxid)])).toEqual([[2, [1, 1]], [3, [1, 1]]]);
    expect(h.history.map((t) => zxidPair(t.zxid))).toEqual([[1, 1], [2, 1]]); // the waiting request, now proposed
    // Reference: Phase 2 (Synchronization), leader
  });

  it('with broadcast-before-sync the leader proposes before any follower acknowledged NEWLEADER (teaching bug)', () => {
    const h = new ZabHarness(1, 3, { bugs: ['broadcast-before-sync'] });
    for (const p of h.peers) h.vote(p, h.node.vote);
    h.receive(2, 'FOLLOWERINFO', { acceptedEpoch: 0 });
    h.receive(2, 'ACKEPOCH', { epoch: 1, currentEpoch: 0, history: [], fresh: true });
    h.request('x=1');
    expect(h.node.established).toBe(false);
    expect(h.history.map((t) => t.command)).toEqual(['x=1']);
  });
});

describe('Phase 3: Broadcast', () => {
  it('zxids are (epoch, counter), the counter starting at 1 in each epoch', () => {
    // "a zxid is a pair (e, c): e the epoch of the primary, c a counter"
    const h = new ZabHarness(1, 3, { durable: { acceptedEpoch: 1, currentEpoch: 1, history: [txn(1, 1), txn(1, 2)] } });
    h.establish([2]);
    h.request('a');
    h.request('b');
    expect(h.history.map((t) => zxidPair(t.zxid))).toEqual([[1, 1], [1, 2], [2, 1], [2, 2]]);
    expect(h.ctx.sentOfType('PROPOSAL').map((m) => [m.to, zxidPair(m.payload.prev), m.payload.txns.map((t: { command: string }) => t.command)]))
      .toEqual([[2, [1, 2], ['a']], [2, [2, 1], ['b']]]);
    // Reference: Phase 3 (Broadcast); zxid definition
  });

  it('the leader commits a proposal once a quorum ACKs it, and commits in zxid order', () => {
    // "Upon receiving ACK(e, <v, z>) from a quorum: send COMMIT(e, <v, z>) to all followers"
    const h = new ZabHarness(1, 5);
    h.establish([2, 3]);
    h.request('a');
    h.request('b');
    h.ctx.clear();
    h.receive(2, 'ACK', { epoch: 1, zxid: zxid(1, 2) });
    expect(h.node.committed).toBe(0);
    expect(h.ctx.sentOfType('COMMIT')).toHaveLength(0);
    h.receive(3, 'ACK', { epoch: 1, zxid: zxid(1, 1) });
    expect(h.node.committed).toBe(1);
    h.receive(3, 'ACK', { epoch: 1, zxid: zxid(1, 2) });
    expect(h.node.committed).toBe(2);
    expect(h.ctx.sentOfType('COMMIT').map((m) => zxidPair(m.payload.zxid))).toEqual([[1, 1], [1, 1], [1, 2], [1, 2]]);
    // Reference: Phase 3 (Broadcast), leader
  });

  it('a follower accepts a proposal only right after its predecessor, and delivers on COMMIT in order', () => {
    // FIFO channels in the paper; here a proposal carries the zxid it follows
    const h = new ZabHarness(1, 3);
    h.followViaElection(3, { leader: 3, epoch: 0, zxid: 0 });
    h.receive(3, 'LEADERINFO', { epoch: 1 });
    h.receive(3, 'NEWLEADER', { epoch: 1, history: [] });
    const a = txn(1, 1, 'a');
    const b = txn(1, 2, 'b');
    h.ctx.clear();
    h.receive(3, 'PROPOSAL', { epoch: 1, prev: a.zxid, txns: [b] }); // arrives first: a gap
    expect(h.history).toEqual([]);
    expect(h.ctx.sentOfType('ACK')).toHaveLength(0);
    h.receive(3, 'PROPOSAL', { epoch: 1, prev: 0, txns: [a] });
    h.receive(3, 'PROPOSAL', { epoch: 1, prev: a.zxid, txns: [b] });
    expect(h.history).toEqual([a, b]);
    expect(h.ctx.sentOfType('ACK').map((m) => zxidPair(m.payload.zxid))).toEqual([[1, 1], [1, 2]]);
    h.receive(3, 'COMMIT', { epoch: 1, zxid: a.zxid });
    expect(h.node.committed).toBe(1);
    expect(h.node.phase).toBe('broadcast');
    // Reference: Phase 3 (Broadcast), follower
  });

  it('a follower ignores proposals of another epoch and from a node it does not follow', () => {
    const h = new ZabHarness(1, 3);
    h.followViaElection(3, { leader: 3, epoch: 0, zxid: 0 });
    h.receive(3, 'LEADERINFO', { epoch: 2 });
    h.receive(3, 'NEWLEADER', { epoch: 2, history: [] });
    h.receive(2, 'PROPOSAL', { epoch: 2, prev: 0, txns: [txn(2, 1)] });
    h.receive(3, 'PROPOSAL', { epoch: 1, prev: 0, txns: [txn(1, 1)] });
    expect(h.history).toEqual([]);
  });

  it('a follower that hears nothing from its leader in time looks for a new one', () => {
    const h = new ZabHarness(1, 3);
    h.followViaElection(3, { leader: 3, epoch: 0, zxid: 0 });
    h.timer('election');
    expect(h.node.role).toBe('looking');
    // Reference: Zab, failure detection (a follower abandons a leader it no longer hears from)
  });

  it('an established leader that no longer hears from a quorum gives up its epoch', () => {
    const h = new ZabHarness(1, 3);
    h.establish([2]);
    h.ctx.clock = 1000;
    h.timer('heartbeat');
    expect(h.node.role).toBe('looking');
    expect(h.ctx.notesOf('quorum-lost')).toHaveLength(1);
  });
});

describe('durable state', () => {
  it('a crash keeps acceptedEpoch, currentEpoch and the history, and forgets role, session and what was delivered', () => {
    const h = new ZabHarness(1, 3);
    h.establish([2]);
    h.request('a');
    h.receive(2, 'ACK', { epoch: 1, zxid: zxid(1, 1) });
    expect(h.node.committed).toBe(1);
    h.crashAndRestart();
    expect(h.node.durable).toMatchObject({ acceptedEpoch: 1, currentEpoch: 1 });
    expect(h.history.map((t) => t.command)).toEqual(['a']);
    expect(h.node.role).toBe('looking');
    expect(h.node.committed).toBe(0);
    expect(h.node.kv).toEqual({});
    expect(h.node.vote).toEqual({ leader: 1, epoch: 1, zxid: zxid(1, 1) });
  });
});
