/**
 * Where each step of a lesson is: the scenario (the lesson's, plus every action of the steps so
 * far) and the virtual moment at which the step is shown. Wait steps are resolved by running the
 * engine headless until their condition holds, within the step's budget. Since a step's scenario
 * only adds events after the previous step's moment, all steps up to i replay identically under
 * step i's scenario: going Back is just showing an earlier (scenario, moment) pair. A step that
 * switches to another run (`StepAt.scenario`) starts a new stretch of the lesson from that run's start.
 */
import { Simulation } from '../../sim/engine';
import { msToUs, usToMs } from '../../sim/time';
import type { Scenario, ScenarioEvent } from '../../sim/types';
import { createSimulation } from '../run';
import { validateScenario } from '../schema';
import { isWaitStep, type Lesson, type LessonStep } from './types';

/** A step's actions happen this long after the previous step's moment (1 µs, as a UI fork does). */
export const ACTION_DELAY_MS = 0.001;

/** Whole microseconds, so that sums like 329.583 + 120 stay exact. */
const toMicrosecond = (ms: number): number => Math.round(ms * 1000) / 1000;

export class LessonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LessonError';
  }
}

export interface PlannedStep {
  readonly index: number;
  /** the lesson's scenario with the actions of steps 0…index */
  readonly scenario: Scenario;
  /** virtual ms where the step begins: the previous step's moment (0 for the first) */
  readonly begin: number;
  /** virtual ms at which the step is shown */
  readonly at: number;
  /** the engine's trace hash at `at` (what the page shows in data-trace-hash) */
  readonly traceHash: string;
}

const where = (lesson: Lesson, index: number): string => `lesson "${lesson.id}", step ${index + 1}`;

/** Run forward one instant at a time until `condition` holds; null if not by `limitMs`. */
function runUntilCondition(sim: Simulation, condition: (sim: Simulation) => boolean, limitMs: number): number | null {
  if (condition(sim)) return sim.timeMs;
  const limitUs = msToUs(limitMs);
  for (;;) {
    const next = sim.nextTimeUs();
    if (next > limitUs) return null;
    sim.runUntil(usToMs(next)); // every event of that instant, so the moment replays exactly
    if (condition(sim)) return sim.timeMs;
  }
}

function momentOf(lesson: Lesson, index: number, step: LessonStep, sim: Simulation, begin: number, actionAt: number | null): number {
  const earliest = actionAt ?? begin;
  if (isWaitStep(step)) {
    if (!(step.waitFor.budget > 0)) throw new LessonError(`${where(lesson, index)}: waitFor.budget must be a positive number of ms`);
    sim.runUntil(earliest);
    const reached = runUntilCondition(sim, step.waitFor.condition, begin + step.waitFor.budget);
    if (reached === null) {
      throw new LessonError(`${where(lesson, index)}: "${step.waitFor.label.en}" did not happen within ${step.waitFor.budget} ms of ${begin} ms`);
    }
    return reached;
  }
  const at = 'at' in step ? step.at : toMicrosecond(begin + step.after);
  const field = 'at' in step ? 'at' : 'after';
  if (!Number.isFinite(at) || at < earliest) {
    throw new LessonError(`${where(lesson, index)}: ${field} puts the step at ${at} ms, before the step begins (${earliest} ms)`);
  }
  sim.runUntil(at);
  return at;
}

/** Compute every step's scenario and moment with one headless run. Throws LessonError naming the step. */
export function planLesson(lesson: Lesson): PlannedStep[] {
  if (lesson.steps.length === 0) throw new LessonError(`lesson "${lesson.id}": steps must not be empty`);
  let scenario = validateScenario(lesson.scenario);
  let sim = createSimulation(scenario);
  let begin = 0;
  const planned: PlannedStep[] = [];
  lesson.steps.forEach((step, index) => {
    if ('scenario' in step && step.scenario) {
      // another run from its start: its moments count from 0 again
      scenario = validateScenario(step.scenario);
      sim = createSimulation(scenario);
      begin = 0;
    }
    let actionAt: number | null = null;
    if (step.actions && step.actions.length > 0) {
      actionAt = toMicrosecond(begin + ACTION_DELAY_MS);
      const added = step.actions.map((a) => ({ ...a, at: actionAt }) as ScenarioEvent);
      scenario = validateScenario({ ...scenario, events: [...scenario.events, ...added] });
      // the events are all later than `begin`, so the state so far is still this scenario's
      sim.runUntil(begin);
      sim = sim.withScenario(scenario);
    }
    const at = momentOf(lesson, index, step, sim, begin, actionAt);
    planned.push({ index, scenario, begin, at, traceHash: sim.traceHash });
    begin = at;
  });
  return planned;
}

const plans = new WeakMap<Lesson, PlannedStep[]>();

/** The scenario and the moment at which step `index` of `lesson` is shown (computed once per lesson). */
export function stepMoment(lesson: Lesson, index: number): PlannedStep {
  if (!Number.isInteger(index) || index < 0 || index >= lesson.steps.length) {
    throw new LessonError(`lesson "${lesson.id}": step must be a whole number from 0 to ${lesson.steps.length - 1}, got ${index}`);
  }
  let plan = plans.get(lesson);
  if (!plan) {
    plan = planLesson(lesson);
    plans.set(lesson, plan);
  }
  return plan[index];
}

/** The state at a step's moment, replayed from scratch (what the UI shows after Back or a deep link). */
export function replayStep(lesson: Lesson, index: number): Simulation {
  const { scenario, at } = stepMoment(lesson, index);
  const sim = createSimulation(scenario);
  sim.runUntil(at);
  return sim;
}
