/**
 * Where nodes sit: on an ellipse that fills the panel (a ring on a square panel). A partition
 * pulls each group together with an empty slot between groups.
 */
export interface Point { x: number; y: number }

/** The ellipse through the node centres: its radii, and its centre's height (it sits higher when the
 *  labels under the nodes need more room below than the highlight ring above). */
export interface Ring { rx: number; ry: number; cy: number }

/** Node radius in CSS pixels for a panel of this size and cluster of this many nodes. */
export function nodeRadius(count: number, width: number, height: number): number {
  const base = Math.min(width, height) / (count <= 5 ? 7 : count <= 7 ? 8 : 9);
  return Math.max(18, Math.min(64, base));
}

/** A panel at least this many times as wide as tall lays its ring flat. */
const FLAT_ASPECT = 3;
/** On a flat ring the centres still step up and down by this share of a node's radius. */
const FLAT_STEP = 1 / 3;
const isFlat = (width: number, height: number) => width >= FLAT_ASPECT * height;

/**
 * Presenter mode's node radius: on a wide, short panel (Paxos's cluster over its acceptor table at
 * 1280x720) the height left under the labels decides, not the panel's shorter side, so the nodes
 * are as large as on a squarer stage; elsewhere as nodeRadius.
 */
export function presentRadius(count: number, width: number, height: number, below: number): number {
  const r = nodeRadius(count, width, height);
  if (!isFlat(width, height)) return r;
  return Math.max(r, Math.min(64, (height - ROOM_ABOVE - below) / (2 + 2 * FLAT_STEP)));
}

/** Shrink nodes until `slots` of them fit around the ring without touching. */
export function fitRadius(r: number, width: number, height: number, slots: number, below = LABEL_ROOM): number {
  for (let i = 0; i < 8; i++) {
    const { rx, ry } = ringFor(width, height, r, below);
    // Ramanujan's approximation of the ellipse's perimeter
    const perimeter = Math.PI * (3 * (rx + ry) - Math.sqrt((3 * rx + ry) * (rx + 3 * ry)));
    // leave a gap of about 40% of the spacing (timer arcs and labels need it)
    const fits = (0.6 * perimeter) / slots / 2;
    if (r <= fits) return r;
    r = Math.max(18, fits);
  }
  return r;
}

/** Past a node's circle, its timer arc: what another node's labels must not cover. */
const ARC_OUT = 7;

/**
 * Shrink nodes (not below `minR`) until the labels under each one (a box `half` px either side of
 * its centre, reaching `below` px past its circle) clear every other node and its timer arc: on a
 * projector the caption and note of a node at the side would otherwise sit on its neighbour below.
 * Smaller nodes make the ring larger, so the neighbours move apart.
 */
export function clearLabels(r: number, width: number, height: number, ids: readonly number[], groupOf: readonly number[] | null,
  below: number, half: number, minR: number): number {
  for (let i = 0; i < 12 && r > minR; i++) {
    const pos = ringLayout(ids, groupOf, ringFor(width, height, r, below));
    const reach = r + ARC_OUT;
    const clash = ids.some((a) => ids.some((b) => {
      if (a === b) return false;
      // the point of a's label box nearest to b's centre
      const nx = Math.max(pos[a].x - Math.max(half, r), Math.min(pos[b].x, pos[a].x + Math.max(half, r)));
      const ny = Math.max(pos[a].y + r, Math.min(pos[b].y, pos[a].y + r + below));
      return (nx - pos[b].x) ** 2 + (ny - pos[b].y) ** 2 < reach * reach;
    }));
    if (!clash) return r;
    r = Math.max(minR, r * 0.92);
  }
  return r;
}

/** How many slots the ring has: one per node, plus a gap per group when partitioned. */
export function slotCount(ids: readonly number[], groupOf: readonly number[] | null): number {
  const groups = groupOf ? new Set(ids.map((id) => groupOf[id])).size : 1;
  return ids.length + (groups > 1 ? groups : 0);
}

/** Room (px) under a node's circle for its note; presenter mode passes what its caption and note need. */
export const LABEL_ROOM = 28;
/** Room over a node's circle: its timer arc and the highlight ring. */
const ROOM_ABOVE = 14;

/** The ellipse through the node centres, leaving room for the node, its timer arc and the labels
 *  under it (`below` px past the circle: its note, or in presenter mode a role caption and a note). */
export function ringFor(width: number, height: number, r: number, below = LABEL_ROOM): Ring {
  return {
    rx: Math.max(r, width / 2 - r - 24),
    ry: Math.max(isFlat(width, height) ? FLAT_STEP * r : r, (height - 2 * r - ROOM_ABOVE - below) / 2),
    cy: (ROOM_ABOVE - below) / 2,
  };
}

const at = (ring: Ring, angle: number): Point => ({ x: ring.rx * Math.cos(angle), y: ring.cy + ring.ry * Math.sin(angle) });

/**
 * Ellipse parameters spaced by equal arc length from the top, one per slot: equal angles would
 * crowd the nodes at the ends of a wide ellipse.
 */
function slotParameters(ring: Ring, slots: number): number[] {
  const samples = 720;
  const cumulative = [0];
  let prev = at(ring, -Math.PI / 2);
  for (let i = 1; i <= samples; i++) {
    const p = at(ring, -Math.PI / 2 + (2 * Math.PI * i) / samples);
    cumulative.push(cumulative[i - 1] + Math.hypot(p.x - prev.x, p.y - prev.y));
    prev = p;
  }
  const total = cumulative[samples];
  const out: number[] = [];
  let j = 0;
  for (let slot = 0; slot < slots; slot++) {
    const target = (total * slot) / slots;
    while (j < samples && cumulative[j + 1] < target) j++;
    const span = cumulative[j + 1] - cumulative[j] || 1;
    const frac = (target - cumulative[j]) / span;
    out.push(-Math.PI / 2 + (2 * Math.PI * (j + frac)) / samples);
  }
  return out;
}

/** The ellipse parameter of each node (index = node id); `groupOf` as in NetworkState (null: one group). */
export function ringAngles(ids: readonly number[], groupOf: readonly number[] | null, ring: Ring): number[] {
  const order = groupOf ? [...ids].sort((a, b) => groupOf[a] - groupOf[b] || a - b) : [...ids];
  const params = slotParameters(ring, slotCount(ids, groupOf));
  const out: number[] = [];
  let slot = 0;
  order.forEach((id, i) => {
    // one empty slot between groups when partitioned
    if (i > 0 && groupOf && groupOf[order[i - 1]] !== groupOf[id]) slot++;
    out[id] = params[slot];
    slot++;
  });
  return out;
}

export function ringLayout(ids: readonly number[], groupOf: readonly number[] | null, ring: Ring): Point[] {
  const angles = ringAngles(ids, groupOf, ring);
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
