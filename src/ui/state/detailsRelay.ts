/**
 * The text panels off the stage (the dock's event log and space-time diagram, the sidebar and the
 * toolbar) take a moment published by a click (Step, Previous, the scrubber) one animation frame
 * after the stage does: the first frame painted after the click shows the cluster, its logs and
 * the clock, and the rest follow in the next, ~17 ms later. (`lag1` and `lag2` name the dock's
 * and the sidebar's share; they move together now, and a panel keeps its own.)
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
    // a click publishes between frames: the next frame paints the stage alone, the dock and the
    // sidebar take the moment in the frame after it (so it is done before a second click's frame)
    nextFrame(() => nextFrame(() => { if (n === latest) r.setState({ lag1: d, lag2: d }); }));
  });
  relays.set(store, r);
  return r;
}
