/**
 * Which messages in flight carry their text label, and how wide a label is: pure geometry, so the
 * cluster view (in SVG or any other layer) only draws what this returns.
 */
import type { Point } from './layout';
import { textEms } from './nodeText';

/** A message's label: its font size, its box's height, and its baseline above the dot (clear of the
 *  glyph, which presenter mode draws 1.9 times larger). The sizes are the stylesheet's (`.message-label`). */
export const LABEL = { fontPx: 10, height: 12, offsetY: -13 };
export const PRESENT_LABEL = { fontPx: 18, height: 22, offsetY: -19 };
/** Past a node's circle: its timer arc (7 px), and the ring drawn round a node the narration names (11 px, 3 px wide). */
const RING_OUT = 13;
/** Air left between two labels, and between a label and a node (px). */
const AIR = 2;


/** A message in flight: its id, where its shape is centred, its label's text, and `glyph`, half the
 *  side of the square its shape (with its outline) is drawn in (px). */
export interface LabelCandidate { id: number; x: number; y: number; text: string; glyph: number }

/**
 * The messages whose labels are drawn: a label that would cover one already placed, a node
 * (its circle, arc and highlight ring, and the caption and note under it, `under` px below its centre),
 * or another message's shape is left out, so every drawn label, everything a node says and every
 * message in flight stays readable. The same candidates in the same order give the same labels.
 */
export function labelsWithoutOverlap(candidates: readonly LabelCandidate[], nodes: readonly Point[], nodeRadius: number,
  under: number, present: boolean): Set<number> {
  const { fontPx, height, offsetY } = present ? PRESENT_LABEL : LABEL;
  const reach = nodeRadius + RING_OUT + AIR;
  const shown: { left: number; right: number; top: number; bottom: number }[] = [];
  const ids = new Set<number>();
  for (const c of candidates) {
    const { id, x, y, text } = c;
    // a Chinese label is about twice as wide as an English one of as many characters
    const half = (textEms(text) * fontPx) / 2 + AIR;
    // the label's box: centred on x, its baseline at y + offsetY (the box reaches about .8 of its height above)
    const top = y + offsetY - 0.8 * height;
    const box = { left: x - half, right: x + half, top, bottom: top + height };
    const nearNode = nodes.some((n) => n !== undefined
      && box.left < n.x + reach && box.right > n.x - reach && box.bottom > n.y - reach && box.top < n.y + under);
    if (nearNode) continue;
    // every message's shape is drawn, labelled or not: a label on another's would hide the shape a
    // reader follows (or be cut by it), so those shapes are obstacles whatever the order, like the
    // nodes. A label may touch its own shape (as presenter mode's baseline has it). n ≤ 12 labelled
    // messages (movingLayer's MAX_LABELLED_MESSAGES): n² box tests a frame, as for the labels.
    if (candidates.some((o) => o !== c
      && box.left < o.x + o.glyph && box.right > o.x - o.glyph && box.top < o.y + o.glyph && box.bottom > o.y - o.glyph)) continue;
    if (shown.some((o) => box.left < o.right && box.right > o.left && box.top < o.bottom && box.bottom > o.top)) continue;
    shown.push(box);
    ids.add(id);
  }
  return ids;
}
