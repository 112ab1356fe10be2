/**
 * The scrubber reaches to the scenario's horizon (10 s for the default run), and a move into a
 * stretch of the run not computed yet computes it first, then replays it from a checkpoint: at 5 s
 * of the default run, a move to 9 s ran its ~700 events twice before anything was drawn. While the
 * page is paused and idle, the run is computed on toward the horizon (the timeline's head, which
 * views never read), a slice at a time, so that such a move only runs a checkpoint on. What is
 * shown never changes: the timeline is the same deterministic run, computed sooner.
 */
import type { StoreApi } from 'zustand/vanilla';
import { msToUs } from '../../sim/time';
import { idleWhilePaused } from './idleWhilePaused';
import { horizonOf, type AppState } from './store';

/** Events per slice (a tenth of a millisecond or two). */
const SLICE_EVENTS = 100;
/**
 * The most computed in one idle moment (ms): the browser's idle time left does not shrink when a
 * click arrives, so a long idle moment used whole would keep the click waiting.
 */
const BUDGET_MS = 1;
/** At most this many events past the moment shown: a scenario with a distant horizon is not computed whole. */
export const AHEAD_EVENTS = 50_000;
/** At the latest this long (ms) after a change of moment, even on a busy page. */
const AHEAD_WITHIN_MS = 1000;

/** Computes one idle moment's worth of the run ahead; true while more remains. */
export function computeAhead(state: AppState, timeLeft: () => number, now: () => number = () => performance.now()): boolean {
  const { timeline, frame } = state;
  const horizonUs = msToUs(horizonOf(state));
  const most = frame.events + AHEAD_EVENTS;
  const start = now();
  for (;;) {
    const done = timeline.events;
    if (timeline.head.nowUs >= horizonUs || done >= most) return false;
    timeline.extendToEvents(Math.min(most, done + SLICE_EVENTS));
    if (timeline.events === done) return false; // the run has ended
    if (now() - start >= BUDGET_MS || timeLeft() <= 0) return true;
  }
}

export function runAhead(store: StoreApi<AppState>): () => void {
  return idleWhilePaused(store, (timeLeft) => computeAhead(store.getState(), timeLeft), AHEAD_WITHIN_MS);
}
