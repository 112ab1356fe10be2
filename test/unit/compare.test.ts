/**
 * Compare mode: one fault script on two protocols or two configs, the same seed and clock, and the
 * figures of each run (messages, first leader, first decision, latency, time without a leader).
 */
import { describe, expect, it } from 'vitest';
import { compareRuns, withProtocol } from '../../src/scenario/compare';
import { LIBRARY } from '../../src/scenario/library';
import { runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import type { Scenario } from '../../src/sim/types';
import { runCliAsync } from './support/spawn';

const CRASH: Scenario = validateScenario({
  version: 1, protocol: 'raft', nodes: 5, seed: 7, until: 4000,
  config: { electionTimeout: { min: 300, max: 400 }, heartbeatInterval: 50 },
  bugs: ['commit-previous-term'],
  events: [
    { at: 500, type: 'request', node: 'leader', command: 'x=1' },
    { at: 1000, type: 'crash', node: 'leader' },
    { at: 2000, type: 'request', node: 'leader', command: 'x=2' },
    { at: 2500, type: 'restart', node: 1 },
    { at: 2600, type: 'drop', message: 3 },
  ],
});

describe('the same script on another protocol', () => {
  it('keeps seed, nodes, network and faults, and leaves out knobs, bugs and acts on message ids', () => {
    const z = withProtocol(CRASH, 'zab');
    expect(z).toMatchObject({ protocol: 'zab', seed: 7, nodes: 5, until: 4000 });
    expect(z.config).toBeUndefined();
    expect(z.bugs).toBeUndefined();
    expect(z.events).toEqual(CRASH.events.filter((e) => e.type !== 'drop'));
    expect(withProtocol(CRASH, 'raft')).toBe(CRASH);
  });
});

describe('compareRuns', () => {
  const report = compareRuns(CRASH, withProtocol(CRASH, 'multi-paxos'));
  const [raft, mp] = report.sides;

  it('runs each side exactly as the CLI would alone (same trace hash, same message count)', () => {
    for (const [side, s] of [[raft, CRASH], [mp, withProtocol(CRASH, 'multi-paxos')]] as const) {
      const alone = runScenario(s, 4000);
      expect(side.traceHash).toBe(alone.traceHash);
      expect(side.messagesSent).toBe(alone.stats.messagesSent);
    }
    expect(report).toMatchObject({ version: 1, time: 4000, seed: 7, nodes: 5 });
  });

  it('measures the leader crash: a gap of at least the election timeout, then both requests decided', () => {
    // the followers hear nothing for 300 ms before one stands; an election takes a round trip more
    expect(raft.unavailableMs).toBeGreaterThanOrEqual(250);
    expect(raft.unavailableMs).toBeLessThan(1000);
    expect(raft.firstLeaderMs).toBeGreaterThan(0);
    expect(raft.firstLeaderMs).toBeLessThan(500);
    expect(raft.decided).toBe(2);
    expect(raft.firstDecidedMs).toBeGreaterThan(500);
    expect(raft.requestLatency?.count).toBe(2);
    expect(raft.requestLatency!.maxMs).toBeLessThan(200);
    expect(mp.decided).toBeGreaterThanOrEqual(2);
    expect(mp.unavailableMs).toBeGreaterThan(0);
  });

  it('says nothing of leaders where each node proposes on its own', () => {
    // no node leads, so the requests go to named nodes
    const script = { ...CRASH, events: CRASH.events.map((e) => (e.type === 'request' ? { ...e, node: 2 } : e)) };
    const [, paxos] = compareRuns(script, withProtocol(script, 'paxos')).sides;
    expect(paxos.firstLeaderMs).toBeNull();
    expect(paxos.unavailableMs).toBeNull();
    expect(paxos.firstDecidedMs).not.toBeNull();
  });

  it('with no fault, no time without a leader once there is one; a workload gives client latencies', () => {
    const calm = validateScenario({ version: 1, protocol: 'raft', nodes: 3, seed: 2, until: 2000, events: [],
      workload: { clients: 2, keys: 1, interval: { min: 50, max: 100 } } });
    const [a, b] = compareRuns(calm, withProtocol(calm, 'zab')).sides;
    for (const side of [a, b]) {
      expect(side.unavailableMs).toBe(0);
      expect(side.clientLatency!.count).toBeGreaterThan(5);
      expect(side.clientLatency!.medianMs).toBeGreaterThan(0);
    }
  });

  it('refuses two runs of different seeds or sizes, naming the field', () => {
    expect(() => compareRuns(CRASH, { ...CRASH, seed: 8 })).toThrow(/second scenario: seed: must equal the first scenario's \(7\)/);
    expect(() => compareRuns(CRASH, { ...CRASH, nodes: 3 })).toThrow(/second scenario: nodes/);
  });
});

describe('npm run compare', () => {
  it('prints both runs as JSON (exit 0), a broken invariant exits 1, bad input 2', async () => {
    const json = JSON.stringify(CRASH);
    const broken = LIBRARY.find((e) => e.scenario.protocol === 'raft' && runScenario(e.scenario).violations.length > 0)!.scenario;
    const [ok, two, bad, violated] = await Promise.all([
      runCliAsync('compare', ['-', '--protocol', 'zab'], json),
      runCliAsync('compare', ['-', '--protocol', 'nope'], json),
      runCliAsync('compare', ['-'], json),
      runCliAsync('compare', ['-', '--protocol', 'raft'], JSON.stringify(broken)),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.sides.map((s: { protocol: string }) => s.protocol)).toEqual(['raft', 'zab']);
    expect(report.sides[0].traceHash).toBe(runScenario(CRASH, 4000).traceHash);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/--protocol: must be one of raft, paxos, multi-paxos, zab, got nope/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/give two runs/);
    expect(violated.code).toBe(1);
    expect(JSON.parse(violated.stdout).sides[0].violations.length).toBeGreaterThan(0);
  });
});

describe('the page link', () => {
  it('&compare=<protocol> opens compare mode, is written back, and a name not registered is refused naming the field', async () => {
    const { pageFragment, viewParams } = await import('../../src/ui/url');
    expect(viewParams('#s=x&compare=zab').compare).toBe('zab');
    expect(viewParams('#s=x').compare).toBeUndefined();
    expect(() => viewParams('#s=x&compare=pbft')).toThrow(/^compare: must be one of raft, paxos, multi-paxos, zab, got "pbft"/);
    const fragment = pageFragment(CRASH, { lang: null, lesson: null, embed: false, present: false, compare: 'multi-paxos' }, 1200);
    expect(viewParams(fragment).compare).toBe('multi-paxos');
  });
});
