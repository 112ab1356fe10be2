import { describe, expect, it } from 'vitest';
import { BlockList, NumberBlockList } from '../../src/sim/block-list';

describe('BlockList', () => {
  it('reads what was pushed, undefined past the end, and iterates in order', () => {
    const list = new BlockList<number>();
    for (let i = 0; i < 3000; i++) list.push(i * 2);
    expect(list.length).toBe(3000);
    expect([list.at(0), list.at(1023), list.at(1024), list.at(2999)]).toEqual([0, 2046, 2048, 5998]);
    expect([list.at(-1), list.at(3000)]).toEqual([undefined, undefined]);
    expect(list.toArray()).toEqual(Array.from({ length: 3000 }, (_, i) => i * 2));
  });

  it('copies that go on growing never see each other\'s items, in a full block or a shared part-filled one', () => {
    for (const size of [0, 5, 1024, 1500, 2048]) {
      const a = BlockList.of(...Array.from({ length: size }, (_, i) => i));
      const b = a.copy();
      const c = b.copy();
      for (let i = 0; i < 1100; i++) { a.push(-1 - i); b.push(10_000 + i); }
      expect(c.length).toBe(size);
      expect(c.toArray()).toEqual(Array.from({ length: size }, (_, i) => i));
      expect(a.toArray()).toEqual([...Array.from({ length: size }, (_, i) => i), ...Array.from({ length: 1100 }, (_, i) => -1 - i)]);
      expect(b.toArray()).toEqual([...Array.from({ length: size }, (_, i) => i), ...Array.from({ length: 1100 }, (_, i) => 10_000 + i)]);
      c.push(7);
      expect(c.at(size)).toBe(7);
      expect(a.at(size)).toBe(-1);
    }
  });

  it('a prefix (a truncated log) shares blocks but never writes into them', () => {
    const a = BlockList.of(...Array.from({ length: 2500 }, (_, i) => i));
    for (const n of [0, 1000, 1024, 2048, 2100]) {
      const p = a.prefix(n);
      expect(p.length).toBe(n);
      p.push(-1);
      p.push(-2);
      expect(p.toArray()).toEqual([...Array.from({ length: n }, (_, i) => i), -1, -2]);
    }
    expect(a.toArray()).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    a.push(2500);
    expect(a.prefix(10_000).length).toBe(2501);
  });

  it('set copies a shared block first: neither the copy nor the original sees the other\'s writes', () => {
    const a = BlockList.of(...Array.from({ length: 3000 }, (_, i) => i));
    const b = a.copy();
    b.set(5, -5);       // a full shared block
    b.set(2999, -2999); // the part-filled shared last block
    a.set(6, -6);
    a.push(3000);
    b.push(-3000);
    expect([a.at(5), a.at(6), a.at(2999), a.at(3000)]).toEqual([5, -6, 2999, 3000]);
    expect([b.at(5), b.at(6), b.at(2999), b.at(3000)]).toEqual([-5, 6, -2999, -3000]);
    const c = b.copy();
    b.set(5, 55);
    expect([c.at(5), b.at(5)]).toEqual([-5, 55]);
    expect(() => b.set(3001, 0)).toThrow(RangeError);
  });

  it('looks like an array to JSON, slice and map', () => {
    const a = BlockList.of(1, 2, 3);
    expect(JSON.stringify({ log: a })).toBe('{"log":[1,2,3]}');
    expect(a.slice(1)).toEqual([2, 3]);
    expect(a.slice(1, 2)).toEqual([2]);
    expect(a.map((x, i) => x * 10 + i)).toEqual([10, 21, 32]);
  });
});

describe('NumberBlockList', () => {
  const filled = (n: number, f: (i: number) => number) => {
    const list = new NumberBlockList();
    for (let i = 0; i < n; i++) list.push(f(i));
    return list;
  };
  const items = (list: NumberBlockList) => Array.from({ length: list.length }, (_, i) => list.at(i));

  it('keeps numbers exactly (fractional times, 32-bit digests), undefined past the end', () => {
    const list = filled(3000, (i) => i / 1000 + 0x80000000);
    expect(list.length).toBe(3000);
    expect([list.at(0), list.at(1024), list.at(2999)]).toEqual([0x80000000, 1.024 + 0x80000000, 2.999 + 0x80000000]);
    expect([list.at(-1), list.at(3000)]).toEqual([undefined, undefined]);
  });

  it('copies that go on growing never see each other\'s items, in a full block or a shared part-filled one', () => {
    for (const size of [0, 5, 1024, 1500, 2048]) {
      const a = filled(size, (i) => i);
      const b = a.copy();
      const c = b.copy();
      for (let i = 0; i < 1100; i++) { a.push(-1 - i); b.push(10_000 + i); }
      expect(items(c)).toEqual(Array.from({ length: size }, (_, i) => i));
      expect(items(a)).toEqual([...Array.from({ length: size }, (_, i) => i), ...Array.from({ length: 1100 }, (_, i) => -1 - i)]);
      expect(items(b)).toEqual([...Array.from({ length: size }, (_, i) => i), ...Array.from({ length: 1100 }, (_, i) => 10_000 + i)]);
      c.push(7);
      expect(c.at(size)).toBe(7);
      expect(a.at(size)).toBe(-1);
    }
  });
});
