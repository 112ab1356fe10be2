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

/**
 * Depth-first search for a linearization of one register, with an explicit stack (histories can
 * be tens of thousands of operations long) and a memo of (what is done, register value). An
 * operation may go next only if it was called before every undone operation returned. What is
 * done is keyed compactly: the first undone completed operation, the done ones in its window of
 * concurrency, and which of the few unanswered operations took effect.
 */
function checkRegister(unsorted: HistoryOp[]): boolean {
  const ops = unsorted.slice().sort((a, b) => a.call - b.call);
  const completed: number[] = [];
  const pending: number[] = [];
  ops.forEach((o, i) => (o.return === null ? pending : completed).push(i));
  const ret = ops.map((o) => (o.return === null ? Infinity : o.return));
  const done = new Uint8Array(ops.length);
  const seen = new Set<string>();
  let state: string | null = null;
  let finished = 0;

  /** The operations that may go next, or null when this situation was explored before. */
  const candidates = (): number[] | null => {
    let f = 0;
    while (f < completed.length && done[completed[f]]) f++;
    let minReturn = Infinity;
    const inWindow: number[] = [];
    for (let k = f; k < completed.length && ops[completed[k]].call <= minReturn; k++) {
      const i = completed[k];
      inWindow.push(i);
      if (!done[i] && ret[i] < minReturn) minReturn = ret[i];
    }
    let key = `${f}|${state}|`;
    for (const i of inWindow) if (done[i]) key += `${i},`;
    key += '|';
    for (const i of pending) if (done[i]) key += `${i},`;
    if (seen.has(key)) return null;
    seen.add(key);
    const out: number[] = [];
    for (const i of inWindow) if (!done[i] && ops[i].call <= minReturn) out.push(i);
    for (const i of pending) if (!done[i] && ops[i].call <= minReturn) out.push(i);
    return out.filter((i) => ops[i].op === 'put' || ops[i].output === state);
  };

  interface Frame { options: number[]; next: number; via: number; stateBefore: string | null }
  if (completed.length === 0) return true;
  const stack: Frame[] = [{ options: candidates() ?? [], next: 0, via: -1, stateBefore: null }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.options.length) {
      const i = top.options[top.next++];
      const before = state;
      done[i] = 1;
      if (ops[i].op === 'put') state = ops[i].value;
      if (ops[i].return !== null) finished++;
      if (finished === completed.length) return true; // unanswered ones left may simply never happen
      const options = candidates();
      if (options !== null) {
        stack.push({ options, next: 0, via: i, stateBefore: before });
        continue;
      }
      undo(i, before);
    } else {
      stack.pop();
      if (top.via >= 0) undo(top.via, top.stateBefore);
    }
  }
  return false;

  function undo(i: number, before: string | null): void {
    done[i] = 0;
    state = before;
    if (ops[i].return !== null) finished--;
  }
}
