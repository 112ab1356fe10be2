// @vitest-environment jsdom
/**
 * The scrubber's marks (the scenario's events) sit at their share of the run. Playing on past the
 * scenario's end moves that end every frame: the marks keep their scale until the run stops (a
 * re-render and a repaint every frame otherwise), then take the new one.
 */
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/ui/state/store';
import { renderApp, usePageInJsdom } from './support/render-app';

usePageInJsdom();

describe('the scrubber\'s marks', () => {
  it('keep their place while the run plays past its end, and move to the new scale when it stops', () => {
    const store = renderApp({ ...DEFAULT_SCENARIO, until: 1000, events: [{ at: 500, type: 'crash', node: 2 }] });
    act(() => store.getState().seek(990));
    const mark = () => document.querySelector<HTMLElement>('.scrubber-marks .mark')!;
    expect(mark().style.left).toBe('50%');
    // playing on to 2 s: the end moves every frame, the mark stays
    for (let i = 0; i < 60; i++) act(() => { store.getState().advance(17, false); });
    expect(store.getState().frame.timeMs).toBeGreaterThan(1900);
    expect(mark().style.left).toBe('50%');
    // stopped: the mark is at its share of the longer run
    act(() => store.getState().publishDetails());
    const share = (100 * 500) / Math.ceil(store.getState().frame.timeMs);
    expect(Number.parseFloat(mark().style.left)).toBeCloseTo(share, 3);
  });
});
