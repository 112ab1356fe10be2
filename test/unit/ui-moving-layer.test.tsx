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

const handleIds = () => [...document.querySelectorAll('[data-message-id]')].map((e) => Number(e.getAttribute('data-message-id')));

describe('the moving layer', () => {
  it('a frame without an event moves the marks, and renders no node again', () => {
    const store = renderApp();
    act(() => store.getState().seek(1000));
    // a moment with messages on the wire and room before the next event
    let sim = store.getState().frame.sim;
    while (sim.inFlight.size === 0 || usToMs(sim.nextTimeUs()) - sim.timeMs < 1) {
      act(() => { store.getState().stepForward(); });
      sim = store.getState().frame.sim;
    }
    const gap = usToMs(sim.nextTimeUs()) - sim.timeMs;
    expect(handleIds()).toEqual([...sim.inFlight.values()].map((m) => m.id));
    const handles = [...document.querySelectorAll('[data-message-id]')];
    const dots = [...document.querySelectorAll('.cluster-svg .message')];
    expect(dots).toHaveLength(sim.inFlight.size);
    const placedBefore = dots.map((d) => d.getAttribute('transform'));
    const arcsBefore = [...document.querySelectorAll('.node-timer')].map((p) => p.getAttribute('d'));
    const looks = vi.spyOn(PROTOCOL_VIEWS.raft, 'node');
    const events = store.getState().frame.events;
    act(() => { store.getState().advance(gap / 2, false); });
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
