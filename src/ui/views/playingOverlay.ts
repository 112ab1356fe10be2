/**
 * The clock and the scrubber's thumb change every frame while the run plays. Written as text or as
 * an input's value, each change made the browser restyle, lay out and repaint the whole document
 * (about 2.5 ms a frame on this page, measured against a canvas redraw at under 0.3 ms). So while
 * the run plays they are drawn on a canvas laid over the element, which keeps its place, its
 * events and its last value; stopped, the element shows again with the moment's value. Where the
 * browser has workers that paint, the worker paints that canvas (workerCanvas.ts), so a playing
 * frame changes nothing of the page's own; until the worker shows a stretch's first moment, and
 * where there is none, the page paints a canvas of its own.
 */
import { isRecorder, PenRecorder, type Pen } from './canvasPen';
import { paintBitmap } from './glyphSprites';
import { WorkerCanvas } from './workerCanvas';

interface Look { font: string; color: string; accent: string; line: string; baseline: number | null }

/**
 * A canvas over `host`, shown while the run plays (`.is-playing` on the canvas's parent, which is
 * positioned, see styles.css). The host is hidden then with `visibility` or `opacity`, so its box
 * and colours can still be read.
 */
export class PlayingOverlay {
  private size: { w: number; h: number } | null = null;
  private look: Look | null = null;
  private resized: ResizeObserver | null = null;
  private ctx: CanvasRenderingContext2D | null = null;
  /** the page's canvas has the size measured last */
  private sized = false;
  /** the worker's canvas over the same place (undefined: not made yet; null: none in this browser) */
  private workerCanvas: WorkerCanvas | null | undefined = undefined;
  /** the clock's characters, each drawn once (text shaping on every frame was most of the clock's cost) */
  private glyphs = new Map<string, { bitmap: CanvasImageSource; width: number }>();
  /** what was drawn last, so an unchanged moment is not drawn again */
  private drawn = '';

  constructor(private readonly host: HTMLElement, private readonly canvas: HTMLCanvasElement) {
    if (typeof ResizeObserver === 'function') {
      this.resized = new ResizeObserver(() => this.reset());
      this.resized.observe(host);
    }
  }

  dispose(): void {
    this.resized?.disconnect();
    this.workerCanvas?.dispose();
  }

  /** Playback starts (or the element's box changed): its box and looks are read again on the next draw. */
  reset(): void {
    this.size = null;
    this.drawn = '';
    this.glyphs.clear();
  }

  /** Playback stopped: the page's canvas is the one shown next time, until the worker's shows. */
  stop(): void {
    this.workerCanvas?.stop();
    this.canvas.style.visibility = '';
  }

  /** How far past the element's right edge the canvas reaches (px). */
  extra = 0;

  /** Read as playback starts or the element's box changes (not every frame): its box, font and colours. */
  private measure(): boolean {
    if (this.size) return true;
    const box = this.host.getBoundingClientRect();
    const parent = this.canvas.parentElement;
    if (!parent) return false;
    const inside = parent.getBoundingClientRect();
    const left = `${box.left - inside.left - parent.clientLeft}px`;
    const top = `${box.top - inside.top - parent.clientTop}px`;
    this.workerCanvas ??= WorkerCanvas.create(parent, () => { this.canvas.style.visibility = 'hidden'; }, 'playing-canvas');
    for (const c of [this.canvas, this.workerCanvas?.element]) if (c) Object.assign(c.style, { left, top });
    this.size = { w: Math.max(1, box.width), h: Math.max(1, box.height) };
    const style = getComputedStyle(this.host);
    const root = getComputedStyle(document.documentElement);
    this.look = {
      font: `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`,
      color: style.color,
      accent: root.getPropertyValue('--accent').trim() || '#2563eb',
      line: root.getPropertyValue('--line').trim() || '#ccc',
      baseline: null,
    };
    this.sized = false;
    this.ctx ??= this.canvas.getContext('2d');
    return true;
  }

