/**
 * Where a node's texts go: its name, role and term stacked inside the circle so no two lines touch,
 * and on a projector a role too long (or a node too small) for three lines at 18 px becomes a
 * caption under the node, then its note under that. The sizes are the stylesheet's (styles.css,
 * `.node-name` and the rest, normal and `[data-present]`).
 */
const SIZES = {
  normal: { name: 16, role: 11, term: 12, caption: 11, note: 11 },
  present: { name: 20, role: 19, term: 18, caption: 18, note: 18 },
} as const;

/** The smallest text on the stage in presenter mode. */
export const PRESENT_MIN_PX = 18;
/** Smaller nodes show their role by colour only (outside presenter mode). */
const MIN_RADIUS_FOR_ROLE = 32;
/** A line's box reaches this far above its baseline and below it, in ems (DejaVu and Noto alike). */
const ASCENT = 0.95;
const DESCENT = 0.25;
const LINE_GAP = 1;
/** Below the circle: the timer arc (3 to 7 px out) and a little air. */
const UNDER_ARC = 9;
/** The stacked lines keep to the circle's middle, where it is wide enough for them. */
const BLOCK_SHARE = 1.5;

export interface NodeText {
  name: number;
  /** the role's baseline inside the circle, or null when it is a caption or left out */
  role: number | null;
  /** the role's font size inside the circle (shrunk to fit its width) */
  roleSize: number;
  caption: number | null;
  term: number;
  note: number;
}

/** Rough advance of a character in ems: CJK characters are square, Latin ones about half as wide. */
const charEms = (c: string): number => (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 1 : 0.58);

/** The largest font size (px) at which `text` fits across a node of radius r. */
export function roleFit(text: string, r: number): number {
  let ems = 0;
  for (const c of text) ems += charEms(c);
  return (1.6 * r) / Math.max(ems, 1);
}

/** Baselines of lines of these sizes stacked without touching, the whole block centred on 0. */
function stack(sizes: readonly number[]): number[] {
  const height = sizes.reduce((h, f) => h + (ASCENT + DESCENT) * f, 0) + LINE_GAP * (sizes.length - 1);
  let top = -height / 2;
  return sizes.map((f) => {
    const baseline = top + ASCENT * f;
    top = baseline + DESCENT * f + LINE_GAP;
    return baseline;
  });
}

const fits = (sizes: readonly number[], r: number) =>
  sizes.reduce((h, f) => h + (ASCENT + DESCENT) * f, 0) + LINE_GAP * (sizes.length - 1) <= BLOCK_SHARE * r;

export function nodeText(role: string, r: number, present: boolean): NodeText {
  const size = present ? SIZES.present : SIZES.normal;
  const roleSize = Math.min(size.role, roleFit(role, r));
  const three = [size.name, roleSize, size.term];
  const inside = present ? roleSize >= PRESENT_MIN_PX && fits(three, r) : r >= MIN_RADIUS_FOR_ROLE && fits(three, r);
  const caption = present && !inside ? r + UNDER_ARC + ASCENT * size.caption : null;
  const lines = inside ? stack(three) : stack([size.name, size.term]);
  const name = lines[0];
  const roleAt = inside ? lines[1] : null;
  const term = lines[lines.length - 1];
  const noteTop = caption === null ? r + UNDER_ARC : caption + DESCENT * size.caption + LINE_GAP;
  return { name, role: roleAt, roleSize, caption, term, note: noteTop + ASCENT * size.note };
}

/** How far under a node's circle its labels may reach (a caption and a note in presenter mode). */
export function labelRoom(present: boolean): number {
  const size = present ? SIZES.present : SIZES.normal;
  const lines = present ? [size.caption, size.note] : [size.note];
  return UNDER_ARC + lines.reduce((h, f) => h + (ASCENT + DESCENT) * f, 0) + LINE_GAP * lines.length;
}
