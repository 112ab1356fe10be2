/**
 * The swarm fuzzer: generated scenarios are valid and reproducible, correct Raft passes a batch
 * with no violation and converges every time, and a batch with a teaching bug finds it.
 */
import { describe, expect, it } from 'vitest';
import { failed, fuzz, generateCase, runFuzzCase } from '../../src/scenario/fuzz';
import { PROTOCOLS } from '../../src/protocols/registry';
import { decodeLink } from '../../src/scenario/link';
import { buildReport, runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import { runCliAsync } from './support/spawn';

describe('scenario generation', () => {
  it('is a pure function of the seed, and every scenario is valid', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const a = generateCase(seed, { protocol: 'raft' });
      expect(generateCase(seed, { protocol: 'raft' }).scenario).toEqual(a.scenario);
      expect(validateScenario(JSON.parse(JSON.stringify(a.scenario)))).toEqual(a.scenario);
      expect(a.scenario.seed).toBe(seed);
    }
    expect(generateCase(1, { protocol: 'raft' }).scenario).not.toEqual(generateCase(2, { protocol: 'raft' }).scenario);
  });

  it('draws a different fault mix per seed (swarm testing)', () => {
    const mixes = Array.from({ length: 40 }, (_, i) => generateCase(i + 1, { protocol: 'raft' }).mix);
    for (const kind of ['crash', 'partition', 'link', 'network', 'timeout'] as const) {
      const on = mixes.filter((m) => m.weights[kind] > 0).length;
      expect(on).toBeGreaterThan(5);
      expect(on).toBeLessThan(35);
    }
    expect(mixes.filter((m) => m.network.dropRate > 0).length).toBeGreaterThan(5);
    expect(mixes.filter((m) => m.workload !== null).length).toBeGreaterThan(3);
    expect(new Set(mixes.map((m) => m.gap.min)).size).toBeGreaterThan(20);
  });

  it('ends with a liveness phase: heal, calm network, every node restarted, then probe requests', () => {
    const c = generateCase(7, { protocol: 'raft', nodes: 5, safetyMs: 3000, livenessMs: 3000 });
    const late = c.scenario.events.filter((e) => e.at >= c.healAt);
    expect(c.healAt).toBe(3000);
    expect(c.scenario.until).toBe(6000);
    expect(late.some((e) => e.type === 'heal' && e.at === 3000)).toBe(true);
    expect(late.some((e) => e.type === 'network' && e.dropRate === 0 && e.duplicateRate === 0)).toBe(true);
    expect(late.filter((e) => e.type === 'restart').map((e) => (e as { node: number }).node)).toEqual([1, 2, 3, 4, 5]);
    expect(late.filter((e) => e.type === 'request').map((e) => (e as { command: string }).command)).toEqual(c.probes);
    expect(c.probes.length).toBeGreaterThanOrEqual(3);
    // no fault after the heal, for any seed
    expect(late.filter((e) => ['crash', 'partition'].includes(e.type))).toEqual([]);
    for (let seed = 1; seed <= 200; seed++) {
      const g = generateCase(seed, { protocol: 'raft', safetyMs: 3000 });
      expect(g.scenario.events.filter((e) => e.at >= g.healAt && ['crash', 'partition', 'link', 'timeout'].includes(e.type) && !(e.type === 'link' && e.dropRate === 0))).toEqual([]);
    }
  });
});

describe('fuzzing Raft', () => {
  it('finds no violation in correct Raft, and every seed converges after healing', () => {
    const summary = fuzz({ protocol: 'raft', seeds: 60 });
    expect(summary.seeds).toBe(60);
    expect(summary.failures.map((f) => [f.seed, f.violations[0]?.invariant, f.liveness])).toEqual([]);
    expect(summary.events).toBeGreaterThan(60 * 500);
  });

  it('finds the teaching bug vote-without-log-check within a few seeds, each with a replayable link', () => {
    const summary = fuzz({ protocol: 'raft', bugs: ['vote-without-log-check'], seeds: 30 });
    expect(summary.failures.length).toBeGreaterThan(0);
    const f = summary.failures[0];
    expect(failed(f)).toBe(true);
    // the link alone reproduces the run: same scenario, same trace hash, same violations
    const replay = buildReport(runScenario(decodeLink(f.url).scenario));
    expect(replay.traceHash).toBe(f.traceHash);
    expect(replay.violations.slice(0, f.violations.length)).toEqual(f.violations); // the fuzzer keeps only the first few
    expect(runFuzzCase(f.seed, { protocol: 'raft', bugs: ['vote-without-log-check'] }).traceHash).toBe(f.traceHash);
  });

  it('judges liveness from the report: a leader in the top term and a decided probe', () => {
    const node = (id: number, role: string, term: number, up = true) => ({ id, up, role, term });
    const base = { version: 1 as const, protocol: 'raft', time: 0, url: '', traceHash: '', stats: { events: 0, messagesSent: 0, messagesDelivered: 0, messagesDropped: 0 }, violations: [] };
    const committed = [{ index: 1, term: 2, command: 'probe-2', time: 1 }];
    const check = PROTOCOLS.raft.fuzz.check;
    expect(check({ ...base, nodes: [node(1, 'leader', 2), node(2, 'follower', 2)], committed }, ['probe-1', 'probe-2'])).toBeNull();
    expect(check({ ...base, nodes: [node(1, 'leader', 2), node(2, 'candidate', 3)], committed }, ['probe-2'])).toMatch(/no leader in the highest term/);
    expect(check({ ...base, nodes: [node(1, 'leader', 2)], committed: [] }, ['probe-1'])).toMatch(/none of the 1 probe/);
  });
});

