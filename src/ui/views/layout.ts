/** Where nodes sit on the ring. A partition pulls each group together with a gap between groups. */
export interface Point { x: number; y: number }

export const RING_RADIUS = 330;
/** Half the side of the square the ring is drawn in (ring, nodes, timer arcs and labels). */
export const VIEW_HALF = 460;

export function nodeRadius(count: number): number {
  return count <= 5 ? 84 : count <= 7 ? 72 : 62;
}

/** Positions indexed by node id (index 0 unused); `groupOf` as in NetworkState (null: one group). */
export function ringLayout(ids: readonly number[], groupOf: readonly number[] | null): Point[] {
  const order = groupOf ? [...ids].sort((a, b) => groupOf[a] - groupOf[b] || a - b) : [...ids];
  const groups = groupOf ? new Set(ids.map((id) => groupOf[id])).size : 1;
  // one empty slot after each group when partitioned
  const slots = order.length + (groups > 1 ? groups : 0);
  const out: Point[] = [];
  let slot = 0;
  order.forEach((id, i) => {
    if (i > 0 && groupOf && groupOf[order[i - 1]] !== groupOf[id]) slot++;
    const angle = -Math.PI / 2 + (2 * Math.PI * slot) / slots;
    out[id] = { x: RING_RADIUS * Math.cos(angle), y: RING_RADIUS * Math.sin(angle) };
    slot++;
  });
  return out;
}

/** Points along the ring from one node's angle to another's (for drawing a group's band). */
export function arcPoints(a: Point, b: Point, samples = 12): Point[] {
  const start = Math.atan2(a.y, a.x);
  let end = Math.atan2(b.y, b.x);
  if (end < start) end += 2 * Math.PI;
  const pts: Point[] = [];
  for (let i = 0; i <= samples; i++) {
    const t = start + ((end - start) * i) / samples;
    pts.push({ x: RING_RADIUS * Math.cos(t), y: RING_RADIUS * Math.sin(t) });
  }
  return pts;
}

export const lerp = (a: Point, b: Point, t: number): Point => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
