/**
 * Time travel: a run is a pure function of its scenario, so any past moment is rebuilt by
 * restoring the nearest earlier checkpoint and replaying forward. Acting in the past forks: the
 * scenario gains the new event and every checkpoint before it stays valid (RaftScope's fork,
 * without recomputing the shared past).
 *
 * Where a seek's time goes (1,000,000-event Raft run under client load, a checkpoint every 1,000
 * events, 200 random seeks, node CPU profile): it used to be nearly all copying. Restoring a
 * checkpoint sliced each node's 146,000-entry log (28% of the time) and the clients' history (6%),
 * and the first push into each sliced array grew it, copying it again (onAppendEntries,
 * appendLocal and the workload's wake, 53%); replaying the events was under 10%. Logs and history
 * are now BlockLists whose copies share 1,024-item blocks: the same 200 seeks take 1.2 s of
 * profile instead of 20 s, of which replaying the events is about 60%, GC 17% and copying the
 * state 7% (seek p50 1.5 ms).
 */
import { Simulation } from './engine';
import { msToUs } from './time';
import type { TraceRecord } from './trace';
import { TraceStore } from './trace-store';
import type { ProtocolDef, Scenario, ScenarioEvent } from './types';

export interface TimelineOptions {
  /** Events between checkpoints (at most; closer early in a run): smaller seeks faster and costs more memory. */
  checkpointEvery?: number;
  /** Keep the trace (the UI's event log); off for long benchmark runs. */
  keepTrace?: boolean;
  /** Trace records rebuilt from checkpoints that are kept for reuse (see TraceStore). */
  traceCache?: number;
}

/** Events between checkpoints per item a checkpoint copies (messages on the wire and queued items). */
const EVENTS_PER_ITEM = 3;

/**
 * Early in a run checkpoints come closer than `checkpointEvery`: an eighth of the run so far apart,
 * but never closer than this. The page's default run has ~1,800 events by its 10 s horizon, which a
 * checkpoint every 1,000 events left with two checkpoints, so a scrubber move replayed up to 1,000
 * events (replayFrom ~3.5 ms per move in a CPU profile of the page); now at most ~200 (~2 ms in
 * the same profile). A long run gains about 20 checkpoints in all.
 */
const EARLIEST_SPACING = 100;

interface Checkpoint { events: number; timeUs: number; sim: Simulation }

/** Distributive Omit, so each event variant keeps its own fields. */
export type UnscheduledEvent = ScenarioEvent extends infer E ? (E extends ScenarioEvent ? Omit<E, 'at'> : never) : never;

export class Timeline {
  /** The furthest point computed so far; views read clones of the past, never this. */
  head: Simulation;
  /** Every record so far, compact: whole records are rebuilt from the checkpoints on demand. */
  readonly trace: TraceStore;
  private checkpoints: Checkpoint[] = [];
  private readonly every: number;
  private readonly keepTrace: boolean;

  constructor(readonly scenario: Scenario, readonly protocol: ProtocolDef, options: TimelineOptions = {}) {
    this.every = options.checkpointEvery ?? 2000;
    this.keepTrace = options.keepTrace ?? true;
    this.trace = new TraceStore((mark, count) => this.replayRecords(mark, count), options.traceCache);
    this.head = new Simulation(scenario, protocol, { onTrace: this.sink() });
    this.checkpoints.push({ events: 0, timeUs: 0, sim: this.head.freeze() });
    this.trace.mark();
  }

  private sink() {
    return this.keepTrace ? (r: TraceRecord) => { this.trace.push(r); } : undefined;
  }

  /** The records written between checkpoint `index` and the next, by replaying from it. */
  private replayRecords(index: number, count: number): TraceRecord[] {
    const records: TraceRecord[] = [];
    const sim = this.checkpoints[index].sim.clone({ onTrace: (r) => { records.push(r); } });
    while (records.length < count && sim.step()) { /* replay */ }
    return records;
  }

  get events(): number { return this.head.stats.events; }

  /** How many checkpoints are kept (what time travel costs in memory). */
  get checkpointCount(): number { return this.checkpoints.length; }

  /** Compute forward until the head has processed `count` events (or the run ends). */
  extendToEvents(count: number): void {
    while (this.head.stats.events < count && this.head.step()) this.maybeCheckpoint();
  }

  /** Compute forward through every event at or before `ms`. */
  extendToTime(ms: number): void {
    const limit = msToUs(ms);
    while (this.head.nextTimeUs() <= limit && this.head.step()) this.maybeCheckpoint();
  }

