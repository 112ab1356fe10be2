/**
 * What the stage's moving marks, the clock and the scrubber's thumb use of a 2D canvas context
 * (`Pen`), and a recorder of it: while the run plays they are drawn through a `PenRecorder` into a
 * flat list of commands that a worker replays on its own canvas (canvas.worker.ts), so that
 * rasterising them never runs on the page's main thread. The same drawing code paints a canvas
 * element directly where there is no worker.
 */
import type { GlyphLook } from './glyphSprites';

type Style = string | CanvasGradient | CanvasPattern;

export interface Pen {
  globalAlpha: number;
  fillStyle: Style;
  strokeStyle: Style;
  lineWidth: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  lineJoin: CanvasLineJoin;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number, counterclockwise?: boolean): void;
  roundRect(x: number, y: number, w: number, h: number, radius: number): void;
  fill(): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
  strokeText(text: string, x: number, y: number): void;
  setLineDash(segments: number[]): void;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
}

/** Command codes, each followed by its arguments in the list. */
const enum Op {
  Size, Alpha, Fill, Stroke, Width, Font, Align, Baseline, Join,
  Begin, Close, Move, Line, Arc, DoFill, DoStroke, FillText, StrokeText, Dash, Transform, Clear, Glyph, RoundRect,
}

/** Records what is drawn through it; `commands` is sent to the worker (plain numbers and strings). */
export class PenRecorder implements Pen {
  readonly commands: (number | string)[] = [];
  private alpha = 1;
  private fillS: Style = '#000';
  private strokeS: Style = '#000';
  private width = 1;
  private fontS = '10px sans-serif';
  private align: CanvasTextAlign = 'start';
  private baseline: CanvasTextBaseline = 'alphabetic';
  private join: CanvasLineJoin = 'miter';

  /** The canvas's size in device pixels (set before anything is drawn; clears it). */
  size(width: number, height: number): void { this.commands.push(Op.Size, width, height); }

  get globalAlpha(): number { return this.alpha; }
  set globalAlpha(v: number) { this.alpha = v; this.commands.push(Op.Alpha, v); }
  get fillStyle(): Style { return this.fillS; }
  set fillStyle(v: Style) { this.fillS = v; this.commands.push(Op.Fill, String(v)); }
  get strokeStyle(): Style { return this.strokeS; }
  set strokeStyle(v: Style) { this.strokeS = v; this.commands.push(Op.Stroke, String(v)); }
  get lineWidth(): number { return this.width; }
  set lineWidth(v: number) { this.width = v; this.commands.push(Op.Width, v); }
  get font(): string { return this.fontS; }
  set font(v: string) { this.fontS = v; this.commands.push(Op.Font, v); }
  get textAlign(): CanvasTextAlign { return this.align; }
  set textAlign(v: CanvasTextAlign) { this.align = v; this.commands.push(Op.Align, v); }
  get textBaseline(): CanvasTextBaseline { return this.baseline; }
  set textBaseline(v: CanvasTextBaseline) { this.baseline = v; this.commands.push(Op.Baseline, v); }
  get lineJoin(): CanvasLineJoin { return this.join; }
  set lineJoin(v: CanvasLineJoin) { this.join = v; this.commands.push(Op.Join, v); }

  beginPath(): void { this.commands.push(Op.Begin); }
  closePath(): void { this.commands.push(Op.Close); }
  moveTo(x: number, y: number): void { this.commands.push(Op.Move, x, y); }
  lineTo(x: number, y: number): void { this.commands.push(Op.Line, x, y); }
  arc(x: number, y: number, r: number, start: number, end: number, counterclockwise = false): void {
    this.commands.push(Op.Arc, x, y, r, start, end, counterclockwise ? 1 : 0);
  }
  roundRect(x: number, y: number, w: number, h: number, radius: number): void { this.commands.push(Op.RoundRect, x, y, w, h, radius); }
  fill(): void { this.commands.push(Op.DoFill); }
  stroke(): void { this.commands.push(Op.DoStroke); }
  fillText(text: string, x: number, y: number): void { this.commands.push(Op.FillText, text, x, y); }
  strokeText(text: string, x: number, y: number): void { this.commands.push(Op.StrokeText, text, x, y); }
  setLineDash(segments: number[]): void { this.commands.push(Op.Dash, segments.length, ...segments); }
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void { this.commands.push(Op.Transform, a, b, c, d, e, f); }
  clearRect(x: number, y: number, w: number, h: number): void { this.commands.push(Op.Clear, x, y, w, h); }

