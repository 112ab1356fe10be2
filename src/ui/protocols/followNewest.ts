/**
 * Keeps a wide table scrolled to its right end (the newest log entries or slots) as a run grows,
 * unless the user has scrolled it away from there; scrolling back to the end follows again.
 */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/** How near (px) the right end counts as "at the end". */
const END_SLACK = 4;

/** `table` is inside a scrolling panel body; the hook scrolls that body after every render and resize. */
export function useFollowNewest(table: RefObject<HTMLElement | null>): void {
  const follow = useRef(true);
  useEffect(() => {
    const el = table.current;
    const box = el?.closest<HTMLElement>('.panel-body');
    if (!el || !box) return;
    const onScroll = () => { follow.current = box.scrollLeft + box.clientWidth >= box.scrollWidth - END_SLACK; };
    box.addEventListener('scroll', onScroll, { passive: true });
    // the cells change width when the panel fits its rows to a new box: stay at the end
    const resize = new ResizeObserver(() => { if (follow.current) toEnd(box); });
    resize.observe(el);
    return () => { box.removeEventListener('scroll', onScroll); resize.disconnect(); };
  }, [table]);
  useLayoutEffect(() => {
    const box = table.current?.closest<HTMLElement>('.panel-body');
    if (box && follow.current) toEnd(box);
  });
}

function toEnd(box: HTMLElement): void {
  const end = box.scrollWidth - box.clientWidth;
  if (end > 0 && Math.abs(box.scrollLeft - end) > 1) box.scrollLeft = end;
}
