/**
 * The clock and the scrubber's thumb change every frame while the run plays. Written as text or as
 * an input's value, each change made the browser restyle, lay out and repaint the whole document
 * (about 2.5 ms a frame on this page, measured against a canvas redraw at under 0.3 ms). So while
 * the run plays they are drawn on a canvas laid over the element, which keeps its place, its
 * events and its last value; stopped, the element shows again with the moment's value.
 */
import { paintBitmap } from './glyphSprites';

/**
 * A canvas over `host`, shown while the run plays (`.is-playing` on the canvas's parent, which is
 * positioned, see styles.css). The host is hidden then with `visibility` or `opacity`, so its box
 * and colours can still be read.
 */
export class PlayingOverlay {
  private size: { w: number; h: number } | null = null;
  private look: { font: string; color: string; accent: string; line: string; baseline: number | null } | null = null;
  private resized: ResizeObserver | null = null;
  private ctx: CanvasRenderingContext2D | null = null;
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

  dispose(): void { this.resized?.disconnect(); }

  /** Playback starts (or the element's box changed): its box and looks are read again on the next draw. */
  reset(): void {
    this.size = null;
    this.drawn = '';
    this.glyphs.clear();
  }

  /** Read as playback starts or the element's box changes (not every frame): its box, font and colours. */
  private prepare(): CanvasRenderingContext2D | null {
    const dpr = window.devicePixelRatio || 1;
    if (!this.size) {
      const box = this.host.getBoundingClientRect();
      const parent = this.canvas.parentElement!;
      const inside = parent.getBoundingClientRect();
      this.canvas.style.left = `${box.left - inside.left - parent.clientLeft}px`;
      this.canvas.style.top = `${box.top - inside.top - parent.clientTop}px`;
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
      // the clock's text may grow while playing: the canvas reaches past the element's box
      const width = this.size.w + this.extra;
      this.canvas.width = Math.round(width * dpr);
      this.canvas.style.width = `${width}px`;
      this.canvas.height = Math.round(this.size.h * dpr);
      this.canvas.style.height = `${this.size.h}px`;
      this.ctx = this.canvas.getContext('2d');
    }
    const ctx = this.ctx;
    if (!ctx) return null;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.size.w + this.extra, this.size.h);
    return ctx;
  }

  /** How far past the element's right edge the canvas reaches (px). */
  extra = 0;

  /** The clock: `text` where the element's own text would be, a copy of each character's bitmap. */
  text(text: string): void {
    if (text === this.drawn && this.size) return;
    const ctx = this.prepare();
    if (!ctx || !this.size || !this.look) return;
    this.drawn = text;
    let x = 0;
    for (const ch of text) {
      const glyph = this.glyph(ctx, ch);
      if (glyph) ctx.drawImage(glyph.bitmap, x, 0, glyph.width, this.size.h);
      x += glyph?.width ?? 0;
    }
  }

  /** One character of the clock in the element's font and colour, the height of its line box. */
  private glyph(ctx: CanvasRenderingContext2D, ch: string): { bitmap: CanvasImageSource; width: number } | null {
    const had = this.glyphs.get(ch);
    if (had) return had;
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
    const ctx = this.prepare();
    if (!ctx || !this.size || !this.look) return;
    this.drawn = at(this.size.w);
    const { h } = this.size;
    const x = THUMB / 2 + played * (this.size.w - THUMB);
    const top = (h - TRACK) / 2;
    ctx.fillStyle = this.look.line;
    ctx.beginPath();
    ctx.roundRect(0, top, this.size.w, TRACK, TRACK / 2);
    ctx.fill();
    ctx.fillStyle = this.look.accent;
    ctx.beginPath();
    ctx.roundRect(0, top, x, TRACK, TRACK / 2);
    ctx.fill();
    ctx.beginPath();
    ctx.arc(x, h / 2, THUMB / 2, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** The scrubber's track height and thumb size (px), as in styles.css. */
const TRACK = 6;
const THUMB = 16;
