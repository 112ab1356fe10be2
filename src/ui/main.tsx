import { StrictMode, useCallback } from 'react';
import { createRoot } from 'react-dom/client';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Lang } from '../protocols/explain';
import { App } from './App';
import { followHashChanges, followScenarioInAddressBar, storeFromLocation } from './boot';
import { I18nProvider } from './i18n/context';
import { contentForLink, contentStore, loadLibrary, mayBeLibraryRun } from './state/content';
import { runAhead } from './state/runAhead';
import { prepareStepBackAhead } from './state/stepBackAhead';
import { selectLang, type AppState } from './state/store';
import './styles.css';
import './teaching.css';


/** The language lives in the store (a link's &lang= sets it; the address bar carries it). */
function Root({ store }: { store: StoreApi<AppState> }) {
  const lang = useStore(store, selectLang);
  const onLang = useCallback((next: Lang) => store.getState().setView({ lang: next }), [store]);
  return (
    <I18nProvider lang={lang} onLang={onLang}>
      <App store={store} />
    </I18nProvider>
  );
}

/**
 * Open the link, then render. A link naming a lesson, or a run that may be a library entry's,
 * first loads those texts (content.ts), so the first paint already shows their words.
 *
 * Where start-up goes (production build, 1280x720, no link; Chromium trace, CPU time of the
 * page's main thread to the first node in the DOM, on a machine at load 10-17, so figures vary
 * by a tenth): the document ~40 ms; the script's parse off the main thread ~110 ms; evaluating
 * the modules ~130-160 ms (React DOM's own set-up, zod's and xstate's classes, the catalogues;
 * d3-scale-chromatic's 27 interpolated schemes were 10-25 ms of it before palettes.ts); start()
 * (the store, the default run at 0, the first localStorage read) a few ms; the first render and
 * commit 139 ms with every panel, 81 ms when the protocol's panel, the tools and the details
 * waited for the first paint (views/Deferred.tsx; the protocol's panel renders with the cluster
 * again, for its data-log-row rows). In all: 356-364 ms before, about 300 after.
 * `npm run bench` first-render at load 13-17: 2430 ms before, 1388 ms after (the wall clock of a
 * busy machine is mostly waiting for a core).
 */
async function start(): Promise<void> {
  await contentForLink(location.hash);
  const store = storeFromLocation(location.hash);
  if (mayBeLibraryRun(store.getState().scenario) && !contentStore.getState().library) await loadLibrary().catch(() => undefined);
  followScenarioInAddressBar(store);
  followHashChanges(store);
  prepareStepBackAhead(store);
  runAhead(store);
  // otherwise the pickers fetch their lists once the page is on screen (LibraryPicker, LessonPicker)
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Root store={store} />
    </StrictMode>,
  );
}

void start();
