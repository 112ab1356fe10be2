/**
 * The exhaustive search: with no bug a small depth completes clean; with a teaching bug it finds
 * a shortest counterexample, which is a scenario that replays the violation; the CLI prints the
 * figures and exits 1 on a counterexample, 2 on bad arguments.
 */
import { describe, expect, it } from 'vitest';
import { check, type CheckOptions } from '../../src/scenario/check';
import { decodeLink } from '../../src/scenario/link';
import { buildReport, runScenario } from '../../src/scenario/run';
import { runCliAsync } from './support/spawn';

/**
 * Each bug with the depth of its shortest counterexample and the bounds it needs on 3 nodes
 * (README, "Exhaustive search", has the table).
 */
const BUGS: (Pick<CheckOptions, 'protocol' | 'depth' | 'maxRequests' | 'maxCrashes' | 'maxTimeouts'> & { bug: string; invariant: string })[] = [
  { protocol: 'raft', bug: 'forget-vote-on-restart', invariant: 'ElectionSafety', depth: 8, maxRequests: 0, maxCrashes: 1, maxTimeouts: 2 },
  { protocol: 'raft', bug: 'vote-without-log-check', invariant: 'LeaderCompleteness', depth: 9, maxRequests: 1, maxCrashes: 0, maxTimeouts: 2 },
  { protocol: 'paxos', bug: 'forget-promise-on-restart', invariant: 'PromiseMonotonic', depth: 3, maxRequests: 1, maxCrashes: 1, maxTimeouts: 0 },
  { protocol: 'paxos', bug: 'ignore-accepted-value', invariant: 'Consistency', depth: 8, maxRequests: 2, maxCrashes: 0, maxTimeouts: 0 },
  { protocol: 'paxos', bug: 'accept-below-promise', invariant: 'AcceptAbovePromise', depth: 5, maxRequests: 2, maxCrashes: 0, maxTimeouts: 0 },
];

describe('exhaustive search', () => {
  it('finds nothing in correct Raft up to depth 4, and says how far it got', () => {
    const r = check({ protocol: 'raft', nodes: 3, depth: 4 });
    expect(r.counterexample).toBeNull();
    expect(r.depthCompleted).toBe(4);
    expect(r.truncated).toBe(false);
    // three timeouts, three crashes and nothing else at depth 1; many more below
    expect(r.states).toBeGreaterThan(100);
  });

  it.each(BUGS)('finds $bug ($protocol) at depth $depth, as a scenario that replays it', (b) => {
    const r = check({ ...b, nodes: 3, bugs: [b.bug] });
    expect(r.counterexample, `no counterexample for ${b.bug}`).not.toBeNull();
    const c = r.counterexample!;
    expect(c.invariant).toBe(b.invariant);
    expect(c.depth).toBe(b.depth); // breadth-first: nothing shorter exists within the bounds
    expect(r.depthCompleted).toBe(b.depth - 1);
    expect(c.scenario.events.length).toBe(c.depth);
    const replay = buildReport(runScenario(decodeLink(c.url).scenario, c.depth));
    expect(replay.violations[0]?.invariant).toBe(b.invariant);
    // and without the bug the same script violates nothing
    expect(buildReport(runScenario({ ...c.scenario, bugs: [] }, c.depth)).violations).toEqual([]);
  }, 180_000);
});

describe('npm run check', () => {
  it('prints the figures and a counterexample link (exit 1), none (exit 0), or a bad argument (exit 2)', async () => {
    const [found, clean, bad] = await Promise.all([
      runCliAsync('check', ['--protocol', 'paxos', '--nodes', '3', '--depth', '4', '--bug', 'forget-promise-on-restart', '--timeouts', '0', '--json']),
      runCliAsync('check', ['--protocol', 'raft', '--nodes', '3', '--depth', '2']),
      runCliAsync('check', ['--protocol', 'raft', '--nodes', '3', '--depth', '2', '--bug', 'skip-fsync']),
    ]);
    expect(found.code).toBe(1);
    const report = JSON.parse(found.stdout);
    expect(report).toMatchObject({ protocol: 'paxos', nodes: 3, depthCompleted: 2, counterexample: { invariant: 'PromiseMonotonic', depth: 3 } });
    expect(report.states).toBeGreaterThan(0);
    expect(report.statesPerSecond).toBeGreaterThan(0);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/states explored, [\d,]+ states\/s, depth 2 of 2 completed/);
    expect(clean.stdout).toMatch(/no violation up to depth 2/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bug: unknown bug "skip-fsync" for raft/);
  }, 180_000);
});
