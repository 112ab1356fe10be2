/**
 * Zab clusters through the engine: elections, the leader crash that leaves a proposal on only
 * some followers, partitions, client histories, the teaching bugs, time travel and fuzzing. The
 * oracles here read reports and node states, apart from the engine's own observer.
 */
import { describe, expect, it } from 'vitest';
import { zabProtocol } from '../../src/protocols/zab';
import type { ZabNode } from '../../src/protocols/zab/types';
import { fuzz } from '../../src/scenario/fuzz';
import { buildReport, createSimulation, runScenario, type Report } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import { Timeline } from '../../src/sim/timeline';
import type { Scenario, ScenarioEvent } from '../../src/sim/types';
import type { ScenarioInput } from './support/cluster';

const zabScenario = (input: ScenarioInput = {}): Scenario =>
  validateScenario({ version: 1, protocol: 'zab', nodes: 5, seed: 1, events: [], ...input });

interface ZabReportNode { id: number; up: boolean; role: string; phase: string; acceptedEpoch: number; currentEpoch: number;
  history: { zxid: [number, number]; command: string }[]; lastCommitted: [number, number] | null }
const nodesOf = (r: Report) => r.nodes as unknown as ZabReportNode[];
const committedOf = (r: Report) => r.committed as { zxid: [number, number]; command: string; time: number }[];
const historyOf = (n: ZabReportNode) => n.history.map((h) => `${h.zxid.join('.')}:${h.command}`);

/** Agreement from the reports alone: any two nodes' delivered prefixes agree. */
function deliveredPrefixProblems(r: Report): string[] {
  const delivered = nodesOf(r).map((n) => {
    const upTo = n.lastCommitted ? n.history.findIndex((h) => h.zxid.join('.') === n.lastCommitted!.join('.')) + 1 : 0;
    return historyOf(n).slice(0, upTo);
  });
  const problems: string[] = [];
  for (let a = 0; a < delivered.length; a++) {
    for (let b = a + 1; b < delivered.length; b++) {
      const n = Math.min(delivered[a].length, delivered[b].length);
      if (delivered[a].slice(0, n).join() !== delivered[b].slice(0, n).join()) problems.push(`S${a + 1} and S${b + 1} disagree`);
    }
  }
  return problems;
}

const cut = (from: number, to: number[], at: number): ScenarioEvent[] => to.map((t) => ({ at, type: 'link', from, to: t, dropRate: 1 }));
const mend = (from: number, to: number[], at: number): ScenarioEvent[] => to.map((t) => ({ at, type: 'link', from, to: t, reset: true }));

