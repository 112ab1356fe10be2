/**
 * The one app store (zustand vanilla, so tests drive it without React). It holds the timeline,
 * the moment shown (a Simulation copy at `frame.timeMs`) and what the user selected. Everything
 * shown is a function of the scenario and that moment; every user action becomes a scenario
 * event through Timeline.fork, so a run stays reproducible from its share link.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EmbedPanel } from '../url';
import type { Simulation } from '../../sim/engine';
import { Timeline, type UnscheduledEvent } from '../../sim/timeline';
import { msToUs, usToMs } from '../../sim/time';
import type { Scenario, ScenarioEvent, Violation } from '../../sim/types';
import { PROTOCOLS, PROTOCOL_NAMES, type ProtocolName } from '../../protocols/registry';
import { DEFAULT_UNTIL } from '../../scenario/run';
import type { Lang, Text } from '../../protocols/explain';
import { ScenarioError } from '../../scenario/schema';
import type { LessonSession } from './lesson';
import { breakpoint, type Goal } from './breakpoints';

/** The moment on screen. A new object per change, so selectors notice; `sim` is that moment's state. */
export interface Frame {
  sim: Simulation;
  timeMs: number;
  events: number;
  traceHash: string;
  /**
   * A moment of playback: while the run plays, what moves on the stage, the clock and the
   * scrubber are drawn on canvases (views/movingLayer.ts, Controls.tsx), and the text panels take
   * a moment only a few times a second. Any other moment (paused, stepped, sought) is false.
   */
  playing: boolean;
  /**
   * A playing moment on which the text panels take their turn (every so many frames,
   * PlaybackDriver.tsx), whether or not anything happened since the last: the stage's handles
   * follow their dots on it too, so one frame carries both.
   */
  refresh: boolean;
}

export type Selection =
  | { kind: 'node'; id: number }
  | { kind: 'message'; id: number }
  | null;

/**
 * What the text-heavy panels (logs, event log, inspector…) show. During playback it is published
 * a few times a second rather than every frame: text is what costs most to draw, and nobody reads
 * it at 60 Hz. Stepping, seeking and acting publish at once.
 */
export interface Details { sim: Simulation; events: number }

/**
 * A scenario that could not be opened. `link`: the page's own link (the default scenario opened
 * instead); `paste`: a link pasted into the open page, `file`: an imported file (the run on
 * screen is kept in both cases); `moment`: a link whose run opened, but not its bad `t=`;
 * `param`: a link whose run opened without a bad page parameter (lang, lesson, step).
 */
export interface LoadProblem { field: string; detail: Text; source: 'link' | 'paste' | 'file' | 'moment' | 'param' }

/** The problem an error means: a ScenarioError names its field and reason in every language. */
export function problemOf(e: unknown, source: LoadProblem['source'], fallbackField = 'link'): LoadProblem {
  if (e instanceof ScenarioError) return { field: e.field, detail: { en: e.detail('en'), zh: e.detail('zh') }, source };
  const text = e instanceof Error ? e.message : String(e);
  return { field: fallbackField, detail: { en: text, zh: text }, source };
}

/** How the run is presented: language, embedded in another page, presenter mode. */
export interface View {
  lang: Lang; embed: boolean; present: boolean;
  /** embed mode's panels (`&panels=`, see url.ts); absent or null: the cluster alone */
  panels?: readonly EmbedPanel[] | null;
  /** compare mode's second protocol (`&compare=`, see url.ts); absent or null: none */
  compare?: ProtocolName | null;
  /** the history view open on the stage (`&history=1`, a toolbar toggle, or a lesson step's `show`) */
  history?: boolean;
}

/** Message latency that holds every message on the wire until the user acts (step-by-step mode). */
export const HOLD_LATENCY_MS = 60_000;
export const MIN_SPEED = 0.001;
export const MAX_SPEED = 10;
/** 0.1×: a first election (at about 150-300 virtual ms) starts a second or two after Play, and a message still takes a visible 0.1-0.3 s to fly. */
export const DEFAULT_SPEED = 0.1;
/** The speed presets beside the slider: slow motion (every message can be followed), real time, fast. */
export const SPEED_PRESETS = { slow: 0.05, normal: 1, fast: MAX_SPEED } as const;

/** A run-until breakpoint in force: its goal, its predicate, and the moment it gives up at. */
export interface RunUntil { goal: Goal; test: (sim: Simulation) => boolean; limitMs: number }
/** How the last run-until ended: at its goal, or at its limit without it. */
export interface RunUntilResult { goal: Goal; reached: boolean; timeMs: number }
/** A run-until looks this far ahead (virtual ms) at least, and to the end of the scenario. */
export const RUN_UNTIL_REACH_MS = 10_000;

