/** The stylesheet that makes what the narration names glow (see highlight.ts). */
import { useApp, useContent } from '../state/context';
import { activeHighlights, highlightCss } from './highlight';

/** The stylesheet of the highlights in force (nothing when there are none). */
export function HighlightStyle() {
  const library = useContent((c) => c.library);
  const list = useApp((s) => activeHighlights(s, library));
  if (list.length === 0) return null;
  return <style data-highlights="">{highlightCss(list)}</style>;
}
