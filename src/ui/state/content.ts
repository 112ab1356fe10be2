/**
 * The guided lessons and the scenario library are most of the page's text (about 160 KB of
 * source): each is a chunk of its own, loaded on demand with import(), not with the page. A link
 * that names a lesson or a library run waits for it before the page first renders (main.tsx), so
 * no wrong words show first; otherwise the pickers load them once the page is on screen.
 */
import { createStore } from 'zustand/vanilla';
import { findEntryOf } from '../../scenario/library/find';
import type { LibraryEntry } from '../../scenario/library/types';
import type { Lesson } from '../../scenario/lessons/types';
import type { Scenario } from '../../sim/types';
import { fragmentParams } from '../../scenario/link';

/** What is loaded so far (null: not yet). */
export interface Content {
  library: readonly LibraryEntry[] | null;
  lessons: readonly Lesson[] | null;
}

export const contentStore = createStore<Content>()(() => ({ library: null, lessons: null }));

/** Hand over content already at hand (the unit tests import the modules themselves). */
export function provideContent(content: Partial<Content>): void {
  contentStore.setState(content);
}

let libraryLoad: Promise<readonly LibraryEntry[]> | null = null;
let lessonsLoad: Promise<readonly Lesson[]> | null = null;

/** Load the library once (a failed load may be tried again). */
export function loadLibrary(): Promise<readonly LibraryEntry[]> {
  const loaded = contentStore.getState().library;
  if (loaded) return Promise.resolve(loaded);
  libraryLoad ??= import('../../scenario/library').then(({ LIBRARY }) => {
    provideContent({ library: LIBRARY });
    return LIBRARY;
  }, (e: unknown) => { libraryLoad = null; throw e; });
  return libraryLoad;
}

/** Load the lessons once (a failed load may be tried again). */
export function loadLessons(): Promise<readonly Lesson[]> {
  const loaded = contentStore.getState().lessons;
  if (loaded) return Promise.resolve(loaded);
  lessonsLoad ??= import('../../scenario/lessons').then(({ LESSONS }) => {
    provideContent({ lessons: LESSONS });
    return LESSONS;
  }, (e: unknown) => { lessonsLoad = null; throw e; });
  return lessonsLoad;
}

/** The lessons if loaded, else none. */
export const loadedLessons = (): readonly Lesson[] => contentStore.getState().lessons ?? [];

/** The library entry a scenario was opened from (its meta title names it), once the library is loaded. */
export function libraryEntryOf(scenario: Scenario, library = contentStore.getState().library): LibraryEntry | undefined {
  return library ? findEntryOf(library, scenario) : undefined;
}

/** Could this scenario be a library run (it carries a meta title)? Then its words come from the library. */
export const mayBeLibraryRun = (scenario: Scenario): boolean => typeof scenario.meta?.title === 'string';

/**
 * What a link names that is not loaded yet: the lessons, if it names one. Null when nothing is
 * missing, so that a link is then opened at once.
 */
export function contentForLink(hash: string): Promise<unknown> | null {
  if (fragmentParams(hash).lesson === undefined || contentStore.getState().lessons) return null;
  // a failed load opens the link anyway: boot then says the lesson is unknown
  return loadLessons().catch(() => undefined);
}
