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
    // where the hook last scrolled to: a scroll event that comes after the table grew but before the
    // observer has answered finds the box short of its new end, yet still where it was put
    let put = Infinity;
    const onScroll = () => { follow = box.scrollLeft >= Math.min(box.scrollWidth - box.clientWidth, put) - END_SLACK; };
    box.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(() => { if (follow) put = toEnd(box, el); });
    for (const watched of new Set([el, box, ...box.children])) resize.observe(watched);
    return () => { box.removeEventListener('scroll', onScroll); resize.disconnect(); };
  }, [table]);
}

/**
 * Scrolls to the end, with room after the last column so that the end leaves no column half hidden
 * under the rows' sticky heads: a cut cell showed a fragment of its words ("=1" for x=1, "→L" for
 * c3→L, "12" for v12) that read as a value of its own.
 */
function toEnd(box: HTMLElement, table: HTMLElement): number {
  const pad = parseFloat(table.style.paddingRight) || 0;
  const bare = box.scrollWidth - pad - box.clientWidth; // the end without the room
  let room = 0;
  const lead = table.querySelector('.log-lead');
  const heads = table.querySelector('.log-row')?.querySelectorAll('.log-index');
  if (bare > 0 && lead && heads?.length) {
    const b = box.getBoundingClientRect();
    const from = b.left + box.clientLeft - box.scrollLeft; // content x 0 on screen
    const seen = lead.getBoundingClientRect().right - b.left - box.clientLeft; // where the cells show from, in the box
    for (const h of heads) {
      const at = h.getBoundingClientRect().left - from - seen; // the scroll that puts this column first
      if (at >= bare - 0.5) { room = Math.max(0, at - bare); break; }
    }
  }
  if (Math.abs(room - pad) > 0.5) table.style.paddingRight = room > 0 ? `${room.toFixed(1)}px` : '';
  const end = box.scrollWidth - box.clientWidth;
  if (end > 0 && Math.abs(box.scrollLeft - end) > 1) box.scrollLeft = end;
  return box.scrollLeft;
}
