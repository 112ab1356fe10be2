/** Esc anywhere, or a press outside the box, dismisses what the box holds (a menu, a popover). */
import { useEffect, useRef, type RefObject } from 'react';

export function useDismiss(box: RefObject<HTMLElement | null>, open: boolean, dismiss: () => void): void {
  // the latest callback, so the listeners stay as they are while the box is open
  const latest = useRef(dismiss);
  latest.current = dismiss;
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') latest.current(); };
    const onPress = (e: PointerEvent) => { if (!box.current?.contains(e.target as Node)) latest.current(); };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPress);
    return () => { window.removeEventListener('keydown', onKey); window.removeEventListener('pointerdown', onPress); };
  }, [box, open]);
}
