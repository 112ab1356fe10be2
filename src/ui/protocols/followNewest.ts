/**
 * Keeps a wide table scrolled to its right end (the newest log entries or slots) as a run grows,
 * unless the user has scrolled it away from there; scrolling back to the end follows again.
 */
import { useEffect, type RefObject } from 'react';

/** How near (px) the right end counts as "at the end". */
const END_SLACK = 4;

/**
 * `table` is inside a scrolling panel body. The body's scroll width changes only when a size
 * does (the table's, the panel content's around it, or the body's own), so the hook scrolls when a
 * ResizeObserver says so, after the browser's own layout: reading the scroll width after every
 * render instead forced a layout in the middle of every frame that published the panels.
 */
export function useFollowNewest(table: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = table.current;
    const box = el?.closest<HTMLElement>('.panel-body');
    if (!el || !box) return;
    let follow = true;
    const onScroll = () => { follow = box.scrollLeft + box.clientWidth >= box.scrollWidth - END_SLACK; };
    box.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(() => { if (follow) toEnd(box); });
    for (const watched of new Set([el, box, ...box.children])) resize.observe(watched);
    return () => { box.removeEventListener('scroll', onScroll); resize.disconnect(); };
  }, [table]);
}

function toEnd(box: HTMLElement): void {
  const end = box.scrollWidth - box.clientWidth;
  if (end > 0 && Math.abs(box.scrollLeft - end) > 1) box.scrollLeft = end;
}