/** The page opens on the first registered protocol. */
export const DEFAULT_SCENARIO: Scenario = { version: 1, protocol: PROTOCOL_NAMES[0], nodes: 5, seed: 1, events: [] };

export interface AppState {
  timeline: Timeline;
  scenario: Scenario;
  /** How many of the scenario's events were loaded (the script); the rest are the user's acts. */
  scriptLength: number;
  frame: Frame;
  details: Details;
  speed: number;
  selection: Selection;
  /** A bad share link or scenario, shown until the user dismisses it or loads another. */
  loadProblem: LoadProblem | null;
  /** Fields of the link or file opened that this version does not know: ignored, and named to the user. */
  ignoredFields: string[];
  /** The violation that stopped playback, explained to the user. */
  stoppedBy: Violation | null;
  view: View;
  /** The guided lesson on screen, if any (its progress actor and the lesson). */
  lesson: LessonSession | null;
  /** Playing stops on the first moment where this goal holds (a breakpoint). */
  runUntil: RunUntil | null;
  runUntilResult: RunUntilResult | null;

  load(scenario: Scenario, atMs?: number | null): void;
  setLoadProblem(problem: LoadProblem | null): void;
  setIgnoredFields(fields: string[]): void;
  /** Show the exact state at virtual time `ms` (every event at or before it processed). */
  seek(ms: number): void;
  /**
   * Playback: move forward by `dvMs` of virtual time. Stops (and returns true) at an invariant
   * violation, and on the first moment where the run-until goal holds or at its limit.
   */
  advance(dvMs: number, publishDetails?: boolean): boolean;
  /** Bring the details panels up to the moment shown (after playback stops). */
  publishDetails(): void;
  /** Process every event at the next event time (one moment). Returns true on a violation. */
  stepForward(): boolean;
  /** Back to the previous moment at which something happened. */
  stepBack(): void;
  /**
   * Work out ahead, while the page is idle and paused (stepBackAhead.ts), the state Previous would
   * show, so that the click only shows it instead of replaying up to a checkpoint's worth of events.
   */
  prepareStepBack(): void;
  /** Act now: each event is added to the scenario at the current moment; the old future is dropped. */
  act(events: UnscheduledEvent[]): void;
  select(selection: Selection): void;
  setSpeed(speed: number): void;
  dismissStop(): void;
  setView(change: Partial<View>): void;
  setLesson(lesson: LessonSession | null): void;
  /** Set a breakpoint: playing stops on the first moment from now where `goal` holds. */
  startRunUntil(goal: Goal): void;
  cancelRunUntil(): void;
}

function makeFrame(sim: Simulation, playing = false, refresh = false): Frame {
  return { sim, timeMs: sim.timeMs, events: sim.stats.events, traceHash: sim.traceHash, playing, refresh };
}

/** The frame and the details for a newly shown state. */
function show(sim: Simulation): { frame: Frame; details: Details } {
  return { frame: makeFrame(sim), details: { sim, events: sim.stats.events } };
}

/** Events between the page's checkpoints: a seek replays at most this many (the benchmark's time travel uses it too). */
export const CHECKPOINT_EVERY = 1000;

/** The Timeline the page keeps for a scenario (the benchmark measures it as is). */
export function makeTimeline(scenario: Scenario): Timeline {
  return new Timeline(scenario, PROTOCOLS[scenario.protocol], { checkpointEvery: CHECKPOINT_EVERY, keepTrace: true });
}

/**
 * Run `sim` forward to `targetUs`. With `stopOnViolation`, stop after the moment a new violation
 * appears; with `stopWhen`, after the first moment (a whole instant) where it holds. Returns why
 * it stopped early, or null.
 */
function runForward(sim: Simulation, targetUs: number, stopOnViolation: boolean,
  stopWhen?: (sim: Simulation) => boolean): 'violation' | 'goal' | null {
  const before = sim.violations.length;
  // step(limit) never runs an event after the limit, even when cancelled timers sit in the queue
  while (sim.nextTimeUs() <= targetUs && sim.step(targetUs)) {
    const violated = stopOnViolation && sim.violations.length > before;
    if (!violated && !stopWhen) continue;
    // finish the moment, so the state shown is the one the CLI reaches at this time
    const moment = sim.nowUs;
    while (sim.nextTimeUs() <= moment && sim.step(moment)) { /* same instant */ }
    if (stopOnViolation && sim.violations.length > before) return 'violation';
    if (stopWhen?.(sim)) return 'goal';
  }
  if (targetUs > sim.nowUs) sim.nowUs = targetUs;
  return null;
}

