/**
 * Mutation tests of the invariant checkers: each teaching bug, switched on, must be caught by the
 * invariant that names what it breaks, and the very same scenario without the bug must pass.
 * A checker that never fails checks nothing.
 */
import { describe, expect, it } from 'vitest';
import { fuzz, runFuzzCase } from '../../src/scenario/fuzz';
import { buildReport, runScenario } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';
import { SCRIPTED_ELECTIONS, committedCommands, raftScenario, runWatched } from './support/cluster';
import { figure8Scenario } from './support/figure8';
import { safetyProblems } from './support/oracles';

const invariantsOf = (scenario: Scenario, untilMs: number): string[] =>
  [...new Set(runScenario(scenario, untilMs).violations.map((v) => v.invariant))];

const withBugs = (scenario: Scenario, bugs: string[]): Scenario => ({ ...scenario, bugs });

describe('commit-previous-term (Figure 8)', () => {
  it('is caught: the next leader lacks an entry the buggy leader committed by counting old-term replicas', () => {
    const run = runWatched(figure8Scenario(['commit-previous-term']), 2500);
    const names = run.sim.violations.map((v) => v.invariant);
    expect(names).toContain('LeaderCompleteness');
    expect(names).toContain('StateMachineSafety');
    expect(run.sim.violations.find((v) => v.invariant === 'LeaderCompleteness')!.detail).toMatch(/S5 became leader of term 4 without entry 2/);
    // the test's own oracles agree with the engine's checkers
    expect(safetyProblems(run.sim, run.trace, run.watcher).length).toBeGreaterThan(0);
  });

  it('the same scenario without the bug is safe', () => {
    expect(invariantsOf(figure8Scenario([]), 2500)).toEqual([]);
  });
});

/**
 * S1 leads term 1 and commits "a" with S2 while S3 is cut off; S1 crashes; S3 stands for term 2
 * (after a first try in term 1) with an empty log, and S2 must refuse it.
 */
const staleCandidate = raftScenario({
  nodes: 3, config: SCRIPTED_ELECTIONS,
  events: [
    { at: 0, type: 'partition', groups: [[1, 2], [3]] },
    { at: 10, type: 'timeout', node: 1 },
    { at: 100, type: 'request', node: 1, command: 'a' },
    { at: 400, type: 'crash', node: 1 },
    { at: 410, type: 'heal' },
    { at: 420, type: 'timeout', node: 3 },  // term 1: S2 already voted for S1
    { at: 500, type: 'timeout', node: 3 },  // term 2: only the log check stands in the way
    { at: 700, type: 'request', node: 'leader', command: 'b' },
  ],
});

describe('vote-without-log-check', () => {
  it('is caught: a candidate missing a committed entry is elected', () => {
    const run = runWatched(withBugs(staleCandidate, ['vote-without-log-check']), 1500);
    expect(run.sim.violations.map((v) => v.invariant)).toContain('LeaderCompleteness');
    expect(run.sim.violations[0].detail).toMatch(/S3 became leader of term 2 without entry 1/);
  });

  it('the same scenario without the bug is safe: S2 refuses S3, and "a" stays committed', () => {
    const run = runWatched(staleCandidate, 1500);
    expect(run.sim.violations).toEqual([]);
    const refusals = run.trace.filter((r) => r.kind === 'note' && r.what === 'vote' && r.node === 2 && r.data!.reason === 'log-behind');
    expect(refusals).toHaveLength(1);
    expect(committedCommands(run.sim)).toEqual(['a']);
  });

  it('is found by a bounded fuzz search, and the failing seeds pass without the bug', () => {
    const summary = fuzz({ protocol: 'raft', bugs: ['vote-without-log-check'], seeds: 40, stopAfter: 3 });
    expect(summary.failures.length).toBe(3);
    for (const f of summary.failures) {
      expect(f.violations.some((v) => ['LeaderCompleteness', 'StateMachineSafety'].includes(v.invariant))).toBe(true);
      const clean = runFuzzCase(f.seed, { protocol: 'raft' });
      expect(clean.violations).toEqual([]);
      expect(clean.liveness).toBeNull();
    }
  });
});

