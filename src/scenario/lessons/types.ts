/**
 * A guided lesson: a base scenario and a list of short narrated steps, in the manner of The
 * Secret Lives of Data, but played on the same engine as free play. Each step is reached by
 * replaying a scenario deterministically, so Back and deep links land on the exact same state.
 */
import type { Simulation } from '../../sim/engine';
import type { UnscheduledEvent } from '../../sim/timeline';
import type { ProtocolName } from '../../protocols/registry';
import type { Scenario } from '../../sim/types';
import type { Highlight, Text } from '../library/types';

export type { Highlight, Text };

/** A fact about the run the lesson waits for. Pure: it reads the simulation and changes nothing. */
export type Condition = (sim: Simulation) => boolean;

export interface WaitFor {
  readonly condition: Condition;
  /** What the learner is waiting for, e.g. "a leader is elected". */
  readonly label: Text;
  /** Virtual ms after the step begins within which the condition must hold. */
  readonly budget: number;
}

interface StepBase {
  /** One or two sentences, shown while the step is on screen. */
  readonly narration: Text;
  /**
   * Scenario events that happen when the step begins (1 µs after the previous step's moment),
   * e.g. crash the leader. They become part of the scenario, so replaying it reaches the step.
   */
  readonly actions?: readonly UnscheduledEvent[];
  /** What the narration names (nodes, entries, slots, messages): the page highlights them. */
  readonly highlight?: readonly Highlight[];
  /** Views the page opens when the step begins (`history`: the clients' operations, linearized or not). */
  readonly show?: readonly StepView[];
}

/** A view a lesson step can open on the stage. */
export type StepView = 'history';

/**
 * The step is shown at a fixed virtual time of the scenario. With `scenario`, the step switches
 * to another run (the same script with one setting changed, e.g. fencing on) shown at `at`, and
 * the steps after it continue that run.
 */
export interface StepAt extends StepBase { readonly at: number; readonly scenario?: Scenario }
/** The step is shown `after` ms past the previous step's moment. */
export interface StepAfter extends StepBase { readonly after: number }
/** The step is shown as soon as its condition holds (after its actions, if any). */
export interface StepWait extends StepBase { readonly waitFor: WaitFor }

export type LessonStep = StepAt | StepAfter | StepWait;

export interface Lesson {
  /** kebab-case, used in deep links */
  readonly id: string;
  readonly protocol: ProtocolName;
  readonly title: Text;
  /** the scenario the lesson starts from; steps' actions are added to it */
  readonly scenario: Scenario;
  readonly steps: readonly LessonStep[];
}

export const isWaitStep = (step: LessonStep): step is StepWait => 'waitFor' in step;