/** The last moment before `timeMs` at which something happened (a trace record was written), or null. */
export function previousMoment(timeline: Timeline, timeMs: number): number | null {
  const trace = timeline.trace;
  let lo = trace.firstAtTime(timeMs);
  // an event that did nothing is no moment to stop at
  while (lo > 0 && trace.ignored(lo - 1)) lo--;
  return lo === 0 ? null : trace.time(lo - 1);
}

/** The end of the scrubber: the scenario's own horizon, or further if the user played past it. */
export const horizonOf = (s: AppState): number => Math.max(s.scenario.until ?? DEFAULT_UNTIL, Math.ceil(s.frame.timeMs));

/** Is the shown moment in step-by-step mode (messages held on the wire)? */
export const inStepMode = (sim: Simulation): boolean => sim.network.settings.latency.min >= HOLD_LATENCY_MS;

export const DEFAULT_VIEW: View = { lang: 'en', embed: false, present: false };

/** The state Previous shows from the moment `fromMs` of a run, worked out ahead. */
interface StepBack { timeline: Timeline; scenario: Scenario; fromMs: number; sim: Simulation }

/** Is `b` for the moment shown of the run shown? (An act forks the timeline in place and gives a new scenario.) */
const readyFor = (b: StepBack, s: AppState): boolean => b.timeline === s.timeline && b.scenario === s.scenario && b.fromMs === s.frame.timeMs;

