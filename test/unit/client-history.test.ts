import { describe, expect, it } from 'vitest';
import { ClientHistory } from '../../src/sim/client-history';

describe('ClientHistory', () => {
  it('gives back each call as it was recorded and answered, in call order', () => {
    const h = new ClientHistory();
    const a = h.add(1, 'put', 'k1', 'v1', 10.25);
    const b = h.add(2, 'get', 'k1', null, 11.5);
    h.complete(a, null, 20.125);
    expect(h.entries()).toEqual([
      { client: 1, op: 'put', key: 'k1', value: 'v1', output: null, call: 10.25, return: 20.125 },
      { client: 2, op: 'get', key: 'k1', value: null, output: null, call: 11.5, return: null },
    ]);
    expect([h.answered(a), h.answered(b), h.clientOf(b), h.length]).toEqual([true, false, 2, 2]);
    // the keys in the order the report has always written them
    expect(Object.keys(h.entries()[0])).toEqual(['client', 'op', 'key', 'value', 'output', 'call', 'return']);
  });

  it('an answer after the history was read shows in the array already handed out', () => {
    const h = new ClientHistory();
    const i = h.add(3, 'get', 'k2', null, 5);
    const read = h.entries();
    expect(read[0].return).toBeNull();
    h.complete(i, 'v9', 7);
    expect(h.entries()).toBe(read);
    expect(read[0]).toMatchObject({ output: 'v9', return: 7 });
  });

  it('copies share what was recorded, and an answer in one never shows in another', () => {
    // across a block boundary of the lists (1,024 numbers hold 256 calls)
    for (const calls of [1, 300, 1100]) {
      const h = new ClientHistory();
      for (let i = 0; i < calls; i++) h.add(1 + (i % 5), i % 2 ? 'put' : 'get', `k${i % 3}`, i % 2 ? `v${i}` : null, i);
      const open = calls - 1;
      h.entries(); // built while open, in the original
      const copy = h.copy();
      h.complete(open, 'x', 9999);
      expect(copy.entries()[open].return).toBeNull();
      expect(copy.answered(open)).toBe(false);
      copy.complete(open, 'y', 5555);
      copy.add(9, 'get', 'k0', null, 10_000);
      expect(h.entries()[open]).toMatchObject({ output: 'x', return: 9999 });
      expect(copy.entries()[open]).toMatchObject({ output: 'y', return: 5555 });
      expect([h.length, copy.length]).toEqual([calls, calls + 1]);
      expect(h.entries().slice(0, open)).toEqual(copy.entries().slice(0, open));
    }
  });

  it('copies holding the same calls read the same objects: a moment rebuilt twice builds nothing twice', () => {
    const h = new ClientHistory();
    for (let i = 0; i < 600; i++) h.add(1, 'put', 'k1', `v${i}`, i);
    for (let i = 0; i < 599; i++) h.complete(i, null, i + 0.5);
    const a = h.copy(), b = h.copy();
    const fromA = a.entries(), fromB = b.entries();
    expect(fromB).not.toBe(fromA);
    for (const i of [0, 255, 256, 598, 599]) expect(fromB[i]).toBe(fromA[i]);
    // an answer in one copy makes that call (and its block) its own
    b.complete(599, null, 700);
    expect(b.entries()[599]).not.toBe(fromA[599]);
    expect(a.entries()[599].return).toBeNull();
    expect(h.copy().entries()[599].return).toBeNull();
  });
});
