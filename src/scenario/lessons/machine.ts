/**
 * A lesson's progress as an xstate v5 machine. Pure: no timers, no simulation inside. The UI
 * shows the step in context.step at its planned moment (see plan.ts) and drives the machine:
 *   showing  — the step's narration is on screen, Next and Back are offered;
 *   waiting  — the step waits for its condition; the UI plays the run and sends CONDITION_MET;
 *   finished — past the last step.
 * NEXT into a wait step enters `waiting`; BACK and GOTO always land in `showing`, because the
 * planned moment of a wait step is one where its condition already holds.
 */
import { assign, setup } from 'xstate';
import { isWaitStep, type Lesson } from './types';

export interface LessonContext {
  lessonId: string;
  /** index of the current step, 0-based */
  step: number;
}

export type LessonEvent =
  | { type: 'NEXT' }
  | { type: 'BACK' }
  | { type: 'GOTO'; step: number }
  | { type: 'CONDITION_MET' };

export function createLessonMachine(lesson: Lesson) {
  const last = lesson.steps.length - 1;
  const waits = lesson.steps.map(isWaitStep);
  return setup({
    types: {
      context: {} as LessonContext,
      events: {} as LessonEvent,
    },
    guards: {
      nextStepWaits: ({ context }) => context.step < last && waits[context.step + 1],
      hasNextStep: ({ context }) => context.step < last,
      hasPreviousStep: ({ context }) => context.step > 0,
      isStepInLesson: ({ event }) => event.type === 'GOTO' && Number.isInteger(event.step) && event.step >= 0 && event.step <= last,
    },
    actions: {
      stepForward: assign({ step: ({ context }) => context.step + 1 }),
      stepBack: assign({ step: ({ context }) => context.step - 1 }),
      jumpToStep: assign({ step: ({ event, context }) => (event.type === 'GOTO' ? event.step : context.step) }),
    },
  }).createMachine({
    id: `lesson:${lesson.id}`,
    context: { lessonId: lesson.id, step: 0 },
    initial: waits[0] ? 'waiting' : 'showing',
    on: {
      GOTO: { guard: 'isStepInLesson', target: '.showing', actions: 'jumpToStep' },
    },
    states: {
      showing: {
        on: {
          NEXT: [
            { guard: 'nextStepWaits', target: 'waiting', actions: 'stepForward' },
            { guard: 'hasNextStep', target: 'showing', actions: 'stepForward' },
            { target: 'finished' },
          ],
          BACK: { guard: 'hasPreviousStep', target: 'showing', actions: 'stepBack' },
        },
      },
      waiting: {
        on: {
          CONDITION_MET: { target: 'showing' },
          BACK: { guard: 'hasPreviousStep', target: 'showing', actions: 'stepBack' },
        },
      },
      finished: {
        on: {
          BACK: { target: 'showing' },
        },
      },
    },
  });
}

export type LessonMachine = ReturnType<typeof createLessonMachine>;
