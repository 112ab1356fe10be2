/**
 * Opening the page: a `#s=…` link opens that scenario (at `&t=` if given); a bad link is shown
 * as a problem and the default scenario opens instead. Then the address bar follows the scenario.
 */
import type { StoreApi } from 'zustand/vanilla';
import { decodeLink, encodeLink } from '../scenario/link';
import { ScenarioError } from '../scenario/schema';
import { createAppStore, DEFAULT_SCENARIO, type AppState } from './state/store';

export function storeFromLocation(hash: string): StoreApi<AppState> {
  if (!hash || hash === '#') return createAppStore(DEFAULT_SCENARIO);
  try {
    const link = decodeLink(hash);
    return createAppStore(link.scenario, link.time ?? 0);
  } catch (e) {
    const store = createAppStore(DEFAULT_SCENARIO);
    const field = e instanceof ScenarioError ? e.field : 'link';
    store.getState().setLoadProblem({ field, message: (e as Error).message });
    return store;
  }
}

/** Open a link pasted into the address bar of an open page (replaceState never fires hashchange). */
export function followHashChanges(store: StoreApi<AppState>): () => void {
  const onHash = () => {
    const hash = location.hash;
    if (!hash || hash === encodeLink(store.getState().scenario)) return;
    try {
      const link = decodeLink(hash);
      store.getState().load(link.scenario, link.time ?? 0);
      store.getState().setLoadProblem(null);
    } catch (e) {
      const field = e instanceof ScenarioError ? e.field : 'link';
      store.getState().setLoadProblem({ field, message: (e as Error).message });
    }
  };
  window.addEventListener('hashchange', onHash);
  return () => window.removeEventListener('hashchange', onHash);
}

/** Keep the address bar on the current scenario, so reloading or copying the URL keeps the run. */
export function followScenarioInAddressBar(store: StoreApi<AppState>): () => void {
  let last = store.getState().scenario;
  const write = () => history.replaceState(null, '', `${location.pathname}${location.search}${encodeLink(last)}`);
  if (!store.getState().loadProblem) write();
  return store.subscribe((s) => {
    if (s.scenario === last) return;
    last = s.scenario;
    write();
  });
}