  /**
   * A checkpoint every `every` events (closer early in the run), and never more often than every
   * EVENTS_PER_ITEM events per item it copies: a run with thousands of messages on the wire (a
   * livelock under duplication) would otherwise keep a copy of them every few thousand events.
   * What a checkpoint copies is kept for the rest of the run, while replaying events costs only
   * when seeking, and about what copying as many items does; so a seek stays within a few times
   * the cost of one copy.
   */
  private maybeCheckpoint(): void {
    const last = this.checkpoints[this.checkpoints.length - 1];
    const since = this.head.stats.events - last.events;
    const spacing = Math.min(this.every, Math.max(EARLIEST_SPACING, Math.floor(last.events / 8)));
    if (since >= spacing && since >= EVENTS_PER_ITEM * this.head.footprint) {
      this.checkpoints.push({ events: this.head.stats.events, timeUs: this.head.nowUs, sim: this.head.freeze() });
      this.trace.mark();
    }
  }

  /** The exact state after `count` events, as a fresh copy the caller may keep. */
  stateAtEvent(count: number): Simulation {
    this.extendToEvents(count);
    return this.replayFrom(this.lastCheckpoint((c) => c.events <= count), (sim) => sim.runEvents(count));
  }

  /** The exact state at virtual time `ms`: every event at or before it processed. */
  stateAtTime(ms: number): Simulation {
    this.extendToTime(ms);
    const us = msToUs(ms);
    return this.replayFrom(this.lastCheckpoint((c) => c.timeUs <= us), (sim) => sim.runUntil(ms));
  }

  /**
   * A copy of checkpoint `index` run on by `run`. The trace records it writes are those just
   * before the moment reached, which the event log and the space-time diagram show next: the
   * trace keeps them, so they need not be replayed again.
   */
  private replayFrom(index: number, run: (sim: Simulation) => void): Simulation {
    if (!this.keepTrace) {
      const sim = this.checkpoints[index].sim.clone();
      run(sim);
      return sim;
    }
    const records: TraceRecord[] = [];
    const sim = this.checkpoints[index].sim.clone({ onTrace: (r) => { records.push(r); } });
    run(sim);
    sim.setTraceSink(undefined);
    this.trace.keep(index, records);
    return sim;
  }

  /**
   * When (µs) the state kept nearest before virtual time `ms` was taken: a state shown at or
   * after it is the cheaper start for reaching `ms` (run on), one shown before it is not
   * (restore the checkpoint). Only checkpoints computed so far count.
   */
  checkpointUsBefore(ms: number): number {
    const us = msToUs(ms);
    return this.checkpoints[this.lastCheckpoint((c) => c.timeUs <= us)].timeUs;
  }

  /** Trace records produced by the first `count` events. */
  traceUntilEvent(count: number): TraceRecord[] {
    this.extendToEvents(count);
    return this.trace.slice(0, this.trace.countUpToEvent(count));
  }

  /**
   * When an action taken at the moment shown lands (µs): at that moment, but always after the
   * last event processed by then (a scripted event wins a tie, so at the same instant it would
   * come before events already shown as done). `shown`, the state after those events if at hand,
   * knows when its last event happened, which saves a replay.
   */
  actionTimeUs(afterEvents: number, shownMs: number, shown?: Simulation): number {
    const lastUs = shown?.stats.events === afterEvents ? shown.lastEventUs : this.stateAtEvent(afterEvents).lastEventUs;
    return Math.max(lastUs + 1, msToUs(shownMs));
  }

  /**
   * Act at the moment after `afterEvents` events: the new event is scheduled 1 µs after that
   * moment and the future is recomputed. Returns the new scenario (what a share link carries).
   */
  fork(afterEvents: number, event: UnscheduledEvent): Scenario {
    return this.forkAt(this.actionTimeUs(afterEvents, 0), [event]);
  }

  /**
   * Act at `atUs` (from actionTimeUs): `events` are added there and the future is recomputed.
   * Scripted events at or after `atUs` for which `discard` says so are dropped: the old future's
   * own acts (as RaftScope discards the old future). Returns the new scenario.
   */
  forkAt(atUs: number, events: UnscheduledEvent[], discard: (e: ScenarioEvent, index: number) => boolean = () => false): Scenario {
    const atMs = atUs / 1000;
    const kept = this.scenario.events.filter((e, i) => msToUs(e.at) < atUs || !discard(e, i));
    const added = events.map((e) => ({ ...e, at: atMs }) as ScenarioEvent);
    const scenario: Scenario = { ...this.scenario, events: [...kept, ...added] };
    this.rebase(scenario, atUs);
    return scenario;
  }

  /** Replace the scenario by one that differs only at or after `fromUs`, keeping earlier checkpoints. */
  private rebase(scenario: Scenario, fromUs: number): void {
    (this as { scenario: Scenario }).scenario = scenario;
    const keep = this.checkpoints.filter((c) => c.events === 0 || c.timeUs < fromUs);
    this.checkpoints = keep.map((c) => ({ ...c, sim: c.sim.withScenario(scenario, true) }));
    const base = this.checkpoints[this.checkpoints.length - 1];
    this.head = base.sim.clone({ onTrace: this.sink() });
    this.trace.cut(this.checkpoints.length - 1);
  }

  /** The index of the last checkpoint for which `ok` holds (checkpoint 0 always does). */
  private lastCheckpoint(ok: (c: Checkpoint) => boolean): number {
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ok(this.checkpoints[mid])) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
}
