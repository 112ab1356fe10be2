/**
 * Work done for the paused page in its idle time, after each change of the moment shown, so that
 * the next click finds it done (stepBackAhead.ts, runAhead.ts). Never while the run plays: frames
 * come sixty times a second then. Never as the page opens: that first piece of work, in code still
 * cold, met the first click. One piece of work per burst of changes.
 */
import type { StoreApi } from 'zustand/vanilla';
import { whenIdle } from '../afterPaint';
import type { AppState } from './store';

/**
 * `work` is told how much idle time is left (ms) and returns true while more remains: it is given
 * the next idle moment too. `withinMs`: at the latest this long after it was due, even on a busy page.
 */
export function idleWhilePaused(store: StoreApi<AppState>, work: (timeLeft: () => number) => boolean, withinMs: number): () => void {
  let cancel: (() => void) | null = null;
  const schedule = () => {
    cancel?.();
    cancel = whenIdle((timeLeft) => {
      cancel = null;
      if (work(timeLeft)) schedule();
    }, withinMs);
  };
  const unsubscribe = store.subscribe((s, prev) => {
    // (a new run or an act shows a new frame too)
    if (s.frame === prev.frame) return;
    if (s.frame.playing) { cancel?.(); cancel = null; return; }
    schedule();
  });
  return () => { unsubscribe(); cancel?.(); cancel = null; };
}