/**
 * S1 and S3 both stand for term 1. S2 votes for S1 (S3's request is held up by a partition),
 * crashes and restarts; then S3's request reaches it.
 */
const revote = raftScenario({
  nodes: 3, config: SCRIPTED_ELECTIONS,
  events: [
    { at: 0, type: 'partition', groups: [[1, 2], [3]] },
    { at: 10, type: 'timeout', node: 1 },
    { at: 100, type: 'crash', node: 2 },
    { at: 110, type: 'restart', node: 2 },
    { at: 120, type: 'partition', groups: [[1], [2, 3]] },
    { at: 130, type: 'timeout', node: 3 },
  ],
});

describe('forget-vote-on-restart', () => {
  it('is caught: the restarted voter votes twice in one term, and two leaders of term 1 appear', () => {
    const names = invariantsOf(withBugs(revote, ['forget-vote-on-restart']), 800);
    expect(names).toContain('ElectionSafety');
    // the report lists every election won: both leaders of term 1
    const report = buildReport(runScenario(withBugs(revote, ['forget-vote-on-restart']), 800));
    const term1 = (report.leaders as { term: number; node: number }[]).filter((l) => l.term === 1);
    expect(term1).toHaveLength(2);
    expect(new Set(term1.map((l) => l.node)).size).toBe(2);
  });

  it('the same scenario without the bug is safe: the vote survives the restart', () => {
    const run = runWatched(revote, 800);
    expect(run.sim.violations).toEqual([]);
    expect(run.sim.leader()).toBe(1);
  });

  it('is found by a bounded fuzz search on 3-node clusters, and the failing seed passes without the bug', () => {
    const summary = fuzz({ protocol: 'raft', bugs: ['forget-vote-on-restart'], nodes: 3, seeds: 400, stopAfter: 1 });
    expect(summary.failures).toHaveLength(1);
    const found = summary.failures[0];
    expect(found.violations.map((v) => v.invariant)).toContain('ElectionSafety');
    expect(runFuzzCase(found.seed, { protocol: 'raft', nodes: 3 }).violations).toEqual([]);
  });
});

describe('the checkers raise no false alarms', () => {
  it('a stale leader of an older term may lack an old entry that a newer leader commits indirectly', () => {
    // S3 is elected in term 2 without "x" (uncommitted then) and is cut off, still believing it
    // leads; S1 wins term 3 and commits "x" through "y". Leader Completeness speaks of leaders of
    // terms after the commit (term 3), so S3 (term 2) is no violation.
    const scenario = raftScenario({
      nodes: 5, config: SCRIPTED_ELECTIONS,
      events: [
        { at: 0, type: 'timeout', node: 1 },
        { at: 50, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
        { at: 100, type: 'request', node: 1, command: 'x' },
        { at: 200, type: 'timeout', node: 3 },
        { at: 300, type: 'partition', groups: [[3], [1, 2, 4, 5]] },
        { at: 400, type: 'timeout', node: 1 },
        { at: 500, type: 'timeout', node: 1 },
        { at: 700, type: 'request', node: 1, command: 'y' },
      ],
    });
    const run = runWatched(scenario, 1200);
    const s3 = run.sim.nodes[3] as { role: string; durable: { currentTerm: number; log: { length: number } } };
    expect([s3.role, s3.durable.currentTerm, s3.durable.log.length]).toEqual(['leader', 2, 0]);
    expect(committedCommands(run.sim)).toEqual(['x', 'y']);
    expect(run.sim.violations).toEqual([]);
    expect(safetyProblems(run.sim, run.trace, run.watcher)).toEqual([]);
  });
});
