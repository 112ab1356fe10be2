import { StrictMode, useCallback } from 'react';
import { createRoot } from 'react-dom/client';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Lang } from '../protocols/explain';
import { App } from './App';
import { followHashChanges, followScenarioInAddressBar, storeFromLocation } from './boot';
import { I18nProvider } from './i18n/context';
import { contentForLink, contentStore, loadLibrary, mayBeLibraryRun } from './state/content';
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
 */
async function start(): Promise<void> {
  await contentForLink(location.hash);
  const store = storeFromLocation(location.hash);
  if (mayBeLibraryRun(store.getState().scenario) && !contentStore.getState().library) await loadLibrary().catch(() => undefined);
  followScenarioInAddressBar(store);
  followHashChanges(store);
  // otherwise the pickers fetch their lists once the page is on screen (LibraryPicker, LessonPicker)
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Root store={store} />
    </StrictMode>,
  );
}

void start();
