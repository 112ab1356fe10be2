/**
 * The linearizability checker: verdicts on hand-built histories, from both deciders (zones and the
 * search), agreement with a brute-force definition on thousands of small random histories, and
 * the search's budget.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory, type HistoryOp } from '../../src/scenario/linearizability';
import { Rng } from '../../src/sim/rng';
import { busyKeyHistory, get, METHODS, put, randomHistory } from './support/histories';

/** The verdict of both deciders, which must agree. */
function verdict(history: HistoryOp[]): boolean | null {
  const [zones, search] = METHODS.map((m) => checkHistory(history, m));
  expect(search.linearizable, 'the search and the zones disagree').toBe(zones.linearizable);
  if (zones.linearizable === false) expect(zones.reason).toMatch(/^key k/);
  return zones.linearizable;
}

describe('verdicts on hand-built histories', () => {
  it('a stale read: the old value after the new write returned', () => {
    expect(verdict([put('a', 0, 1), put('b', 2, 3), get('a', 4, 5)])).toBe(false);
    expect(checkHistory([put('a', 0, 1), put('b', 2, 3), get('a', 4, 5)]).reason).toMatch(/"a"/);
    // but a read that overlaps the newer write may see either
    expect(verdict([put('a', 0, 1), put('b', 2, 6), get('a', 4, 5)])).toBe(true);
  });

  it('a lost write: nothing (or an older value) read after a write completed', () => {
    expect(verdict([put('a', 0, 1), get(null, 2, 3)])).toBe(false);
    expect(verdict([put('a', 0, 1), put('b', 2, 3), get('b', 4, 5), put('c', 6, 7), get('b', 8, 9)])).toBe(false);
  });

  it('a read of a value never written fails, with the value named', () => {
    const v = checkHistory([put('a', 0, 1), get('z', 2, 3)]);
    expect(v.linearizable).toBe(false);
    expect(v.reason).toMatch(/read "z" .*a value never written/);
    expect(verdict([put('a', 0, 1), get('z', 2, 3)])).toBe(false);
  });

  it('a read from the future: the value seen before its write was called', () => {
    expect(verdict([get('a', 0, 1), put('a', 2, 3)])).toBe(false);
    expect(checkHistory([get('a', 0, 1), put('a', 2, 3)]).reason).toMatch(/before it was written/);
  });

  it('concurrent overlaps: either order, but one order for every reader', () => {
    const writes = [put('a', 0, 10), put('b', 0, 10)];
    expect(verdict([...writes, get('b', 11, 12), get('a', 13, 14)])).toBe(false);
    expect(verdict([...writes, get('b', 11, 12), get('b', 13, 14)])).toBe(true);
    expect(verdict([...writes, get('a', 1, 2), get('b', 3, 4)])).toBe(true);
    // two readers that overlap each other and both writes still agree on one order
    expect(verdict([...writes, get('a', 1, 12), get('b', 1, 12)])).toBe(true);
    expect(verdict([...writes, get('a', 1, 12), get('b', 1, 12), get('a', 13, 14)])).toBe(true);
    expect(verdict([...writes, get('a', 1, 12), get('b', 1, 12), get('b', 13, 14), get('a', 15, 16)])).toBe(false);
  });

  it('closed intervals: a call at the instant another returns is concurrent with it', () => {
    expect(verdict([put('a', 0, 5), get(null, 5, 6)])).toBe(true);
    expect(verdict([put('a', 0, 5), get(null, 5.001, 6)])).toBe(false);
    expect(verdict([get('a', 0, 2), put('a', 2, 3)])).toBe(true);
  });

  it('operations that never returned: a write may take effect once after its call, or never', () => {
    const pending = put('p', 5, null);
    expect(verdict([put('a', 0, 1), pending, get('p', 6, 7)])).toBe(true);
    expect(verdict([put('a', 0, 1), pending, get('a', 6, 7)])).toBe(true);
    expect(verdict([put('a', 0, 1), pending, get('p', 6, 7), get('a', 8, 9)])).toBe(false);
    expect(verdict([put('a', 0, 1), get('p', 2, 3), put('p', 5, null)])).toBe(false);
    // a read that never returned constrains nothing, whatever it would have said
    expect(verdict([put('a', 0, 1), get('zzz', 2, null)])).toBe(true);
    // a pending write read late still had to happen before the read returned
    expect(verdict([pending, put('b', 10, 11), get('p', 12, 13), get('b', 14, 15)])).toBe(false);
  });

  it('checks each key on its own', () => {
    expect(checkHistory([put('a', 0, 1, 'x'), put('b', 0, 1, 'y'), get('a', 2, 3, 'x'), get('b', 2, 3, 'y')]).linearizable).toBe(true);
    const v = checkHistory([put('a', 0, 1, 'x'), put('b', 0, 1, 'y'), get('a', 2, 3, 'x'), get('a', 2, 3, 'y')]);
    expect(v.linearizable).toBe(false);
    expect(v.reason).toMatch(/^key y/);
  });

  it('values written twice go to the search, which still decides', () => {
    expect(checkHistory([put('a', 0, 1), put('b', 2, 3), put('a', 4, 5), get('a', 6, 7)]).linearizable).toBe(true);
    expect(checkHistory([put('a', 0, 1), put('b', 2, 3), get('a', 4, 5)]).linearizable).toBe(false);
  });
});

