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

export function placeMessages(sim: Simulation, pos: readonly Point[], r: number): PlacedMessage[] {
  const now = sim.nowUs;
  const heldCount = new Map<number, number>();
  const out: PlacedMessage[] = [];
  for (const msg of sim.inFlight.values()) {
    const a = pos[msg.from];
    const b = pos[msg.to];
    const span = msg.deliverAt - msg.sentAt;
    const held = span >= HOLD_LATENCY_MS * 1000;
    let t: number;
    let offset = 0;
    if (held) {
      // waiting for the user: queue up in front of the receiver
      const k = heldCount.get(msg.to) ?? 0;
      heldCount.set(msg.to, k + 1);
      t = 0.62;
      offset = (k % 6) * 10 - 25;
    } else {
      t = span > 0 ? Math.max(0, Math.min(1, (now - msg.sentAt) / span)) : 1;
    }
    // keep the two directions of a link apart
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const side = 8 + offset;
    const start = { x: a.x + (dx / len) * r, y: a.y + (dy / len) * r };
    const end = { x: b.x - (dx / len) * r, y: b.y - (dy / len) * r };
    const p = lerp(start, end, t);
    const doomed = msg.lost || sim.network.separated(msg.from, msg.to) || !sim.up[msg.to];
    out.push({
      msg, held, doomed,
      x: p.x + (-dy / len) * side,
      y: p.y + (dx / len) * side,
      dying: doomed ? Math.max(0, (t - 0.6) / 0.4) : 0,
    });
  }
  return out;
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
