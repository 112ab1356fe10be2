/**
 * Closed-loop clients and the linearizability checker: a Raft cluster serving a workload yields a
 * history the checker accepts, leader crash or not; and the checker itself tells linearizable
 * hand-made histories from those that are not.
 */
import { describe, expect, it } from 'vitest';
import { checkLinearizable, type HistoryOp } from '../../src/scenario/linearizability';
import { buildReport, runScenario } from '../../src/scenario/run';
import type { ScenarioEvent } from '../../src/sim/types';
import { raftScenario } from './support/cluster';

const WORKLOAD = { clients: 3, keys: 2, interval: { min: 50, max: 150 }, readRatio: 0.5, from: 0, to: 8000 };

function workloadReport(seed: number, events: ScenarioEvent[] = []) {
  return buildReport(runScenario(raftScenario({ nodes: 5, seed, workload: WORKLOAD, events })));
}

describe('a Raft cluster under a client workload', () => {
  it('produces a well-formed history that the checker calls linearizable', () => {
    const report = workloadReport(3);
    const history = report.history as HistoryOp[];
    expect(report.linearizable).toBe(true);
    expect(checkLinearizable(history)).toBe(true);
    expect(history.length).toBeGreaterThan(80);
    const done = history.filter((h) => h.return !== null);
    expect(done.length).toBeGreaterThan(history.length - 4); // at most one pending op per client
    expect(new Set(history.map((h) => h.client))).toEqual(new Set([1, 2, 3]));
    expect(new Set(history.map((h) => h.key))).toEqual(new Set(['k0', 'k1']));
    for (const h of done) expect(h.return!).toBeGreaterThanOrEqual(h.call);
    const puts = history.filter((h) => h.op === 'put');
    expect(new Set(puts.map((p) => p.value)).size).toBe(puts.length); // writes carry unique values
    const reads = done.filter((h) => h.op === 'get');
    expect(reads.some((r) => r.output !== null)).toBe(true); // reads do see writes
    // every completed put is in the committed log, exactly once
    const committed = (report.committed as { command: string }[]).map((c) => c.command);
    for (const p of puts.filter((h) => h.return !== null)) {
      expect(committed.filter((c) => c === `put ${p.key}=${p.value}`).length).toBeGreaterThanOrEqual(1);
    }
  });

  it('stays linearizable across a leader crash, and the clients find the new leader', () => {
    for (const seed of [3, 4]) {
      const report = workloadReport(seed, [
        { at: 3000, type: 'crash', node: 'leader' },
        { at: 4500, type: 'restart', node: 1 }, { at: 4500, type: 'restart', node: 2 }, { at: 4500, type: 'restart', node: 3 },
        { at: 4500, type: 'restart', node: 4 }, { at: 4500, type: 'restart', node: 5 },
      ]);
      const history = report.history as HistoryOp[];
      expect(report.violations).toEqual([]);
      expect(report.linearizable).toBe(true);
      expect(checkLinearizable(history)).toBe(true);
      expect((report.leaders as unknown[]).length).toBeGreaterThanOrEqual(2);
      // operations complete after the crash too
      expect(history.filter((h) => h.return !== null && h.call > 3500).length).toBeGreaterThan(20);
    }
  });

  it('stays linearizable on a lossy network with a partition', () => {
    const report = buildReport(runScenario(raftScenario({
      nodes: 5, seed: 8, workload: WORKLOAD, network: { dropRate: 0.1, duplicateRate: 0.1, latency: { min: 5, max: 60 } },
      events: [{ at: 2000, type: 'partition', groups: [[1, 2], [3, 4, 5]] }, { at: 5000, type: 'heal' }],
    })));
    expect(report.violations).toEqual([]);
    expect(report.linearizable).toBe(true);
    expect((report.history as HistoryOp[]).filter((h) => h.return !== null).length).toBeGreaterThan(40);
  });
});

