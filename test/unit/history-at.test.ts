/**
 * The history check at a moment reuses an earlier check of the same run: a moment before one
 * found linearizable is linearizable (linearizability is prefix-closed), and nothing else is
 * taken from the memo.
 */
import { describe, expect, it } from 'vitest';
import { libraryEntry } from '../../src/scenario/library';
import { checkHistoryAt } from '../../src/scenario/history-at';
import { checkHistory } from '../../src/scenario/linearizability';
import { createSimulation } from '../../src/scenario/run';
import type { Simulation } from '../../src/sim/engine';
import type { Scenario } from '../../src/sim/types';

const STALE = libraryEntry('raft-stale-read-bug').scenario;

function atTime(s: Scenario, ms: number): Simulation {
  const sim = createSimulation(s);
  sim.runUntil(ms);
  return sim;
}

/** A state whose history must not be read: checkHistoryAt answered from what it knew. */
function unreadable(sim: Simulation): Simulation {
  Object.defineProperty(sim, 'clientHistory', { get: () => { throw new Error('the history was read'); } });
  return sim;
}

describe('checkHistoryAt', () => {
  it('gives the verdict a full check gives, at moments visited in any order', () => {
    const scenario: Scenario = { ...STALE }; // a run of its own: no other test's memo
    for (const ms of [1200, 2500, 600, 1789, 1700, 3000, 1000, 1788]) {
      const sim = atTime(scenario, ms);
      expect(checkHistoryAt(sim).linearizable, `at ${ms} ms`).toBe(checkHistory(sim.clientHistory).linearizable);
    }
    expect(checkHistoryAt(atTime(scenario, 2500)).linearizable).toBe(false);
    expect(checkHistoryAt(atTime(scenario, 1700)).linearizable).toBe(true);
  });

  it('does not read the history of a moment before one found linearizable', () => {
    const scenario: Scenario = { ...STALE };
    expect(checkHistoryAt(atTime(scenario, 1700)).linearizable).toBe(true);
    expect(checkHistoryAt(unreadable(atTime(scenario, 900))).linearizable).toBe(true);
    expect(checkHistoryAt(unreadable(atTime(scenario, 1700))).linearizable).toBe(true);
    expect(() => checkHistoryAt(unreadable(atTime(scenario, 1750)))).toThrow('the history was read');
  });

  it('another run (a fork, another scenario) learns nothing from this one\'s checks', () => {
    const healthy: Scenario = { ...STALE, bugs: [] };
    expect(checkHistoryAt(atTime(healthy, 3000)).linearizable).toBe(true);
    expect(checkHistoryAt(atTime({ ...STALE }, 2500)).linearizable).toBe(false);
  });
});
