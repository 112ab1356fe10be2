/**
 * The clock and the scrubber's thumb change every frame while the run plays. Written as text or as
 * an input's value, each change made the browser restyle, lay out and repaint the whole document
 * (about 2.5 ms a frame on this page, measured against a canvas redraw at under 0.3 ms). So while
 * the run plays they are drawn on a canvas laid over the element, which keeps its place, its
 * events and its last value; stopped, the element shows again with the moment's value.
 */

/**
 * A canvas over `host`, shown while the run plays (`.is-playing` on the canvas's parent, which is
 * positioned, see styles.css). The host is hidden then with `visibility` or `opacity`, so its box
 * and colours can still be read.
 */
export class PlayingOverlay {
  private size: { w: number; h: number } | null = null;
  private look: { font: string; color: string; accent: string; line: string; baseline: number | null } | null = null;
  private resized: ResizeObserver | null = null;

  constructor(private readonly host: HTMLElement, private readonly canvas: HTMLCanvasElement) {
    if (typeof ResizeObserver === 'function') {
      this.resized = new ResizeObserver(() => { this.size = null; });
      this.resized.observe(host);
    }
  }

  dispose(): void { this.resized?.disconnect(); }

  /** Playback starts: the element's box and looks are read again on the next draw. */
  reset(): void { this.size = null; }

  /** Read as playback starts or the element's box changes (not every frame): its box, font and colours. */
  private prepare(): CanvasRenderingContext2D | null {
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
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return null;
    const dpr = window.devicePixelRatio || 1;
    const { w, h } = this.size;
    // the clock's text may grow while playing: the canvas reaches past the element's box
    const width = w + this.extra;
    if (this.canvas.width !== Math.round(width * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.style.width = `${width}px`;
    }
    if (this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.height = Math.round(h * dpr);
      this.canvas.style.height = `${h}px`;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, h);
    return ctx;
  }

  /** How far past the element's right edge the canvas reaches (px). */
  extra = 0;

  /** The clock: `text` where the element's own text would be. */
  text(text: string): void {
    const ctx = this.prepare();
    if (!ctx || !this.size || !this.look) return;
    ctx.font = this.look.font;
    ctx.fillStyle = this.look.color;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    if (this.look.baseline === null) {
      // where CSS puts the baseline in a line box of this height (measured once: it is the font's)
      const metrics = ctx.measureText(text);
      const ascent = metrics.fontBoundingBoxAscent ?? this.size.h * 0.8;
      const descent = metrics.fontBoundingBoxDescent ?? this.size.h * 0.2;
      this.look.baseline = (this.size.h - ascent - descent) / 2 + ascent;
    }
    ctx.fillText(text, 0, this.look.baseline);
  }

  /**
   * The scrubber at `fraction` of its range: the track, the part played and the thumb, as the
   * stylesheet draws the range input (`.scrubber input`: a 6 px track, a 16 px thumb).
   */
  thumb(fraction: number): void {
    const ctx = this.prepare();
    if (!ctx || !this.size || !this.look) return;
    const { w, h } = this.size;
    const x = THUMB / 2 + Math.max(0, Math.min(1, fraction)) * (w - THUMB);
    const top = (h - TRACK) / 2;
    ctx.fillStyle = this.look.line;
    ctx.beginPath();
    ctx.roundRect(0, top, w, TRACK, TRACK / 2);
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
