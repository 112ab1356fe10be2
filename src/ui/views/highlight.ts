/**
 * Narration points at its subject: while a lesson step or a library entry's moment is on screen,
 * what its text names (declared in its `highlight` data) glows on the stage: nodes on the ring,
 * rows, entries and slots of the protocol panel, and messages of a type on the wire. The glow is a
 * stylesheet made from the highlights' selectors, so it reaches elements however and whenever the
 * panels draw them, and costs nothing per frame.
 */
import type { Highlight, LibraryEntry } from '../../scenario/library/types';
import { libraryEntryOf } from '../state/content';
import type { AppState } from '../state/store';

const NONE: readonly Highlight[] = [];

/** What is highlighted now: the lesson step on screen, else the library entry's moment once reached (and the library loaded). */
export function activeHighlights(s: AppState, library?: readonly LibraryEntry[] | null): readonly Highlight[] {
  if (s.lesson) {
    if (s.lesson.status === 'finished') return NONE;
    return s.lesson.lesson.steps[s.lesson.step]?.highlight ?? NONE;
  }
  const entry = libraryEntryOf(s.scenario, library);
  if (entry?.moment.highlight && s.frame.timeMs >= entry.moment.at) return entry.moment.highlight;
  return NONE;
}

/** The elements a highlight points at, as CSS selectors (the CONTRACT §5 and panel hooks). */
export function highlightSelectors(h: Highlight): { ring: string[]; boxes: string[]; messages: string[] } {
  if ('message' in h) {
    let sel = `.message-handle[data-message-type="${h.message}"]`;
    if (h.from !== undefined) sel += `[data-message-from="${h.from}"]`;
    if (h.to !== undefined) sel += `[data-message-to="${h.to}"]`;
    return { ring: [], boxes: [], messages: [sel] };
  }
  if ('slot' in h) {
    const row = h.node === undefined ? '[data-log-row]' : `[data-log-row="${h.node}"]`;
    return { ring: [], boxes: [`${row} [data-slot="${h.slot}"]`], messages: [] };
  }
  if (h.node === undefined) return { ring: [], boxes: [`[data-log-row="cluster"] [data-log-index="${h.entry}"]`], messages: [] };
  if (h.entry !== undefined) return { ring: [], boxes: [`[data-log-row="${h.node}"] [data-log-index="${h.entry}"]`], messages: [] };
  return { ring: [`[data-node-id="${h.node}"]`], boxes: [`[data-log-row="${h.node}"]`], messages: [] };
}

/** Every selector of a highlight, for tests and for finding what it points at. */
export const allSelectors = (h: Highlight): string[] => {
  const s = highlightSelectors(h);
  return [...s.ring, ...s.boxes, ...s.messages];
};

export function highlightCss(list: readonly Highlight[]): string {
  const ring: string[] = [];
  const boxes: string[] = [];
  const messages: string[] = [];
  for (const h of list) {
    const s = highlightSelectors(h);
    ring.push(...s.ring);
    boxes.push(...s.boxes);
    messages.push(...s.messages);
  }
  const rules: string[] = [];
  if (ring.length) {
    rules.push(`${ring.map((r) => `${r} > .node-body`).join(',')} { filter: drop-shadow(0 0 3px var(--highlight)) drop-shadow(0 0 7px var(--highlight)); }`);
    rules.push(`${ring.map((r) => `${r} > .node-highlight`).join(',')} { visibility: visible; }`);
  }
  if (boxes.length) rules.push(`${boxes.join(',')} { outline: 3px solid var(--highlight); outline-offset: 1px; border-radius: 4px; }`);
  // not a message hidden under a node (movingLayer marks its handle): its glow would ring the node's words
  if (messages.length) rules.push(`${messages.map((sel) => `${sel}:not(.is-under-node)`).join(',')} { box-shadow: 0 0 0 3px var(--highlight), 0 0 8px 2px var(--highlight); }`);
  return rules.join('\n');
}
