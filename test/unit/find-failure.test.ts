/**
 * The page's "Find a failure" search (run in a Web Worker there, called directly here): it reports
 * its progress, finds a teaching bug by fuzzing or by exhaustive search, answers with a scenario
 * that fails the same way at the moment it opens at, and finds nothing in a correct protocol.
 */
import { describe, expect, it } from 'vitest';
import { PROTOCOLS, PROTOCOL_NAMES } from '../../src/protocols/registry';
import { BUGS } from '../../src/scenario/check-cases';
import { findFailure, searchDepthFor, searchOptions, type FindProgress } from '../../src/scenario/find-failure';
import { createSimulation } from '../../src/scenario/run';

/** The invariants a scenario has broken by `atMs`. */
function brokenBy(scenario: Parameters<typeof createSimulation>[0], atMs: number): string[] {
  const sim = createSimulation(scenario, { maxViolations: 10 });
  sim.runUntil(atMs);
  return sim.violations.map((v) => v.invariant);
}

describe('find a failure', () => {
  it('fuzzing finds commit-previous-term at its first failing seed (2, since Raft seeds draw PreVote, CheckQuorum and read modes), shrinks it, and opens at the violation', () => {
    const progress: FindProgress[] = [];
    const r = findFailure({ method: 'fuzz', protocol: 'raft', bugs: ['commit-previous-term'], seeds: 20 }, (p) => progress.push(p));
    expect(r.found).toBe(true);
    if (!r.found) return;
    expect(r.seed).toBe(2);
    expect(progress[0]).toEqual({ phase: 'seed', done: 1, total: 20 });
    expect(progress.some((p) => p.phase === 'shrink')).toBe(true);
    expect(r.eventsAfter).toBeLessThan(r.eventsBefore);
    expect(r.scenario.events.length).toBe(r.eventsAfter);
    expect(r.scenario.bugs).toEqual(['commit-previous-term']);
    expect(r.failure.kind).toBe('invariant');
    const invariant = r.failure.kind === 'invariant' ? r.failure.invariant : '';
    // the moment it opens at shows the violation, and the moment before does not
    expect(brokenBy(r.scenario, r.atMs)).toContain(invariant);
    expect(brokenBy(r.scenario, r.atMs - 0.001)).not.toContain(invariant);
  }, 120_000);

  it('the exhaustive search finds a shortest counterexample and reports each depth', () => {
    const progress: FindProgress[] = [];
    const r = findFailure({ method: 'exhaustive', protocol: 'paxos', bugs: ['forget-promise-on-restart'], depth: 5 }, (p) => progress.push(p));
    expect(r.found).toBe(true);
    if (!r.found) return;
    expect(r.failure).toEqual({ kind: 'invariant', invariant: 'PromiseMonotonic' });
    // a request, a crash and a restart: it breaks as the third act restarts the node
    expect(r.scenario.events.map((e) => e.type)).toEqual(['request', 'crash', 'restart']);
    expect(r.atMs).toBe(r.scenario.events[2].at);
    expect(r.scenario.nodes).toBe(3);
    expect(progress.map((p) => p.phase === 'depth' && p.done)).toEqual([1, 2]);
    expect(brokenBy(r.scenario, r.atMs)).toContain('PromiseMonotonic');
  }, 120_000);

  it("the panel searches each bug with its case's cluster, bounds and knobs, to the depth the case finds it at", () => {
    for (const protocol of PROTOCOL_NAMES) {
      for (const bug of PROTOCOLS[protocol].bugs) {
        const c = BUGS.find((b) => b.protocol === protocol && b.bug === bug);
        expect(c, `${protocol}: ${bug} has a case`).toBeDefined();
        const depth = searchDepthFor(protocol, bug, 8);
        expect(depth).toBe(c!.depth);
        const { bug: _b, invariant: _i, ...bounds } = c!;
        expect(searchOptions(protocol, [bug], depth)).toEqual({ ...bounds, bugs: [bug] });
      }
    }
    // no bug: 3 nodes at the search's defaults, to the depth asked
    expect(searchDepthFor('raft', '', 8)).toBe(8);
    expect(searchOptions('raft', [], 8)).toEqual({ protocol: 'raft', nodes: 3, depth: 8, bugs: [] });
  });

  it('so with its defaults it finds bugs the default bounds miss: a mid-round request (Zab), five nodes with three voting (Raft)', () => {
    const zab = findFailure({ method: 'exhaustive', protocol: 'zab', bugs: ['broadcast-before-sync'], depth: searchDepthFor('zab', 'broadcast-before-sync', 8) });
    expect(zab).toMatchObject({ found: true, failure: { kind: 'invariant', invariant: 'PrimaryIntegrity' }, eventsAfter: 5 });
    const raft = findFailure({ method: 'exhaustive', protocol: 'raft', bugs: ['unsafe-membership-change'], depth: searchDepthFor('raft', 'unsafe-membership-change', 8) });
    expect(raft).toMatchObject({ found: true, failure: { kind: 'invariant', invariant: 'LeaderCompleteness' }, eventsAfter: 5 });
    expect(raft.found && raft.scenario.nodes).toBe(5);
    if (zab.found) expect(brokenBy(zab.scenario, zab.atMs)).toContain('PrimaryIntegrity');
  }, 120_000);

  it('finds nothing in the correct protocol, and says how far it looked', () => {
    const fuzzed = findFailure({ method: 'fuzz', protocol: 'raft', bugs: [], seeds: 3 });
    expect(fuzzed).toEqual({ found: false, method: 'fuzz', searched: 3, states: 0, truncated: false });
    const searched = findFailure({ method: 'exhaustive', protocol: 'raft', bugs: [], depth: 3 });
    expect(searched).toMatchObject({ found: false, method: 'exhaustive', searched: 3, truncated: false });
    expect(searched.found === false && searched.states).toBeGreaterThan(10);
  }, 120_000);
});
