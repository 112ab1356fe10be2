// @vitest-environment jsdom
/**
 * While the run plays, the space-time strip moves without a write per frame: on each refresh of the
 * panels it is set gliding (a compositor animation) to where the clock will be at the next one; at
 * speeds where that would slide the arrows out of view, each refresh shows its own window, still.
 */
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderApp, usePageInJsdom } from './support/render-app';

usePageInJsdom();

/** jsdom has no Web Animations: record which elements are animated. */
function recordAnimations(): Element[] {
  const animated: Element[] = [];
  Element.prototype.animate = function animate(this: Element) {
    animated.push(this);
    return { cancel() {} } as unknown as Animation;
  };
  return animated;
}
afterEach(() => { delete (Element.prototype as { animate?: unknown }).animate; vi.restoreAllMocks(); });

describe('the space-time strip while playing', () => {
  it('glides between refreshes at a slow speed, and stands still between them at a fast one', () => {
    const animated = recordAnimations();
    const store = renderApp();
    act(() => store.getState().seek(2000));
    const strip = document.querySelector<HTMLElement>('.st-strip')!;
    expect(strip).not.toBeNull();
    const paused = strip.style.transform;
    // slow motion: the strip is set gliding towards the next refresh's moment
    act(() => { store.getState().setSpeed(0.05); store.getState().advance(20, true); });
    expect(animated).toContain(strip);
    expect(strip.style.transform).not.toBe(paused);
    // paused again: placed at the moment shown, no animation
    act(() => store.getState().publishDetails());
    animated.length = 0;
    const stopped = strip.style.transform;
    // real time: the window ending at each refresh, still (no animation runs between refreshes)
    act(() => { store.getState().setSpeed(1); store.getState().advance(20, true); });
    expect(animated).not.toContain(strip);
    expect(strip.style.transform).not.toBe(stopped);
    act(() => { store.getState().advance(16, false); });
    expect(animated).not.toContain(strip);
  });

  it('is set gliding only on the panels\' turn, however long the frames between take (a slow machine)', () => {
    const animated = recordAnimations();
    const store = renderApp();
    act(() => store.getState().seek(2000));
    const strip = document.querySelector<HTMLElement>('.st-strip')!;
    let now = 10_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    act(() => { store.getState().setSpeed(0.05); store.getState().advance(20, true); });
    expect(animated).toContain(strip);
    animated.length = 0;
    const placed = strip.style.transform;
    // frames of 40 ms: twenty of them (800 ms) before the panels' next turn
    for (let i = 0; i < 20; i++) {
      now += 40;
      act(() => { store.getState().advance(40, false); });
    }
    expect(animated).toEqual([]);
    expect(strip.style.transform).toBe(placed);
    now += 40;
    act(() => { store.getState().advance(40, true); });
    expect(animated).toContain(strip);
  });
});
