/**
 * The text panels off the stage (the dock's event log and space-time diagram, then the sidebar and
 * the toolbar) take each published moment one or two animation frames after the stage does. The
 * work of a refresh is then spread over three frames instead of landing in one: while playing, no
 * frame carries every panel's re-render; after Step or Previous, the first frame painted shows the
 * cluster, its logs and the clock, and the rest follow within ~30 ms.
 *
 * A new run or an act (the scenario changes) reaches every panel at once: a panel must never read
 * a moment of one timeline against another. So does a moment published while playing: playback
 * publishes only every so many frames (PlaybackDriver.tsx), and one heavier frame in thirty keeps
 * the frames' 95th percentile lean where three in thirty would not.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppState, Details } from './store';

/** How many frames after the stage a panel takes a moment. */
export type DetailsLag = 0 | 1 | 2;

interface Relayed { lag1: Details; lag2: Details }

const relays = new WeakMap<StoreApi<AppState>, StoreApi<Relayed>>();

const nextFrame = (f: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(f);
  else f();
};

export function detailsRelay(store: StoreApi<AppState>): StoreApi<Relayed> {
  let relay = relays.get(store);
  if (relay) return relay;
  const first = store.getState().details;
  const r = createStore<Relayed>()(() => ({ lag1: first, lag2: first }));
  // only the latest publication is relayed: one still waiting for its frame is superseded
  let latest = 0;
  store.subscribe((s, prev) => {
    if (s.details === prev.details) return;
    const d = s.details;
    const n = ++latest;
    if (s.scenario !== prev.scenario || s.timeline !== prev.timeline || s.frame.playing) {
      r.setState({ lag1: d, lag2: d });
      return;
    }
    nextFrame(() => {
      if (n !== latest) return;
      r.setState({ lag1: d });
      nextFrame(() => { if (n === latest) r.setState({ lag2: d }); });
    });
  });
  relays.set(store, r);
  return r;
}