  /**
   * Draws `paint` on the worker's canvas, and on the page's until the worker's shows: each in CSS
   * px, on a canvas the element's size (the clock's text may grow while playing: it reaches past
   * the element's box by `extra`).
   */
  private draw(paint: (pen: Pen) => void): void {
    const { w, h } = this.size!;
    const dpr = window.devicePixelRatio || 1;
    const width = w + this.extra;
    const pixels = [Math.round(width * dpr), Math.round(h * dpr)] as const;
    if (this.workerCanvas) {
      const pen = new PenRecorder();
      pen.size(...pixels);
      pen.setTransform(dpr, 0, 0, dpr, 0, 0);
      paint(pen);
      this.workerCanvas.paint(pen.commands, width, h);
      if (this.workerCanvas.live) return;
    }
    const ctx = this.ctx;
    if (!ctx) return;
    if (!this.sized) {
      [this.canvas.width, this.canvas.height] = pixels;
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${h}px`;
      this.sized = true;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, h);
    paint(ctx);
  }

  /** The clock: `text` where the element's own text would be. */
  text(text: string): void {
    if (text === this.drawn && this.size) return;
    if (!this.measure() || !this.ctx) return;
    this.drawn = text;
    const chars = [...text].map((ch) => ({ ch, glyph: this.glyph(ch) }));
    const { h } = this.size!;
    const look = this.look!;
    this.draw((pen) => {
      let x = 0;
      if (isRecorder(pen)) {
        // the worker shapes the characters itself, placed as the page's copies are
        pen.font = look.font;
        pen.fillStyle = look.color;
        pen.textBaseline = 'alphabetic';
        for (const { ch, glyph } of chars) { pen.fillText(ch, x, look.baseline ?? 0); x += glyph?.width ?? 0; }
        return;
      }
      // the page copies each character's bitmap
      for (const { glyph } of chars) {
        if (glyph) (pen as CanvasRenderingContext2D).drawImage(glyph.bitmap, x, 0, glyph.width, h);
        x += glyph?.width ?? 0;
      }
    });
  }

  /** One character of the clock in the element's font and colour, the height of its line box. */
  private glyph(ch: string): { bitmap: CanvasImageSource; width: number } | null {
    const had = this.glyphs.get(ch);
    if (had) return had;
    const ctx = this.ctx!;
    const look = this.look!;
    const h = this.size!.h;
    const dpr = window.devicePixelRatio || 1;
    ctx.font = look.font;
    const metrics = ctx.measureText(ch);
    if (look.baseline === null) {
      // where CSS puts the baseline in a line box of this height (the font's, not the character's)
      const ascent = metrics.fontBoundingBoxAscent ?? h * 0.8;
      const descent = metrics.fontBoundingBoxDescent ?? h * 0.2;
      look.baseline = (h - ascent - descent) / 2 + ascent;
    }
    const width = metrics.width;
    const baseline = look.baseline;
    const bitmap = paintBitmap(Math.max(1, Math.ceil(width * dpr)), Math.max(1, Math.round(h * dpr)), (g) => {
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
      g.font = look.font;
      g.fillStyle = look.color;
      g.textBaseline = 'alphabetic';
      g.fillText(ch, 0, baseline);
    });
    if (!bitmap) return null;
    const made = { bitmap, width };
    this.glyphs.set(ch, made);
    return made;
  }

  /**
   * The scrubber at `fraction` of its range: the track, the part played and the thumb, as the
   * stylesheet draws the range input (`.scrubber input`: a 6 px track, a 16 px thumb). Drawn
   * again only when the thumb moves by a device pixel.
   */
  thumb(fraction: number): void {
    const played = Math.max(0, Math.min(1, fraction));
    // the thumb's place in device pixels (once the element's box is known)
    const at = (w: number) => String(Math.round(played * (w - THUMB) * (window.devicePixelRatio || 1)));
    if (this.size && at(this.size.w) === this.drawn) return;
    if (!this.measure()) return;
    const { w, h } = this.size!;
    const look = this.look!;
    this.drawn = at(w);
    const x = THUMB / 2 + played * (w - THUMB);
    const top = (h - TRACK) / 2;
    this.draw((pen) => {
      pen.fillStyle = look.line;
      pen.beginPath();
      pen.roundRect(0, top, w, TRACK, TRACK / 2);
      pen.fill();
      pen.fillStyle = look.accent;
      pen.beginPath();
      pen.roundRect(0, top, x, TRACK, TRACK / 2);
      pen.fill();
      pen.beginPath();
      pen.arc(x, h / 2, THUMB / 2, 0, 2 * Math.PI);
      pen.fill();
    });
  }
}

/** The scrubber's track height and thumb size (px), as in styles.css. */
const TRACK = 6;
const THUMB = 16;
