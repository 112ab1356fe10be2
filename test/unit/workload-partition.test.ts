/**
 * Workload clients when the old leader is cut off with a follower. The old leader still believes
 * it leads and never answers; the follower still names it. Clients used to time out on it, move
 * to the follower, be sent back, and loop between the two for good while the majority elected a
 * leader they never asked. A client that a redirect led to a timeout must not follow a redirect to
 * that node again for a while, so the majority side serves it.
 * Oracle (DESIGN: scenario tests): progress in a majority.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../src/scenario/linearizability';
import { buildReport, runScenario, type Report } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import { Rng } from '../../src/sim/rng';
import { Workload } from '../../src/sim/workload';

const PARTITION_AT = 2000;
const CLIENTS = 10;

/** 5 nodes, 10 clients from 200 ms to the end, a partition at 2000 ms that never heals. */
function cutOff(protocol: 'raft' | 'multi-paxos', seed: number, groups: number[][]): Report {
  return buildReport(runScenario(validateScenario({
    version: 1, protocol, nodes: 5, seed, until: 8000,
    workload: { clients: CLIENTS, keys: 2, interval: { min: 50, max: 150 }, readRatio: 0.5, from: 200, to: 8000 },
    events: [{ at: PARTITION_AT, type: 'partition', groups }],
  })));
}

/** The first leader elected after the partition (Raft's `leaders` list). */
const raftLeaderAfter = (r: Report, at: number) =>
  (r.leaders as { node: number; time: number }[]).find((l) => l.time > at)!;

/** Every client has operations that returned after `from`, and they keep returning to the end. */
function expectEveryClientServed(r: Report, from: number): void {
  const history = r.history as HistoryOp[];
  for (let client = 1; client <= CLIENTS; client++) {
    const done = history.filter((h) => h.client === client && h.return !== null && h.call >= from);
    expect(done.length, `client ${client}`).toBeGreaterThan(5);
    expect(Math.max(...done.map((h) => h.return!)), `client ${client}`).toBeGreaterThan(7000);
  }
  expect(r.violations).toEqual([]);
  expect(r.linearizable).toBe(true);
}

describe('clients when the old leader is cut off with a follower (never healed)', () => {
  it('Raft, seed 1, [[1,2],[3,4,5]]: the old leader S1 keeps S2; clients find S3 and the majority serves them', () => {
    const r = cutOff('raft', 1, [[1, 2], [3, 4, 5]]);
    const leader = raftLeaderAfter(r, PARTITION_AT);
    expect(leader.node).toBe(3);
    // operations return within a second of the majority's election (before: none after 2000 ms)
    const history = r.history as HistoryOp[];
    const firstBack = Math.min(...history.filter((h) => h.return !== null && h.return > PARTITION_AT).map((h) => h.return!));
    expect(firstBack).toBeLessThan(leader.time + 1000);
    expectEveryClientServed(r, leader.time);
  });

  it('Raft, seed 3, [[2,3],[1,4,5]]: the same with the old leader S2 cut off with S3', () => {
    const r = cutOff('raft', 3, [[2, 3], [1, 4, 5]]);
    expectEveryClientServed(r, raftLeaderAfter(r, PARTITION_AT).time);
  });

  // Multi-Paxos followers forward a request to the leader they know instead of naming it, so its
  // clients never met the loop; these hold the majority to the same oracle.
  it('Multi-Paxos, seed 4, [[1,2],[3,4,5]]: the old leader S1 keeps S2; the majority serves every client', () => {
    expectEveryClientServed(cutOff('multi-paxos', 4, [[1, 2], [3, 4, 5]]), 3500);
  });

  it('Multi-Paxos, seed 1, [[4,5],[1,2,3]]: the old leader S4 keeps S5; the majority serves every client', () => {
    expectEveryClientServed(cutOff('multi-paxos', 1, [[4, 5], [1, 2, 3]]), 3500);
  });
});

