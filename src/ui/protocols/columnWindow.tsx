/**
 * Renders only the columns of a wide log table that are in view, with a margin either side. A
 * long run's table holds up to 200 columns of which the panel shows 20 to 30; building, laying out
 * and painting all of them made a Step on a 1M-event run cost three times what it does with the
 * window. The columns left out are stood for by spacers as wide as they are (`ColumnSkip`), so the
 * table keeps its width and the scroll position its meaning. Short tables render whole.
 */
import { useLayoutEffect, useState, type ReactNode, type RefObject } from 'react';

/** Tables with at most this many columns render every column (every lesson, most scenarios). */
const ALL_UP_TO = 64;
/** Windows start and end on multiples of this, so a small scroll re-renders nothing. */
const CHUNK = 8;
/** Columns shown before the first measurement: the newest ones, where the table opens. */
const FIRST_GUESS = 48;

/** Which columns to render: so many from the table's end (while it follows the newest), or a fixed range. */
type View = { tail: number } | { from: number; to: number };

/** A row's cells for the columns in the window (`render` per column), a spacer on either side for the rest. */
export interface ColumnWindow<T> { map(render: (column: T) => ReactNode): ReactNode[] }

/** `table` is the `.log-table` (its first row the head, whose cells are `.log-index`) inside a scrolling `.panel-body`. */
export function useColumnWindow<T>(table: RefObject<HTMLElement | null>, columns: readonly T[]): ColumnWindow<T> {
  const [view, setView] = useState<View>({ tail: FIRST_GUESS });
  const count = columns.length;
  const { from, to } = range(view, count);

  useLayoutEffect(() => {
    const el = table.current;
    const box = el?.closest<HTMLElement>('.panel-body');
    if (!el || !box || count <= ALL_UP_TO) return;
    const measure = () => {
      // not laid out (a hidden panel, jsdom): the window stays as it is
      const next = wanted(el, box, from, count);
      if (next) setView((v) => (covers(range(v, count), next.need) ? v : next.view));
    };
    measure();
    let frame = 0;
    const later = () => { cancelAnimationFrame(frame); frame = requestAnimationFrame(measure); };
    box.addEventListener('scroll', later, { passive: true });
    const resize = new ResizeObserver(later);
    resize.observe(box);
    resize.observe(el);
    return () => { cancelAnimationFrame(frame); box.removeEventListener('scroll', later); resize.disconnect(); };
  }, [table, from, count]);

  // (a short table's range is all of it)
  const shown = from === 0 && to === count ? columns : columns.slice(from, to);
  return {
    map: (render) => [<ColumnSkip key="before" columns={from} />, ...shown.map(render), <ColumnSkip key="after" columns={count - to} />],
  };
}

function range(view: View, count: number): { from: number; to: number } {
  if (count <= ALL_UP_TO) return { from: 0, to: count };
  if ('tail' in view) return { from: Math.max(0, count - view.tail), to: count };
  // the table shrank under the window (a seek back in time): the same width of columns at its end
  if (view.to > count) return { from: Math.max(0, count - (view.to - view.from)), to: count };
  return { from: view.from, to: view.to };
}

const covers = (r: { from: number; to: number }, need: { from: number; to: number }) => r.from <= need.from && r.to >= need.to;

/**
 * The columns in view now, measured from the head row's rendered cells, and the window to render
 * for them: the view plus as many columns again either side.
 */
function wanted(el: HTMLElement, box: HTMLElement, from: number, count: number): { view: View; need: { from: number; to: number } } | null {
  const heads = el.querySelector('.log-row')?.querySelectorAll<HTMLElement>('.log-index');
  // fewer than two columns rendered: nothing to measure by, so start again from the newest
  if (!heads || heads.length < 2) return { view: { tail: FIRST_GUESS }, need: { from: -1, to: count + 1 } };
  const x0 = heads[0].getBoundingClientRect().left;
  const pitch = heads[1].getBoundingClientRect().left - x0;
  if (!(pitch > 0)) return null;
  const lead = el.querySelector<HTMLElement>('.log-lead')?.getBoundingClientRect().width ?? 0;
  const b = box.getBoundingClientRect();
  const firstInView = Math.max(0, from + Math.floor((b.left + lead - x0) / pitch));
  const lastInView = Math.min(count, from + Math.ceil((b.right - x0) / pitch));
  const margin = Math.max(CHUNK, lastInView - firstInView);
  // half a margin of slack before the window moves: scrolling a little re-renders nothing
  const need = { from: Math.max(0, firstInView - (margin >> 1)), to: Math.min(count, lastInView + (margin >> 1)) };
  const start = Math.max(0, Math.floor((firstInView - margin) / CHUNK) * CHUNK);
  const atEnd = box.scrollLeft + box.clientWidth >= box.scrollWidth - 4;
  if (atEnd) return { view: { tail: count - start }, need };
  return { view: { from: start, to: Math.min(count, Math.ceil((lastInView + margin) / CHUNK) * CHUNK) }, need };
}

/** Stands for `columns` columns left out of a row: as wide as they and the gaps between them. */
function ColumnSkip({ columns }: { columns: number }) {
  if (columns <= 0) return null;
  return <span className="log-skip" aria-hidden="true" style={{ ['--skip' as string]: columns }} />;
}

/** A column head's digits when there are five or more: the stylesheet draws such numbers smaller to fit their column. */
export const wideIndex = (index: number): number | undefined => (index >= 10_000 ? String(index).length : undefined);
