/**
 * Run until: a breakpoint stops playing on the first moment its goal holds, whatever the size of
 * the slices playback advances by, and the state shown there is the CLI's at that time.
 */
import { describe, expect, it } from 'vitest';
import { libraryEntry } from '../../src/scenario/library';
import { runScenario } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';
import type { Simulation } from '../../src/sim/engine';
import { breakpoint, decidedCount, goalsFor, type Goal } from '../../src/ui/state/breakpoints';
import { createAppStore, DEFAULT_SCENARIO, previousMoment } from '../../src/ui/state/store';
import { figure8Scenario } from './support/figure8';

/** Play in slices of `slice` ms until the store stops; how many slices it took. */
function playUntilStopped(store: ReturnType<typeof createAppStore>, slice: number, max = 100_000): number {
  for (let i = 1; i <= max; i++) if (store.getState().advance(slice)) return i;
  throw new Error('never stopped');
}

/** Run to the goal from `atMs` and check it stops on its first moment; returns that moment. */
function stopsOnFirstMoment(scenario: Scenario, goal: Goal, holds: (sim: Simulation) => boolean, atMs = 0, slice = 37): number {
  const store = createAppStore(scenario, atMs);
  store.getState().startRunUntil(goal);
  playUntilStopped(store, slice);
  const { frame, runUntil, runUntilResult, timeline } = store.getState();
  expect(runUntil).toBeNull();
  expect(runUntilResult).toEqual({ goal, reached: true, timeMs: frame.timeMs });
  // it holds here, on the CLI's own state at this time…
  const there = runScenario(scenario, frame.timeMs);
  expect(frame.traceHash).toBe(there.traceHash);
  expect(holds(there)).toBe(true);
  // …and not at the moment before
  const before = previousMoment(timeline, frame.timeMs)!;
  expect(before).toBeGreaterThanOrEqual(atMs);
  expect(holds(runScenario(scenario, before))).toBe(false);
  return frame.timeMs;
}

describe('run until', () => {
  it('a leader is elected: Raft stops the moment the first election is won, in any slice size', () => {
    const at = stopsOnFirstMoment(DEFAULT_SCENARIO, 'leader', (sim) => sim.leader() !== null);
    expect(stopsOnFirstMoment(DEFAULT_SCENARIO, 'leader', (sim) => sim.leader() !== null, 0, 1000)).toBe(at);
    expect(stopsOnFirstMoment(DEFAULT_SCENARIO, 'leader', (sim) => sim.leader() !== null, 0, 0.5)).toBe(at);
  });

  it('a leader is elected means a new one: with a leader on screen, it runs to the next election', () => {
    const scenario: Scenario = { ...DEFAULT_SCENARIO, events: [{ at: 1000, type: 'crash', node: 'leader' }] };
    const first = runScenario(scenario, 900);
    const old = first.leader()!;
    expect(old).not.toBeNull();
    const at = stopsOnFirstMoment(scenario, 'leader', (sim) => sim.leader() !== null && sim.leader() !== old, 900);
    expect(at).toBeGreaterThan(1000);
  });

  it('an entry commits (Raft) and a value is chosen (Paxos, Multi-Paxos)', () => {
    const raft: Scenario = { ...DEFAULT_SCENARIO, events: [{ at: 600, type: 'request', node: 'leader', command: 'x=1' }] };
    stopsOnFirstMoment(raft, 'commit', (sim) => decidedCount(sim) > 0);
    stopsOnFirstMoment(libraryEntry('paxos-one-proposer').scenario, 'chosen', (sim) => decidedCount(sim) > 0);
    const mp = libraryEntry('multi-paxos-leader-fails-noop-gap').scenario;
    const first = stopsOnFirstMoment(mp, 'chosen', (sim) => decidedCount(sim) > 0);
    // from a moment with a slot already chosen, it waits for one more
    const chosen = decidedCount(runScenario(mp, first));
    expect(chosen).toBeGreaterThan(0);
    expect(decidedCount(runScenario(mp))).toBeGreaterThan(chosen);
    stopsOnFirstMoment(mp, 'chosen', (sim) => decidedCount(sim) > chosen, first);
  });

  it('the next violation: the same moment playback stops at by itself', () => {
    const scenario = figure8Scenario(['commit-previous-term']);
    const at = stopsOnFirstMoment(scenario, 'violation', (sim) => sim.violations.length > 0);
    expect(runScenario(scenario, at).violations[0].time).toBe(at);
  });

  it('gives up at its limit, saying so, when the goal never comes', () => {
    const store = createAppStore(DEFAULT_SCENARIO, 0); // no client request: nothing ever commits
    store.getState().startRunUntil('commit');
    const limit = store.getState().runUntil!.limitMs;
    expect(limit).toBe(10_000);
    playUntilStopped(store, 250);
    expect(store.getState().frame.timeMs).toBe(limit);
    expect(store.getState().runUntilResult).toEqual({ goal: 'commit', reached: false, timeMs: limit });
    // and playing on is ordinary playing again
    expect(store.getState().advance(100)).toBe(false);
  });

  it('a predicate reads the moment only: checking it changes nothing', () => {
    const sim = runScenario(DEFAULT_SCENARIO, 2000);
    const hash = sim.traceHash;
    for (const goal of goalsFor('raft')) breakpoint(goal, runScenario(DEFAULT_SCENARIO, 0))(sim);
    expect(sim.traceHash).toBe(hash);
    expect(goalsFor('paxos')).toEqual(['chosen', 'violation']);
    expect(goalsFor('multi-paxos')).toEqual(['leader', 'chosen', 'violation']);
  });
});
