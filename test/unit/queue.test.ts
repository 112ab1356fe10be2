/**
 * The event queue pops in (time, seq) order whatever the interleaving of pushes and pops: the
 * whole engine's determinism rests on it.
 */
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/queue';
import { Rng } from '../../src/sim/rng';

interface Item { time: number; seq: number }

describe('EventQueue', () => {
  it('pops the least (time, seq) first, through random pushes and pops with many equal times', () => {
    for (let run = 0; run < 50; run++) {
      const rng = new Rng(run, 1);
      const q = new EventQueue<Item>();
      const model: Item[] = [];
      let seq = 0;
      for (let step = 0; step < 2000; step++) {
        if (model.length === 0 || rng.chance(0.55)) {
          const item = { time: rng.int(0, 40), seq: seq++ };
          q.push(item);
          model.push(item);
        } else {
          model.sort((a, b) => a.time - b.time || a.seq - b.seq);
          expect(q.pop()).toBe(model.shift());
        }
        expect(q.size).toBe(model.length);
      }
      model.sort((a, b) => a.time - b.time || a.seq - b.seq);
      for (const expected of model) expect(q.pop()).toBe(expected);
      expect(q.pop()).toBeUndefined();
    }
  });

  it('a clone is a snapshot: popping one leaves the other whole', () => {
    const q = new EventQueue<Item>();
    for (let i = 0; i < 10; i++) q.push({ time: 10 - i, seq: i });
    const copy = q.clone();
    const drained: number[] = [];
    while (q.size > 0) drained.push(q.pop()!.time);
    expect(drained).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(copy.size).toBe(10);
    expect(copy.peek()!.time).toBe(1);
  });
});
