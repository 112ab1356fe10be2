/**
 * The store as the deferred panels see it (src/ui/state/lagging.ts): every change at once, but a
 * newly loaded run only once the frame showing its cluster has been painted (here: when the test
 * runs the waiting work), and never a mix of two runs.
 */
import { describe, expect, it } from 'vitest';
import { laggingStore } from '../../src/ui/state/lagging';
import { createAppStore, type AppState } from '../../src/ui/state/store';

const OTHER = { version: 1 as const, protocol: 'raft' as const, nodes: 3, seed: 7, events: [] };

function setUp() {
  const store = createAppStore();
  const waiting: (() => void)[] = [];
  const later = (f: () => void) => { waiting.push(f); return () => { waiting.splice(waiting.indexOf(f), 1); }; };
  const lagging = laggingStore(store, later);
  const told: AppState[] = [];
  const unsubscribe = lagging.subscribe((s) => { told.push(s); });
  const paint = () => { for (const f of waiting.splice(0)) f(); };
  return { store, lagging, told, unsubscribe, paint, waiting };
}

describe('the lagging store', () => {
  it('passes on a change within the run at once', () => {
    const { store, lagging, told } = setUp();
    store.getState().seek(300);
    expect(told).toHaveLength(1);
    expect(lagging.getState().frame.timeMs).toBe(300);
    expect(lagging.getState()).toBe(store.getState());
  });

  it('holds the old run whole until the paint, then passes on the newest state', () => {
    const { store, lagging, told, paint } = setUp();
    const before = store.getState();
    store.getState().load(OTHER, 0);
    store.getState().seek(120); // a change within the new run while it waits
    expect(told).toHaveLength(0);
    expect(lagging.getState()).toBe(before);
    expect(lagging.getState().scenario.nodes).toBe(5);
    paint();
    expect(told).toHaveLength(1);
    expect(lagging.getState()).toBe(store.getState());
    expect(lagging.getState().scenario.nodes).toBe(3);
    expect(lagging.getState().frame.timeMs).toBe(120);
  });

  it('acts on the store itself', () => {
    const { store, lagging, paint } = setUp();
    store.getState().load(OTHER, 0);
    lagging.getState().select({ kind: 'node', id: 2 });
    expect(store.getState().selection).toEqual({ kind: 'node', id: 2 });
    paint();
    expect(lagging.getState().selection).toEqual({ kind: 'node', id: 2 });
  });

  it('stops waiting when its last listener leaves, and follows the store again', () => {
    const { store, lagging, unsubscribe, waiting } = setUp();
    store.getState().load(OTHER, 0);
    expect(waiting).toHaveLength(1);
    unsubscribe();
    expect(waiting).toHaveLength(0);
    expect(lagging.getState()).toBe(store.getState());
  });
});
