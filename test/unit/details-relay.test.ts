import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, DEFAULT_SCENARIO } from '../../src/ui/state/store';
import { detailsRelay } from '../../src/ui/state/detailsRelay';

/** Animation frames run by hand. */
function manualFrames() {
  const queue: (() => void)[] = [];
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => { queue.push(f); return queue.length; });
  return () => { for (const f of queue.splice(0)) f(); };
}

afterEach(() => { vi.unstubAllGlobals(); });

describe('the details relay', () => {
  it('hands a moment published by a click to the dock and the sidebar a frame after the stage', () => {
    const frame = manualFrames();
    const store = createAppStore();
    const relay = detailsRelay(store);
    const before = store.getState().details;
    store.getState().stepForward();
    const now = store.getState().details;
    expect(now).not.toBe(before);
    expect(relay.getState()).toEqual({ lag1: before, lag2: before });
    // the frame that paints the stage after the click: the dock and the sidebar still show the moment before
    frame();
    expect(relay.getState()).toEqual({ lag1: before, lag2: before });
    frame();
    expect(relay.getState()).toEqual({ lag1: now, lag2: now });
  });

  it('relays only the latest of moments published within a frame', () => {
    const frame = manualFrames();
    const store = createAppStore();
    const relay = detailsRelay(store);
    store.getState().stepForward();
    store.getState().stepForward();
    const latest = store.getState().details;
    frame();
    frame();
    expect(relay.getState()).toEqual({ lag1: latest, lag2: latest });
  });

  it('hands a new run or an act to every panel at once (no panel reads one timeline against another)', () => {
    manualFrames();
    const store = createAppStore();
    const relay = detailsRelay(store);
    store.getState().load({ ...DEFAULT_SCENARIO, seed: 7 });
    expect(relay.getState()).toEqual({ lag1: store.getState().details, lag2: store.getState().details });
    store.getState().seek(500);
    store.getState().act([{ type: 'crash', node: 1 }]);
    expect(relay.getState().lag1).toBe(store.getState().details);
    expect(relay.getState().lag2).toBe(store.getState().details);
  });

  it('hands a moment published while playing to every panel in the same frame, and marks it as playback', () => {
    manualFrames();
    const store = createAppStore();
    const relay = detailsRelay(store);
    store.getState().advance(400, true);
    expect(store.getState().frame.playing).toBe(true);
    expect(relay.getState()).toEqual({ lag1: store.getState().details, lag2: store.getState().details });
    // paused: the moment shown is no longer a moment of playback
    store.getState().publishDetails();
    expect(store.getState().frame.playing).toBe(false);
    store.getState().stepForward();
    expect(store.getState().frame.playing).toBe(false);
  });
});
