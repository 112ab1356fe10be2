/**
 * The app store without React: the moment shown is always the exact state the headless core
 * computes for the same scenario and time, and every action is a scenario event.
 */
import { describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { Simulation } from '../../src/sim/engine';
import { createSimulation, runScenario } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';
import * as act from '../../src/ui/state/actions';
import { createAppStore, DEFAULT_SCENARIO, HOLD_LATENCY_MS, inStepMode, previousMoment } from '../../src/ui/state/store';
import { prepareStepBackAhead } from '../../src/ui/state/stepBackAhead';
import { figure8Scenario } from './support/figure8';
import { libraryEntry } from '../../src/scenario/library';

describe('ui store: moments', () => {
  it('Step processes every event at the next event time, and only those', () => {
    const store = createAppStore(DEFAULT_SCENARIO);
    const reference = createSimulation(DEFAULT_SCENARIO);
    for (let i = 0; i < 60; i++) {
      reference.step();
      const next = reference.nowUs;
      while (reference.nextTimeUs() <= next && reference.step(next)) { /* same instant */ }
      store.getState().stepForward();
      const f = store.getState().frame;
      expect(f.events).toBe(reference.stats.events);
      expect(f.timeMs).toBe(next / 1000);
      expect(f.traceHash).toBe(reference.traceHash);
    }
  });

  it('seeking far ahead replays from the nearest checkpoint, not from the moment shown', () => {
    const store = createAppStore(DEFAULT_SCENARIO);
    store.getState().seek(100);
    const timeline = store.getState().timeline;
    const step = vi.spyOn(Simulation.prototype, 'step');
    store.getState().seek(20_000);
    // events run by the shown state (the head computing the run ahead is not counted)
    const replayed = step.mock.contexts.filter((sim) => sim !== timeline.head).length;
    step.mockRestore();
    const f = store.getState().frame;
    expect(f.events).toBeGreaterThan(3000);
    expect(replayed).toBeLessThanOrEqual(1000 + 10); // one checkpoint's worth (checkpoints every 1000 events)
    expect(f.traceHash).toBe(runScenario(DEFAULT_SCENARIO, 20_000).traceHash);
    // a short way ahead, the shown state runs on
    const shown = f.sim;
    store.getState().seek(20_010);
    expect(store.getState().frame.sim).toBe(shown);
    expect(store.getState().frame.traceHash).toBe(runScenario(DEFAULT_SCENARIO, 20_010).traceHash);
  });

  it('seeking back shows the state the CLI computes --until that time', () => {
    const store = createAppStore(DEFAULT_SCENARIO);
    store.getState().seek(2000);
    const late = store.getState().frame;
    expect(late.traceHash).toBe(runScenario(DEFAULT_SCENARIO, 2000).traceHash);
    store.getState().seek(333.25);
    const early = store.getState().frame;
    expect(early.timeMs).toBe(333.25);
    expect(early.events).toBeLessThan(late.events);
    expect(early.traceHash).toBe(runScenario(DEFAULT_SCENARIO, 333.25).traceHash);
  });

  it('playing forward in small slices reaches the same state as one jump', () => {
    const store = createAppStore(DEFAULT_SCENARIO);
    for (let i = 0; i < 100; i++) store.getState().advance(16.6667 * 0.5);
    const t = store.getState().frame.timeMs;
    expect(store.getState().frame.traceHash).toBe(runScenario(DEFAULT_SCENARIO, t).traceHash);
  });

  it('Step back returns to the previous moment at which something happened', () => {
    const store = createAppStore(DEFAULT_SCENARIO);
    store.getState().stepForward();
    const first = store.getState().frame;
    store.getState().stepForward();
    store.getState().stepBack();
    expect(store.getState().frame.timeMs).toBe(first.timeMs);
    expect(store.getState().frame.traceHash).toBe(first.traceHash);
    expect(previousMoment(store.getState().timeline, first.timeMs)).toBeNull();
  });

  it('Step back shows the state worked out ahead, the one a replay computes, without replaying', () => {
    const store = createAppStore(DEFAULT_SCENARIO, 5000);
    const twin = createAppStore(DEFAULT_SCENARIO, 5000);
    const replays = vi.spyOn(store.getState().timeline, 'stateAtTime');
    for (let i = 0; i < 12; i++) {
      store.getState().prepareStepBack();
      const prepared = replays.mock.calls.length;
      store.getState().stepBack();
      twin.getState().stepBack();
      expect(replays.mock.calls.length).toBe(prepared); // the click itself replayed nothing
      const [a, b] = [store.getState().frame, twin.getState().frame];
      expect([a.timeMs, a.events, a.traceHash]).toEqual([b.timeMs, b.events, b.traceHash]);
      expect(a.traceHash).toBe(runScenario(DEFAULT_SCENARIO, a.timeMs).traceHash);
    }
    expect(replays).toHaveBeenCalledTimes(12);
  });

  it('the paused page works out the state Previous shows when idle after each change of moment, and not while playing', () => {
    vi.useFakeTimers();
    try {
      const store = createAppStore(DEFAULT_SCENARIO, 4000);
      const prepare = vi.spyOn(store.getState(), 'prepareStepBack');
      const stop = prepareStepBackAhead(store);
      vi.runAllTimers();
      expect(prepare).not.toHaveBeenCalled(); // not as the page opens, when the first click may come
      store.getState().stepForward();
      store.getState().stepForward(); // two changes before the page is idle: one piece of work
      vi.runAllTimers();
      expect(prepare).toHaveBeenCalledTimes(1);
      const replays = vi.spyOn(store.getState().timeline, 'stateAtTime');
      store.getState().stepBack();
      expect(replays).not.toHaveBeenCalled();
      // Play before the page was idle: the step back's moment is passed by, and playing prepares nothing
      store.getState().advance(16);
      vi.runAllTimers();
      store.getState().advance(16);
      vi.runAllTimers();
      expect(prepare).toHaveBeenCalledTimes(1);
      store.getState().publishDetails(); // paused again
      vi.runAllTimers();
      expect(prepare).toHaveBeenCalledTimes(2);
      stop();
      store.getState().stepForward();
      vi.runAllTimers();
      expect(prepare).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a state worked out ahead is not shown once the moment or the run has changed', () => {
    const store = createAppStore(DEFAULT_SCENARIO, 3000);
    const twin = createAppStore(DEFAULT_SCENARIO, 3000);
    const same = () => {
      const [a, b] = [store.getState().frame, twin.getState().frame];
      expect([a.timeMs, a.events, a.traceHash]).toEqual([b.timeMs, b.events, b.traceHash]);
    };
    store.getState().prepareStepBack();
    for (const s of [store, twin]) { s.getState().stepForward(); s.getState().stepForward(); s.getState().stepBack(); }
    same();

    // an act at the moment shown (between two events, so the moment stays) forks the run: the state
    // prepared before it is that of the old run, whose future has no crash
    for (const s of [store, twin]) s.getState().seek(3000.5);
    store.getState().prepareStepBack();
    for (const s of [store, twin]) { s.getState().act(act.crash(1)); s.getState().stepBack(); }
    same();
    expect(store.getState().frame.sim.scenario).toBe(store.getState().scenario);
    for (const s of [store, twin]) for (let i = 0; i < 5; i++) s.getState().stepForward();
    same();
    const shown = store.getState().frame;
    expect(shown.traceHash).toBe(runScenario(store.getState().scenario, shown.timeMs).traceHash);
  });

  it('Step back passes over events that did nothing, as Step does', () => {
    const idle: Scenario = { ...DEFAULT_SCENARIO, events: [60, 70, 80, 90].map((at) => ({ at, type: 'restart' as const, node: 1 })) };
    const store = createAppStore(idle);
    store.getState().seek(100);
    const moments: number[] = [];
    for (let i = 0; i < 3 && store.getState().frame.timeMs > 0; i++) {
      store.getState().stepBack();
      moments.push(store.getState().frame.timeMs);
    }
    for (const t of moments) expect([60, 70, 80, 90]).not.toContain(t);
  });

  it('playback stops at the moment an invariant breaks', () => {
    const scenario = figure8Scenario(['commit-previous-term']);
    const store = createAppStore(scenario);
    let hit = false;
    for (let i = 0; i < 2000 && !hit; i++) hit = store.getState().advance(5);
    expect(hit).toBe(true);
    const { frame, stoppedBy } = store.getState();
    expect(stoppedBy).not.toBeNull();
    expect(stoppedBy!.time).toBe(frame.timeMs);
    expect(frame.sim.violations.length).toBeGreaterThan(0);
    // nothing was violated just before
    expect(runScenario(scenario, frame.timeMs - 0.001).violations).toEqual([]);
    expect(frame.traceHash).toBe(runScenario(scenario, frame.timeMs).traceHash);
    // the notice names the first violation of that moment, as the report lists it
    expect(stoppedBy).toEqual(runScenario(scenario, frame.timeMs).violations[0]);
  });

  it('with several violations at one moment, the notice names the first', () => {
    const scenario: Scenario = { ...libraryEntry('paxos-duelling-proposers').scenario, bugs: ['accept-below-promise'] };
    const store = createAppStore(scenario);
    let hit = false;
    for (let i = 0; i < 4000 && !hit; i++) hit = store.getState().advance(1);
    expect(hit).toBe(true);
    const { frame, stoppedBy } = store.getState();
    const atMoment = frame.sim.violations.filter((v) => v.time === frame.timeMs);
    expect(atMoment.length).toBeGreaterThan(1);
    expect(stoppedBy).toEqual(atMoment[0]);
  });

  it('text panels follow playback only when asked, and always after a step', () => {
    const store = createAppStore(DEFAULT_SCENARIO);
    store.getState().advance(400, false);
    expect(store.getState().details.events).toBe(0);
    expect(store.getState().frame.events).toBeGreaterThan(0);
    store.getState().publishDetails();
    expect(store.getState().details.events).toBe(store.getState().frame.events);
    store.getState().stepForward();
    expect(store.getState().details.events).toBe(store.getState().frame.events);
  });
});

describe('ui store: acting forks the run', () => {
  it('an action becomes a scenario event at the moment shown, and the old future is dropped', () => {
    const store = createAppStore(DEFAULT_SCENARIO);
    store.getState().seek(3000);
    const leader = store.getState().frame.sim.leader();
    expect(leader).not.toBeNull();
    store.getState().seek(1500);
    const before = store.getState().frame;
    store.getState().act(act.crash(leader!));
    const { scenario, frame } = store.getState();
    expect(scenario.events).toHaveLength(1);
    const e = scenario.events[0];
    expect(e).toMatchObject({ type: 'crash', node: leader });
    expect(e.at).toBeGreaterThan(0);
    expect(e.at).toBeLessThanOrEqual(before.timeMs);
    expect(frame.sim.up[leader!]).toBe(false);
    expect(frame.timeMs).toBe(e.at);
    // the new future is the headless run of the new scenario
    store.getState().seek(3000);
    expect(store.getState().frame.traceHash).toBe(runScenario(scenario, 3000).traceHash);
    expect(store.getState().frame.traceHash).not.toBe(runScenario(DEFAULT_SCENARIO, 3000).traceHash);
  });

  it('an act lands at the moment shown, even between events: the clock does not jump back', () => {
    const store = createAppStore(DEFAULT_SCENARIO);
    store.getState().seek(959.97);
    const shown = store.getState().frame;
    const lastEvent = previousMoment(store.getState().timeline, 959.97)!;
    expect(lastEvent).toBeLessThan(959.97);
    store.getState().act(act.timeoutNow(2));
    const { scenario, frame } = store.getState();
    expect(scenario.events).toEqual([{ type: 'timeout', node: 2, at: 959.97 }]);
    expect(frame.timeMs).toBe(959.97);
    expect(frame.events).toBe(shown.events + 1);
    expect(frame.traceHash).toBe(runScenario(scenario, 959.97).traceHash);
  });

  it('acting in the past discards the old future\'s acts and drops by id, and keeps the loaded script', () => {
    const script: Scenario = { ...DEFAULT_SCENARIO, events: [{ at: 2500, type: 'crash', node: 3 }, { at: 2600, type: 'drop', message: 40 }] };
    const store = createAppStore(script);
    store.getState().seek(2000);
    store.getState().act(act.crash(1));
    store.getState().seek(2200);
    store.getState().act(act.dropMessage(store.getState().frame.sim.messagesInFlight()[0]?.id ?? 1));
    // any act renumbers the messages sent after it: the script's later drop of message 40 is gone
    expect(store.getState().scenario.events.map((e) => [e.type, e.at])).toEqual([['crash', 2500], ['crash', 2000], ['drop', 2200]]);
    // back in time, and act: the acts at 2000 and 2200 belonged to the old future
    store.getState().seek(1000);
    store.getState().act(act.timeoutNow(2));
    const { scenario } = store.getState();
    expect(scenario.events.map((e) => [e.type, e.at])).toEqual([['crash', 2500], ['timeout', 1000]]);
    store.getState().seek(3000);
    expect(store.getState().frame.traceHash).toBe(runScenario(scenario, 3000).traceHash);
    // acting now at the head keeps the script's later events and this session's earlier acts
    store.getState().seek(1200);
    store.getState().act(act.restart(2));
    expect(store.getState().scenario.events.map((e) => [e.type, e.at])).toEqual([['crash', 2500], ['timeout', 1000], ['restart', 1200]]);
  });

  it('step-by-step mode holds messages until the user delivers or drops them by id', () => {
    const store = createAppStore(DEFAULT_SCENARIO);
    store.getState().seek(1000);
    store.getState().act(act.holdMessages());
    expect(inStepMode(store.getState().frame.sim)).toBe(true);
    // a client request makes the leader send AppendEntries, which now wait on the wire
    store.getState().act(act.clientRequest(store.getState().scenario, 'leader'));
    store.getState().seek(store.getState().frame.timeMs + 100);
    const held = store.getState().frame.sim.messagesInFlight().filter((msg) => msg.deliverAt - msg.sentAt >= HOLD_LATENCY_MS * 1000);
    expect(held.length).toBeGreaterThan(1);
    const [first, second] = held;
    store.getState().act(act.deliverMessage(first.id));
    store.getState().act(act.dropMessage(second.id));
    const sim = store.getState().frame.sim;
    expect(sim.inFlight.has(first.id)).toBe(false);
    expect(sim.inFlight.has(second.id)).toBe(false);
    const { trace } = store.getState().timeline;
    const records = trace.slice(0, trace.length).filter((r) => r.msg && (r.msg.id === first.id || r.msg.id === second.id) && r.kind !== 'send');
    expect(records.map((r) => [r.kind, r.msg!.id])).toEqual([['deliver', first.id], ['drop', second.id]]);
    // leaving the mode restores the latency in force before it
    store.getState().act(act.releaseMessages(store.getState().scenario, store.getState().frame.timeMs));
    expect(store.getState().frame.sim.network.settings.latency).toEqual({ min: 10, max: 30 });
    expect(store.getState().frame.traceHash).toBe(runScenario(store.getState().scenario, store.getState().frame.timeMs).traceHash);
  });
});

describe('ui actions: partition presets', () => {
  const at = (nodes: number, time: number) => {
    const scenario: Scenario = { ...DEFAULT_SCENARIO, nodes };
    return runScenario(scenario, time);
  };

  it('minority leader puts the leader on the smaller side', () => {
    for (const n of [3, 5, 7, 9]) {
      const sim = at(n, 3000);
      const leader = sim.leader()!;
      const [e] = act.minorityLeader(sim);
      if (e.type !== 'partition') throw new Error('not a partition');
      const mine = e.groups.find((g) => g.includes(leader))!;
      expect(mine.length).toBeLessThan(n / 2);
      expect(e.groups.flat().sort((a, b) => a - b)).toEqual(sim.nodeIds);
    }
  });

  it('isolate leader leaves it alone; split 2/3 splits five nodes two against three', () => {
    const sim = at(5, 3000);
    const [iso] = act.isolateLeader(sim);
    expect(iso).toEqual({ type: 'partition', groups: [[sim.leader()], sim.nodeIds.filter((id) => id !== sim.leader())] });
    expect(act.splitTwoThree(sim)).toEqual([{ type: 'partition', groups: [[1, 2], [3, 4, 5]] }]);
  });

  it('client requests get fresh command names', () => {
    const scenario: Scenario = { ...DEFAULT_SCENARIO, events: [{ at: 5, type: 'request', node: 1, command: 'v1' }] };
    expect(act.clientRequest(scenario, 'leader')).toEqual([{ type: 'request', node: 'leader', command: 'v2' }]);
  });
});

describe('ui store: aligning the timers', () => {
  it('every follower stands at once: the vote splits, then a later election settles it', () => {
    const store = createAppStore(DEFAULT_SCENARIO);
    store.getState().seek(1000);
    const before = store.getState().frame.sim;
    const leader = before.leader();
    expect(leader).not.toBeNull();
    const term = (id: number) => (before.nodes[id] as { durable: { currentTerm: number } }).durable.currentTerm;
    const oldTerm = term(leader!);
    const events = act.alignTimers(before);
    expect(events).toHaveLength(4); // the four followers of the 5-node cluster
    store.getState().act(events);
    store.getState().seek(store.getState().frame.timeMs + 60);
    const after = store.getState().frame.sim;
    // four candidates of one new term, each with its own vote: nobody can win that term
    const roles = after.nodeIds.map((id) => (after.nodes[id] as { role: string }).role);
    expect(roles.filter((r) => r === 'candidate')).toHaveLength(4);
    expect(after.leader()).toBeNull();
    store.getState().seek(store.getState().frame.timeMs + 3000);
    const settled = store.getState().frame.sim;
    expect(settled.leader()).not.toBeNull();
    const newTerm = (settled.nodes[settled.leader()!] as { durable: { currentTerm: number } }).durable.currentTerm;
    expect(newTerm).toBeGreaterThan(oldTerm + 1);
    expect(settled.violations).toEqual([]);
  });
});
