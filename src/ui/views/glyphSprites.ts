/**
 * A message's shape drawn once, per look, into a small bitmap. Copying a bitmap onto the stage's
 * canvas costs far less than filling and outlining an anti-aliased path: in a canvas drawn without
 * a GPU (many school machines, and the benchmark's browser), 300 paths took about 4 ms a frame to
 * rasterise, most of the 9-node run's frame.
 */
import { isRecorder, type Pen } from './canvasPen';
import { traceShape, type MessageShape } from './messageGlyph';

export interface GlyphLook {
  shape: MessageShape;
  radius: number;
  fill: string;
  /** the outline's colour and width (none when null) */
  stroke: string | null;
  lineWidth: number;
  /** dashes of the outline (px; 0: a solid line) */
  dash: number;
}

/** `half`: CSS px from the centre to an edge; `side`: the bitmap's width and height in device pixels. */
interface Sprite { bitmap: CanvasImageSource; half: number; side: number }

const sprites = new Map<string, Sprite>();
/** Looks differ by theme, kind, state and size: a few dozen in a session. Past this, start afresh. */
const MAX_SPRITES = 400;

function make(look: GlyphLook, dpr: number): Sprite | null {
  // a diamond reaches 1.25 radii from its centre; room for the outline and anti-aliasing besides
  const half = Math.ceil(look.radius * 1.3 + look.lineWidth + 1);
  const side = Math.ceil(2 * half * dpr);
  const bitmap = paintBitmap(side, side, (ctx) => {
    ctx.setTransform(dpr, 0, 0, dpr, half * dpr, half * dpr);
    ctx.beginPath();
    traceShape(ctx, look.shape, 0, 0, look.radius);
    ctx.fillStyle = look.fill;
    ctx.fill();
    if (look.stroke) {
      if (look.dash > 0) ctx.setLineDash([look.dash, look.dash]);
      ctx.lineWidth = look.lineWidth;
      ctx.strokeStyle = look.stroke;
      ctx.lineJoin = 'round';
      ctx.stroke();
    }
  });
  return bitmap && { bitmap, half, side };
}

/**
 * A picture `width` x `height` device pixels, drawn once by `paint`: an ImageBitmap where there is
 * one (a canvas element as a source is copied on every draw), else a canvas element.
 */
export function paintBitmap(width: number, height: number,
  paint: (ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D) => void): CanvasImageSource | null {
  const offscreen = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : null;
  const canvas = offscreen ?? Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!ctx) return null;
  paint(ctx);
  return offscreen ? offscreen.transferToImageBitmap() : canvas as HTMLCanvasElement;
}

/**
 * Draws `look` centred on (x, y) in `ctx`'s current coordinates (which the bitmap is made for at
 * `dpr`); a recorder notes the look, and the side that replays it copies its own bitmap.
 */
export function drawGlyph(ctx: Pen | OffscreenCanvasRenderingContext2D, look: GlyphLook, x: number, y: number, dpr: number): void {
  if (isRecorder(ctx)) { ctx.glyph(look, x, y, dpr); return; }
  const key = `${look.shape}|${look.radius}|${look.fill}|${look.stroke}|${look.lineWidth}|${look.dash}|${dpr}`;
  let sprite = sprites.get(key);
  if (sprite === undefined) {
    if (sprites.size >= MAX_SPRITES) sprites.clear();
    const made = make(look, dpr);
    if (!made) return;
    sprite = made;
    sprites.set(key, sprite);
  }
  // on whole device pixels at the bitmap's own size: a plain copy, where a fractional place or size
  // made the browser resample every bitmap (the canvas's origin is on a whole pixel, messageCanvas.ts)
  const size = sprite.side / dpr;
  (ctx as CanvasRenderingContext2D).drawImage(sprite.bitmap, Math.round((x - sprite.half) * dpr) / dpr, Math.round((y - sprite.half) * dpr) / dpr, size, size);
}
