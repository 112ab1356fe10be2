/**
 * What backs the checker's verdict: linearization points of a linearizable history (a legal order,
 * each point within its operation's call and return), and for a non-linearizable one the smallest
 * set of operations that cannot be ordered, with its parts and reason. Hand-built histories for
 * each shape, then thousands of random ones checked against the checker and the definition.
 */
import { describe, expect, it } from 'vitest';
import { accountForHistory, type HistoryAccount, type LinearizationPoint } from '../../src/scenario/linearizability-account';
import { checkHistory, type CheckOptions, type HistoryOp } from '../../src/scenario/linearizability';
import { Rng } from '../../src/sim/rng';
import { busyKeyHistory, get, METHODS, put, randomHistory } from './support/histories';


/** The points are a linearization: legal register answers, real time kept, each point inside its op. */
function expectLinearization(history: HistoryOp[], points: LinearizationPoint[]): void {
  const byKey = new Map<string, LinearizationPoint[]>();
  for (const p of points) {
    const list = byKey.get(p.op.key);
    if (list) list.push(p); else byKey.set(p.op.key, [p]);
  }
  for (const [key, ps] of byKey) {
    let value: string | null = null;
    ps.forEach((p, i) => {
      expect(p.order).toBe(i + 1);
      expect(p.at).toBeGreaterThanOrEqual(p.op.call);
      if (p.op.return !== null) expect(p.at).toBeLessThanOrEqual(p.op.return);
      if (i > 0) expect(p.at).toBeGreaterThanOrEqual(ps[i - 1].at);
      if (p.op.op === 'put') value = p.op.value; else expect(p.op.output, `key ${key}, point ${i + 1}`).toBe(value);
    });
    // every completed operation of the key takes effect, once; reads never answered take no part
    const done = history.filter((h) => h.key === key && h.return !== null);
    expect(new Set(ps.map((p) => p.op)).size).toBe(ps.length);
    const placed = new Set(ps.map((p) => p.op));
    for (const d of done) expect(placed.has(d)).toBe(true);
    for (const p of ps) expect(p.op.op === 'get' && p.op.return === null).toBe(false);
  }
}

/**
 * The set cannot be ordered, and leaving out any one operation (a write with the reads of its
 * value) lets it be. A write of a value that another write in the set also wrote stays: a read of
 * that value is judged with every write of it.
 */
function expectMinimal(set: HistoryOp[]): void {
  expect(checkHistory(set).linearizable).toBe(false);
  for (const x of set) {
    if (x.op === 'put' && set.some((o) => o !== x && o.op === 'put' && o.value === x.value)) continue;
    const rest = set.filter((o) => o !== x && !(x.op === 'put' && o.op === 'get' && o.output === x.value));
    expect(checkHistory(rest).linearizable, `without ${JSON.stringify(x)}`).toBe(true);
  }
}

function account(history: HistoryOp[]): HistoryAccount {
  const [a, b] = METHODS.map((m) => accountForHistory(history, m));
  expect(a.verdict).toEqual(checkHistory(history));
  expect(b.verdict).toEqual(checkHistory(history, { method: 'search' }));
  return a;
}

describe('linearization points', () => {
  it('a sequential history takes effect in its own order', () => {
    const h = [put('a', 0, 1), get('a', 2, 3), put('b', 4, 5), get('b', 6, 7)];
    const a = account(h);
    expect(a.keys[0].points.map((p) => p.op)).toEqual(h);
    expect(a.keys[0].points.map((p) => p.at)).toEqual([0, 2, 4, 6]);
  });

  it('concurrent overlaps: the order the reads force, points inside each interval', () => {
    const [wa, wb] = [put('a', 0, 10), put('b', 0, 10)];
    const h = [wa, wb, get('b', 1, 2), get('a', 3, 12)];
    const a = account(h);
    expect(a.keys[0].points.map((p) => p.op.output ?? p.op.value)).toEqual(['b', 'b', 'a', 'a']);
    expectLinearization(h, a.keys[0].points);
    const search = accountForHistory(h, { method: 'search' });
    expectLinearization(h, search.keys[0].points);
  });

  it('ops that never returned: a read one takes no part, an unread write none, a read write one', () => {
    const pendingWrite = put('p', 5, null);
    const h = [put('a', 0, 1), pendingWrite, get('zzz', 2, null), get('a', 6, 7)];
    const a = account(h);
    expect(a.keys[0].points.map((p) => p.op.value ?? p.op.output)).toEqual(['a', 'a']);
    const read = [put('a', 0, 1), pendingWrite, get('p', 6, 7)];
    const b = account(read);
    expect(b.keys[0].points.map((p) => p.op)).toEqual([read[0], pendingWrite, read[2]]);
    expectLinearization(read, b.keys[0].points);
  });

  it('each key has its own order; a failing key still leaves the other keys their points', () => {
    const h = [put('a', 0, 1, 'x'), put('b', 2, 3, 'x'), get('a', 4, 5, 'x'), put('c', 0, 1, 'y'), get('c', 2, 3, 'y')];
    const a = account(h);
    expect(a.verdict.linearizable).toBe(false);
    expect(a.keys.map((k) => [k.key, k.linearizable])).toEqual([['x', false], ['y', true]]);
    expect(a.keys[1].points.map((p) => p.at)).toEqual([0, 2]);
  });
});

