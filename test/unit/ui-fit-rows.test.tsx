// @vitest-environment jsdom
/**
 * A protocol panel's rows fit its box (protocols/fitRows.ts). jsdom has no layout, so the box is
 * given sizes here, and every read of them is counted: a run with another number of nodes must take
 * its row height from the room already measured, without reading the layout, unless the box is
 * sized by its rows and more rows would make it grow.
 */
import { render } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFitRows } from '../../src/ui/protocols/fitRows';
import { usePageInJsdom } from './support/render-app';

usePageInJsdom();

/** Layout reads of the panel body and the table, counted. */
let reads = 0;
/** The body's inner height; the table's height at the natural row size follows `rows`. */
let bodyHeight = 300;
let contentSized = false;
/** (jsdom's styles know no row-gap: the rows sit without one) */
const ROW_GAP = 0;
const tableHeight = (rows: number) => rows * 36 + (rows - 1) * ROW_GAP + 6;

function Panel({ rows }: { rows: number }) {
  const table = useRef<HTMLDivElement>(null);
  useFitRows(table, rows);
  return (
    <section className="panel">
      <h2 className="panel-title">Logs</h2>
      <div className="panel-body" style={{ padding: 0 }}><div className="log-table" ref={table} data-rows={rows} /></div>
    </section>
  );
}

function measured(get: (el: HTMLElement) => number): PropertyDescriptor {
  return { configurable: true, get(this: HTMLElement) { reads++; return get(this); } };
}

const saved = new Map<string, PropertyDescriptor | undefined>();
beforeEach(() => {
  reads = 0;
  bodyHeight = 300;
  contentSized = false;
  const rowsOf = (el: HTMLElement) => Number(el.querySelector<HTMLElement>('[data-rows]')?.dataset.rows ?? el.dataset.rows ?? 0);
  const props: Record<string, PropertyDescriptor> = {
    clientHeight: measured((el) => el.classList.contains('panel-body') ? (contentSized ? tableHeight(rowsOf(el)) : bodyHeight) : 0),
    clientWidth: measured(() => 800),
    scrollLeft: { configurable: true, get() { reads++; return 0; }, set() { /* no scroll in jsdom */ } },
    scrollWidth: measured(() => 800),
    offsetTop: measured(() => 0),
    offsetHeight: measured((el) => el.classList.contains('log-table') ? tableHeight(rowsOf(el)) : 0),
    offsetWidth: measured(() => 100),
  };
  for (const [name, d] of Object.entries(props)) {
    saved.set(name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name));
    Object.defineProperty(HTMLElement.prototype, name, d);
  }
});
afterEach(() => {
  for (const [name, d] of saved) {
    if (d) Object.defineProperty(HTMLElement.prototype, name, d);
    else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name];
  }
});

const rowHeight = () => document.querySelector<HTMLElement>('.log-table')!.style.getPropertyValue('--row-h');

describe('fitting the rows of a protocol panel', () => {
  it('fits a new node count from the room it measured, without reading the layout again', () => {
    const { rerender } = render(<Panel rows={7} />);
    expect(reads).toBeGreaterThan(0);
    expect(rowHeight()).toBe('36px'); // 300 px hold 7 rows at their natural size
    reads = 0;
    rerender(<Panel rows={9} />);
    expect(reads).toBe(0);
    // 300 px less the cluster row's rule and padding (6), over 9 rows
    expect(rowHeight()).toBe(`${Math.floor((300 - 6 - 8 * ROW_GAP) / 9)}px`);
    rerender(<Panel rows={5} />);
    expect(reads).toBe(0);
    expect(rowHeight()).toBe('36px');
  });

  it('measures again when the box is sized by its rows and more of them would make it grow', () => {
    contentSized = true;
    const { rerender } = render(<Panel rows={7} />);
    expect(rowHeight()).toBe('36px');
    reads = 0;
    rerender(<Panel rows={9} />);
    expect(reads).toBeGreaterThan(0);
    expect(rowHeight()).toBe('36px'); // the box grew with the rows: they keep their natural size
    reads = 0;
    rerender(<Panel rows={5} />); // fewer rows fit in any case: no need to measure
    expect(reads).toBe(0);
    expect(rowHeight()).toBe('36px');
  });
});