describe('the fuzzer is protocol-generic', () => {
  it('runs Basic Paxos and Multi-Paxos batches with their own convergence rules', () => {
    for (const protocol of ['paxos', 'multi-paxos'] as const) {
      const summary = fuzz({ protocol, seeds: 25 });
      expect(summary.failures.map((f) => [protocol, f.seed, f.violations[0]?.invariant, f.liveness])).toEqual([]);
      expect(summary.events).toBeGreaterThan(25 * 50);
      // Paxos probes go to every node in turn, so every node gets to learn the outcome
      const c = generateCase(3, { protocol, nodes: 7 });
      const targets = c.scenario.events.filter((e) => e.type === 'request' && e.at > c.healAt).map((e) => (e as { node: number }).node);
      expect(new Set(targets)).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    }
    expect(generateCase(3, { protocol: 'paxos' }).mix.workload).toBeNull(); // single-decree: no client sessions
  });
});

describe('npm run fuzz', () => {
  it('exits 0 on correct Raft, 1 with a failing seed and its replay link, 2 on bad arguments', async () => {
    const [clean, buggy, unknownBug, noProtocol] = await Promise.all([
      runCliAsync('fuzz', ['--protocol', 'raft', '--seeds', '15', '--jobs', '1']),
      runCliAsync('fuzz', ['--protocol', 'raft', '--seeds', '15', '--jobs', '1', '--shrink', '0', '--bug', 'vote-without-log-check']),
      runCliAsync('fuzz', ['--protocol', 'raft', '--bug', 'skip-fsync']),
      runCliAsync('fuzz', ['--seeds', '3']),
    ]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^raft: 15 seeds from 1 \(bugs: none;/);
    expect(clean.stdout).toMatch(/passed 15, failed 0/);

    expect(buggy.code).toBe(1);
    const fail = buggy.stdout.match(/^FAIL seed (\d+): (.*)$/m);
    expect(fail).not.toBeNull();
    expect(fail![2]).toMatch(/(LeaderCompleteness|StateMachineSafety)/);
    const link = buggy.stdout.match(/replay: npm run --silent sim -- --url '(#s=[^']+)'/)![1];
    const replay = buildReport(runScenario(decodeLink(link).scenario));
    expect(replay.violations.length).toBeGreaterThan(0);
    expect(decodeLink(link).scenario.seed).toBe(Number(fail![1]));

    expect(unknownBug.code).toBe(2);
    expect(unknownBug.stderr).toMatch(/--bug: unknown bug "skip-fsync" for raft/);
    expect(noProtocol.code).toBe(2);
    expect(noProtocol.stderr).toMatch(/--protocol: required/);
  }, 180_000);

  it('--json prints one object per failure and a summary, and --jobs changes nothing but the time', async () => {
    const args = ['--protocol', 'raft', '--seeds', '6', '--from', '9', '--bug', 'vote-without-log-check', '--shrink', '1', '--json'];
    const [one, three] = await Promise.all([
      runCliAsync('fuzz', [...args, '--jobs', '1']),
      runCliAsync('fuzz', [...args, '--jobs', '3']),
    ]);
    expect(one.code).toBe(1);
    expect(three.code).toBe(1);
    const parse = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const a = parse(one.stdout);
    const b = parse(three.stdout);
    const summary = a[a.length - 1];
    expect(summary).toMatchObject({ type: 'summary', protocol: 'raft', seeds: 6, jobs: 1 });
    const failures = a.slice(0, -1);
    expect(failures.length).toBe(summary.failed);
    expect(failures.map((f) => f.seed)).toEqual(summary.failedSeeds);
    for (const f of failures) expect(f).toMatchObject({ type: 'failure', url: expect.stringMatching(/^#s=/) });
    // the first failure comes shrunk, as a scenario and a link that opens at the violation
    const shrunk = failures[0].shrunk as { events: number; url: string; scenario: { events: unknown[] }; momentMs: number };
    expect(shrunk.events).toBe(shrunk.scenario.events.length);
    expect(shrunk.url).toMatch(new RegExp(`&t=${shrunk.momentMs}$`));
    expect(failures.slice(1).every((f) => f.shrunk === null)).toBe(true);
    const timeless = (o: Record<string, unknown>) => ({ ...o, seconds: 0, jobs: 0 });
    expect(b.map(timeless)).toEqual(a.map(timeless));
  }, 180_000);
});
