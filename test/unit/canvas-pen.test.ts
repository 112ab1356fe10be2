/** The playing stage, clock and thumb recorded on the page and replayed in the worker draw what drawing them directly draws. */
import { describe, expect, it } from 'vitest';
import { PenRecorder, replay, type Pen } from '../../src/ui/views/canvasPen';
import type { GlyphLook } from '../../src/ui/views/glyphSprites';

/** A 2D context that logs every call and every property set, in order. */
function loggingContext(log: string[]): CanvasRenderingContext2D {
  return new Proxy({}, {
    get: (_, name: string) => (...args: unknown[]) => { log.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`); },
    set: (_, name: string, value: unknown) => { log.push(`${name}=${JSON.stringify(value)}`); return true; },
  }) as CanvasRenderingContext2D;
}

const look: GlyphLook = { shape: 'hollow-diamond', radius: 8, fill: '#fff', stroke: null, lineWidth: 2.5, dash: 0 };

/** Uses every member of Pen, as the stage's drawing does. */
function scene(pen: Pen): void {
  pen.setTransform(2, 0, 0, 2, 640, 300);
  pen.globalAlpha = 0.45;
  pen.fillStyle = '#3060c0';
  pen.beginPath();
  pen.arc(10, -20, 30, -Math.PI / 2, 1.25, false);
  pen.arc(10, -20, 26, 1.25, -Math.PI / 2, true);
  pen.closePath();
  pen.fill();
  pen.globalAlpha = 1;
  pen.textAlign = 'center';
  pen.textBaseline = 'alphabetic';
  pen.lineJoin = 'round';
  pen.beginPath();
  pen.moveTo(1, 2);
  pen.lineTo(3.5, -4);
  pen.setLineDash([3, 3]);
  pen.lineWidth = 1.5;
  pen.strokeStyle = '#c03030';
  pen.stroke();
  pen.setLineDash([]);
  pen.font = '700 9.5px system-ui, sans-serif';
  pen.fillText('T3', 4, 7);
  pen.strokeText('投票请求', -4, 12);
  pen.clearRect(0, 0, 5, 5);
  pen.beginPath();
  pen.roundRect(0, 5, 120, 6, 3); // the scrubber's track
  pen.fill();
}

describe('a drawing recorded for the worker', () => {
  it('replays as the same calls, in the same order, as drawing it directly', () => {
    const direct: string[] = [];
    scene(loggingContext(direct));
    const pen = new PenRecorder();
    scene(pen);
    const replayed: string[] = [];
    replay(loggingContext(replayed), pen.commands, () => { throw new Error('no size was recorded'); }, () => { throw new Error('no glyph was recorded'); });
    expect(replayed).toEqual(direct);
    expect(direct.length).toBeGreaterThan(20);
  });

  it('survives being posted (plain numbers and strings), sizes the canvas first and copies each message glyph where it was drawn', () => {
    const pen = new PenRecorder();
    pen.size(1280, 600);
    pen.glyph(look, 12.5, -3, 2);
    pen.glyph({ ...look, stroke: '#000', dash: 3 }, 0, 40, 1);
    const posted = structuredClone(pen.commands);
    const sizes: number[][] = [];
    const glyphs: unknown[][] = [];
    const log: string[] = [];
    replay(loggingContext(log), posted, (w, h) => sizes.push([w, h]), (_ctx, l, x, y, dpr) => glyphs.push([l, x, y, dpr]));
    expect(sizes).toEqual([[1280, 600]]);
    // a resized canvas starts clear, in device pixels
    expect(log).toEqual(['setTransform(1,0,0,1,0,0)', 'clearRect(0,0,1280,600)']);
    expect(glyphs).toEqual([[look, 12.5, -3, 2], [{ ...look, stroke: '#000', dash: 3 }, 0, 40, 1]]);
  });

  it('refuses a command list it cannot read, naming the place', () => {
    expect(() => replay(loggingContext([]), [999], () => undefined, () => undefined)).toThrow(/unknown canvas command 999 at 0/);
  });
});
