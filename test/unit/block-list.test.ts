import { describe, expect, it } from 'vitest';
import { BlockList } from '../../src/sim/block-list';

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
});
