/**
 * The in-flight set behaves as a Map from id to message, in id order, under any mix of sends,
 * deliveries and long-lived messages (which make the ring grow, then overflow).
 */
import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/sim/in-flight';
import { Rng } from '../../src/sim/rng';
import type { Message } from '../../src/sim/types';

const message = (id: number): Message => ({
  id, from: 1, to: 2, type: 'm', payload: null, sentAt: 0, deliverAt: 0, lost: false, cut: false, duplicate: false,
});

describe('InFlight', () => {
  it('matches a Map through random sends and deliveries, some messages outliving thousands of others', () => {
    for (let run = 0; run < 20; run++) {
      const rng = new Rng(run, 3);
      const set = new InFlight();
      const model = new Map<number, Message>();
      let next = 1;
      // a few messages are kept for a long time (a slow link, a message held by hand)
      const keepLong = rng.chance(0.5) ? 0.002 : 0;
      const long = new Set<number>();
      for (let step = 0; step < 12_000; step++) {
        if (model.size === 0 || rng.chance(0.5)) {
          const m = message(next++);
          set.add(m);
          model.set(m.id, m);
          if (rng.chance(keepLong)) long.add(m.id);
        } else {
          // deliver a recent message, or now and then a random id (live, delivered or unknown)
          const ids = [...model.keys()].filter((id) => !long.has(id) || rng.chance(0.01));
          const id = ids.length > 0 && rng.chance(0.9) ? ids[rng.int(Math.max(0, ids.length - 40), ids.length - 1)] : rng.int(1, next + 5);
          expect(set.delete(id)).toBe(model.delete(id));
        }
        if (step % 97 === 0) {
          expect(set.size).toBe(model.size);
          expect(set.values()).toEqual([...model.values()]);
          const probe = rng.int(1, next + 2);
          expect(set.get(probe)).toBe(model.get(probe));
          expect(set.has(probe)).toBe(model.has(probe));
        }
      }
      expect(set.values()).toEqual([...model.values()].sort((a, b) => a.id - b.id));
    }
  });

  it('keeps messages that outlive more than the largest ring, still in id order', () => {
    const set = new InFlight();
    const kept: number[] = [];
    for (let id = 1; id <= 20_000; id++) {
      set.add(message(id));
      if (id % 1000 === 1) kept.push(id); else set.delete(id);
    }
    expect(set.values().map((m) => m.id)).toEqual(kept);
    for (const id of kept) expect(set.get(id)?.id).toBe(id);
    expect(set.delete(1)).toBe(true);
    expect(set.has(1)).toBe(false);
    expect(set.size).toBe(kept.length - 1);
  });

  it('a clone is independent of the original', () => {
    const a = new InFlight();
    for (let id = 1; id <= 100; id++) a.add(message(id));
    const b = a.clone();
    a.delete(5);
    b.add(message(101));
    expect(a.has(5)).toBe(false);
    expect(b.has(5)).toBe(true);
    expect(a.has(101)).toBe(false);
    expect(b.size).toBe(101);
    expect(a.size).toBe(99);
  });

  it('refuses ids out of send order', () => {
    const a = new InFlight();
    a.add(message(3));
    expect(() => a.add(message(2))).toThrow(/must increase/);
  });
});
