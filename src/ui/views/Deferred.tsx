/**
 * The panels that wait for the stage (App.tsx): the service and history panels, the tools and the
 * details. (The protocol's panel came first too, for a while: its rows, CONTRACT's data-log-row,
 * must be there with the nodes, so it renders with the cluster.)
 * At start-up they render once the page's first frame (the bars and the cluster) has been painted;
 * when a new run is loaded they follow it a frame after the cluster (state/lagging.ts). Anything
 * else they show, they show in the same frame as the rest of the page.
 *
 * Measured (production build, 1280x720, Chromium's trace, CPU time of the page's main thread from
 * navigation to the first node in the DOM, median of 5, machine load 10-12): 364 ms before, 327
 * after; the React render and commit of the first frame 139 -> 81 ms. A library load's frame
 * (trace, wall time under the same load) no longer renders the logs, the tools or the details.
 */
import { memo, useSyncExternalStore, type ComponentType } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { afterPaint, onFirstPaint, pagePainted } from '../afterPaint';
import { StoreContext, useAppStoreApi } from '../state/context';
import { laggingStore } from '../state/lagging';
import type { AppState } from '../state/store';

/** One lagging view per store, shared by every deferred panel, so they follow a new run in one render. */
const lagging = new WeakMap<StoreApi<AppState>, StoreApi<AppState>>();

function laggingOf(store: StoreApi<AppState>): StoreApi<AppState> {
  let view = lagging.get(store);
  if (!view) lagging.set(store, view = laggingStore(store, afterPaint));
  return view;
}

/**
 * `<Deferred panel={EventLog} />`: the panel, drawn from the lagging store. A memo on the panel's
 * type, so the page re-rendering (a run of another protocol) does not redraw it before its turn.
 */
export const Deferred = memo(function Deferred({ panel: Panel }: { panel: ComponentType }) {
  const store = useAppStoreApi();
  // mounted before the first paint (at start-up), it waits for it; mounted later, it renders at once
  const ready = useSyncExternalStore(onFirstPaint, pagePainted);
  if (!ready) return null;
  return <StoreContext.Provider value={laggingOf(store)}><Panel /></StoreContext.Provider>;
});
