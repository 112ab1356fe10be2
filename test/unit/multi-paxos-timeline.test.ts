/**
 * Time travel over Multi-Paxos: checkpoints freeze the nodes (sharing each log's chosen prefix
 * with the live run) and the observer (sharing its columns chunk by chunk). Any moment rebuilt
 * from them, before or after a fork, must equal a fresh run to that moment.
 */
import { describe, expect, it } from 'vitest';
import { multiPaxosProtocol } from '../../src/protocols/multi-paxos';
import { freezeNode } from '../../src/protocols/multi-paxos/multi-paxos';
import type { MultiPaxosNode } from '../../src/protocols/multi-paxos/types';
import { buildReport, createSimulation } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import type { Simulation } from '../../src/sim/engine';
import { Rng } from '../../src/sim/rng';
import { Timeline } from '../../src/sim/timeline';
import type { NoteData, Scenario } from '../../src/sim/types';

/** Leader crashes, a partition and a lossy, duplicating network under a workload: leaders change
 * while slots are open, so votes above the chosen prefix get overwritten after a checkpoint. */
const scenario: Scenario = validateScenario({
  version: 1, protocol: 'multi-paxos', nodes: 5, seed: 7, until: 5000,
  network: { latency: { min: 5, max: 40 }, dropRate: 0.05, duplicateRate: 0.05 },
  events: [
    { at: 700, type: 'crash', node: 'leader' },
    { at: 1300, type: 'restart', node: 1 }, { at: 1300, type: 'restart', node: 2 }, { at: 1300, type: 'restart', node: 3 },
    { at: 1300, type: 'restart', node: 4 }, { at: 1300, type: 'restart', node: 5 },
    { at: 1800, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
    { at: 2600, type: 'crash', node: 'leader' },
    { at: 3200, type: 'heal' },
    { at: 3300, type: 'restart', node: 1 }, { at: 3300, type: 'restart', node: 2 }, { at: 3300, type: 'restart', node: 3 },
    { at: 3300, type: 'restart', node: 4 }, { at: 3300, type: 'restart', node: 5 },
  ],
  workload: { clients: 4, keys: 3, interval: { min: 5, max: 30 }, readRatio: 0.5, from: 300, to: 4500 },
});

/** Everything observable about a run state: the report (nodes' slots, chosen log, history), timers, messages. */
function snapshot(sim: Simulation) {
  return {
    report: buildReport(sim),
    inFlight: sim.messagesInFlight().map((m) => [m.id, m.from, m.to, m.type, m.deliverAt]),
    timers: sim.nodeIds.map((id) => [sim.timerDeadline(id, 'election'), sim.timerDeadline(id, 'heartbeat')]),
    nextTime: sim.nextTimeUs(),
  };
}

/** How many events the scenario has up to its `until` (heartbeats go on for ever after it). */
function eventsUntilEnd(s: Scenario): number {
  const sim = createSimulation(s);
  sim.runUntil(s.until!);
  return sim.stats.events;
}

function fresh(s: Scenario, events: number): Simulation {
  const sim = createSimulation(s);
  sim.runEvents(events);
  return sim;
}

describe('Multi-Paxos time travel', () => {
  const total = eventsUntilEnd(scenario);

  it('the scenario changes leaders with slots open and chooses plenty (so the checks below compare something)', () => {
    const leaders: NoteData[] = [];
    const sim = createSimulation(scenario, { onTrace: (r) => { if (r.kind === 'note' && r.what === 'leader') leaders.push(r.data!); } });
    sim.runUntil(scenario.until!);
    const r = buildReport(sim);
    expect(r.violations).toEqual([]);
    expect((r.chosen as unknown[]).length).toBeGreaterThan(100);
    expect(total).toBeGreaterThan(2000);
    expect(leaders.length).toBeGreaterThanOrEqual(3);
    expect(leaders.filter((d) => (d.reproposed as number) > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('stateAtEvent equals a fresh run, at random events in random order', () => {
    const timeline = new Timeline(scenario, multiPaxosProtocol, { checkpointEvery: 97 });
    const rng = Rng.stream(3, 'mp-seeks');
    const targets = [total, 0, 1, ...Array.from({ length: 25 }, () => rng.int(0, total))];
    for (const n of targets) {
      expect(snapshot(timeline.stateAtEvent(n)), `after ${n} events`).toEqual(snapshot(fresh(scenario, n)));
    }
  });

  it('a past state run on to the end does not disturb the checkpoints it came from', () => {
    const timeline = new Timeline(scenario, multiPaxosProtocol, { checkpointEvery: 150 });
    timeline.extendToEvents(total);
    const rng = Rng.stream(4, 'mp-run-on');
    for (let i = 0; i < 5; i++) {
      const n = rng.int(0, total);
      const past = timeline.stateAtEvent(n);
      past.runEvents(total);
      expect(past.traceHash).toBe(fresh(scenario, total).traceHash);
      expect(snapshot(timeline.stateAtEvent(n))).toEqual(snapshot(fresh(scenario, n)));
    }
  });

  it('after a fork (and a fork of the fork), every moment equals a fresh run of the forked scenario', () => {
    const timeline = new Timeline(scenario, multiPaxosProtocol, { checkpointEvery: 120 });
    timeline.extendToEvents(total);
    const rng = Rng.stream(5, 'mp-fork');
    const at = Math.floor(total * 0.4);
    const once = timeline.fork(at, { type: 'crash', node: 'leader' });
    const twice = timeline.fork(at + 900, { type: 'partition', groups: [[1, 3], [2, 4, 5]] });
    expect(twice.events).toHaveLength(once.events.length + 1);
    const end = eventsUntilEnd(twice);
    for (const n of [at, at + 1, at + 901, end, ...Array.from({ length: 15 }, () => rng.int(0, end))]) {
      expect(snapshot(timeline.stateAtEvent(n)), `after ${n} events`).toEqual(snapshot(fresh(twice, n)));
    }
  });

  it('a frozen node shares the chosen prefix of its log and owns the slots above it', () => {
    const sim = fresh(scenario, Math.floor(total / 2));
    const live = sim.nodes.find((s): s is MultiPaxosNode => !!s && (s as MultiPaxosNode).durable.firstUnchosen > 10)!;
    const frozen = freezeNode(live);
    expect(frozen.durable.log).toBe(live.durable.log);
    expect(frozen.frozenLog!.prefix).toBe(live.durable.firstUnchosen);
    // a live clone of it is a copy: writing to it leaves the live node alone
    const copy = multiPaxosProtocol.clone(frozen) as MultiPaxosNode;
    expect(copy.durable.log).not.toBe(live.durable.log);
    expect(copy.durable.log).toEqual(live.durable.log);
    expect(copy.frozenLog).toBeNull();
    // freezing a frozen copy keeps what it owns
    expect(freezeNode(frozen).frozenLog).toBe(frozen.frozenLog);
  });
});
