/** Where each message in flight is drawn now: along its link, by the fraction of its flight done. */
import type { Simulation } from '../../sim/engine';
import type { Message } from '../../sim/types';
import { HOLD_LATENCY_MS } from '../state/store';
import { lerp, type Point } from './layout';

export interface PlacedMessage {
  msg: Message;
  x: number;
  y: number;
  /** waiting for the user to deliver or drop it (step-by-step mode) */
  held: boolean;
  /** it will not arrive: lost, cut off by a partition, or its receiver is down */
  doomed: boolean;
  /** 0 → 1 as a doomed message fades out near the end of its flight */
  dying: number;
}

/** How far a duplicated message flies beside its original (px; more than half a message's handle). */
const DUPLICATE_OFFSET = 14;
/** Messages leave and arrive this far outside a node's circle, clear of its timer arc. */
const EDGE_CLEARANCE = 10;
/** Held messages queue along their link this far apart (px), the first nearest the receiver. */
const HELD_GAP = 20;
/** Where the queue of held messages starts on the link (0 sender … 1 receiver), and how far back it may reach. */
const HELD_FIRST = 0.8;
const HELD_LAST = 0.2;
/** A queue too long for its link continues in another lane beside it. */
const LANE_WIDTH = 16;
/** How much larger presenter mode draws a message's shape (the stylesheet's `.message-dot` scale). */
export const PRESENT_DOT_SCALE = 1.9;

/** Waiting on the wire for the user to deliver or drop it (step-by-step mode). */
export const isHeld = (msg: Message): boolean => msg.deliverAt - msg.sentAt >= HOLD_LATENCY_MS * 1000;

/**
 * `scale`: how much larger than normal the shapes are drawn (PRESENT_DOT_SCALE in presenter mode);
 * the gaps between dots, and between a dot and a node, grow with it.
 */
export function placeMessages(sim: Simulation, pos: readonly Point[], r: number, scale = 1): PlacedMessage[] {
  const now = sim.nowUs;
  const heldOnLink = new Map<number, number>();
  const out: PlacedMessage[] = [];
  const reach = r + EDGE_CLEARANCE * scale;
  const spaced = new Spacing(MIN_APART * scale, around(pos, reach + 6 * MIN_APART * scale), sim.inFlight.size);
  for (const msg of sim.inFlight.values()) {
    const a = pos[msg.from];
    const b = pos[msg.to];
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const span = msg.deliverAt - msg.sentAt;
    const held = isHeld(msg);
    let t: number;
    let offset = 0;
    if (held) {
      // waiting for the user: queued along its own link, oldest nearest the receiver, so every
      // one is apart from the others and from the nodes
      const key = msg.from * 64 + msg.to;
      const k = heldOnLink.get(key) ?? 0;
      heldOnLink.set(key, k + 1);
      const gap = HELD_GAP * scale;
      const room = Math.max(1, Math.floor(((HELD_FIRST - HELD_LAST) * Math.max(0, len - 2 * reach)) / gap) + 1);
      const step = gap / Math.max(1, len - 2 * reach);
      t = HELD_FIRST - (k % room) * step;
      offset = Math.floor(k / room) * LANE_WIDTH * scale;
    } else {
      t = span > 0 ? Math.max(0, Math.min(1, (now - msg.sentAt) / span)) : 1;
      // a copy flies beside its original (they leave together, and a copy made by hand arrives
      // with it too), so both stay visible and each can be clicked
      if (msg.duplicate) offset = DUPLICATE_OFFSET * scale;
    }
    // keep the two directions of a link apart
    const side = 8 * scale + offset;
    const start = { x: a.x + (dx / len) * reach, y: a.y + (dy / len) * reach };
    const end = { x: b.x - (dx / len) * reach, y: b.y - (dy / len) * reach };
    const p = lerp(start, end, t);
    const doomed = msg.lost || sim.network.separated(msg.from, msg.to) || !sim.up[msg.to];
    // how far along its link a dot may be nudged: not past either end of its flight
    const flight = Math.max(0, len - 2 * reach);
    const spot = spaced.place(p.x + (-dy / len) * side, p.y + (dx / len) * side, -dy / len, dx / len, dx / len, dy / len,
      flight * (1 - t), flight * t);
    out.push({
      msg, held, doomed,
      x: spot.x,
      y: spot.y,
      // a held message does not move, so it does not fade either
      dying: doomed && !held ? Math.max(0, (t - 0.6) / 0.4) : 0,
    });
  }
  return out;
}

/** The box holding every node's centre, grown by `margin` on each side. */
function around(pos: readonly Point[], margin: number): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of pos) {
    if (!p) continue;
    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
  }
  if (x0 > x1) return { x0: -margin, y0: -margin, x1: margin, y1: margin };
  return { x0: x0 - margin, y0: y0 - margin, x1: x1 + margin, y1: y1 + margin };
}

/** Closer than this (px, centre to centre, at normal size) one message's shape would cover part of another's. */
const MIN_APART = 15;
/** The spots a message tries, in steps of the spacing (along its link, across it), nearest first: a
 *  burst sent together on one link, or several links leaving one node, spreads out instead of piling at its edge. */