/** The definition itself: some subset of the pending writes and some order of it all is legal. */
function bruteForce(history: HistoryOp[]): boolean {
  const ops = history.filter((h) => !(h.op === 'get' && h.return === null));
  const n = ops.length;
  const ret = (o: HistoryOp): number => o.return ?? Infinity;
  const used = new Array<boolean>(n).fill(false);
  const go = (value: string | null, done: number, required: number): boolean => {
    if (required === 0) return true;
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      // i may go next only if no operation still waiting returned before i was called
      if (ops.some((o, j) => !used[j] && j !== i && o.return !== null && ret(o) < ops[i].call)) continue;
      const o = ops[i];
      if (o.op === 'get' && o.output !== value) continue;
      used[i] = true;
      const ok = go(o.op === 'put' ? o.value : value, done + 1, required - (o.return !== null ? 1 : 0));
      used[i] = false;
      if (ok) return true;
    }
    return false;
  };
  return go(null, 0, ops.filter((o) => o.return !== null).length);
}

describe('agreement with the definition', () => {
  it('zones, search and brute force give the same verdict on 3,000 small random histories', () => {
    const rng = new Rng(2024, 1);
    let linearizable = 0;
    for (let t = 0; t < 3000; t++) {
      const h = randomHistory(rng, rng.int(1, 7), t % 4 !== 0);
      const expected = bruteForce(h);
      const zones = checkHistory(h).linearizable;
      const search = checkHistory(h, { method: 'search' }).linearizable;
      if (zones !== expected || search !== expected) expect({ h, expected, zones, search }).toBeNull();
      if (expected) linearizable++;
    }
    // both kinds of verdict are well represented
    expect(linearizable).toBeGreaterThan(500);
    expect(linearizable).toBeLessThan(2500);
  });
});

describe('the budget', () => {
  /** Many overlapping writes of two values and reads that rule out every order, found late. */
  function hardHistory(writers: number): HistoryOp[] {
    const h: HistoryOp[] = [];
    for (let i = 0; i < writers; i++) h.push(put(i % 2 ? 'x' : 'y', 0, 100));
    for (let i = 0; i < writers; i++) h.push(get(i % 2 ? 'y' : 'x', 0, 100));
    h.push(put('z', 101, 102), get('x', 103, 104)); // impossible at the very end
    return h;
  }

  it('the search gives up past its step budget and says so, with linearizable null', () => {
    const v = checkHistory(hardHistory(10), { budget: { steps: 5000, memoBytes: 1 << 30 } });
    expect(v.linearizable).toBeNull();
    expect(v.reason).toMatch(/gave up after 5,000 steps/);
    expect(v.steps).toBeLessThanOrEqual(5001);
    // with room enough it decides
    expect(checkHistory(hardHistory(6)).linearizable).toBe(false);
  });

  it('the search gives up past its memory budget', () => {
    const v = checkHistory(hardHistory(10), { budget: { steps: 1e9, memoBytes: 64 * 1024 } });
    expect(v.linearizable).toBeNull();
    expect(v.reason).toMatch(/memory budget/);
  });

  it('decides 10,000 operations of a busy key within a second', () => {
    const h = busyKeyHistory(new Rng(7, 2));
    const t0 = performance.now();
    const v = checkHistory(h);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(v.linearizable).toBe(true);
  });
});
