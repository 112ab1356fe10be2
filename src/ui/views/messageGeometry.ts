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

export function placeMessages(sim: Simulation, pos: readonly Point[], r: number): PlacedMessage[] {
  const now = sim.nowUs;
  const heldOnLink = new Map<number, number>();
  const out: PlacedMessage[] = [];
  const spaced = new Spacing();
  const reach = r + EDGE_CLEARANCE;
  for (const msg of sim.inFlight.values()) {
    const a = pos[msg.from];
    const b = pos[msg.to];
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const span = msg.deliverAt - msg.sentAt;
    const held = span >= HOLD_LATENCY_MS * 1000;
    let t: number;
    let offset = 0;
    if (held) {
      // waiting for the user: queued along its own link, oldest nearest the receiver, so every
      // one is apart from the others and from the nodes
      const key = msg.from * 64 + msg.to;
      const k = heldOnLink.get(key) ?? 0;
      heldOnLink.set(key, k + 1);
      const room = Math.max(1, Math.floor(((HELD_FIRST - HELD_LAST) * Math.max(0, len - 2 * reach)) / HELD_GAP) + 1);
      const step = HELD_GAP / Math.max(1, len - 2 * reach);
      t = HELD_FIRST - (k % room) * step;
      offset = Math.floor(k / room) * LANE_WIDTH;
    } else {
      t = span > 0 ? Math.max(0, Math.min(1, (now - msg.sentAt) / span)) : 1;
      // a copy flies beside its original (they leave together, and a copy made by hand arrives
      // with it too), so both stay visible and each can be clicked
      if (msg.duplicate) offset = DUPLICATE_OFFSET;
    }
    // keep the two directions of a link apart
    const side = 8 + offset;
    const start = { x: a.x + (dx / len) * reach, y: a.y + (dy / len) * reach };
    const end = { x: b.x - (dx / len) * reach, y: b.y - (dy / len) * reach };
    const p = lerp(start, end, t);
    const doomed = msg.lost || sim.network.separated(msg.from, msg.to) || !sim.up[msg.to];
    const spot = spaced.place(p.x + (-dy / len) * side, p.y + (dx / len) * side, -dy / len, dx / len);
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

/** Closer than this (px, centre to centre) one message's shape would cover part of another's. */
const MIN_APART = 15;
/** How many spots across the link a message tries before it settles where it is. */
const TRIES = 12;

/**
 * Dots that would sit on one another (messages sent together on one link, a copy and its
 * original, queues of held messages meeting near a node) are nudged apart across their link, so
 * each stays visible and can be clicked. A grid of MIN_APART cells keeps the check to the few
 * dots nearby.
 */
class Spacing {
  private cells = new Map<number, Point[]>();

  place(x: number, y: number, nx: number, ny: number): Point {
    for (let k = 0; k < TRIES; k++) {
      // 0, +1, -1, +2, -2 … steps across the link
      const step = k === 0 ? 0 : (k % 2 === 1 ? 1 : -1) * Math.ceil(k / 2) * MIN_APART;
      const at = { x: x + nx * step, y: y + ny * step };
      if (!this.crowded(at)) { this.add(at); return at; }
    }
    const at = { x, y };
    this.add(at);
    return at;
  }

  private key(cx: number, cy: number): number { return cx * 100_003 + cy; }

  private crowded(p: Point): boolean {
    const cx = Math.floor(p.x / MIN_APART);
    const cy = Math.floor(p.y / MIN_APART);
    for (let i = cx - 1; i <= cx + 1; i++) {
      for (let j = cy - 1; j <= cy + 1; j++) {
        for (const q of this.cells.get(this.key(i, j)) ?? []) {
          if ((q.x - p.x) ** 2 + (q.y - p.y) ** 2 < MIN_APART * MIN_APART) return true;
        }
      }
    }
    return false;
  }

  private add(p: Point): void {
    const k = this.key(Math.floor(p.x / MIN_APART), Math.floor(p.y / MIN_APART));
    const list = this.cells.get(k);
    if (list) list.push(p); else this.cells.set(k, [p]);
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
