/**
 * A guided lesson in the page: the lesson's xstate progress machine (scenario/lessons/machine.ts),
 * held by the store and tied to the run on screen.
 *   - NEXT, BACK, GOTO: the run shows the step's planned scenario at its planned moment, so Back
 *     (or a deep link) lands on exactly the state seen before: same trace hash.
 *   - a wait step: the run starts where the step begins and plays (the page's playback driver);
 *     as soon as the step's condition holds on the moment shown, CONDITION_MET, and Next opens.
 *   - the learner may act inside a step: that forks the run as in free play; Next and Back
 *     return to the lesson's own moments.
 */
import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import type { StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../../sim/types';
// the machine and the plan, not the lessons' index: the lessons themselves load on demand (content.ts)
import { createLessonMachine, type LessonMachine } from '../../scenario/lessons/machine';
import { stepMoment } from '../../scenario/lessons/plan';
import { isWaitStep, type Lesson, type StepWait } from '../../scenario/lessons/types';
import type { AppState } from './store';

export type LessonStatus = 'showing' | 'waiting' | 'finished';

/** What the page shows of a lesson: a new object whenever the step or status changes. */
export interface LessonSession {
  readonly lesson: Lesson;
  readonly actor: Actor<LessonMachine>;
  /** 0-based index of the step on screen */
  readonly step: number;
  readonly status: LessonStatus;
  /** the step's wait condition while it is not yet met */
  readonly waitingFor: StepWait | null;
}

type LessonSnapshot = SnapshotFrom<LessonMachine>;

function statusOf(snapshot: LessonSnapshot): LessonStatus {
  if (snapshot.matches('waiting')) return 'waiting';
  if (snapshot.matches('finished')) return 'finished';
  return 'showing';
}

/** Show `scenario` at `ms`: a seek when it is the run on screen already, else a fresh load. */
function showAt(store: StoreApi<AppState>, scenario: Scenario, ms: number): void {
  const s = store.getState();
  if (s.scenario === scenario) s.seek(ms);
  else s.load(scenario, ms);
}

export interface OpenLessonOptions {
  /** 0-based step to open at (a deep link); the lesson starts at its first step otherwise */
  step?: number;
  /** keep the run on screen (a deep link that carried its own `s=`) instead of the step's moment */
  keepRun?: boolean;
}

/** Start `lesson` in the page, replacing any lesson on screen. */
export function openLesson(store: StoreApi<AppState>, lesson: Lesson, options: OpenLessonOptions = {}): LessonSession {
  closeLesson(store);
  const actor = createActor(createLessonMachine(lesson));
  actor.start();
  if (options.step !== undefined) {
    // throws (naming the lesson and step) when the step is not in the lesson
    stepMoment(lesson, options.step);
    actor.send({ type: 'GOTO', step: options.step });
  }

  let applied: { step: number; status: LessonStatus } | null = null;
  const publish = (snapshot: LessonSnapshot) => {
    const status = statusOf(snapshot);
    const step = snapshot.context.step;
    const raw = lesson.steps[step];
    const waitingFor = status === 'waiting' && isWaitStep(raw) ? raw : null;
    store.getState().setLesson({ lesson, actor, step, status, waitingFor });
  };
  const apply = (snapshot: LessonSnapshot) => {
    const status = statusOf(snapshot);
    const step = snapshot.context.step;
    if (applied && applied.step === step && applied.status === status) return;
    const conditionMet = applied !== null && applied.step === step && applied.status === 'waiting' && status === 'showing';
    applied = { step, status };
    publish(snapshot);
    if (status === 'finished') return;
    const planned = stepMoment(lesson, step);
    if (status === 'waiting') {
      showAt(store, planned.scenario, planned.begin);
      checkCondition();
    } else if (conditionMet) {
      // playback ran a little past the moment the condition first held: show that very moment
      // (the planned one), unless the learner changed the run
      if (store.getState().scenario === planned.scenario) store.getState().seek(planned.at);
    } else {
      showAt(store, planned.scenario, planned.at);
    }
  };

  /** In a wait step, the condition is checked on every moment shown (playing, stepping, acting). */
  const checkCondition = () => {
    const snapshot = actor.getSnapshot();
    if (!snapshot.matches('waiting')) return;
    const step = lesson.steps[snapshot.context.step];
    if (isWaitStep(step) && step.waitFor.condition(store.getState().frame.sim)) actor.send({ type: 'CONDITION_MET' });
  };

  if (options.keepRun) applied = { step: actor.getSnapshot().context.step, status: statusOf(actor.getSnapshot()) };
  publish(actor.getSnapshot());
  const stopActor = actor.subscribe(apply);
  apply(actor.getSnapshot());
  let lastFrame = store.getState().frame;
  const stopStore = store.subscribe((s) => {
    if (s.frame === lastFrame) return;
    lastFrame = s.frame;
    checkCondition();
  });
  sessions.set(actor, () => { stopActor.unsubscribe(); stopStore(); actor.stop(); });
  return store.getState().lesson!;
}

const sessions = new WeakMap<Actor<LessonMachine>, () => void>();

/**
 * In a wait step, jump to the moment the step's condition was planned to hold instead of
 * watching the run get there (the condition check then ends the wait as usual).
 */
export function skipWait(store: StoreApi<AppState>): void {
  const current = store.getState().lesson;
  if (!current || current.status !== 'waiting') return;
  const planned = stepMoment(current.lesson, current.step);
  if (planned.at > store.getState().frame.timeMs) store.getState().seek(planned.at);
}

/** Leave the lesson; the run on screen stays as it is (free play from here). */
export function closeLesson(store: StoreApi<AppState>): void {
  const current = store.getState().lesson;
  if (!current) return;
  sessions.get(current.actor)?.();
  store.getState().setLesson(null);
}
