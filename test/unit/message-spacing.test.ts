/** Dots nudged apart on the stage: the grid finds every dot nearby, wherever the dots fall. */
import { describe, expect, it } from 'vitest';
import { Spacing } from '../../src/ui/views/messageGeometry';

/** A fixed sequence of numbers in [0, 1) (the test must not depend on Math.random). */
function sequence(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

describe('message spacing', () => {
  for (const [name, offset] of [['inside the bounds', 0], ['in a crowd far outside them', 600]] as const) {
    it(`keeps each dot it moves at least the spacing from every earlier dot (${name})`, () => {
      const apart = 15;
      const spacing = new Spacing(apart, { x0: -150, y0: -100, x1: 150, y1: 100 }, 400);
      const next = sequence(offset + 1);
      const spread = 100;
      const placed: { x: number; y: number }[] = [];
      const free = (x: number, y: number) => placed.every((q) => (q.x - x) ** 2 + (q.y - y) ** 2 >= apart * apart);
      for (let i = 0; i < 400; i++) {
        // clusters of dots, as bursts on one link make them
        const x = offset + (next() - 0.5) * spread + (i % 7) * 0.5;
        const y = -offset + (next() - 0.5) * spread * 0.6;
        const angle = next() * 2 * Math.PI;
        const at = spacing.place(x, y, -Math.sin(angle), Math.cos(angle), Math.cos(angle), Math.sin(angle), 80, 80);
        // a free spot is kept as it is; a moved dot is clear of all the others (checked one by one)
        if (free(x, y)) expect(at).toEqual({ x, y });
        else if (at.x !== x || at.y !== y) expect(free(at.x, at.y)).toBe(true);
        placed.push(at);
      }
    });
  }
});
