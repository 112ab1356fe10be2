// @vitest-environment jsdom
/**
 * The address bar follows the run: a change of run is written in the same task, after the page
 * has rendered it (a microtask), once however many changes the task made; a run picked from the
 * library (a long address) once its frame has been painted; nothing after dispose.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeLink } from '../../src/scenario/link';
import { addressFragment, followScenarioInAddressBar } from '../../src/ui/boot';
import { createAppStore } from '../../src/ui/state/store';
import { loadLibrary } from '../../src/ui/state/content';
import type { Scenario } from '../../src/sim/types';

const threeNodes: Scenario = { version: 1, protocol: 'raft', nodes: 3, seed: 7, events: [] };
const fourNodes: Scenario = { version: 1, protocol: 'raft', nodes: 4, seed: 7, events: [] };

describe('the address bar', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('takes a new run in the same task, after what rendered it, once per task', async () => {
    const store = createAppStore();
    const stop = followScenarioInAddressBar(store);
    const writes = vi.spyOn(history, 'replaceState');
    store.getState().load(threeNodes, 0);
    store.getState().load(fourNodes, 0);
    expect(writes).not.toHaveBeenCalled(); // not before the page's render, which follows the handler
    await Promise.resolve();
    expect(writes).toHaveBeenCalledTimes(1);
    expect(location.hash).toBe(addressFragment(store.getState()));
    expect(decodeLink(location.hash).scenario).toMatchObject({ nodes: 4, seed: 7 });
    stop();
  });

  it('writes nothing once it stopped following', async () => {
    const store = createAppStore();
    const stop = followScenarioInAddressBar(store);
    const writes = vi.spyOn(history, 'replaceState');
    store.getState().load(threeNodes, 0);
    stop();
    await Promise.resolve();
    expect(writes).not.toHaveBeenCalled();
  });

  it('takes a run picked from the library after the frame that shows it, and an edit of it at once', async () => {
    const library = await loadLibrary();
    const entry = library.find((e) => e.id === 'raft-split-vote')!;
    const store = createAppStore();
    const stop = followScenarioInAddressBar(store);
    const writes = vi.spyOn(history, 'replaceState');
    store.getState().load(entry.scenario, 0);
    await Promise.resolve();
    expect(writes).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(writes).toHaveBeenCalledTimes(1));
    expect(decodeLink(location.hash).scenario).toEqual(entry.scenario);
    // the same run as a link's copy (or forked by a fault) is not the library's: written at once
    store.getState().load(structuredClone(entry.scenario), 0);
    await Promise.resolve();
    expect(writes).toHaveBeenCalledTimes(2);
    stop();
  });
});
