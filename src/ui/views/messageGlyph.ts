/**
 * Each kind of message has its own shape as well as its own colour, so kinds stay apart for
 * colour-blind readers, on a grey projector and in print: requests for votes or promises are
 * diamonds, votes and promises circles, entries and values squares, their replies triangles,
 * heartbeats hollow rings, a refusal an octagon and a catch-up batch a hexagon. The same shapes are drawn in SVG (few
 * messages), on the canvas (many) and in the legend and the wire list.
 */
import type { Pen } from './canvasPen';

export type MessageShape = 'diamond' | 'circle' | 'square' | 'triangle' | 'ring' | 'hollow-triangle' | 'octagon' | 'hexagon' | 'pentagon'
  | 'hollow-diamond' | 'hollow-pentagon';

const SHAPES: Record<string, MessageShape> = {
  'request-vote': 'diamond',
  prepare: 'diamond',
  vote: 'circle',
  promise: 'circle',
  append: 'square',
  accept: 'square',
  reply: 'triangle',
  accepted: 'triangle',
  heartbeat: 'ring',
  'heartbeat-reply': 'hollow-triangle',
  nack: 'octagon',
  catchup: 'hexagon',
  // Raft's pre-votes: tentative, so hollow; TimeoutNow: a hexagon
  'pre-vote': 'hollow-diamond',
  'pre-vote-reply': 'hollow-pentagon',
  'timeout-now': 'hexagon',
};

export const shapeOf = (category: string): MessageShape => SHAPES[category] ?? 'pentagon';

/** Hollow shapes are outlined in the kind's colour; their badge is written in that colour too. */
export const isHollow = (shape: MessageShape): boolean => shape === 'ring' || shape.startsWith('hollow-');

/** Corner points of a polygon shape of "radius" 1 centred on 0,0 (null for the round ones). */
function unitCorners(shape: MessageShape): readonly (readonly [number, number])[] | null {
  const polygon = (n: number, start: number, scale: number) =>
    Array.from({ length: n }, (_, i) => {
      const a = start + (2 * Math.PI * i) / n;
      return [scale * Math.cos(a), scale * Math.sin(a)] as const;
    });
  switch (shape) {
    case 'diamond': case 'hollow-diamond': return [[0, -1.25], [1.25, 0], [0, 1.25], [-1.25, 0]];
    case 'square': return [[-0.9, -0.9], [0.9, -0.9], [0.9, 0.9], [-0.9, 0.9]];
    case 'triangle': case 'hollow-triangle': return [[0, -1.2], [1.15, 0.85], [-1.15, 0.85]];
    case 'octagon': return polygon(8, Math.PI / 8, 1.05);
    case 'hexagon': return polygon(6, 0, 1.05);
    case 'pentagon': case 'hollow-pentagon': return polygon(5, -Math.PI / 2, 1.1);
    default: return null;
  }
}

/** Worked out once per shape: the canvas traces hundreds of shapes a frame without allocating. */
const CORNERS = new Map<MessageShape, readonly (readonly [number, number])[] | null>();
function corners(shape: MessageShape): readonly (readonly [number, number])[] | null {
  let c = CORNERS.get(shape);
  if (c === undefined) { c = unitCorners(shape); CORNERS.set(shape, c); }
  return c;
}

/** Half the side of the square holding a shape of radius 1 (its farthest corner from the centre along x or y). */
export function shapeReach(shape: MessageShape): number {
  const pts = corners(shape);
  if (!pts) return 1;
  let reach = 0;
  for (const [x, y] of pts) reach = Math.max(reach, Math.abs(x), Math.abs(y));
  return reach;
}

const paths = new Map<string, string>();

/** The SVG path of a shape (cached per shape and size: every frame draws the same few). */
export function shapePath(shape: MessageShape, r: number): string {
  const key = `${shape}|${r}`;
  let d = paths.get(key);
  if (d === undefined) {
    const pts = corners(shape);
    d = pts
      ? `M${pts.map(([x, y]) => `${(x * r).toFixed(2)},${(y * r).toFixed(2)}`).join('L')}Z`
      : `M${r},0A${r},${r} 0 1 1 ${-r},0A${r},${r} 0 1 1 ${r},0Z`;
    paths.set(key, d);
  }
  return d;
}

/** Add a shape at (x, y) to the canvas's current path (the caller fills or strokes many at once). */
export function traceShape(ctx: Pen | OffscreenCanvasRenderingContext2D, shape: MessageShape, x: number, y: number, r: number): void {
  const pts = corners(shape);
  if (!pts) {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    return;
  }
  ctx.moveTo(x + pts[0][0] * r, y + pts[0][1] * r);
  for (let i = 1; i < pts.length; i++) ctx.lineTo(x + pts[i][0] * r, y + pts[i][1] * r);
  ctx.closePath();
}
