/**
 * Where a node's texts go: its name, role and term stacked inside the circle so no two lines touch,
 * each line no wider than the circle. On a projector a role too long (or a node too small) for
 * three lines at 18 px becomes a caption under the node, a term too wide for the circle at 18 px
 * (a ballot on a small node) the caption under that, then the node's note. The sizes are the stylesheet's (styles.css,
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
  /** the term's baseline inside the circle, or null when it is a caption */
  term: number | null;
  /** the term's font size inside the circle (shrunk to fit its width) */
  termSize: number;
  termCaption: number | null;
  note: number;
}

/** Ideographs, kana, hangul and full-width forms are square; Latin letters and digits about .58 of an em. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Rough width of a line of text in ems (a label's box on the stage, a role fitted in a node). */
export function textEms(text: string): number {
  let ems = 0;
  for (const c of text) ems += WIDE.test(c) ? 1 : 0.58;
  return ems;
}

/** The largest font size (px) at which `text` (a role or a term) fits across a node of radius r. */
export function roleFit(text: string, r: number): number {
  return (1.6 * r) / Math.max(textEms(text), 1);
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

export function nodeText(role: string, termLabel: string, r: number, present: boolean): NodeText {
  const size = present ? SIZES.present : SIZES.normal;
  const roleSize = Math.min(size.role, roleFit(role, r));
  const termSize = Math.min(size.term, roleFit(termLabel, r));
  const termInside = !present || termSize >= PRESENT_MIN_PX;
  const three = termInside ? [size.name, roleSize, termSize] : [size.name, roleSize];
  const inside = present ? roleSize >= PRESENT_MIN_PX && fits(three, r) : r >= MIN_RADIUS_FOR_ROLE && fits(three, r);
  const lines = stack(inside ? three : three.filter((_, i) => i !== 1));
  // under the circle, one line after another: the role's caption, the term's, then the note
  let top = r + UNDER_ARC;
  const nextCaption = (): number => {
    const baseline = top + ASCENT * size.caption;
    top = baseline + DESCENT * size.caption + LINE_GAP;
    return baseline;
  };
  const caption = present && !inside ? nextCaption() : null;
  const termCaption = termInside ? null : nextCaption();
  return {
    name: lines[0],
    role: inside ? lines[1] : null,
    roleSize,
    caption,
    term: termInside ? lines[lines.length - 1] : null,
    termSize,
    termCaption,
    note: top + ASCENT * size.note,
  };
}

/** How far under a node's circle its labels may reach (two lines in presenter mode: captions or a note). */
export function labelRoom(present: boolean): number {
  const size = present ? SIZES.present : SIZES.normal;
  const lines = present ? [size.caption, size.note] : [size.note];
  return UNDER_ARC + lines.reduce((h, f) => h + (ASCENT + DESCENT) * f, 0) + LINE_GAP * lines.length;
}

/** Room either side of a caption's text on its backdrop (px). */
const BACKDROP_PAD = 4;

/**
 * The box behind a caption or note under a node (centred under it; captions and notes share one
 * size), painted over the links so a link passing under the text does not cross it.
 */
export function captionBackdrop(text: string, baseline: number, present: boolean): { x: number; y: number; width: number; height: number } {
  const f = (present ? SIZES.present : SIZES.normal).note;
  // captions and notes are semi-bold: Latin letters run about a tenth wider
  const width = textEms(text) * f * 1.1 + 2 * BACKDROP_PAD;
  return { x: -width / 2, y: baseline - ASCENT * f - 1, width, height: (ASCENT + DESCENT) * f + 2 };
}
