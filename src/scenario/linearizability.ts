/**
 * Linearizability of a key-value history, one key at a time, since registers compose (Herlihy &
 * Wing's locality). An operation that never returned may take effect at any point after its call,
 * or not at all; a read that never returned constrains nothing and is left out.
 *
 * Two deciders, both exact:
 * - when every write of a key carries its own value (the workload's writes always do), the zones
 *   of Gibbons & Korach and Golab et al. decide in O(n log n) time (linearizability-zones.ts);
 * - otherwise the Wing & Gong search with Lowe's and Porcupine's memo (linearizability-search.ts),
 *   which may take exponential time, so it has a budget past which it answers `null`.
 * A read of a value that no write of its key wrote fails at once, with either.
 */
import type { ClientHistoryEntry } from '../sim/client-history';
import { searchRegister } from './linearizability-search';
import { analyseZones, checkZones, zonesOrder } from './linearizability-zones';

/** One client operation of the report's `history` (CONTRACT §1, client workload). */
export type HistoryOp = ClientHistoryEntry;

export interface CheckBudget {
  /** operations the search may try to linearize, over all keys */
  steps: number;
  /** bytes the search's memo of situations seen may hold, per key */
  memoBytes: number;
}

/** A few seconds of search on one core, and a quarter of a gigabyte at most. */
export const CHECK_BUDGET: CheckBudget = { steps: 5_000_000, memoBytes: 256 * 1024 * 1024 };

export interface CheckVerdict {
  /** true: a linearization exists; false: none does; null: the budget ran out first */
  linearizable: boolean | null;
  /** why not (false), or why unknown (null); null when linearizable */
  reason: string | null;
  /** operations the search tried, over all keys (0 when the zones decided) */
  steps: number;
}

export interface CheckOptions {
  budget?: CheckBudget;
  /** `search` runs the general search even where the zones would decide (for tests and figures) */
  method?: 'auto' | 'search';
}

export function checkHistory(history: readonly HistoryOp[], options: CheckOptions = {}): CheckVerdict {
  const budget = options.budget ?? CHECK_BUDGET;
  let steps = 0;
  for (const [key, ops] of splitByKey(history)) {
    const result = checkRegister(key, ops, { steps: budget.steps - steps, memoBytes: budget.memoBytes }, options.method ?? 'auto');
    steps += result.steps;
    if (result.linearizable !== true) return { linearizable: result.linearizable, reason: result.reason, steps };
  }
  return { linearizable: true, reason: null, steps };
}

/** The history per key, in order of each key's first operation; reads that never returned are left out. */
export function splitByKey(history: readonly HistoryOp[]): Map<string, HistoryOp[]> {
  const byKey = new Map<string, HistoryOp[]>();
  for (const h of history) {
    if (h.op === 'get' && h.return === null) continue;
    const list = byKey.get(h.key);
    if (list) list.push(h);
    else byKey.set(h.key, [h]);
  }
  return byKey;
}

/** The verdict alone: true, false, or null when the budget ran out. */
export function checkLinearizable(history: readonly HistoryOp[], options: CheckOptions = {}): boolean | null {
  return checkHistory(history, options).linearizable;
}

export const showValue = (v: string | null): string => (v === null ? 'nothing' : JSON.stringify(v));

/** One key's verdict and, when asked for, what backs it. */
export interface RegisterVerdict extends CheckVerdict {
  /** linearizable: the operations that take effect, in a linearization's order */
  order?: HistoryOp[];
  /** not linearizable: a few operations that already cannot be ordered, when the decider names them */
  culprits?: HistoryOp[];
}

/** Decide one key's history; with `detail`, also the order found or the operations to blame. */
export function checkRegister(key: string, all: readonly HistoryOp[], budget: CheckBudget, method: 'auto' | 'search', detail = false): RegisterVerdict {
  // values are numbered, 0 standing for the initial "nothing"
  const valueId = new Map<string | null, number>([[null, 0]]);
  const read = new Set<string | null>();
  let uniqueWrites = true;
  for (const h of all) {
    if (h.op === 'put') {
      if (valueId.has(h.value)) uniqueWrites = false;
      else valueId.set(h.value, valueId.size);
    }
    if (h.op === 'get') read.add(h.output);
  }
  for (const h of all) {
    if (h.op === 'get' && !valueId.has(h.output)) {
      return { linearizable: false, steps: 0, reason: `key ${key}: client ${h.client} read ${showValue(h.output)} (called at ${h.call} ms), a value never written`, culprits: [h] };
    }
  }
  if (method === 'search' || !uniqueWrites) {
    const witness: HistoryOp[] | undefined = detail ? [] : undefined;
    const verdict: RegisterVerdict = searchRegister(key, all, valueId, read, budget, witness);
    if (verdict.linearizable === true && witness) verdict.order = witness;
    return verdict;
  }
  if (!detail) return checkZones(key, all);
  const zones = analyseZones(all);
  return zones.ok
    ? { linearizable: true, reason: null, steps: 0, order: zonesOrder(all, zones.clusters) }
    : { linearizable: false, reason: `key ${key}: ${zones.why}`, steps: 0, culprits: zones.ops };
}
