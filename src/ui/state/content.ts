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

/** A loader of one kind of content: at most one load at a time, none once loaded (a failed load may be tried again). */
function onDemand<K extends keyof Content>(key: K, load: () => Promise<NonNullable<Content[K]>>): () => Promise<NonNullable<Content[K]>> {
  let loading: Promise<NonNullable<Content[K]>> | null = null;
  return () => {
    const loaded = contentStore.getState()[key];
    if (loaded) return Promise.resolve(loaded as NonNullable<Content[K]>);
    loading ??= load().then((value) => {
      provideContent({ [key]: value });
      return value;
    }, (e: unknown) => { loading = null; throw e; });
    return loading;
  };
}

export const loadLibrary = onDemand('library', () => import('../../scenario/library').then((m) => m.LIBRARY));
export const loadLessons = onDemand('lessons', () => import('../../scenario/lessons').then((m) => m.LESSONS));

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
