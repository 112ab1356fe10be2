// @vitest-environment jsdom
/** A message's bitmap lands on whole device pixels at its own size: copied, never resampled. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { drawGlyph, type GlyphLook } from '../../src/ui/views/glyphSprites';

afterEach(() => { vi.restoreAllMocks(); });

/** A 2D context that keeps what drawImage was given (jsdom has no canvas). */
function fakeContext() {
  const draws: number[][] = [];
  const ctx = new Proxy({}, {
    get: (_, name: string) => (name === 'drawImage' ? (_img: unknown, ...at: number[]) => { draws.push(at); } : () => undefined),
    set: () => true,
  });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => ctx as unknown as CanvasRenderingContext2D);
  return { ctx: ctx as unknown as CanvasRenderingContext2D, draws };
}

const look: GlyphLook = { shape: 'circle', radius: 6.5, fill: '#123456', stroke: '#000', lineWidth: 1.5, dash: 0 };

describe('message bitmaps', () => {
  for (const dpr of [1, 1.5, 2]) {
    it(`at ${dpr}x, land on whole device pixels at the bitmap's size, whatever the message's place`, () => {
      const { ctx, draws } = fakeContext();
      for (const [x, y] of [[10.3, 20.7], [-33.49, 5.5], [0, 0]]) drawGlyph(ctx, { ...look, fill: `#12345${dpr * 2}` }, x, y, dpr);
      expect(draws).toHaveLength(3);
      const sizes = new Set(draws.map(([, , w, h]) => `${w * dpr}x${h * dpr}`));
      expect(sizes.size).toBe(1);
      for (const [left, top, w, h] of draws) {
        for (const v of [left * dpr, top * dpr, w * dpr, h * dpr]) expect(Math.abs(v - Math.round(v))).toBeLessThan(1e-9);
      }
      // and still centred on the message, within half a device pixel
      expect(Math.abs(draws[0][0] + draws[0][2] / 2 - 10.3)).toBeLessThanOrEqual(0.5 / dpr + 1e-9);
    });
  }
});
