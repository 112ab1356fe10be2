/**
 * Drives playback with requestAnimationFrame while the machine is in `playing`: each frame moves
 * virtual time by (real time elapsed × speed). Pauses when the tab is hidden, an invariant breaks,
 * a run-until breakpoint is reached, or a lesson's wait step sees its condition hold.
 */
import { useEffect } from 'react';
import { useSelector } from '@xstate/react';
import { useAppStoreApi, usePlayback } from '../state/context';
import { useScrubberKeys } from './scrubberKeys';

/** A long gap (tab switch, breakpoint) must not become a huge jump in virtual time. */
const MAX_FRAME_MS = 100;
/** The text panels follow every this many frames while playing (about 10 times a second). */
const DETAILS_EVERY = 6;
const selectIsPlaying = (s: { matches(v: string): boolean }) => s.matches('playing');

export function PlaybackDriver() {
  const actor = usePlayback();
  const store = useAppStoreApi();
  const playing = useSelector(actor, selectIsPlaying);
  // the scrubber (Controls.tsx) moves by useful steps from the keyboard
  useScrubberKeys(store);

  useEffect(() => {
    const onVisibility = () => { if (document.hidden) actor.send({ type: 'HIDDEN' }); };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [actor]);

  useEffect(() => {
    if (!playing) return;
    let handle = 0;
    let last: number | null = null;
    let frames = 0;
    const tick = (now: number) => {
      if (last !== null) {
        const real = Math.min(MAX_FRAME_MS, now - last);
        const state = store.getState();
        const lessonWaits = state.lesson?.status === 'waiting';
        frames++;
        if (state.advance(real * state.speed, frames % DETAILS_EVERY === 0)) {
          // an invariant broke, or a run-until breakpoint was reached
          actor.send({ type: store.getState().stoppedBy ? 'VIOLATION' : 'PAUSE' });
          return;
        }
        // a lesson's wait step is over: stop on its moment, so the learner can read and go on
        if (lessonWaits && store.getState().lesson?.status !== 'waiting') {
          actor.send({ type: 'PAUSE' });
          return;
        }
      }
      last = now;
      handle = requestAnimationFrame(tick);
    };
    handle = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(handle);
      store.getState().publishDetails();
      // a breakpoint lasts while playing: pausing, stepping or scrubbing ends it
      store.getState().cancelRunUntil();
    };
  }, [playing, store, actor]);

  return null;
}