const TRIES: readonly (readonly [number, number])[] = (() => {
  const out: [number, number][] = [];
  for (let along = -5; along <= 5; along++) for (let across = -5; across <= 5; across++) out.push([along, across]);
  // nearest first; at equal distance across the link before along it (a nudge along it misstates the progress)
  return out.sort((p, q) => (p[0] ** 2 + p[1] ** 2) - (q[0] ** 2 + q[1] ** 2) || Math.abs(p[0]) - Math.abs(q[0]) || q[1] - p[1] || q[0] - p[0]);
})();

/** Spacing's arrays, shared: one placement at a time, on the page's one thread. */
const scratch = { heads: new Int32Array(0), xs: new Float64Array(0), ys: new Float64Array(0), before: new Int32Array(0) };

/**
 * Dots that would sit on one another (messages sent together on one link, a copy and its
 * original, queues of held messages meeting near a node, several links leaving one node) are
 * nudged apart, across their link first and then along it within their flight, so each stays
 * visible and can be clicked. A grid of cells the size of the spacing keeps the check to the few
 * dots nearby: flat arrays, each cell the head of a list of its dots (a map of arrays per frame
 * was most of the 9-node run's placing time, itself a tenth of its frame).
 */
export class Spacing {
  private readonly x0: number;
  private readonly y0: number;
  private readonly columns: number;
  private readonly rows: number;
  /** per cell, its most recent dot (-1: none); per dot, its place and the cell's dot before it */
  private readonly heads: Int32Array;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly before: Int32Array;
  private count = 0;

  /** `bounds`: where the dots will be, about (a dot outside them still counts, in an edge cell); `capacity`: how many. */
  constructor(private readonly apart: number, bounds: { x0: number; y0: number; x1: number; y1: number }, capacity: number) {
    this.x0 = bounds.x0;
    this.y0 = bounds.y0;
    this.columns = Math.max(1, Math.min(512, Math.ceil((bounds.x1 - bounds.x0) / apart) + 1));
    this.rows = Math.max(1, Math.min(512, Math.ceil((bounds.y1 - bounds.y0) / apart) + 1));
    // the arrays are kept from frame to frame (a new one per frame is memory the collector must chase)
    const cells = this.columns * this.rows;
    if (scratch.heads.length < cells) scratch.heads = new Int32Array(cells * 2);
    if (scratch.xs.length < capacity) {
      scratch.xs = new Float64Array(capacity * 2);
      scratch.ys = new Float64Array(capacity * 2);
      scratch.before = new Int32Array(capacity * 2);
    }
    this.heads = scratch.heads.fill(-1, 0, cells);
    this.xs = scratch.xs;
    this.ys = scratch.ys;
    this.before = scratch.before;
  }

  /** (nx, ny) across the link, (ux, uy) along it towards the receiver; `ahead` and `behind` px of room along it. */
  place(x: number, y: number, nx: number, ny: number, ux: number, uy: number, ahead: number, behind: number): Point {
    for (const [along, across] of TRIES) {
      const a = along * this.apart;
      if (a > ahead || -a > behind) continue;
      const c = across * this.apart;
      // numbers, not a point per try: a crowded ring of hundreds of dots tries many spots each frame
      const px = x + nx * c + ux * a;
      const py = y + ny * c + uy * a;
      if (!this.crowded(px, py)) { this.add(px, py); return { x: px, y: py }; }
    }
    this.add(x, y);
    return { x, y };
  }

  private column(x: number): number { return Math.max(0, Math.min(this.columns - 1, Math.floor((x - this.x0) / this.apart))); }
  private row(y: number): number { return Math.max(0, Math.min(this.rows - 1, Math.floor((y - this.y0) / this.apart))); }

  private crowded(x: number, y: number): boolean {
    const cx = this.column(x);
    const cy = this.row(y);
    const limit = this.apart * this.apart;
    const { heads, xs, ys, before, columns } = this;
    for (let j = Math.max(0, cy - 1); j <= Math.min(this.rows - 1, cy + 1); j++) {
      for (let i = Math.max(0, cx - 1); i <= Math.min(columns - 1, cx + 1); i++) {
        for (let k = heads[j * columns + i]; k !== -1; k = before[k]) {
          if ((xs[k] - x) ** 2 + (ys[k] - y) ** 2 < limit) return true;
        }
      }
    }
    return false;
  }

  private add(x: number, y: number): void {
    const k = this.count++;
    const cell = this.row(y) * this.columns + this.column(x);
    this.xs[k] = x;
    this.ys[k] = y;
    this.before[k] = this.heads[cell];
    this.heads[cell] = k;
  }
}

/** The message drawn nearest to a point, if one is within `radius`. */
export function messageAt(placed: readonly PlacedMessage[], x: number, y: number, radius: number): PlacedMessage | null {
  let best: PlacedMessage | null = null;
  let bestD = radius * radius;
  for (const p of placed) {
    const d = (p.x - x) ** 2 + (p.y - y) ** 2;
    if (d <= bestD) { best = p; bestD = d; }
  }
  return best;
}
