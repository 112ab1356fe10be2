/**
 * Keeps a wide table scrolled to its right end (the newest log entries or slots) as a run grows,
 * unless the user has scrolled it away from there; scrolling back to the end follows again.
 */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/** How near (px) the right end counts as "at the end". */
const END_SLACK = 4;

/** `table` is inside a scrolling panel body; the hook scrolls that body after every render. */
export function useFollowNewest(table: RefObject<HTMLElement | null>): void {
  const follow = useRef(true);
  useEffect(() => {
    const box = table.current?.closest<HTMLElement>('.panel-body');
    if (!box) return;
    const onScroll = () => { follow.current = box.scrollLeft + box.clientWidth >= box.scrollWidth - END_SLACK; };
    box.addEventListener('scroll', onScroll, { passive: true });
    return () => box.removeEventListener('scroll', onScroll);
  }, [table]);
  useLayoutEffect(() => {
    const box = table.current?.closest<HTMLElement>('.panel-body');
    if (!box || !follow.current) return;
    const end = box.scrollWidth - box.clientWidth;
    if (end > 0 && Math.abs(box.scrollLeft - end) > 1) box.scrollLeft = end;
  });
}
