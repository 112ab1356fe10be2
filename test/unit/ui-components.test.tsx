// @vitest-environment jsdom
/** The page's parts in jsdom: setup errors, language, the event log, links on load. */
import { act as reactAct, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { encodeLink } from '../../src/scenario/link';
import { runScenario } from '../../src/scenario/run';
import type { Scenario } from '../../src/sim/types';
import { storeFromLocation } from '../../src/ui/boot';
import { en } from '../../src/ui/i18n/en';
import { zh } from '../../src/ui/i18n/zh';
import { DEFAULT_SCENARIO } from '../../src/ui/state/store';
import { renderApp, usePageInJsdom } from './support/render-app';

usePageInJsdom();

describe('page', () => {
  it('marks every node and the status as CONTRACT §5 says', () => {
    const store = renderApp();
    const nodes = document.querySelectorAll('[data-node-id]');
    expect(nodes).toHaveLength(5);
    for (const n of nodes) {
      expect(n.getAttribute('data-up')).toBe('true');
      expect(n.getAttribute('data-role')).toBe('follower');
      expect(n.getAttribute('data-term')).toBe('0');
    }
    const status = screen.getByTestId('sim-status');
    reactAct(() => store.getState().seek(1000));
    expect(status.getAttribute('data-time')).toBe('1000');
    expect(status.getAttribute('data-trace-hash')).toBe(runScenario(DEFAULT_SCENARIO, 1000).traceHash);
    expect(Number(status.getAttribute('data-events'))).toBe(store.getState().frame.events);
    for (const name of ['Play', 'Pause', 'Step', 'Share']) expect(screen.getByRole('button', { name })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Pause' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Play' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('an invalid setting shows an alert naming the field and starts nothing', () => {
    const store = renderApp();
    const nodes = document.querySelector('input[name="nodes"]') as HTMLInputElement;
    fireEvent.change(nodes, { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: en.newRun }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/^nodes: /);
    expect(nodes.getAttribute('aria-invalid')).toBe('true');
    expect(store.getState().scenario).toBe(DEFAULT_SCENARIO);
    const min = document.querySelector('input[name="electionTimeout.min"]') as HTMLInputElement;
    fireEvent.change(nodes, { target: { value: '3' } });
    fireEvent.change(min, { target: { value: '-5' } });
    fireEvent.click(screen.getByRole('button', { name: en.newRun }));
    expect(screen.getByRole('alert').textContent).toMatch(/^config\.electionTimeout\.min: /);
    fireEvent.change(min, { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: en.newRun }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().scenario).toMatchObject({ nodes: 3, config: { electionTimeout: { min: 100, max: 300 } } });
  });

  it('the setup form starts over from a newly loaded run, in the same elements', () => {
    const store = renderApp();
    const nodes = document.querySelector('input[name="nodes"]') as HTMLInputElement;
    fireEvent.change(nodes, { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: en.newRun }));
    expect(screen.getByRole('alert').textContent).toMatch(/^nodes: /);
    const next: Scenario = { version: 1, protocol: 'raft', nodes: 3, seed: 9, events: [], network: { latency: { min: 20, max: 40 } } };
    reactAct(() => store.getState().load(next, 0));
    expect(document.querySelector('input[name="nodes"]')).toBe(nodes);
    expect(nodes.value).toBe('3');
    expect((document.querySelector('input[name="seed"]') as HTMLInputElement).value).toBe('9');
    expect((document.querySelector('input[name="latency.min"]') as HTMLInputElement).value).toBe('20');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(nodes.getAttribute('aria-invalid')).toBeNull();
  });

  it('speaks Simplified Chinese when asked', () => {
    renderApp(DEFAULT_SCENARIO, 'zh');
    expect(screen.getByRole('button', { name: zh.play })).toBeTruthy();
    expect(screen.getByText(zh.clusterTitle)).toBeTruthy();
  });

  it('the event log explains what happened and jumps to it', async () => {
    const store = renderApp();
    reactAct(() => { for (let i = 0; i < 12; i++) store.getState().stepForward(); });
    // the dock takes a moment a frame after the stage (detailsRelay.ts)
    await waitFor(() => expect(document.querySelectorAll('.event-row').length).toBeGreaterThan(0));
    const rows = document.querySelectorAll('.event-row');
    // following the newest: the rows in view are the last ones, each with its reason in words
    expect(rows[rows.length - 1].querySelector('.event-text')!.textContent).toMatch(/^S\d (sends|receives|has)/);
    expect(Number(rows[rows.length - 1].querySelector('.event-time')!.textContent)).toBeCloseTo(store.getState().frame.timeMs, 0);
    const first = rows[0] as HTMLElement;
    fireEvent.click(first);
    const t = Number(first.querySelector('.event-time')!.textContent);
    expect(store.getState().frame.timeMs).toBeCloseTo(t, 0);
  });
});

describe('opening a link', () => {
  it('opens a #s= link at &t=', () => {
    const scenario: Scenario = { ...DEFAULT_SCENARIO, nodes: 3, seed: 9 };
    const store = storeFromLocation(encodeLink(scenario, 750));
    expect(store.getState().scenario).toEqual(scenario);
    expect(store.getState().frame.timeMs).toBe(750);
    expect(store.getState().frame.traceHash).toBe(runScenario(scenario, 750).traceHash);
    expect(store.getState().loadProblem).toBeNull();
  });

  it('a bad link is a problem naming the field, and the default scenario opens', () => {
    const store = storeFromLocation('#s=garbage');
    expect(store.getState().loadProblem?.field).toBe('link');
    expect(store.getState().scenario).toEqual(DEFAULT_SCENARIO);
    const invalid = storeFromLocation(encodeLink({ ...DEFAULT_SCENARIO, seed: -1 }));
    expect(invalid.getState().loadProblem).toMatchObject({ field: 'seed' });
    expect(invalid.getState().loadProblem!.detail.en).toMatch(/^seed: /);
  });
});