export function createAppStore(initial: Scenario = DEFAULT_SCENARIO, atMs = 0, view: View = DEFAULT_VIEW): StoreApi<AppState> {
  const timeline0 = makeTimeline(initial);
  /** The state Previous shows from `fromMs`, worked out ahead (prepareStepBack), or null. */
  let back: StepBack | null = null;
  return createStore<AppState>()((set, get) => ({
    timeline: timeline0,
    scenario: initial,
    scriptLength: initial.events.length,
    ...show(timeline0.stateAtTime(Math.max(0, atMs))),
    speed: DEFAULT_SPEED,
    selection: null,
    loadProblem: null,
    ignoredFields: [],
    stoppedBy: null,
    view,
    lesson: null,
    runUntil: null,
    runUntilResult: null,

    load(scenario, atMs) {
      const timeline = makeTimeline(scenario);
      const sim = timeline.stateAtTime(Math.max(0, atMs ?? 0));
      // (whoever opened a link or a file names its ignored fields after this)
      set({ timeline, scenario, scriptLength: scenario.events.length, ...show(sim), selection: null, stoppedBy: null,
        runUntil: null, runUntilResult: null, ignoredFields: [] });
    },

    setLoadProblem(problem) { set({ loadProblem: problem }); },
    setIgnoredFields(fields) { set({ ignoredFields: fields }); },

    seek(ms) {
      const { timeline, frame } = get();
      const target = Math.max(0, ms);
      const targetUs = msToUs(target);
      timeline.extendToTime(target);
      // run the shown state on, unless a checkpoint lies between it and the target: restoring that
      // replays at most a checkpoint's worth of events, however far the scrubber moved
      let sim: Simulation;
      if (targetUs >= frame.sim.nowUs && timeline.checkpointUsBefore(target) <= frame.sim.nowUs) {
        sim = frame.sim;
        runForward(sim, targetUs, false);
      } else {
        sim = timeline.stateAtTime(target);
      }
      set(show(sim));
    },

    advance(dvMs, publishDetails = true) {
      const { timeline, frame, details, runUntil } = get();
      const sim = frame.sim;
      const before = sim.violations.length;
      const targetMs = runUntil ? Math.min(frame.timeMs + dvMs, runUntil.limitMs) : frame.timeMs + dvMs;
      const stop = runForward(sim, msToUs(targetMs), true, runUntil?.test);
      timeline.extendToTime(sim.timeMs);
      const hit = stop === 'violation';
      // a breakpoint ends when its goal holds, or gives up at its limit
      const ended = runUntil && (stop !== null || sim.timeMs >= runUntil.limitMs)
        ? { runUntil: null, runUntilResult: { goal: runUntil.goal, reached: stop !== null && runUntil.test(sim), timeMs: sim.timeMs } }
        : {};
      const publish = publishDetails || stop !== null || details.sim !== sim;
      set({
        frame: makeFrame(sim, true, publishDetails),
        ...(publish && details.events !== sim.stats.events ? { details: { sim, events: sim.stats.events } } : {}),
        // the first of the moment's violations, as the invariant panel and the CLI list them first
        stoppedBy: hit ? sim.violations[before] : get().stoppedBy,
        ...ended,
      });
      return stop !== null || 'runUntil' in ended;
    },

    publishDetails() {
      const { frame, details } = get();
      const behind = details.sim !== frame.sim || details.events !== frame.events;
      if (!behind && !frame.playing) return;
      set({
        // playback stopped: the stage, the clock and the scrubber are drawn as elements again
        ...(frame.playing ? { frame: { ...frame, playing: false, refresh: false } } : {}),
        ...(behind ? { details: { sim: frame.sim, events: frame.events } } : {}),
      });
    },

    stepForward() {
      const { timeline, frame } = get();
      const sim = frame.sim;
      const before = sim.violations.length;
      // the next event that really happens (the queue may hold cancelled timers), then its whole instant
      if (!sim.step()) return false;
      runForward(sim, sim.nowUs, false);
      timeline.extendToTime(sim.timeMs);
      const hit = sim.violations.length > before;
      set({ ...show(sim), stoppedBy: hit ? sim.violations[before] : get().stoppedBy });
      return hit;
    },

    stepBack() {
      const ahead = back;
      back = null;
      // the state worked out ahead is exactly what the seek below would compute
      if (ahead && readyFor(ahead, get())) {
        set(show(ahead.sim));
        return;
      }
      const { timeline, frame } = get();
      const prev = previousMoment(timeline, frame.timeMs);
      get().seek(prev ?? 0);
    },

    prepareStepBack() {
      const { timeline, scenario, frame } = get();
      if (frame.playing || (back && readyFor(back, get()))) return;
      const prev = previousMoment(timeline, frame.timeMs);
      // the state at `prev` as seek(prev) computes it going back (a checkpoint run on): a fresh copy
      back = prev === null ? null : { timeline, scenario, fromMs: frame.timeMs, sim: timeline.stateAtTime(prev) };
    },

    act(events) {
      if (events.length === 0) return;
      const { timeline, frame, scriptLength } = get();
      // at the moment shown (never before the last event done); acting in the past discards the
      // old future's acts: the user's own, and drops or deliveries by message id, whose ids now
      // name other messages
      const atUs = timeline.actionTimeUs(frame.events, frame.timeMs, frame.sim);
      const oldFuture = (e: ScenarioEvent, index: number) => index >= scriptLength || 'message' in e;
      const script = new Set(get().scenario.events.slice(0, scriptLength));
      const scenario = timeline.forkAt(atUs, events, oldFuture);
      // forkAt keeps the events it does not discard as they are: what is left of the script
      const keptScript = scenario.events.filter((e) => script.has(e)).length;
      const sim = timeline.stateAtTime(usToMs(atUs));
      set({ scenario, scriptLength: keptScript, ...show(sim), stoppedBy: null });
    },

    select(selection) { set({ selection }); },
    setSpeed(speed) { set({ speed: Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) }); },
    dismissStop() { set({ stoppedBy: null }); },
    setView(change) { set({ view: { ...get().view, ...change } }); },
    setLesson(lesson) { set({ lesson }); },
    startRunUntil(goal) {
      const s = get();
      const limitMs = Math.max(horizonOf(s), s.frame.timeMs + RUN_UNTIL_REACH_MS);
      set({ runUntil: { goal, test: breakpoint(goal, s.frame.sim), limitMs }, runUntilResult: null });
    },
    cancelRunUntil() { if (get().runUntil) set({ runUntil: null }); },
  }));
}

// ---- selectors (module scope, so components share them) ----
export const selectFrame = (s: AppState): Frame => s.frame;
export const selectScenario = (s: AppState): Scenario => s.scenario;
export const selectSpeed = (s: AppState): number => s.speed;
export const selectSelection = (s: AppState): Selection => s.selection;
export const selectLoadProblem = (s: AppState): LoadProblem | null => s.loadProblem;
export const selectIgnoredFields = (s: AppState): string[] => s.ignoredFields;
export const selectStoppedBy = (s: AppState): Violation | null => s.stoppedBy;
export const selectEvents = (s: AppState): number => s.frame.events;
export const selectTimeMs = (s: AppState): number => s.frame.timeMs;
export const selectHorizon = horizonOf;
export const selectProtocol = (s: AppState) => s.scenario.protocol;
export const selectView = (s: AppState): View => s.view;
export const selectLang = (s: AppState): Lang => s.view.lang;
export const selectLesson = (s: AppState): LessonSession | null => s.lesson;
export const selectRunUntil = (s: AppState): RunUntil | null => s.runUntil;
export const selectRunUntilResult = (s: AppState): RunUntilResult | null => s.runUntilResult;
/** The state as of the last event: changes when an event happens, not as the clock runs (use with useShallow). */
export const selectDetails = (s: AppState): Details => s.details;
