/**
 * Previous goes back one moment, and a state in the past is rebuilt by running the checkpoint
 * before it on: up to a checkpoint's worth of events on each click (about 700 at 5 s of the
 * default run: 1-2 ms, and several times that on the first clicks, while that code is still cold).
 * While the page is paused, the state Previous would show is worked out in idle time after each
 * change of moment, so that the click only shows it (store.ts, prepareStepBack).
 */
import type { StoreApi } from 'zustand/vanilla';
import { idleWhilePaused } from './idleWhilePaused';
import type { AppState } from './store';

/** At the latest this long (ms) after a change of moment, even on a busy page. */
const AHEAD_WITHIN_MS = 500;

export function prepareStepBackAhead(store: StoreApi<AppState>): () => void {
  return idleWhilePaused(store, () => { store.getState().prepareStepBack(); return false; }, AHEAD_WITHIN_MS);
}
