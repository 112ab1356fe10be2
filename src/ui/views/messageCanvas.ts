/** Many messages in flight: their dots drawn on a canvas, one fill per kind rather than an element each. */
import type { Messages } from '../i18n/en';
import { messageLook, type ProtocolView } from '../protocols/types';
import type { PlacedMessage } from './messageGeometry';
import { isHollow, shapeOf, traceShape } from './messageGlyph';
import { drawGlyph } from './glyphSprites';
import { PenRecorder, type Pen } from './canvasPen';

/** On the canvas, shapes are a little smaller (many messages share the wire). */
const CANVAS_RADIUS = 7;
const CANVAS_BADGE_PX = 9;
/** Above this many messages the canvas leaves out the badges (text is the costly part to draw). */
const MAX_CANVAS_BADGES = 120;

/** Category colours, read from the theme's CSS variables (canvas cannot use var()). */
export function themeColors(el: Element): (name: string) => string {
  const style = getComputedStyle(el);
  const cache = new Map<string, string>();
  return (name) => {
    let c = cache.get(name);
    if (c === undefined) { c = style.getPropertyValue(name).trim() || '#888'; cache.set(name, c); }
    return c;
  };
}

export function drawMessageCanvas(el: HTMLCanvasElement, placed: readonly PlacedMessage[], width: number, height: number,
  selected: number | null, view: ProtocolView, m: Messages, colors: (name: string) => string): void {
  const ctx = clearStageCanvas(el, width, height);
  if (ctx) drawMessageDots(ctx, placed, selected, view, m, colors);
}

/** Sizes the stage's canvas (in device pixels) and clears it; its origin is the stage's centre. */
export function clearStageCanvas(el: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const ctx = el.getContext('2d');
  if (!ctx) return null;
  const dpr = window.devicePixelRatio || 1;
  if (el.width !== Math.round(width * dpr)) el.width = Math.round(width * dpr);
  if (el.height !== Math.round(height * dpr)) el.height = Math.round(height * dpr);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, el.width, el.height);
  originAtCentre(ctx, width, height, dpr);
  return ctx;
}

/** The same for a canvas a worker paints (workerCanvas.ts): a recorder, sized and with its origin set. */
export function recordStage(width: number, height: number): PenRecorder {
  const dpr = window.devicePixelRatio || 1;
  const pen = new PenRecorder();
  pen.size(Math.round(width * dpr), Math.round(height * dpr));
  originAtCentre(pen, width, height, dpr);
  return pen;
}

// the origin on a whole device pixel, so a bitmap placed on whole pixels is copied, not resampled (glyphSprites.ts)
const originAtCentre = (pen: Pen, width: number, height: number, dpr: number): void =>
  pen.setTransform(dpr, 0, 0, dpr, Math.round((width / 2) * dpr), Math.round((height / 2) * dpr));

/** The dots on a canvas already sized and cleared, its origin at the stage's centre. */
export function drawMessageDots(ctx: Pen, placed: readonly PlacedMessage[], selected: number | null,
  view: ProtocolView, m: Messages, colors: (name: string) => string): void {
  const dpr = window.devicePixelRatio || 1;
  const kinds = new Map<string, PlacedMessage[]>();
  const fading: PlacedMessage[] = [];
  for (const p of placed) {
    if (p.doomed && p.dying > 0) { fading.push(p); continue; }
    const look = messageLook(view, p.msg, m);
    if (!kinds.has(look.category)) kinds.set(look.category, []);
    kinds.get(look.category)!.push(p);
    // each dot a copy of its look's bitmap (glyphSprites.ts): hollow ones outlined in their kind's
    // colour, a selected, doomed, refused or accepted one in its state's
    const shape = shapeOf(look.category);
    const hollow = isHollow(shape);
    const state = p.msg.id === selected ? '--fg' : p.doomed || look.tone === 'fail' ? '--danger' : look.tone === 'ok' ? '--ok' : null;
    const kind = colors(`--msg-${look.category}`);
    drawGlyph(ctx, {
      shape, radius: CANVAS_RADIUS, fill: hollow ? colors('--panel') : kind,
      stroke: state ? colors(state) : hollow ? kind : null, lineWidth: 2, dash: 0,
    }, p.x, p.y, dpr);
  }
  const shapes = (list: PlacedMessage[], radius: number) => {
    ctx.beginPath();
    for (const p of list) traceShape(ctx, shapeOf(messageLook(view, p.msg, m).category), p.x, p.y, radius);
  };
  // the term or round on each message, while there are few enough to read
  if (placed.length <= MAX_CANVAS_BADGES) {
    ctx.font = `700 ${CANVAS_BADGE_PX}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const [category, list] of kinds) {
      ctx.fillStyle = colors(isHollow(shapeOf(category)) ? `--msg-${category}` : '--msg-badge');
      for (const p of list) {
        const badge = messageLook(view, p.msg, m).badge;
        if (badge) ctx.fillText(badge, p.x, p.y + 0.5);
      }
    }
  }
  // doomed messages fade and shrink as they near the end of their flight
  ctx.lineWidth = 2;
  for (const p of fading) {
    const category = messageLook(view, p.msg, m).category;
    ctx.globalAlpha = 1 - 0.8 * p.dying;
    shapes([p], CANVAS_RADIUS - 3 * p.dying);
    ctx.fillStyle = colors(`--msg-${category}`);
    ctx.fill();
    ctx.strokeStyle = colors('--danger');
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}
