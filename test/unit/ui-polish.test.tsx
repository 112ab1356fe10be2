// @vitest-environment jsdom
/** Audit fixes in jsdom: event log wording, knob labels, the link menu, fault labels, scrubber keys. */
import { act as reactAct, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/sim/types';
import { DEFAULT_SCENARIO } from '../../src/ui/state/store';
import { scrubberTarget } from '../../src/ui/views/scrubberKeys';
import { stackLabels } from '../../src/ui/views/SpaceTime';
import { renderApp, usePageInJsdom } from './support/render-app';

usePageInJsdom();

describe('event log', () => {
  it('says nothing happened before the run starts, and that no record matches a filter that matches none', async () => {
    const store = renderApp();
    expect(screen.getByText('Nothing has happened yet. Press Play or Step.')).toBeTruthy();
    reactAct(() => store.getState().seek(1000));
    // the dock takes a moment a frame after the stage (detailsRelay.ts)
    await waitFor(() => expect(document.querySelector('.event-log-count')!.textContent).toMatch(/^([1-9]\d*) of \1 records$/));
    fireEvent.change(screen.getByRole('combobox', { name: 'Kind' }), { target: { value: 'violation' } });
    expect(screen.getByText('No record matches this filter.')).toBeTruthy();
    expect(screen.queryByText('Nothing has happened yet. Press Play or Step.')).toBeNull();
    expect(document.querySelector('.event-log-count')!.textContent).toMatch(/^0 of \d+ records$/);
  });
});

describe('setup knobs', () => {
  it.each([
    ['en', 'raft', ['Election timeout min (ms)', 'electionTimeout.min'], ['Heartbeat interval (ms)', 'heartbeatInterval'], ['Max entries per AppendEntries', 'maxEntriesPerAppend']],
    ['zh', 'raft', ['选举超时下限（毫秒）', 'electionTimeout.min'], ['心跳间隔（毫秒）', 'heartbeatInterval'], ['每个 AppendEntries 最多条目数', 'maxEntriesPerAppend']],
    ['en', 'paxos', ['Retry timeout min (ms)', 'retryTimeout.min'], ['Retry timeout max (ms)', 'retryTimeout.max']],
    ['en', 'multi-paxos', ['Election timeout max (ms)', 'electionTimeout.max'], ['Max slots per catch-up', 'maxCatchup']],
  ] as const)('%s %s: every knob has a label and keeps its name', (lang, protocol, ...fields) => {
    renderApp({ ...DEFAULT_SCENARIO, protocol } as Scenario, lang);
    for (const [label, name] of fields) expect(screen.getByLabelText(label).getAttribute('name')).toBe(name);
    // no field is labelled with its knob's raw name
    for (const field of document.querySelectorAll('.setup .field')) {
      const name = field.querySelector('input, select')!.getAttribute('name')!.split('.')[0];
      expect(field.querySelector('span')!.textContent).not.toContain(name);
    }
  });
});

describe('link menu', () => {
  it('offers Cut on a working link and Restore only on a cut one', () => {
    renderApp();
    const open = () => fireEvent.click(document.querySelector('[data-link="1-2"] .link-hit')!);
    open();
    let menu = within(screen.getByRole('menu'));
    expect(menu.getByRole('menuitem', { name: 'Cut' })).toBeTruthy();
    expect(menu.queryByRole('menuitem', { name: 'Restore' })).toBeNull();
    fireEvent.click(menu.getByRole('menuitem', { name: 'Cut' }));
    open();
    menu = within(screen.getByRole('menu'));
    expect(menu.getByRole('menuitem', { name: 'Restore' })).toBeTruthy();
    expect(menu.queryByRole('menuitem', { name: 'Cut' })).toBeNull();
  });
});

describe('space-time fault labels', () => {
  it('stack when they would cover each other, and stay on the bottom row otherwise', () => {
    const placed = stackLabels([{ x: 100, text: 'Partition' }, { x: 100, text: 'Heal' }, { x: 300, text: 'Heal' }, { x: 105, text: 'Heal' }]);
    expect(placed.map((l) => [l.x, l.text, l.row])).toEqual([[100, 'Partition', 0], [100, 'Heal', 1], [105, 'Heal', 2], [300, 'Heal', 0]]);
  });
});

describe('scrubber keys', () => {
  it('move by 1% of the run (arrows), 10% (Page Up and Down), to the ends (Home, End), within the run', () => {
    expect(scrubberTarget('ArrowRight', 500, 2000)).toBe(520);
    expect(scrubberTarget('ArrowLeft', 500, 2000)).toBe(480);
    expect(scrubberTarget('ArrowUp', 500, 2000)).toBe(520);
    expect(scrubberTarget('PageDown', 100, 2000)).toBe(0);
    expect(scrubberTarget('PageUp', 1950, 2000)).toBe(2000);
    expect(scrubberTarget('Home', 700, 2000)).toBe(0);
    expect(scrubberTarget('End', 700, 2000)).toBe(2000);
    expect(scrubberTarget('a', 700, 2000)).toBeNull();
  });
});
