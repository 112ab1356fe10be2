// @vitest-environment jsdom
/**
 * What moves every frame (timer arcs, messages and their handles) is drawn outside React: a frame
 * in which no event happens moves the marks without re-rendering the cluster's nodes, and every
 * message in flight keeps one element with its id (CONTRACT §5), reused from frame to frame.
 */
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VIEWS } from '../../src/ui/protocols';
import { usToMs } from '../../src/sim/time';
import { renderApp, usePageInJsdom } from './support/render-app';

usePageInJsdom();
afterEach(() => { vi.restoreAllMocks(); });

/** A moment of the default run with messages on the wire and room before the next event. */
function momentWithMessages(store: ReturnType<typeof renderApp>) {
  act(() => store.getState().seek(1000));
  let sim = store.getState().frame.sim;
  while (sim.inFlight.size === 0 || usToMs(sim.nextTimeUs()) - sim.timeMs < 1) {
    act(() => { store.getState().stepForward(); });
    sim = store.getState().frame.sim;
  }
  return sim;
}

/** jsdom has no canvas: a 2D context that counts the calls made to it. */
function recordCanvas() {
  const counts: Record<string, number> = {};
  const ctx = new Proxy({}, {
    get: (_, name: string) => (name === 'measureText' ? () => ({ width: 10 }) : (...args: unknown[]) => { counts[name] = (counts[name] ?? 0) + 1; return args && undefined; }),
    set: () => true,
  });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => ctx as unknown as CanvasRenderingContext2D);
  // a message is a copy of its look's bitmap (or, shrinking away, a path filled)
  return { calls: () => ({ arc: counts.arc ?? 0, marks: (counts.drawImage ?? 0) + (counts.fill ?? 0) }) };
}

const handleIds = () => [...document.querySelectorAll('[data-message-id]')].map((e) => Number(e.getAttribute('data-message-id')));

describe('the moving layer', () => {
  it('a frame without an event moves the marks, and renders no node again', () => {
    const store = renderApp();
    const sim = momentWithMessages(store);
    const gap = usToMs(sim.nextTimeUs()) - sim.timeMs;
    expect(handleIds()).toEqual([...sim.inFlight.values()].map((m) => m.id));
    const handles = [...document.querySelectorAll('[data-message-id]')];
    const dots = [...document.querySelectorAll('.cluster-svg .message')];
    expect(dots).toHaveLength(sim.inFlight.size);
    const placedBefore = dots.map((d) => d.getAttribute('transform'));
    const arcsBefore = [...document.querySelectorAll('.node-timer')].map((p) => p.getAttribute('d'));
    const looks = vi.spyOn(PROTOCOL_VIEWS.raft, 'node');
    const events = store.getState().frame.events;
    // a moment shown without playing (as Step or the scrubber show one)
    act(() => { store.getState().seek(sim.timeMs + gap / 2); });
    expect(store.getState().frame.events).toBe(events);
    // the nodes' looks were not asked for again: the cluster did not re-render
    expect(looks).not.toHaveBeenCalled();
    // the messages flew on and the timers ran down, on the same elements
    const after = [...document.querySelectorAll('.cluster-svg .message')];
    expect(after).toEqual(dots);
    expect(after.map((d) => d.getAttribute('transform'))).not.toEqual(placedBefore);
    expect([...document.querySelectorAll('.node-timer')].map((p) => p.getAttribute('d'))).not.toEqual(arcsBefore);
    expect([...document.querySelectorAll('[data-message-id]')]).toEqual(handles);
  });

  it('while the run plays, a frame draws on the canvas and changes no element; stopped, the elements are back', () => {
    const canvas = recordCanvas();
    const store = renderApp();
    const sim = momentWithMessages(store);
    const gap = usToMs(sim.nextTimeUs()) - sim.timeMs;
    const handles = [...document.querySelectorAll('[data-message-id]')];
    const looks = vi.spyOn(PROTOCOL_VIEWS.raft, 'node');
    act(() => { store.getState().advance(gap / 3, false); });
    expect(store.getState().frame.playing).toBe(true);
    const drawn = canvas.calls();
    // every timer ring and every message was drawn on the canvas
    expect(drawn.arc).toBeGreaterThanOrEqual(sim.nodeIds.filter((id) => sim.up[id]).length);
    expect(drawn.marks).toBeGreaterThanOrEqual(sim.inFlight.size);
    // the SVG marks are gone and the timers hidden; the handles are the same elements, placed over
    // their dots, letting clicks through to the canvas
    expect(document.querySelectorAll('.cluster-svg .message')).toHaveLength(0);
    expect(document.querySelector('.node-timers')!.getAttribute('display')).toBe('none');
    expect([...document.querySelectorAll('[data-message-id]')]).toEqual(handles);
    const placedAt = handles.map((h) => (h as HTMLElement).style.transform);
    expect(placedAt.every((t) => t.startsWith('translate('))).toBe(true);
    expect(document.querySelector('.message-handles')!.classList.contains('is-moving')).toBe(true);
    // the next frame of playback: drawn again, and still no element written
    const watch = new MutationObserver(() => undefined);
    watch.observe(document.querySelector('.cluster-stage')!, { subtree: true, attributes: true, childList: true, characterData: true });
    act(() => { store.getState().advance(gap / 3, false); });
    expect(watch.takeRecords()).toEqual([]);
    expect(handles.map((h) => (h as HTMLElement).style.transform)).toEqual(placedAt);
    // the panels' turn (PlaybackDriver's every thirtieth frame): the handles follow their dots on it
    act(() => { store.getState().advance(gap / 12, false); });
    expect(handles.map((h) => (h as HTMLElement).style.transform)).toEqual(placedAt);
    act(() => { store.getState().advance(gap / 12, true); });
    expect(store.getState().frame.refresh).toBe(true);
    expect(handles.map((h) => (h as HTMLElement).style.transform)).not.toEqual(placedAt);
    expect(canvas.calls().marks).toBeGreaterThan(drawn.marks);
    expect(looks).not.toHaveBeenCalled();
    // paused: the marks are elements again, placed, and the canvas gone (few messages)
    act(() => { store.getState().publishDetails(); });
    expect(store.getState().frame.playing).toBe(false);
    expect(document.querySelectorAll('.cluster-svg .message')).toHaveLength(store.getState().frame.sim.inFlight.size);
    expect(document.querySelector('.node-timers')!.hasAttribute('display')).toBe(false);
    expect(document.querySelector('.message-handles')!.classList.contains('is-moving')).toBe(false);
    expect(document.querySelector('.cluster-canvas')).toBeNull();
  });

  it('an event re-renders the nodes and the handles follow the messages in flight', () => {
    const store = renderApp();
    act(() => store.getState().seek(1000));
    const looks = vi.spyOn(PROTOCOL_VIEWS.raft, 'node');
    for (let i = 0; i < 20; i++) {
      act(() => { store.getState().stepForward(); });
      const sim = store.getState().frame.sim;
      expect(handleIds()).toEqual([...sim.inFlight.values()].map((m) => m.id));
      expect(document.querySelectorAll('.cluster-svg .message')).toHaveLength(sim.inFlight.size);
    }
    expect(looks).toHaveBeenCalled();
  });
});
