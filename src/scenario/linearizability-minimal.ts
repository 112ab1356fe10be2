/**
 * The smallest set of one key's operations that cannot be ordered, for explaining a
 * non-linearizable history (Porcupine shows the longest linearizable prefix and the operation that
 * cannot be added; a handful of operations says more).
 *
 * A subset of a history is judged with the writes of every value its reads returned, since a read
 * without its write fails for that alone. Judged so, a set that cannot be ordered stays so when
 * operations are added (a linearization of the larger set, kept to the smaller one, would order
 * it), which is what QuickXplain (Junker, AAAI 2004) needs to find a minimal such set with a few
 * checks per operation in it. It starts from the operations the decider blamed, when it named
 * some, else from the shortest prefix (by return) that already fails. The writes added for its
 * reads may make one of those reads needless (a value written twice), so a last pass drops any
 * operation the set fails without.
 */
import { checkRegister, type CheckBudget, type HistoryOp } from './linearizability';

class OutOfBudget extends Error {}

/**
 * `ops`: one key's operations as the checker reads them (reads that never returned left out),
 * known not to be linearizable. Returns the set in call order, or null if the budget ran out.
 */
export function minimalConflict(key: string, ops: readonly HistoryOp[], culprits: readonly HistoryOp[] | undefined,
  budget: CheckBudget, method: 'auto' | 'search'): HistoryOp[] | null {
  const writesOf = new Map<string | null, HistoryOp[]>();
  for (const o of ops) {
    if (o.op !== 'put') continue;
    const list = writesOf.get(o.value);
    if (list) list.push(o); else writesOf.set(o.value, [o]);
  }
  const position = new Map(ops.map((o, i) => [o, i]));
  /** the set with the writes its reads need, in the history's order */
  const closure = (set: readonly HistoryOp[]): HistoryOp[] => {
    const all = new Set(set);
    for (const o of set) if (o.op === 'get') for (const w of writesOf.get(o.output) ?? []) all.add(w);
    return [...all].sort((a, b) => position.get(a)! - position.get(b)!);
  };
  let steps = 0;
  const fails = (set: readonly HistoryOp[]): boolean => {
    if (steps >= budget.steps) throw new OutOfBudget();
    const verdict = checkRegister(key, closure(set), { steps: budget.steps - steps, memoBytes: budget.memoBytes }, method);
    steps += verdict.steps + 1;
    if (verdict.linearizable === null) throw new OutOfBudget();
    return verdict.linearizable === false;
  };

  try {
    let start: HistoryOp[];
    if (culprits && fails(culprits)) {
      start = [...culprits];
    } else {
      // the shortest prefix, by return, that already fails; its last operation is the one that cannot be added
      const done = ops.filter((o) => o.return !== null).sort((a, b) => a.return! - b.return!);
      let lo = 1;
      let hi = done.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (fails(done.slice(0, mid))) hi = mid; else lo = mid + 1;
      }
      start = done.slice(0, lo).reverse();
    }
    // QuickXplain keeps the earliest of `start` it can: the latest operations, which failed last
    let set = closure(quickXplain(start, fails));
    // the writes added for the reads may make some of those reads needless: drop each one that is
    for (const o of [...set]) {
      const rest = set.filter((x) => x !== o);
      if (rest.length < set.length && fails(rest)) set = closure(rest);
    }
    return set.sort((a, b) => a.call - b.call || position.get(a)! - position.get(b)!);
  } catch (e) {
    if (e instanceof OutOfBudget) return null;
    throw e;
  }
}

/** A minimal subset of `items` for which `fails` holds, given that it holds for them all. */
function quickXplain<T>(items: readonly T[], fails: (set: readonly T[]) => boolean): T[] {
  const explain = (background: readonly T[], added: boolean, candidates: readonly T[]): T[] => {
    if (added && fails(background)) return [];
    if (candidates.length === 1) return [...candidates];
    const half = candidates.length >> 1;
    const first = candidates.slice(0, half);
    const second = candidates.slice(half);
    const fromSecond = explain([...background, ...first], first.length > 0, second);
    const fromFirst = explain([...background, ...fromSecond], fromSecond.length > 0, first);
    return [...fromFirst, ...fromSecond];
  };
  return items.length === 0 ? [] : explain([], false, items);
}
