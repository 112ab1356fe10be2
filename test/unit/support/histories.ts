/** Client histories for the linearizability tests: one-op builders and the random and busy histories both checker suites draw. */
import type { CheckOptions, HistoryOp } from '../../../src/scenario/linearizability';
import type { Rng } from '../../../src/sim/rng';

let client = 0;
/** A put (each op its own client, so only real time orders them). */
export const put = (value: string, call: number, ret: number | null, key = 'k'): HistoryOp =>
  ({ client: ++client, op: 'put', key, value, output: null, call, return: ret });
export const get = (output: string | null, call: number, ret: number | null, key = 'k'): HistoryOp =>
  ({ client: ++client, op: 'get', key, value: null, output, call, return: ret });

/** Both deciders: the zones (auto) and the search. */
export const METHODS: CheckOptions[] = [{ method: 'auto' }, { method: 'search' }];

/**
 * A small random history: calls in 0–12, some never returning, values unique or drawn from two.
 * With `twoKeys`, one op in five is on key j (an extra draw, so the one-key sequence stays as it was).
 */
export function randomHistory(rng: Rng, size: number, uniqueValues: boolean, twoKeys = false): HistoryOp[] {
  const out: HistoryOp[] = [];
  let writes = 0;
  for (let i = 0; i < size; i++) {
    const call = rng.int(0, 12);
    const ret = rng.chance(0.15) ? null : call + rng.int(0, 6);
    const key = twoKeys && rng.chance(0.2) ? 'j' : 'k';
    if (rng.chance(0.5)) out.push(put(`v${uniqueValues ? ++writes : rng.int(1, 2)}`, call, ret, key));
    else out.push(get(rng.chance(0.2) ? null : `v${rng.int(1, Math.max(1, uniqueValues ? writes + 1 : 2))}`, call, ret, key));
  }
  return out;
}

/** 10,000 operations on one key, one call every 3 ms, each lasting 1–12 ms; every read sees the last write called. */
export function busyKeyHistory(rng: Rng): HistoryOp[] {
  const h: HistoryOp[] = [];
  let last: string | null = null;
  for (let i = 0; i < 10_000; i++) {
    const t = i * 3;
    if (rng.chance(0.5)) { last = `v${i}`; h.push(put(last, t, t + rng.int(1, 12))); }
    else h.push(get(last, t, t + rng.int(1, 12)));
  }
  return h;
}
