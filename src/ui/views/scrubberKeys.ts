/**
 * The scrubber's keys. A range input's own arrow step is its `step` (a microsecond, so a drag is
 * smooth), far too small to move by keyboard; here the arrows move by 1% of the run shown,
 * Page Up and Page Down by 10%, Home and End to its start and end, as a slider is expected to.
 */
import { useEffect } from 'react';
import type { StoreApi } from 'zustand';
import { horizonOf, type AppState } from '../state/store';

/** The fraction of the scrubber's span each key moves by (Home and End go to the ends). */
const KEY_STEPS: Record<string, number> = {
  ArrowRight: 0.01, ArrowUp: 0.01, ArrowLeft: -0.01, ArrowDown: -0.01, PageUp: 0.1, PageDown: -0.1,
};

/** Where a key moves the scrubber from `now` on a span of `horizon` ms, or null for other keys. */
export function scrubberTarget(key: string, now: number, horizon: number): number | null {
  if (key === 'Home') return 0;
  if (key === 'End') return horizon;
  const step = KEY_STEPS[key];
  if (step === undefined) return null;
  // whole hundredths of a millisecond, like the times the page prints
  return Math.round(Math.max(0, Math.min(horizon, now + step * horizon)) * 100) / 100;
}

/** Handle the scrubber's keys before the range input does (it is found by its class). */
export function useScrubberKeys(store: StoreApi<AppState>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (!target?.matches('.scrubber input[type="range"]') || e.ctrlKey || e.metaKey || e.altKey) return;
      const s = store.getState();
      const to = scrubberTarget(e.key, s.frame.timeMs, horizonOf(s));
      if (to === null) return;
      e.preventDefault();
      s.seek(to);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [store]);
}
