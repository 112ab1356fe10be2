/**
 * Fits a protocol panel's rows (the head, one per node, the cluster row) into the box the page
 * gives the panel: each row is as tall as the box allows, up to a natural size, so no row is cut
 * off and there is no vertical scroll; long logs scroll sideways inside the panel instead. Below
 * a height the cells drop to one line (term and command side by side). Presenter mode keeps rows
 * tall enough for 18 px text.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';

/** Row heights in CSS px: natural size, least height for two lines, least height at all. */
interface RowSizes { natural: number; twoLines: number; least: number }
const NORMAL: RowSizes = { natural: 36, twoLines: 30, least: 16 };
const PRESENT: RowSizes = { natural: 50, twoLines: 44, least: 25 };

/** The row height that fits `rows` rows (with `gap` between them) into `space` px. */
export function fittedRowHeight(space: number, rows: number, gap: number, sizes: RowSizes): { height: number; lines: 1 | 2 } {
  const each = Math.floor((space - gap * (rows - 1)) / rows);
  const height = Math.max(sizes.least, Math.min(sizes.natural, each));
  return { height, lines: height >= sizes.twoLines ? 2 : 1 };
}

/** The legend's width on one line, and what it was measured for (its words, presenter mode). */
interface LegendWidth { key: string; width: number }

/**
 * The legend goes in the panel's title line when it fits there on one line, else over the table.
 * Its width on one line is measured in the title line (moving it there and back costs the panel two
 * layouts), so it is measured again only when its words or presenter mode change; returns what
 * was measured.
 */
function placeLegend(body: HTMLElement, known: LegendWidth | null): LegendWidth | null {
  const legend = body.querySelector<HTMLElement>('.panel-legend');
  const panel = body.parentElement;
  const title = panel?.querySelector('.panel-title');
  if (!legend || !panel || !title) return known;
  const key = `${document.documentElement.hasAttribute('data-present')}|${legend.textContent}`;
  let width = known?.key === key ? known.width : null;
  if (width === null) {
    legend.dataset.place = 'title';
    width = legend.offsetWidth;
  }
  const words = document.createRange();
  words.selectNodeContents(title);
  const titleWidth = typeof words.getBoundingClientRect === 'function' ? words.getBoundingClientRect().width : 0; // (jsdom has none)
  legend.dataset.place = width > panel.clientWidth - titleWidth - 40 ? 'body' : 'title';
  return { key, width };
}

/**
 * What a fit measured: the room for the rows and the gap between them, in one presenter mode, and
 * whether the rows at their natural size filled the room exactly: the box is then sized by its
 * rows (a panel stacked under the cluster, up to its cap), and more rows would make it grow.
 */
interface Room { space: number; gap: number; present: boolean; byContent: boolean }

/**
 * `table` is the panel's grid of rows inside the scrolling `.panel-body`; `rows` counts its rows.
 * The box is watched for as long as the panel is mounted. A run with another number of nodes takes
 * its row height from the room the last fit measured, without reading the layout: the frame then
 * lays the page out once, at the new height. (Measuring at once cost the load's task three layouts,
 * 4-7 ms of a 10 ms handler: the new rows at the old height, at the natural one, then at the
 * fitted one to restore the sideways scroll.) If the room changed with the run, its box's observer
 * fits the rows again after that frame's layout.
 */
export function useFitRows(table: RefObject<HTMLElement | null>, rows: number): void {
  // the count a fit uses, whatever started it (a resize, presenter mode, a new run)
  const rowsNow = useRef(rows);
  const fitFromRoom = useRef<(() => void) | null>(null);
  useLayoutEffect(() => {
    const el = table.current;
    const body = el?.closest<HTMLElement>('.panel-body');
    if (!el || !body) return;
    let frame = 0;
    const later = () => { cancelAnimationFrame(frame); frame = requestAnimationFrame(fit); };
    const resize = new ResizeObserver(later);
    let legendWidth: LegendWidth | null = null;
    let room: Room | null = null;
    const sizesNow = () => document.documentElement.hasAttribute('data-present') ? PRESENT : NORMAL;
    const apply = (space: number, gap: number, sizes: RowSizes) => {
      const { height, lines } = fittedRowHeight(space, rowsNow.current, gap, sizes);
      el.style.setProperty('--row-h', `${height}px`);
      el.dataset.lines = String(lines);
    };
    const fit = () => {
      // the legend's items come and go with the run (nextIndex, the snapshot mark…): a legend in the
      // title line sits out of the flow, so its growing moves nothing else and must be watched itself
      // (observing an element again is a no-op; a legend rendered anew is picked up here)
      const legend = body.querySelector<HTMLElement>('.panel-legend');
      if (legend) resize.observe(legend);
      const sizes = sizesNow();
      // measuring at another size must not move the sideways scroll (the newest entries stay in view)
      const atEnd = body.scrollLeft + body.clientWidth >= body.scrollWidth - 4;
      const scrolled = body.scrollLeft;
      // measure the box at the natural size: a panel sized by its content then takes all it may
      el.style.setProperty('--row-h', `${sizes.natural}px`);
      el.dataset.lines = '2';
      legendWidth = placeLegend(body, legendWidth);
      const style = getComputedStyle(body);
      const space = body.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
        - (el.offsetTop - body.offsetTop - parseFloat(style.paddingTop)) // the legend line above the table
        - 6; // the cluster row's rule and padding
      const gap = parseFloat(getComputedStyle(el).rowGap) || 0;
      // (the table's natural height has the cluster row's 6 px beyond the rows and gaps)
      room = { space, gap, present: sizes === PRESENT, byContent: Math.abs(el.offsetHeight - 6 - space) <= 1.5 };
      apply(space, gap, sizes);
      const scroll = atEnd ? body.scrollWidth : scrolled;
      if (body.scrollLeft !== scroll) body.scrollLeft = scroll;
    };
    // a resize may come from our own fit: the observer answers it on the next frame, not inside itself
    fit();
    fitFromRoom.current = () => {
      const sizes = sizesNow();
      // a box sized by its rows grows with them: only a fit at the natural size can tell how far
      const known = room && room.present === (sizes === PRESENT)
        && (!room.byContent || fittedRowHeight(room.space, rowsNow.current, room.gap, sizes).height === sizes.natural);
      if (known) apply(room!.space, room!.gap, sizes);
      else fit();
    };
    resize.observe(body);
    // what sits over the table (the legend, a status line) may grow without the box changing: the
    // table's own container grows then, and the rows must fit again
    if (el.parentElement && el.parentElement !== body) resize.observe(el.parentElement);
    const present = new MutationObserver(later);
    present.observe(document.documentElement, { attributes: true, attributeFilter: ['data-present'] });
    // a font that arrives late (the CJK one is large) widens the legend: measure and place it again
    const fonts = typeof document.fonts?.addEventListener === 'function' ? document.fonts : null;
    const fontsLoaded = () => { legendWidth = null; later(); };
    fonts?.addEventListener('loadingdone', fontsLoaded);
    return () => {
      fitFromRoom.current = null;
      cancelAnimationFrame(frame);
      resize.disconnect();
      present.disconnect();
      fonts?.removeEventListener('loadingdone', fontsLoaded);
    };
  }, [table]);
  // another number of rows (a run with another cluster size): the observers stay, the rows fit again
  useLayoutEffect(() => {
    if (rowsNow.current === rows) return;
    rowsNow.current = rows;
    fitFromRoom.current?.();
  }, [rows]);
}
