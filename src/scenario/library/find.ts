/** Finding a library entry by what a scenario carries, in any list of entries (the page loads the library on demand). */
import type { LibraryEntry } from './types';

/**
 * The entry a scenario was opened from, known by its protocol and meta title (a share link carries
 * both; acting on the run forks it and keeps them). Undefined for any other run.
 */
export function findEntryOf(entries: readonly LibraryEntry[], scenario: { protocol: string; meta?: { title?: unknown } }): LibraryEntry | undefined {
  const title = scenario.meta?.title;
  if (typeof title !== 'string') return undefined;
  return entries.find((e) => e.protocol === scenario.protocol && e.scenario.meta?.title === title);
}
