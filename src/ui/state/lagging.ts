/**
 * The app store as the panels beside and below the cluster see it (views/Deferred.tsx). It follows
 * the store change for change, except that a newly loaded run (a new timeline: the library, a
 * link, the setup form) reaches it only after the frame that shows the new cluster has been
 * painted, so that frame costs the cluster's work and not every panel's. Until then it holds the
 * whole state as it was before the load, so a panel never mixes two runs.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from './store';

type Listener = (state: AppState, previous: AppState) => void;

export function laggingStore(store: StoreApi<AppState>, later: (f: () => void) => () => void): StoreApi<AppState> {
  const listeners = new Set<Listener>();
  /** the state shown while a new run waits for the next paint; null when following the store */
  let held: AppState | null = null;
  let cancel: (() => void) | null = null;
  let upstream: (() => void) | null = null;

  const tell = (state: AppState, previous: AppState) => { for (const l of listeners) l(state, previous); };
  const release = () => {
    cancel = null;
    const previous = held!;
    held = null;
    tell(store.getState(), previous);
  };
  const onChange = (state: AppState, previous: AppState) => {
    if (held) return; // the release brings the newest state
    if (state.timeline !== previous.timeline) {
      held = previous;
      cancel = later(release);
      return;
    }
    tell(state, previous);
  };

  return {
    getState: () => held ?? store.getState(),
    getInitialState: () => store.getInitialState(),
    setState: store.setState,
    subscribe(listener: Listener) {
      listeners.add(listener);
      upstream ??= store.subscribe(onChange);
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0 || !upstream) return;
        upstream();
        upstream = null;
        cancel?.();
        cancel = null;
        held = null;
      };
    },
  };
}
