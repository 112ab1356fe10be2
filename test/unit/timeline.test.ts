/**
 * Time travel: any past moment rebuilt from checkpoints equals a fresh run to that moment, and a
 * fork (acting in the past) equals a fresh run of the forked scenario.
 */
import { describe, expect, it, vi } from 'vitest';
import { raftProtocol } from '../../src/protocols/raft';
import { buildReport, createSimulation } from '../../src/scenario/run';
import type { Simulation } from '../../src/sim/engine';
import { Timeline } from '../../src/sim/timeline';
import type { TraceRecord } from '../../src/sim/trace';
import type { Scenario } from '../../src/sim/types';
import { Rng } from '../../src/sim/rng';
import { raftScenario } from './support/cluster';

const scenario = raftScenario({
  nodes: 5, seed: 21, until: 6000,
  network: { latency: { min: 5, max: 50 }, dropRate: 0.05, duplicateRate: 0.05 },
  events: [
    { at: 400, type: 'request', node: 'leader', command: 'a' },
    { at: 1200, type: 'crash', node: 'leader' },
    { at: 1800, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
    { at: 2400, type: 'request', node: 'leader', command: 'b' },
    { at: 3000, type: 'heal' },
    { at: 3000, type: 'restart', node: 1 }, { at: 3000, type: 'restart', node: 2 }, { at: 3000, type: 'restart', node: 3 },
    { at: 3000, type: 'restart', node: 4 }, { at: 3000, type: 'restart', node: 5 },
  ],
  workload: { clients: 2, keys: 2, interval: { min: 40, max: 120 }, readRatio: 0.5, from: 0, to: 5000 },
});

/** Everything observable about a run state: report, timers, messages on the wire. */
function snapshot(sim: Simulation) {
  return {
    report: buildReport(sim),
    history: sim.clientHistory,
    inFlight: sim.messagesInFlight().map((m) => [m.id, m.from, m.to, m.type, m.deliverAt]),
    timers: sim.nodeIds.map((id) => [sim.timerDeadline(id, 'election'), sim.timerDeadline(id, 'heartbeat')]),
    nextTime: sim.nextTimeUs(),
  };
}

function freshAfterEvents(s: Scenario, count: number): Simulation {
  const sim = createSimulation(s);
  sim.runEvents(count);
  return sim;
}

function freshAtTime(s: Scenario, ms: number): Simulation {
  const sim = createSimulation(s);
  sim.runUntil(ms);
  return sim;
}

describe('seeking', () => {
  it('stateAtEvent equals a fresh run of that many events, in any seek order', () => {
    const timeline = new Timeline(scenario, raftProtocol, { checkpointEvery: 250 });
    const rng = Rng.stream(1, 'seek-order');
    const targets = [0, 1, 2000, 37, 5000, 999, 250, 251, 4321, ...Array.from({ length: 6 }, () => rng.int(0, 6000))];
    for (const n of targets) {
      expect(snapshot(timeline.stateAtEvent(n)), `after ${n} events`).toEqual(snapshot(freshAfterEvents(scenario, n)));
    }
  });

  it('stateAtTime equals a fresh run to that time', () => {
    const timeline = new Timeline(scenario, raftProtocol, { checkpointEvery: 300 });
    for (const ms of [4000, 0, 1200, 1199.999, 3000, 57.5, 6000, 2500]) {
      expect(snapshot(timeline.stateAtTime(ms)), `at ${ms} ms`).toEqual(snapshot(freshAtTime(scenario, ms)));
    }
  });

  it('hands out independent copies: running one on does not disturb the timeline or the next seek', () => {
    const timeline = new Timeline(scenario, raftProtocol, { checkpointEvery: 200 });
    const past = timeline.stateAtTime(1500);
    past.runUntil(6000);
    expect(past.traceHash).toBe(freshAtTime(scenario, 6000).traceHash);
    expect(snapshot(timeline.stateAtTime(1500))).toEqual(snapshot(freshAtTime(scenario, 1500)));
    expect(snapshot(timeline.stateAtTime(6000))).toEqual(snapshot(freshAtTime(scenario, 6000)));
  });

  it('keeps the trace: the records of the first n events are those of a fresh run', () => {
    const timeline = new Timeline(scenario, raftProtocol, { checkpointEvery: 500 });
    timeline.extendToEvents(3000);
    const fresh: TraceRecord[] = [];
    const sim = createSimulation(scenario, { onTrace: (r) => fresh.push(r) });
    sim.runEvents(1234);
    expect(timeline.traceUntilEvent(1234)).toEqual(fresh);
  });
});

describe('forking', () => {
  it('acting in the past equals a fresh run of the forked scenario, and keeps the shared past', () => {
    const timeline = new Timeline(scenario, raftProtocol, { checkpointEvery: 200 });
    timeline.extendToTime(6000);
    // what a fork may not change: everything but the scenario's own link and its next scripted event
    const past = (sim: Simulation) => {
      const { report: { url: _url, ...report }, nextTime: _next, ...rest } = snapshot(sim);
      return { report, ...rest };
    };
    const before = past(timeline.stateAtEvent(1500));
    const forked = timeline.fork(1500, { type: 'crash', node: 'leader' });
    // the fork adds exactly one event just after that moment
    expect(forked.events).toHaveLength(scenario.events.length + 1);
    const added = forked.events[forked.events.length - 1];
    expect(added.type).toBe('crash');
    expect(added.at).toBeGreaterThan(timeline.stateAtEvent(1500).timeMs);
    expect(added.at - timeline.stateAtEvent(1500).timeMs).toBeLessThanOrEqual(0.001 + 1e-9);
    // the past is unchanged; the future is that of the new scenario
    expect(past(timeline.stateAtEvent(1500))).toEqual(before);
    for (const ms of [added.at, 3500, 6000]) {
      expect(snapshot(timeline.stateAtTime(ms)), `at ${ms} ms`).toEqual(snapshot(freshAtTime(forked, ms)));
    }
    expect(snapshot(timeline.stateAtTime(6000)).report.traceHash).not.toBe(freshAtTime(scenario, 6000).traceHash);
    // the trace after the fork is the fresh run's trace
    const fresh: TraceRecord[] = [];
    createSimulation(forked, { onTrace: (r) => fresh.push(r) }).runEvents(2500);
    expect(timeline.traceUntilEvent(2500)).toEqual(fresh);
  });

  it('a fork of a fork equals a fresh run of the twice-forked scenario', () => {
    const timeline = new Timeline(scenario, raftProtocol, { checkpointEvery: 150 });
    timeline.fork(800, { type: 'partition', groups: [[1], [2, 3, 4, 5]] });
    const twice = timeline.fork(2600, { type: 'request', node: 'leader', command: 'late' });
    expect(twice.events.slice(-2).map((e) => e.type)).toEqual(['partition', 'request']);
    expect(snapshot(timeline.stateAtTime(6000))).toEqual(snapshot(freshAtTime(twice, 6000)));
    expect(snapshot(timeline.stateAtEvent(1000))).toEqual(snapshot(freshAfterEvents(twice, 1000)));
  });
});

describe('checkpoints spaced by what they copy', () => {
  // 8 nodes timing out every 1–2 ms with every message duplicated: thousands of messages on the wire
  const livelock: Scenario = {
    version: 1, protocol: 'raft', nodes: 8, seed: 1, events: [],
    network: { duplicateRate: 1 }, config: { electionTimeout: { min: 1, max: 2 } },
  };

  it('a run with thousands of messages on the wire keeps a checkpoint per that many events, not per N', () => {
    const timeline = new Timeline(livelock, raftProtocol, { checkpointEvery: 100, keepTrace: false });
    timeline.extendToTime(300);
    const onWire = timeline.head.footprint;
    expect(onWire).toBeGreaterThan(1000);
    expect(timeline.checkpointCount).toBeLessThanOrEqual(Math.ceil(timeline.events / onWire * 1.5) + 1);
    // every moment is still rebuilt exactly
    for (const at of [1, Math.floor(timeline.events / 3), timeline.events - 7]) {
      const fresh = createSimulation(livelock);
      fresh.runEvents(at);
      expect(timeline.stateAtEvent(at).traceHash).toBe(fresh.traceHash);
    }
  });

  it('a quiet run keeps its checkpoint every N events', () => {
    const timeline = new Timeline(raftScenario({ nodes: 3, seed: 2 }), raftProtocol, { checkpointEvery: 100, keepTrace: false });
    timeline.extendToEvents(1000);
    expect(timeline.checkpointCount).toBe(11);
  });

  it('early in a run checkpoints come closer: an eighth of the run so far apart, at least 100 events, at most N', () => {
    const quiet = raftScenario({ nodes: 5, seed: 1 });
    const timeline = new Timeline(quiet, raftProtocol, { checkpointEvery: 1000, keepTrace: false });
    timeline.extendToEvents(20_000);
    const at = (timeline as unknown as { checkpoints: { events: number }[] }).checkpoints.map((c) => c.events);
    // the page's default run has ~1,600 events at its horizon: a seek there replays at most ~200
    expect(at.slice(0, 11)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1012]);
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBe(Math.min(1000, Math.max(100, Math.floor(at[i - 1] / 8))));
    expect(at.at(-1)! - at.at(-2)!).toBe(1000);
    // what the closer checkpoints cost a long run: a few dozen in all
    expect(timeline.checkpointCount).toBeLessThan(20 + 30);
    for (const count of [150, 1234, 9876]) {
      const fresh = createSimulation(quiet);
      fresh.runEvents(count);
      expect(timeline.stateAtEvent(count).traceHash).toBe(fresh.traceHash);
    }
  });
});

describe('acting at the moment shown', () => {
  it('takes the time of the last event from the state shown, without replaying', () => {
    const scenario: Scenario = raftScenario({ seed: 4, events: [{ at: 400, type: 'crash', node: 1 }] });
    const timeline = new Timeline(scenario, raftProtocol, { checkpointEvery: 200 });
    timeline.extendToEvents(3000);
    for (const events of [0, 1, 777, 1999, 2500]) {
      const shown = timeline.stateAtEvent(events);
      // the clock has run on past the last event (as a seek between two events leaves it)
      if (events % 2 === 1) shown.nowUs = Math.min(shown.nextTimeUs() - 1, shown.nowUs + 5000);
      const replayed = timeline.actionTimeUs(events, shown.timeMs);
      const replay = vi.spyOn(timeline, 'stateAtEvent');
      expect(timeline.actionTimeUs(events, shown.timeMs, shown)).toBe(replayed);
      expect(replay).not.toHaveBeenCalled();
      replay.mockRestore();
    }
  });
});
