/**
 * Fits a protocol panel's rows (the head, one per node, the cluster row) into the box the page
 * gives the panel: each row is as tall as the box allows, up to a natural size, so no row is cut
 * off and there is no vertical scroll; long logs scroll sideways inside the panel instead. Below
 * a height the cells drop to one line (term and command side by side). Presenter mode keeps rows
 * tall enough for 18 px text.
 */
import { useLayoutEffect, type RefObject } from 'react';

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

/** The legend goes in the panel's title line when it fits there on one line, else over the table. */
function placeLegend(body: HTMLElement): void {
  const legend = body.querySelector<HTMLElement>('.panel-legend');
  const panel = body.parentElement;
  const title = panel?.querySelector('.panel-title');
  if (!legend || !panel || !title) return;
  const words = document.createRange();
  words.selectNodeContents(title);
  const titleWidth = typeof words.getBoundingClientRect === 'function' ? words.getBoundingClientRect().width : 0; // (jsdom has none)
  legend.dataset.place = 'title';
  if (legend.offsetWidth > panel.clientWidth - titleWidth - 40) legend.dataset.place = 'body';
}

/** `table` is the panel's grid of rows inside the scrolling `.panel-body`; `rows` counts its rows. */
export function useFitRows(table: RefObject<HTMLElement | null>, rows: number): void {
  useLayoutEffect(() => {
    const el = table.current;
    const body = el?.closest<HTMLElement>('.panel-body');
    if (!el || !body) return;
    // the page may size the panel's box by the rows it must hold
    body.parentElement?.style.setProperty('--protocol-rows', String(rows));
    let frame = 0;
    const later = () => { cancelAnimationFrame(frame); frame = requestAnimationFrame(fit); };
    const resize = new ResizeObserver(later);
    const fit = () => {
      // the legend's items come and go with the run (nextIndex, the snapshot mark…): a legend in the
      // title line sits out of the flow, so its growing moves nothing else and must be watched itself
      // (observing an element again is a no-op; a legend rendered anew is picked up here)
      const legend = body.querySelector<HTMLElement>('.panel-legend');
      if (legend) resize.observe(legend);
      const sizes = document.documentElement.hasAttribute('data-present') ? PRESENT : NORMAL;
      // measuring at another size must not move the sideways scroll (the newest entries stay in view)
      const atEnd = body.scrollLeft + body.clientWidth >= body.scrollWidth - 4;
      const scrolled = body.scrollLeft;
      // measure the box at the natural size: a panel sized by its content then takes all it may
      el.style.setProperty('--row-h', `${sizes.natural}px`);
      el.dataset.lines = '2';
      placeLegend(body);
      const style = getComputedStyle(body);
      const space = body.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
        - (el.offsetTop - body.offsetTop - parseFloat(style.paddingTop)) // the legend line above the table
        - 6; // the cluster row's rule and padding
      const gap = parseFloat(getComputedStyle(el).rowGap) || 0;
      const { height, lines } = fittedRowHeight(space, rows, gap, sizes);
      el.style.setProperty('--row-h', `${height}px`);
      el.dataset.lines = String(lines);
      body.scrollLeft = atEnd ? body.scrollWidth : scrolled;
    };
    // a resize may come from our own fit: the observer answers it on the next frame, not inside itself
    fit();
    resize.observe(body);
    // what sits over the table (the legend, a status line) may grow without the box changing: the
    // table's own container grows then, and the rows must fit again
    if (el.parentElement && el.parentElement !== body) resize.observe(el.parentElement);
    const present = new MutationObserver(later);
    present.observe(document.documentElement, { attributes: true, attributeFilter: ['data-present'] });
    // a font that arrives late (the CJK one is large) widens the legend: place it again
    const fonts = typeof document.fonts?.addEventListener === 'function' ? document.fonts : null;
    fonts?.addEventListener('loadingdone', later);
    return () => { cancelAnimationFrame(frame); resize.disconnect(); present.disconnect(); fonts?.removeEventListener('loadingdone', later); };
  }, [table, rows]);
}