describe('a client distrusts a redirect that led it to a timeout, and only that', () => {
  const spec = { clients: 1, keys: 1, interval: { min: 10, max: 10 }, readRatio: 0, from: 0, to: 100_000 };
  const redirectTo = (leaderHint: number) => ({ ok: false as const, leaderHint });

  /** One client of a 5-node cluster whose first request went to S1 at 10 ms. */
  function client() {
    const w = new Workload(spec, 5, Rng.stream(1, 'workload'));
    w.initialWakeups();
    const first = w.wake(1, 10).send!;
    expect(first.node).toBe(1);
    return { w, id: first.op.requestId };
  }

  it('a node that was only slow once is followed again when a redirect names it', () => {
    const { w, id } = client();
    expect(w.wake(1, 410).send!.node).toBe(2); // timeout on S1 (reached by rotation): next node
    w.answer(1, id, 2, redirectTo(1), 415);
    expect(w.wake(1, 420).send!.node).toBe(1); // S2 names S1: followed
  });

  it('after a redirect led to a timeout, a redirect to that node is not followed for a while; the client moves on', () => {
    const { w, id } = client();
    w.wake(1, 410);
    w.answer(1, id, 2, redirectTo(1), 415);
    expect(w.wake(1, 420).send!.node).toBe(1); // followed…
    expect(w.wake(1, 820).send!.node).toBe(2); // …and it timed out: S1 is distrusted
    w.answer(1, id, 2, redirectTo(1), 825);
    expect(w.wake(1, 830).send!.node).toBe(3); // S2 names S1 again: not followed, the next node instead
    w.answer(1, id, 3, redirectTo(4), 835);
    expect(w.wake(1, 840).send!.node).toBe(4); // a redirect to another node is followed
    w.answer(1, id, 4, { ok: true, output: null }, 845);
    expect(w.history[0].return).toBe(845);
  });

  /** S1 distrusted from 820 ms to 1820 ms: a redirect led the client to it, and it timed out. */
  function distrustingS1() {
    const { w, id } = client();
    w.wake(1, 410);
    w.answer(1, id, 2, redirectTo(1), 415);
    w.wake(1, 420);
    expect(w.wake(1, 820).send!.node).toBe(2);
    return { w, id };
  }

  it('the distrust ends after a second', () => {
    const { w, id } = distrustingS1();
    w.answer(1, id, 2, redirectTo(1), 1825);
    expect(w.wake(1, 1830).send!.node).toBe(1);
  });

  it('the distrust ends at once when the node answers', () => {
    const { w, id } = distrustingS1();
    w.answer(1, id, 1, { ok: true, output: null }, 900); // S1's late answer: it does work
    const next = w.wake(1, 910).send!;
    expect(next.node).toBe(1);
    expect(w.wake(1, 1310).send!.node).toBe(2); // slow once, reached directly
    w.answer(1, next.op.requestId, 2, redirectTo(1), 1315);
    expect(w.wake(1, 1320).send!.node).toBe(1); // within the old window, yet followed
  });

  it('another timeout on a distrusted node extends the distrust', () => {
    const { w, id } = distrustingS1();
    w.answer(1, id, 2, redirectTo(1), 825);
    w.wake(1, 830); // to S3
    w.answer(1, id, 3, { ok: false, leaderHint: null }, 835);
    w.wake(1, 840); // to S4
    w.answer(1, id, 4, { ok: false, leaderHint: null }, 845);
    w.wake(1, 850); // to S5
    w.answer(1, id, 5, { ok: false, leaderHint: null }, 855);
    expect(w.wake(1, 860).send!.node).toBe(1); // the rotation reaches S1 itself
    expect(w.wake(1, 1260).send!.node).toBe(2); // and it times out again: distrusted until 2260
    w.answer(1, id, 2, redirectTo(1), 2000);
    expect(w.wake(1, 2005).send!.node).toBe(3);
  });
});
