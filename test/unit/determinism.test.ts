/**
 * Determinism is the product: the same scenario gives the same trace hash and report every time,
 * in this process and in a fresh one; another seed gives another run; and the core runs in plain
 * Node without a DOM, a wall clock or Math.random.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_NAMES } from '../../src/protocols/registry';
import { buildReport, runScenario } from '../../src/scenario/run';
import type { TraceRecord } from '../../src/sim/trace';
import type { Scenario } from '../../src/sim/types';
import { raftScenario } from './support/cluster';
import { ROOT, runCli, scenarioFile } from './support/spawn';

const busy = (seed: number): Scenario => raftScenario({
  nodes: 5, seed, until: 6000,
  network: { latency: { min: 5, max: 60 }, dropRate: 0.05, duplicateRate: 0.05 },
  events: [
    { at: 500, type: 'request', node: 'leader', command: 'x=1' },
    { at: 1000, type: 'crash', node: 'leader' },
    { at: 1500, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
    { at: 2500, type: 'request', node: 'leader', command: 'x=2' },
    { at: 3000, type: 'heal' },
    { at: 3100, type: 'restart', node: 1 }, { at: 3100, type: 'restart', node: 2 }, { at: 3100, type: 'restart', node: 3 },
    { at: 3200, type: 'restart', node: 4 }, { at: 3200, type: 'restart', node: 5 },
  ],
  workload: { clients: 2, keys: 2, interval: { min: 50, max: 150 }, readRatio: 0.5, from: 0, to: 5000 },
});

const reportOf = (s: Scenario) => buildReport(runScenario(s));

describe('same scenario, same run', () => {
  it('gives the same trace hash and the same report twice in one process', () => {
    const a = reportOf(busy(5));
    const b = reportOf(busy(5));
    expect(b.traceHash).toBe(a.traceHash);
    expect(b).toEqual(a);
    expect(a.stats.events).toBeGreaterThan(1000);
    expect((a.history as unknown[]).length).toBeGreaterThan(10);
  });

  it('gives another trace hash for another seed', () => {
    const hashes = new Set([5, 6, 7, 8].map((seed) => reportOf(busy(seed)).traceHash));
    expect(hashes.size).toBe(4);
  });

  it('gives the same trace hash and report in a fresh Node process (npx tsx src/cli/sim.ts)', () => {
    const scenario = busy(9);
    const here = reportOf(scenario);
    const cli = runCli('sim', [scenarioFile(scenario)]);
    expect(cli.stderr).toBe('');
    const there = JSON.parse(cli.stdout);
    expect(there.traceHash).toBe(here.traceHash);
    expect(there).toEqual(JSON.parse(JSON.stringify(here)));
  });

  it('is not changed by another run in between (no state shared across runs)', () => {
    const first = reportOf(busy(10)).traceHash;
    reportOf(busy(11)); // shared caches (string codes) must not leak into the next run
    expect(reportOf(busy(10)).traceHash).toBe(first);
  });
});

describe('an event that does nothing (CONTRACT §1)', () => {
  const base = (protocol: Scenario['protocol']): Scenario => ({
    version: 1, protocol, nodes: 3, seed: 7, until: 2000,
    events: [{ at: 500, type: 'request', node: 'leader', command: 'a' }, { at: 1000, type: 'crash', node: 2 }],
  });
  const idle: Scenario['events'] = [
    { at: 1100, type: 'crash', node: 2 },          // already down
    { at: 1200, type: 'restart', node: 3 },        // already up
    { at: 1300, type: 'timeout', node: 2 },        // down
    { at: 1400, type: 'request', node: 2, command: 'b' }, // down
    { at: 1500, type: 'drop', message: 999_999 },  // no such message
    { at: 1600, type: 'deliver', message: 1 },     // long delivered
    { at: 5, type: 'crash', node: 'leader' },      // nobody leads yet
  ];
  for (const protocol of PROTOCOL_NAMES) {
    it(`leaves the run of ${protocol} as it was: same report, trace hash and event count`, () => {
      const plain = buildReport(runScenario(base(protocol)));
      const withIdle = base(protocol);
      withIdle.events = [...withIdle.events, ...idle];
      const { url: _u1, ...a } = plain;
      const { url: _u2, ...b } = buildReport(runScenario(withIdle));
      expect(b).toEqual(a);
    });
  }

  it('still tells the event log why it did nothing', () => {
    const withIdle = base('raft');
    withIdle.events = [...withIdle.events, { at: 1100, type: 'crash', node: 2 }];
    const records: TraceRecord[] = [];
    runScenario(withIdle, undefined, { onTrace: (r) => { records.push(r); } });
    expect(records.filter((r) => r.data?.ignored)).toEqual([
      expect.objectContaining({ kind: 'fault', what: 'crash', node: 2, time: 1100, data: { ignored: true, why: 'already-down' } }),
    ]);
  });
});

describe('the core needs no browser and no wall clock', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('runs in plain Node with no DOM', () => {
    expect(typeof document).toBe('undefined');
    expect(typeof window).toBe('undefined');
    expect(reportOf(busy(1)).nodes).toHaveLength(5);
  });

  it('never reads Math.random, Date.now or performance.now, nor sets a timer, while running', () => {
    const forbidden = (name: string) => () => { throw new Error(`${name} called by the core`); };
    vi.spyOn(Math, 'random').mockImplementation(forbidden('Math.random'));
    vi.spyOn(Date, 'now').mockImplementation(forbidden('Date.now'));
    vi.spyOn(performance, 'now').mockImplementation(forbidden('performance.now'));
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(forbidden('setTimeout') as never);
    vi.spyOn(globalThis, 'setInterval').mockImplementation(forbidden('setInterval') as never);
    const report = reportOf(busy(2));
    expect(report.stats.events).toBeGreaterThan(1000);
  });

  it('has no source line in sim, protocols or scenario that reaches for nondeterminism or the DOM', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(p);
      }
    };
    for (const dir of ['src/sim', 'src/protocols', 'src/scenario']) walk(join(ROOT, dir));
    expect(files.length).toBeGreaterThan(15);
    const pattern = /\bMath\.random\b|\bDate\.now\b|\bperformance\.now\b|\bnew Date\(|\bsetTimeout\(|\bsetInterval\(|\bdocument\.|\bwindow\./;
    const offending = files.flatMap((f) => readFileSync(f, 'utf8').split('\n')
      .map((line, i) => ({ line: line.trim(), where: `${f.slice(ROOT.length + 1)}:${i + 1}` }))
      .filter(({ line }) => !line.startsWith('//') && !line.startsWith('*') && pattern.test(line))
      .map(({ where, line }) => `${where}: ${line}`));
    expect(offending).toEqual([]);
  });
});