describe('a Zab cluster', () => {
  it('elects the node with the best (epoch, last zxid, id), establishes it, and every node reports the CONTRACT fields', () => {
    const r = buildReport(runScenario(zabScenario({ until: 1000 })));
    expect(r.violations).toEqual([]);
    expect(r.leaders).toEqual([{ node: 5, epoch: 1, time: expect.any(Number) }]);
    const nodes = nodesOf(r);
    expect(nodes.map((n) => n.role)).toEqual(['following', 'following', 'following', 'following', 'leading']);
    for (const n of nodes) {
      expect(Object.keys(n).sort()).toEqual(['acceptedEpoch', 'currentEpoch', 'history', 'id', 'lastCommitted', 'phase', 'role', 'up']);
      expect(n).toMatchObject({ phase: 'broadcast', acceptedEpoch: 1, currentEpoch: 1, history: [], lastCommitted: null });
    }
  });

  it('commits requests in zxid order on every node, and the report lists them with their zxids', () => {
    const r = buildReport(runScenario(zabScenario({
      until: 2000, events: [{ at: 500, type: 'request', node: 'leader', command: 'a' }, { at: 501, type: 'request', node: 'leader', command: 'b' },
        { at: 600, type: 'request', node: 2, command: 'refused' }],
    })));
    expect(committedOf(r).map((c) => [c.zxid, c.command])).toEqual([[[1, 1], 'a'], [[1, 2], 'b']]);
    for (const n of nodesOf(r)) expect(n.lastCommitted).toEqual([1, 2]);
  });

  it('a proposal that reached a follower of the new quorum survives the leader crash, under its old zxid', () => {
    // Zab's recovery: the new leader's initial history is the most recent one in its quorum, so a
    // proposal that may have been committed is never lost, and is committed in the new epoch
    const r = buildReport(runScenario(zabScenario({
      until: 3000,
      events: [...cut(5, [1, 2, 3], 900), { at: 1000, type: 'request', node: 'leader', command: 'x=1' },
        { at: 1020, type: 'crash', node: 5 }, ...mend(5, [1, 2, 3], 1020), { at: 1030, type: 'timeout', node: 4 }],
    })));
    expect(r.violations).toEqual([]);
    expect(r.leaders).toEqual([{ node: 5, epoch: 1, time: expect.any(Number) }, { node: 4, epoch: 2, time: expect.any(Number) }]);
    expect(committedOf(r).map((c) => [c.zxid, c.command])).toEqual([[[1, 1], 'x=1']]);
    expect(committedOf(r)[0].time).toBeGreaterThan(1020); // committed by the new leader, not the crashed one
    for (const n of nodesOf(r).filter((x) => x.up)) expect(n.lastCommitted).toEqual([1, 1]);
    // Reference: Phase 1 (Discovery) and Phase 2 (Synchronization)
  });

  it('a proposal only the crashed leader held is dropped, and synchronization truncates it when that node returns', () => {
    const r = buildReport(runScenario(zabScenario({
      until: 3000,
      events: [...cut(5, [1, 2, 3, 4], 900), { at: 1000, type: 'request', node: 'leader', command: 'x=1' },
        { at: 1020, type: 'crash', node: 5 }, ...mend(5, [1, 2, 3, 4], 1020),
        { at: 1800, type: 'request', node: 'leader', command: 'y=2' }, { at: 2000, type: 'restart', node: 5 }],
    })));
    expect(r.violations).toEqual([]);
    expect(committedOf(r).map((c) => c.command)).toEqual(['y=2']);
    for (const n of nodesOf(r)) expect(historyOf(n)).toEqual(['2.1:y=2']);
    // Reference: Phase 2 (Synchronization)
  });

  it('a leader cut off in a minority commits nothing; the majority moves to a later epoch; after the heal all agree', () => {
    const r = buildReport(runScenario(zabScenario({
      until: 5000,
      events: [
        { at: 500, type: 'request', node: 'leader', command: 'before' },
        { at: 1000, type: 'partition', groups: [[4, 5], [1, 2, 3]] },
        { at: 1100, type: 'request', node: 5, command: 'lost' },
        { at: 2500, type: 'request', node: 'leader', command: 'majority' },
        { at: 3000, type: 'heal' },
        { at: 4000, type: 'request', node: 'leader', command: 'after' },
      ],
    })));
    expect(r.violations).toEqual([]);
    expect(committedOf(r).map((c) => c.command)).toEqual(['before', 'majority', 'after']);
    const epochs = (r.leaders as { epoch: number }[]).map((l) => l.epoch);
    expect(Math.max(...epochs)).toBeGreaterThan(1);
    for (const n of nodesOf(r)) expect(historyOf(n).map((h) => h.split(':')[1])).toEqual(['before', 'majority', 'after']);
    expect(deliveredPrefixProblems(r)).toEqual([]);
  });

  it('serves the kv workload linearizably through crashes and partitions', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = buildReport(runScenario(zabScenario({
        seed, until: 6000,
        network: { latency: { min: 5, max: 40 }, dropRate: 0.05, duplicateRate: 0.05 },
        events: [
          { at: 1200, type: 'crash', node: 'leader' }, { at: 1900, type: 'restart', node: 5 },
          { at: 2500, type: 'partition', groups: [[1, 2], [3, 4, 5]] }, { at: 3300, type: 'heal' },
          { at: 4000, type: 'crash', node: 'leader' },
        ],
        workload: { clients: 3, keys: 2, interval: { min: 20, max: 80 }, readRatio: 0.5, from: 0, to: 5500 },
      })));
      expect(r.violations, `seed ${seed}`).toEqual([]);
      expect(r.linearizable, `seed ${seed}`).toBe(true);
      const history = r.history as { return: number | null; op: string }[];
      expect(history.filter((h) => h.return !== null && h.op === 'put').length, `seed ${seed}`).toBeGreaterThan(10);
      expect(deliveredPrefixProblems(r), `seed ${seed}`).toEqual([]);
    }
  });

  it('applies a retried request once: a copy committed twice changes the state machine once', () => {
    const sim = createSimulation(zabScenario({
      seed: 3, until: 4000, network: { latency: { min: 5, max: 120 }, dropRate: 0.2 },
      workload: { clients: 3, keys: 1, interval: { min: 10, max: 30 }, readRatio: 0.3, from: 0, to: 3500 },
    }));
    sim.runUntil(4000);
    const r = buildReport(sim);
    const puts = committedOf(r).map((c) => c.command).filter((c) => c.startsWith('put'));
    expect(puts.length).toBeGreaterThan(new Set(puts).size); // some retried write was committed again
    expect(r.linearizable).toBe(true);
    const states = sim.nodeIds.map((id) => sim.nodes[id] as ZabNode).filter((s) => s.committed === (sim.nodes[sim.leader()!] as ZabNode).committed);
    expect(states.length).toBeGreaterThan(1);
    for (const s of states) expect([s.kv, s.sessions]).toEqual([states[0].kv, states[0].sessions]);
  });
});

