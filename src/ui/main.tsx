import { StrictMode, useCallback } from 'react';
import { createRoot } from 'react-dom/client';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Lang } from '../protocols/explain';
import { App } from './App';
import { followHashChanges, followScenarioInAddressBar, storeFromLocation } from './boot';
import { I18nProvider } from './i18n/context';
import { selectLang, type AppState } from './state/store';
import './styles.css';
import './teaching.css';

const store = storeFromLocation(location.hash);
followScenarioInAddressBar(store);
followHashChanges(store);

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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root store={store} />
  </StrictMode>,
);
