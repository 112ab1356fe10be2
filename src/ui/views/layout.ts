/**
 * Where nodes sit: on an ellipse that fills the panel (a ring on a square panel). A partition
 * pulls each group together with an empty slot between groups.
 */
export interface Point { x: number; y: number }

export interface Ring { rx: number; ry: number }

/** Node radius in CSS pixels for a panel of this size and cluster of this many nodes. */
export function nodeRadius(count: number, width: number, height: number): number {
  const base = Math.min(width, height) / (count <= 5 ? 7 : count <= 7 ? 8 : 9);
  return Math.max(18, Math.min(56, base));
}

/** Shrink nodes until `slots` of them fit around the ring without touching. */
export function fitRadius(r: number, width: number, height: number, slots: number): number {
  for (let i = 0; i < 8; i++) {
    const { rx, ry } = ringFor(width, height, r);
    // Ramanujan's approximation of the ellipse's perimeter
    const perimeter = Math.PI * (3 * (rx + ry) - Math.sqrt((3 * rx + ry) * (rx + 3 * ry)));
    const fits = (0.8 * perimeter) / slots / 2;
    if (r <= fits) return r;
    r = Math.max(18, fits);
  }
  return r;
}

/** How many slots the ring has: one per node, plus a gap per group when partitioned. */
export function slotCount(ids: readonly number[], groupOf: readonly number[] | null): number {
  const groups = groupOf ? new Set(ids.map((id) => groupOf[id])).size : 1;
  return ids.length + (groups > 1 ? groups : 0);
}

/** The ellipse through the node centres, leaving room for the node, its timer arc and labels. */
export function ringFor(width: number, height: number, r: number): Ring {
  return { rx: Math.max(r, width / 2 - r - 24), ry: Math.max(r, height / 2 - r - 18) };
}

const at = (ring: Ring, angle: number): Point => ({ x: ring.rx * Math.cos(angle), y: ring.ry * Math.sin(angle) });

/** The angle of each node (index = node id) on the ring; `groupOf` as in NetworkState (null: one group). */
export function ringAngles(ids: readonly number[], groupOf: readonly number[] | null): number[] {
  const order = groupOf ? [...ids].sort((a, b) => groupOf[a] - groupOf[b] || a - b) : [...ids];
  const groups = groupOf ? new Set(ids.map((id) => groupOf[id])).size : 1;
  // one empty slot after each group when partitioned
  const slots = order.length + (groups > 1 ? groups : 0);
  const out: number[] = [];
  let slot = 0;
  order.forEach((id, i) => {
    if (i > 0 && groupOf && groupOf[order[i - 1]] !== groupOf[id]) slot++;
    out[id] = -Math.PI / 2 + (2 * Math.PI * slot) / slots;
    slot++;
  });
  return out;
}

export function ringLayout(ids: readonly number[], groupOf: readonly number[] | null, ring: Ring): Point[] {
  const angles = ringAngles(ids, groupOf);
  const out: Point[] = [];
  for (const id of ids) out[id] = at(ring, angles[id]);
  return out;
}

/** Points along the ring between two angles (for drawing a group's band). */
export function arcPoints(ring: Ring, from: number, to: number, samples = 16): Point[] {
  const pts: Point[] = [];
  for (let i = 0; i <= samples; i++) pts.push(at(ring, from + ((to - from) * i) / samples));
  return pts;
}

export const lerp = (a: Point, b: Point, t: number): Point => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
