/**
 * A figure of the moment shown that costs too much to compute on every frame (the clients' history
 * check reads the whole history: on a 1M-event run, 146k operations and about 0.3 s). It is
 * computed once the moment has stayed put for SETTLE_MS, after Step or a scrub has painted, and
 * never while playing publishes a new moment every few frames. Until then the last value stays.
 */
import { useEffect, useState } from 'react';
import type { Simulation } from '../../sim/engine';

/** How long the moment shown must stay put before it is read (ms). */
export const SETTLE_MS = 150;

/** `compute` must be a stable function (module level): a new one starts the wait again. */
export function useSettled<T>(sim: Simulation, compute: (sim: Simulation) => T): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setValue(compute(sim)), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [sim, compute]);
  return value;
}