describe('checkLinearizable on hand-made histories', () => {
  let client = 0;
  const put = (key: string, value: string, call: number, ret: number | null): HistoryOp =>
    ({ client: ++client, op: 'put', key, value, output: null, call, return: ret });
  const get = (key: string, output: string | null, call: number, ret: number | null): HistoryOp =>
    ({ client: ++client, op: 'get', key, value: null, output, call, return: ret });

  it('accepts the empty history and sequential reads of the latest write', () => {
    expect(checkLinearizable([])).toBe(true);
    expect(checkLinearizable([get('k', null, 0, 1), put('k', 'a', 2, 3), get('k', 'a', 4, 5), put('k', 'b', 6, 7), get('k', 'b', 8, 9)])).toBe(true);
  });

  it('rejects a read of a value never written, and a read of nothing after a write completed', () => {
    expect(checkLinearizable([put('k', 'a', 0, 1), get('k', 'z', 2, 3)])).toBe(false);
    expect(checkLinearizable([put('k', 'a', 0, 1), get('k', null, 2, 3)])).toBe(false);
  });

  it('rejects a stale read: the older value after the newer write returned', () => {
    expect(checkLinearizable([put('k', 'a', 0, 1), put('k', 'b', 2, 3), get('k', 'a', 4, 5)])).toBe(false);
  });

  it('lets a read concurrent with a write see either value', () => {
    expect(checkLinearizable([put('k', 'a', 0, 1), put('k', 'b', 2, 6), get('k', 'a', 3, 4)])).toBe(true);
    expect(checkLinearizable([put('k', 'a', 0, 1), put('k', 'b', 2, 6), get('k', 'b', 3, 4)])).toBe(true);
  });

  it('rejects two sequential reads that see concurrent writes in opposite orders', () => {
    // a and b overlap, so either order is possible, but not both
    const writes = [put('k', 'a', 0, 10), put('k', 'b', 0, 10)];
    expect(checkLinearizable([...writes, get('k', 'b', 11, 12), get('k', 'a', 13, 14)])).toBe(false);
    expect(checkLinearizable([...writes, get('k', 'b', 11, 12), get('k', 'b', 13, 14)])).toBe(true);
    // reads overlapping the writes may see them in turn
    expect(checkLinearizable([...writes, get('k', 'a', 1, 2), get('k', 'b', 3, 4)])).toBe(true);
  });

  it('lets a write that never returned take effect, or not, but only once', () => {
    const pending = put('k', 'p', 5, null);
    expect(checkLinearizable([put('k', 'a', 0, 1), pending, get('k', 'p', 6, 7)])).toBe(true);
    expect(checkLinearizable([put('k', 'a', 0, 1), pending, get('k', 'a', 6, 7)])).toBe(true);
    expect(checkLinearizable([put('k', 'a', 0, 1), pending, get('k', 'p', 6, 7), get('k', 'a', 8, 9)])).toBe(false);
    // but not before it was called
    expect(checkLinearizable([put('k', 'a', 0, 1), get('k', 'p', 2, 3), put('k', 'p', 5, null)])).toBe(false);
  });

  it('ignores reads that never returned', () => {
    expect(checkLinearizable([put('k', 'a', 0, 1), get('k', 'zzz', 2, null)])).toBe(true);
  });

  it('checks each key on its own, and fails if any key fails', () => {
    expect(checkLinearizable([put('x', 'a', 0, 1), put('y', 'b', 0, 1), get('x', 'a', 2, 3), get('y', 'b', 2, 3)])).toBe(true);
    expect(checkLinearizable([put('x', 'a', 0, 1), put('y', 'b', 0, 1), get('x', 'a', 2, 3), get('y', 'a', 2, 3)])).toBe(false);
  });

  it('handles a long history of many concurrent clients quickly', () => {
    const ops: HistoryOp[] = [];
    let last: string | null = null;
    for (let i = 0; i < 400; i++) {
      const t = i * 10;
      if (i % 3 === 0) { last = `v${i}`; ops.push(put('k', last, t, t + 25)); } // overlaps the next two ops
      else ops.push(get('k', last, t, t + 9)); // reads the write still in progress
    }
    expect(checkLinearizable(ops)).toBe(true);
  });

  it('checks 20,000 operations on one key without running out of stack, and still finds a stale read', () => {
    const ops: HistoryOp[] = [];
    let last: string | null = null;
    ops.push(put('k', 'never-answered', 0, null)); // an unanswered write early on stays undecided
    for (let i = 0; i < 20_000; i++) {
      const t = 10 + i * 10;
      if (i % 2 === 0) { last = `v${i}`; ops.push(put('k', last, t, t + 15)); }
      else ops.push(get('k', last, t, t + 4));
    }
    expect(checkLinearizable(ops)).toBe(true);
    ops.push(get('k', 'v0', 300_000, 300_004)); // long after v19998 was written
    expect(checkLinearizable(ops)).toBe(false);
  });

  it('a valid scenario with a long single-key history gives a report, not a crash', () => {
    const scenario = raftScenario({
      nodes: 3, until: 60_000, network: { latency: { min: 1, max: 2 } },
      workload: { clients: 5, keys: 1, interval: { min: 1, max: 2 }, readRatio: 0.5, from: 0, to: 60_000 },
    });
    const report = buildReport(runScenario(scenario));
    expect((report.history as unknown[]).length).toBeGreaterThan(10_000);
    expect(report.linearizable).toBe(true);
  });
});