  /** A message's shape, copied from the replaying side's own bitmap of its look (glyphSprites.ts). */
  glyph(look: GlyphLook, x: number, y: number, dpr: number): void {
    this.commands.push(Op.Glyph, look.shape, look.radius, look.fill, look.stroke ?? '', look.lineWidth, look.dash, x, y, dpr);
  }
}

export const isRecorder = (pen: Pen): pen is PenRecorder => pen instanceof PenRecorder;

/**
 * Draws recorded `commands` on `ctx` (whose canvas `resize` sizes); `glyph` copies a message's
 * shape (glyphSprites.drawGlyph, passed in so that this module needs nothing from the page).
 */
export function replay(ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D, commands: readonly (number | string)[],
  resize: (width: number, height: number) => void,
  glyph: (ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D, look: GlyphLook, x: number, y: number, dpr: number) => void): void {
  const n = (k: number) => commands[k] as number;
  const s = (k: number) => commands[k] as string;
  let k = 0;
  while (k < commands.length) {
    const op = commands[k++] as Op;
    switch (op) {
      case Op.Size: resize(n(k), n(k + 1)); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.clearRect(0, 0, n(k), n(k + 1)); k += 2; break;
      case Op.Alpha: ctx.globalAlpha = n(k++); break;
      case Op.Fill: ctx.fillStyle = s(k++); break;
      case Op.Stroke: ctx.strokeStyle = s(k++); break;
      case Op.Width: ctx.lineWidth = n(k++); break;
      case Op.Font: ctx.font = s(k++); break;
      case Op.Align: ctx.textAlign = s(k++) as CanvasTextAlign; break;
      case Op.Baseline: ctx.textBaseline = s(k++) as CanvasTextBaseline; break;
      case Op.Join: ctx.lineJoin = s(k++) as CanvasLineJoin; break;
      case Op.Begin: ctx.beginPath(); break;
      case Op.Close: ctx.closePath(); break;
      case Op.Move: ctx.moveTo(n(k), n(k + 1)); k += 2; break;
      case Op.Line: ctx.lineTo(n(k), n(k + 1)); k += 2; break;
      case Op.Arc: ctx.arc(n(k), n(k + 1), n(k + 2), n(k + 3), n(k + 4), n(k + 5) === 1); k += 6; break;
      case Op.RoundRect: ctx.roundRect(n(k), n(k + 1), n(k + 2), n(k + 3), n(k + 4)); k += 5; break;
      case Op.DoFill: ctx.fill(); break;
      case Op.DoStroke: ctx.stroke(); break;
      case Op.FillText: ctx.fillText(s(k), n(k + 1), n(k + 2)); k += 3; break;
      case Op.StrokeText: ctx.strokeText(s(k), n(k + 1), n(k + 2)); k += 3; break;
      case Op.Dash: { const len = n(k++); ctx.setLineDash(commands.slice(k, k + len) as number[]); k += len; break; }
      case Op.Transform: ctx.setTransform(n(k), n(k + 1), n(k + 2), n(k + 3), n(k + 4), n(k + 5)); k += 6; break;
      case Op.Clear: ctx.clearRect(n(k), n(k + 1), n(k + 2), n(k + 3)); k += 4; break;
      case Op.Glyph:
        glyph(ctx, { shape: s(k) as GlyphLook['shape'], radius: n(k + 1), fill: s(k + 2), stroke: s(k + 3) || null, lineWidth: n(k + 4), dash: n(k + 5) },
          n(k + 6), n(k + 7), n(k + 8));
        k += 9;
        break;
      default: throw new Error(`unknown canvas command ${String(op)} at ${k - 1}`);
    }
  }
}