describe('the smallest set that cannot be ordered', () => {
  it('a stale read: the write, the newer write that hid it, and the read', () => {
    const old = put('a', 0, 1);
    const newer = put('b', 2, 3);
    const stale = get('a', 4, 5);
    const h = [put('z', -5, -4), get('z', -3, -2), old, get('a', 1.5, 1.8), newer, get('b', 3.5, 3.6), stale, put('c', 6, 7)];
    const c = account(h).keys[0].conflict!;
    expect(c.kind).toBe('stale-read');
    expect(c.ops).toEqual([old, newer, stale]);
    expect(c.roles).toEqual(['write', 'newer-write', 'stale-read']);
    expect(c.reason.en).toMatch(/put k=a .*finished before .*put k=b .*had to see b, yet it returned the older a: a stale read/);
    expect(c.reason.zh).toMatch(/陈旧读/);
    // Chinese sets no space between two Chinese words, nor after a full-width bracket ("） 在 客户端")
    expect(c.reason.zh).toMatch(/ms）在客户端/);
    expect(c.reason.zh).not.toMatch(/[\u4e00-\u9fff） ] [\u4e00-\u9fff]/u);
    expectMinimal(c.ops);
  });

  it('a lost write: nothing read after a write finished', () => {
    const w = put('a', 0, 1);
    const r = get(null, 2, 3);
    const c = account([get(null, -1, 0.5), w, r]).keys[0].conflict!;
    expect(c.kind).toBe('stale-read');
    expect(c.ops).toEqual([w, r]);
    expect(c.roles).toEqual(['newer-write', 'stale-read']);
    expect(c.reason.en).toMatch(/returned the older nothing/);
    expect(c.reason.zh).toMatch(/更旧的 空/);
  });

  it('a read of a value never written is a set of one', () => {
    const r = get('ghost', 2, 3);
    const c = account([put('a', 0, 1), get('a', 1, 2), r]).keys[0].conflict!;
    expect(c).toMatchObject({ kind: 'never-written', ops: [r], roles: ['unwritten-read'] });
    expect(c.reason.en).toMatch(/returned ghost, a value no client ever wrote/);
    expect(c.reason.zh).toMatch(/没有任何客户端写过/);
  });

  it('a read from the future: the read and the write that came after it', () => {
    const r = get('a', 0, 1);
    const w = put('a', 2, 3);
    const c = account([put('b', 0, 0.5), r, w]).keys[0].conflict!;
    expect(c).toMatchObject({ kind: 'read-before-write', ops: [r, w], roles: ['early-read', 'write'] });
    expect(c.reason.en).toMatch(/cannot see a write that has not begun/);
  });

  it('concurrent writes that two readers order differently: the later reader is stale, since the first fixed the order', () => {
    const [wa, wb] = [put('a', 0, 10), put('b', 0, 10)];
    const rb = get('b', 11, 12);
    const ra = get('a', 13, 14);
    const c = account([wa, wb, rb, ra]).keys[0].conflict!;
    expect(c.kind).toBe('stale-read');
    expect(c.ops).toEqual([wa, wb, rb, ra]);
    expect(c.roles).toEqual(['write', 'newer-write', 'read', 'stale-read']);
    expect(c.reason.en).toMatch(/^Client \d+'s put k=a .* finished before client \d+'s get k→b .* began, so put k=b took effect after it/);
    expectMinimal(c.ops);
  });

  it('any other shape: all the operations, with the facts of real time between them', () => {
    // an early read of v1 fixes v1 before v2; v2 finished before the late read of v1 began
    const h = [get('v1', 1, 2), put('v1', 2, 8), put('v2', 3, 5), get('v1', 10, 11)];
    const c = account(h).keys[0].conflict!;
    expect(c).toMatchObject({ kind: 'no-order', ops: h, roles: ['read', 'write', 'write', 'read'] });
    expect(c.reason.en).toMatch(/^No order of these 4 operations .*: get k→v1 \(client \d+\) finished before put k=v2 .*; put k=v2 \(client \d+\) finished before get k→v1/);
    expect(c.reason.zh).toMatch(/这 4 个操作无论怎样排序/);
    expectMinimal(c.ops);
  });

  it('ops that never returned: a pending write read, then an older value read after', () => {
    const pending = put('p', 5, null);
    const rp = get('p', 6, 7);
    const ra = get('a', 8, 9);
    const a = put('a', 0, 1);
    const c = account([a, pending, rp, ra]).keys[0].conflict!;
    expect(c.ops).toEqual([a, pending, rp, ra]);
    expect(c).toMatchObject({ kind: 'stale-read', roles: ['write', 'newer-write', 'read', 'stale-read'] });
    expect(c.reason.en).toMatch(/never answered.* had already returned p at 7 ms, before .*get k→a/);
    expectMinimal(c.ops);
  });

  it('a value written twice goes to the search, and the prefix and QuickXplain still find the set', () => {
    const h = [put('a', 0, 1), put('a', 0.2, 0.8), put('b', 2, 3), get('b', 3.5, 3.7), get('a', 4, 5), put('c', 6, 7)];
    const c = account(h).keys[0].conflict!;
    expect(c.kind).toBe('stale-read');
    expect(c.ops).toEqual([h[0], h[1], h[2], h[4]]);
    expect(c.roles).toEqual(['write', 'write', 'newer-write', 'stale-read']);
    expectMinimal(c.ops);
  });
});