describe('the teaching bugs are caught by the checkers', () => {
  // S5 leads epoch 1 and commits "a"; it crashes; the others elect a new leader
  const leaderChange: ScenarioEvent[] = [
    { at: 500, type: 'request', node: 'leader', command: 'a' },
    ...cut(5, [3], 540), { at: 560, type: 'request', node: 'leader', command: 'b' },
    { at: 600, type: 'crash', node: 5 }, ...mend(5, [3], 600),
    { at: 610, type: 'timeout', node: 3 },
    { at: 620, type: 'request', node: 3, command: 'c' },
    { at: 2000, type: 'restart', node: 5 },
  ];

  it('no-epoch-bump: the new leader takes epoch 1 again, and OneLeaderPerEpoch fails', () => {
    const clean = buildReport(runScenario(zabScenario({ until: 3000, events: leaderChange })));
    expect(clean.violations).toEqual([]);
    expect((clean.leaders as { epoch: number }[]).map((l) => l.epoch)).toEqual([1, 2]);
    const buggy = buildReport(runScenario(zabScenario({ until: 3000, events: leaderChange, bugs: ['no-epoch-bump'] })));
    expect(buggy.violations.map((v) => v.invariant)).toContain('OneLeaderPerEpoch');
    expect((buggy.leaders as { epoch: number }[]).map((l) => l.epoch)).toEqual([1, 1]);
  });

  // S4 restarts with the whole history but nothing delivered (delivery is volatile) and wins the
  // next election; clients keep asking it to write
  const restartedLeader: ScenarioEvent[] = [
    { at: 500, type: 'request', node: 'leader', command: 'a' }, { at: 600, type: 'request', node: 'leader', command: 'b' },
    { at: 1000, type: 'crash', node: 5 }, { at: 1000, type: 'crash', node: 4 }, { at: 1001, type: 'restart', node: 4 },
    ...Array.from({ length: 60 }, (_, i): ScenarioEvent => ({ at: 1100 + 10 * i, type: 'request', node: 4, command: `c${i}` })),
  ];

  it('broadcast-before-sync: the new leader proposes before it delivered what epoch 1 delivered, and PrimaryIntegrity fails', () => {
    const clean = buildReport(runScenario(zabScenario({ until: 3000, events: restartedLeader })));
    expect(clean.violations).toEqual([]);
    expect((clean.leaders as { node: number }[]).map((l) => l.node)).toEqual([5, 4]);
    const buggy = buildReport(runScenario(zabScenario({ until: 3000, events: restartedLeader, bugs: ['broadcast-before-sync'] })));
    expect(buggy.violations.map((v) => v.invariant)).toContain('PrimaryIntegrity');
  });
});

