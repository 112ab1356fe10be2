/**
 * Scripted client calls (scenario event `call`): each is a client of its own that sends one get
 * or put once, never retries, and joins the history the linearizability checker reads; a scenario
 * without a workload gets one for its calls; a bad call names its field.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, createSimulation } from '../../src/scenario/run';
import { validateScenario, ScenarioError } from '../../src/scenario/schema';
import { raftScenario, SCRIPTED_ELECTIONS } from './support/cluster';

describe('scripted client calls', () => {
  it('join the history once each, answered by the leader and left open where refused', () => {
    const sim = createSimulation(raftScenario({
      nodes: 3, until: 400, config: SCRIPTED_ELECTIONS,
      events: [
        { at: 10, type: 'timeout', node: 1 },
        { at: 100, type: 'call', node: 1, op: 'put', key: 'k0' },
        { at: 200, type: 'call', node: 1, op: 'get', key: 'k0' },
        { at: 300, type: 'call', node: 2, op: 'get', key: 'k0' }, // a follower refuses: no retry
      ],
    }));
    sim.runUntil(400);
    const h = sim.clientHistory;
    expect(h.map((e) => [e.client, e.op, e.key, e.value, e.output, e.call])).toEqual([
      [1, 'put', 'k0', 'v1', null, 100],
      [2, 'get', 'k0', null, 'v1', 200],
      [3, 'get', 'k0', null, null, 300],
    ]);
    expect(h[0].return).toBeGreaterThan(100);
    expect(h[1].return).toBeGreaterThan(200);
    expect(h[2].return).toBeNull();
    expect(buildReport(sim).availability).toEqual([
      { client: 1, answered: 1, timedOut: 0 }, { client: 2, answered: 1, timedOut: 0 }, { client: 3, answered: 0, timedOut: 0 },
    ]);
  });

  it('are numbered after the workload\'s clients', () => {
    const sim = createSimulation(raftScenario({
      nodes: 3, until: 300, config: SCRIPTED_ELECTIONS,
      workload: { clients: 2, keys: 1, interval: { min: 50, max: 50 }, readRatio: 0.5, from: 0, to: 0 },
      events: [{ at: 10, type: 'timeout', node: 1 }, { at: 100, type: 'call', node: 1, op: 'put', key: 'k0' }],
    }));
    sim.runUntil(300);
    expect(sim.clientHistory.find((e) => e.call === 100)?.client).toBe(3);
  });

  it('refuses an operation other than get or put, naming the field', () => {
    const bad = () => validateScenario({ version: 1, protocol: 'raft', nodes: 3, seed: 1, events: [{ at: 5, type: 'call', node: 1, op: 'del', key: 'k0' }] });
    expect(bad).toThrow(ScenarioError);
    expect(bad).toThrow(/events\[0\]\.op: must be "get" or "put"/);
  });
});
