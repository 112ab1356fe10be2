/**
 * The paused page computes the run on toward the scrubber's end in its idle time (runAhead.ts):
 * in slices, never as the page opens or while playing, never more than AHEAD_EVENTS past the
 * moment shown, and without changing any state shown.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runScenario } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';
import { msToUs } from '../../src/sim/time';
import { AHEAD_EVENTS, computeAhead, runAhead } from '../../src/ui/state/runAhead';
import { createAppStore, DEFAULT_SCENARIO, horizonOf } from '../../src/ui/state/store';

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe('ui: the run computed ahead while paused', () => {
  it('reaches the horizon in slices after a change of moment, and a move there then only replays', () => {
    const store = createAppStore(DEFAULT_SCENARIO, 2000);
    const twin = createAppStore(DEFAULT_SCENARIO, 2000);
    const { timeline } = store.getState();
    const extend = vi.spyOn(timeline, 'extendToEvents');
    const stop = runAhead(store);
    vi.runAllTimers();
    expect(extend).not.toHaveBeenCalled(); // not as the page opens, when the first click may come
    const horizonUs = msToUs(horizonOf(store.getState()));
    expect(timeline.head.nowUs).toBeLessThan(horizonUs);

    store.getState().stepForward();
    vi.runAllTimers();
    expect(extend.mock.calls.length).toBeGreaterThan(1); // a slice at a time (no idle time left here)
    expect(timeline.head.nowUs).toBeGreaterThanOrEqual(horizonUs);

    // the states shown are those of the run computed on demand, and of the CLI
    const computed = timeline.events;
    for (const t of [9500, 700, 6100.5]) {
      for (const s of [store, twin]) s.getState().seek(t);
      const [a, b] = [store.getState().frame, twin.getState().frame];
      expect([a.timeMs, a.events, a.traceHash]).toEqual([b.timeMs, b.events, b.traceHash]);
      expect(a.traceHash).toBe(runScenario(DEFAULT_SCENARIO, t).traceHash);
    }
    expect(timeline.events).toBe(computed); // nothing left to compute for those moves
    stop();
  });

  it('computes nothing while the run plays, and nothing once stopped', () => {
    const store = createAppStore(DEFAULT_SCENARIO, 1000);
    const { timeline } = store.getState();
    const stop = runAhead(store);
    store.getState().advance(16);
    vi.runAllTimers();
    const playedTo = timeline.events;
    store.getState().advance(16);
    vi.runAllTimers();
    expect(timeline.head.nowUs).toBeLessThan(msToUs(2000)); // only what playing itself computed
    expect(timeline.events).toBeGreaterThanOrEqual(playedTo);
    stop();
    store.getState().publishDetails(); // paused again, but the page stopped computing ahead
    vi.runAllTimers();
    expect(timeline.head.nowUs).toBeLessThan(msToUs(2000));
  });

  it('stops at AHEAD_EVENTS past the moment shown, and gives back the idle time at its budget', () => {
    const busy: Scenario = {
      ...DEFAULT_SCENARIO, until: 3_600_000,
      workload: { clients: 5, keys: 5, interval: { min: 5, max: 20 }, readRatio: 0.5, from: 0, to: 3_600_000 },
    };
    const store = createAppStore(busy);
    const { timeline } = store.getState();
    // a clock that says the budget is spent after every slice: one slice per idle moment
    let clock = 0;
    const now = () => (clock += 10);
    expect(computeAhead(store.getState(), () => 50, now)).toBe(true);
    const slice = timeline.events;
    expect(slice).toBeGreaterThan(0);
    expect(slice).toBeLessThan(1000);
    let moments = 1;
    while (computeAhead(store.getState(), () => 50, now)) moments++;
    expect(timeline.events).toBe(store.getState().frame.events + AHEAD_EVENTS);
    expect(moments).toBeGreaterThan(AHEAD_EVENTS / 1000);
    expect(timeline.head.nowUs).toBeLessThan(msToUs(horizonOf(store.getState())));
  });

  it('stops where the run ends', () => {
    // Basic Paxos with nothing to propose: its run ends before the horizon
    const quiet: Scenario = { version: 1, protocol: 'paxos', nodes: 3, seed: 1, events: [] };
    const store = createAppStore(quiet);
    const { timeline } = store.getState();
    let moments = 0;
    while (computeAhead(store.getState(), () => 50) && moments < 1000) moments++;
    expect(moments).toBeLessThan(1000);
    const ended = timeline.events;
    expect(timeline.head.step()).toBe(false);
    expect(computeAhead(store.getState(), () => 50)).toBe(false);
    expect(timeline.events).toBe(ended);
  });
});