describe('time travel', () => {
  const scenario = zabScenario({
    seed: 9, until: 4000, network: { latency: { min: 5, max: 50 }, dropRate: 0.05, duplicateRate: 0.05 },
    events: [{ at: 300, type: 'request', node: 'leader', command: 'a' }, { at: 1000, type: 'crash', node: 'leader' },
      { at: 1500, type: 'partition', groups: [[1, 2], [3, 4, 5]] }, { at: 2500, type: 'heal' }, { at: 2500, type: 'restart', node: 5 }],
    workload: { clients: 2, keys: 2, interval: { min: 30, max: 90 }, readRatio: 0.5, from: 0, to: 3500 },
  });
  const reportAt = (ms: number) => {
    const sim = createSimulation(scenario);
    sim.runUntil(ms);
    return buildReport(sim);
  };

  it('any past moment rebuilt from checkpoints equals a fresh run to that moment, and a fork a fresh run of the fork', () => {
    const timeline = new Timeline(scenario, zabProtocol, { checkpointEvery: 150 });
    timeline.extendToTime(4000);
    for (const ms of [3500, 700, 1000.5, 2600, 4000]) expect(buildReport(timeline.stateAtTime(ms)), `at ${ms} ms`).toEqual(reportAt(ms));
    const forked = timeline.fork(800, { type: 'crash', node: 'leader' });
    const fresh = createSimulation(forked);
    fresh.runUntil(4000);
    expect(buildReport(timeline.stateAtTime(4000))).toEqual(buildReport(fresh));
  });

  it('a crashed node keeps only acceptedEpoch, currentEpoch and history', () => {
    const sim = createSimulation(zabScenario({ until: 1000, events: [{ at: 500, type: 'request', node: 'leader', command: 'a' }, { at: 900, type: 'crash', node: 2 }] }));
    sim.runUntil(1000);
    const s = sim.nodes[2] as ZabNode;
    expect(s.durable).toMatchObject({ acceptedEpoch: 1, currentEpoch: 1 });
    expect(s.durable.history.map((t) => t.command)).toEqual(['a']);
    expect([s.role, s.committed, s.kv]).toEqual(['looking', 0, {}]);
  });
});

describe('fuzzing Zab', () => {
  it('finds no violation in correct Zab, every seed converges after healing, and workload histories are linearizable', () => {
    const summary = fuzz({ protocol: 'zab', seeds: 60 });
    expect(summary.failures.map((f) => `${f.seed}: ${f.violations[0]?.invariant ?? f.liveness ?? 'not linearizable'}`)).toEqual([]);
  });

  it.each([['no-epoch-bump', 'OneLeaderPerEpoch'], ['broadcast-before-sync', 'PrimaryIntegrity']])(
    'finds the teaching bug %s within a few seeds (%s), each with a replayable link', (bug, invariant) => {
      const summary = fuzz({ protocol: 'zab', bugs: [bug], seeds: 20, stopAfter: 1 });
      expect(summary.failures).toHaveLength(1);
      const failure = summary.failures[0];
      expect(failure.violations.map((v) => v.invariant)).toContain(invariant);
      expect(failure.url).toMatch(/^#s=/);
      const again = buildReport(runScenario(failure.scenario));
      expect(again.traceHash).toBe(failure.traceHash);
    });
});
