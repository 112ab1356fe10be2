/**
 * Previous goes back one moment, and a state in the past is rebuilt by running the checkpoint
 * before it on: up to a checkpoint's worth of events on each click (about 700 at 5 s of the
 * default run: 1-2 ms, and several times that on the first clicks, while that code is still cold).
 * While the page is paused, the state Previous would show is worked out in idle time after each
 * change of moment, so that the click only shows it (store.ts, prepareStepBack). Not as the page
 * opens: that first piece of work, in cold code, met the first click (a Step 26-36 ms instead of 21-23).
 */
import type { StoreApi } from 'zustand/vanilla';
import { whenIdle } from '../afterPaint';
import type { AppState } from './store';

/** At the latest this long (ms) after a change of moment, even on a busy page. */
const AHEAD_WITHIN_MS = 500;

export function prepareStepBackAhead(store: StoreApi<AppState>): () => void {
  let cancel: (() => void) | null = null;
  const schedule = () => {
    cancel?.();
    cancel = whenIdle(() => { cancel = null; store.getState().prepareStepBack(); }, AHEAD_WITHIN_MS);
  };
  const unsubscribe = store.subscribe((s, prev) => {
    // (a new run or an act shows a new frame too)
    if (s.frame === prev.frame) return;
    // while playing, frames come sixty times a second and nobody steps back
    if (s.frame.playing) { cancel?.(); cancel = null; return; }
    schedule();
  });
  return () => { unsubscribe(); cancel?.(); };
}
