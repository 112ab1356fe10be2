/**
 * Linearizability of a key-value history (Wing & Gong search with memoisation, as Porcupine
 * does), one key at a time since registers compose. Writes carry unique values. An operation that
 * never returned may take effect at any point after its call, or not at all.
 */
import type { ClientHistoryEntry } from '../sim/workload';

/** One client operation of the report's `history` (CONTRACT §1, client workload). */
export type HistoryOp = ClientHistoryEntry;

export function checkLinearizable(history: readonly HistoryOp[]): boolean {
  const byKey = new Map<string, HistoryOp[]>();
  for (const h of history) {
    if (h.op === 'get' && h.return === null) continue; // an unanswered read constrains nothing
    const list = byKey.get(h.key) ?? [];
    list.push(h);
    byKey.set(h.key, list);
  }
  for (const ops of byKey.values()) if (!checkRegister(ops)) return false;
  return true;
}

function checkRegister(unsorted: HistoryOp[]): boolean {
  const ops = unsorted.slice().sort((a, b) => a.call - b.call);
  const n = ops.length;
  const ret = ops.map((o) => (o.return === null ? Infinity : o.return));
  const done = new Array<boolean>(n).fill(false);
  const seen = new Set<string>();
  const mustFinish = ops.filter((o) => o.return !== null).length;

  const search = (state: string | null, finished: number): boolean => {
    if (finished === mustFinish) return true;
    let first = 0;
    while (first < n && done[first]) first++;
    const extra: number[] = [];
    for (let i = first; i < n; i++) if (done[i]) extra.push(i);
    const key = `${first}|${extra.join(',')}|${state}`;
    if (seen.has(key)) return false;
    seen.add(key);
    // an op may go next only if no pending op returned before it was called
    let minReturn = Infinity;
    for (let i = first; i < n; i++) if (!done[i] && ret[i] < minReturn) minReturn = ret[i];
    for (let i = first; i < n && ops[i].call <= minReturn; i++) {
      if (done[i]) continue;
      const o = ops[i];
      if (o.op === 'get' && o.output !== state) continue;
      done[i] = true;
      const ok = search(o.op === 'put' ? o.value : state, finished + (o.return !== null ? 1 : 0));
      done[i] = false;
      if (ok) return true;
    }
    return false;
  };
  return search(null, 0);
}
