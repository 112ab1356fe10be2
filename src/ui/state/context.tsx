/** React access to the app store and the playback actor. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { ActorRefFrom } from 'xstate';
import { selectDetails, type AppState, type Details } from './store';
import { detailsRelay, type DetailsLag } from './detailsRelay';
import type { playbackMachine } from './playback';
import { contentStore, type Content } from './content';

export const StoreContext = createContext<StoreApi<AppState> | null>(null);
export const PlaybackContext = createContext<ActorRefFrom<typeof playbackMachine> | null>(null);

export function useAppStoreApi(): StoreApi<AppState> {
  const store = useContext(StoreContext);
  if (!store) throw new Error('StoreContext is missing');
  return store;
}

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

export function usePlayback(): ActorRefFrom<typeof playbackMachine> {
  const actor = useContext(PlaybackContext);
  if (!actor) throw new Error('PlaybackContext is missing');
  return actor;
}

/**
 * The state for text-heavy panels: re-renders when an event is published, not every frame. Panels
 * off the stage pass a lag (detailsRelay.ts), to take it a frame or two after the stage.
 */
export function useSimAtEvent(lag: DetailsLag = 0): Details {
  const store = useAppStoreApi();
  const now = useStore(store, lag === 0 ? selectDetails : selectNothing);
  const relayed = useStore(detailsRelay(store), lag === 0 ? selectNothing : lag === 1 ? selectLag1 : selectLag2);
  return (now ?? relayed)!;
}
const selectNothing = (): null => null;
const selectLag1 = (r: { lag1: Details }) => r.lag1;
const selectLag2 = (r: { lag2: Details }) => r.lag2;

/** The lessons and the library loaded so far (content.ts): re-renders when they arrive. */
export function useContent<T>(selector: (c: Content) => T): T {
  return useStore(contentStore, selector);
}
