/**
 * The playback controller as an xstate v5 machine: paused, playing, stepping, scrubbing. The
 * machine decides what may happen when; the store does the work. Frames are driven by
 * requestAnimationFrame in the page (PlaybackDriver), never by timers in the core.
 */
import { setup } from 'xstate';
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from './store';

export type PlaybackEvent =
  | { type: 'PLAY' }
  | { type: 'PAUSE' }
  | { type: 'TOGGLE' }
  | { type: 'STEP' }
  | { type: 'STEP_BACK' }
  | { type: 'SCRUB_START' }
  | { type: 'SCRUB_END' }
  /** the tab was hidden: stop burning CPU */
  | { type: 'HIDDEN' }
  /** an invariant broke while playing */
  | { type: 'VIOLATION' };

export const playbackMachine = setup({
  types: {
    context: {} as { store: StoreApi<AppState> },
    input: {} as { store: StoreApi<AppState> },
    events: {} as PlaybackEvent,
  },
  actions: {
    stepForward: ({ context }) => { context.store.getState().stepForward(); },
    stepBack: ({ context }) => { context.store.getState().stepBack(); },
    clearStop: ({ context }) => { context.store.getState().dismissStop(); },
  },
}).createMachine({
  id: 'playback',
  context: ({ input }) => ({ store: input.store }),
  initial: 'paused',
  states: {
    paused: {
      on: {
        PLAY: { target: 'playing', actions: 'clearStop' },
        TOGGLE: { target: 'playing', actions: 'clearStop' },
        STEP: 'stepping',
        STEP_BACK: { actions: 'stepBack' },
        SCRUB_START: 'scrubbing',
      },
    },
    playing: {
      on: {
        PAUSE: 'paused',
        TOGGLE: 'paused',
        HIDDEN: 'paused',
        VIOLATION: 'paused',
        STEP: 'stepping',
        STEP_BACK: { target: 'paused', actions: 'stepBack' },
        SCRUB_START: 'scrubbing',
      },
    },
    stepping: {
      entry: 'stepForward',
      always: 'paused',
    },
    scrubbing: {
      on: { SCRUB_END: 'paused', PAUSE: 'paused', HIDDEN: 'paused' },
    },
  },
});