describe('on random histories', () => {
  it('2,000 histories: the checker\'s verdict, a linearization when it says yes, a minimal set when no', () => {
    const rng = new Rng(99, 4);
    const kinds = new Map<string, number>();
    for (let t = 0; t < 2000; t++) {
      const h = randomHistory(rng, rng.int(1, 9), t % 4 !== 0, true);
      const a = account(h);
      for (const k of a.keys) {
        const ops = h.filter((o) => o.key === k.key);
        expect(k.linearizable).toBe(checkHistory(ops).linearizable);
        if (k.linearizable === true) expectLinearization(ops, k.points);
        if (k.linearizable === false) {
          expect(k.conflict).not.toBeNull();
          expectMinimal(k.conflict!.ops);
          expect(k.conflict!.roles).toHaveLength(k.conflict!.ops.length);
          kinds.set(k.conflict!.kind, (kinds.get(k.conflict!.kind) ?? 0) + 1);
        }
      }
    }
    // every shape turns up
    for (const kind of ['never-written', 'read-before-write', 'stale-read', 'no-order']) expect(kinds.get(kind) ?? 0).toBeGreaterThan(10);
  });

  it('a busy key of 10,000 operations has its points in well under a second', () => {
    const h = busyKeyHistory(new Rng(7, 2));
    h.push(get(h.find((o) => o.op === 'put')!.value, 40_000, 40_001));
    const t0 = performance.now();
    const a = accountForHistory(h.slice(0, 10_000));
    expect(performance.now() - t0).toBeLessThan(1000);
    expectLinearization(h.slice(0, 10_000), a.keys[0].points);
    // and with a stale read at the end, the set is the few operations that tell it
    const b = accountForHistory(h);
    expect(b.keys[0].conflict?.kind).toBe('stale-read');
    expect(b.keys[0].conflict?.ops.length).toBeLessThanOrEqual(4);
    expectMinimal(b.keys[0].conflict!.ops);
  });
});

describe('the budget', () => {
  it('an unknown verdict stays unknown, with no points and no set', () => {
    const h: HistoryOp[] = [];
    for (let i = 0; i < 10; i++) h.push(put(i % 2 ? 'x' : 'y', 0, 100));
    for (let i = 0; i < 10; i++) h.push(get(i % 2 ? 'y' : 'x', 0, 100));
    h.push(put('z', 101, 102), get('x', 103, 104));
    const options: CheckOptions = { budget: { steps: 5000, memoBytes: 1 << 30 } };
    const a = accountForHistory(h, options);
    expect(a.verdict).toEqual(checkHistory(h, options));
    expect(a.verdict.linearizable).toBeNull();
    expect(a.keys[0]).toMatchObject({ linearizable: null, points: [], conflict: null });
  });
});
