// @vitest-environment jsdom
/**
 * The protocol panels show what the run did, in each case where they once contradicted it: the
 * value a Paxos proposer really sends in phase 2, chosen Multi-Paxos slots, a down Raft node's
 * committed entries, commit marks, and the cells that break an invariant.
 */
import { act as reactAct, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MultiPaxosObserver } from '../../src/protocols/multi-paxos/observer';
import type { MultiPaxosNode } from '../../src/protocols/multi-paxos/types';
import type { RaftNode } from '../../src/protocols/raft/types';
import { libraryEntry } from '../../src/scenario/library';
import { runScenario } from '../../src/scenario/run';
import type { Simulation } from '../../src/sim/engine';
import { I18nProvider } from '../../src/ui/i18n/context';
import { en } from '../../src/ui/i18n/en';
import { fittedRowHeight } from '../../src/ui/protocols/fitRows';
import { PROTOCOL_VIEWS } from '../../src/ui/protocols';
import { renderApp, usePageInJsdom } from './support/render-app';

usePageInJsdom();

function renderPanel(sim: Simulation) {
  const Panel = PROTOCOL_VIEWS[sim.scenario.protocol].Panel;
  return render(<I18nProvider lang="en"><Panel sim={sim} events={sim.stats.events} /></I18nProvider>);
}

const row = (id: number | 'cluster') => document.querySelector<HTMLElement>(`[data-log-row="${id}"]`)!;
const cell = (id: number | 'cluster', index: number) => row(id).querySelector<HTMLElement>(`[data-log-index="${index}"]`)!;
const slot = (id: number | 'cluster', s: number) => row(id).querySelector<HTMLElement>(`[data-slot="${s}"]`)!;

describe('Basic Paxos acceptor table', () => {
  it('shows the value S5 proposes in phase 2 and that it adopted it, in "a later proposer must adopt the chosen value"', () => {
    const entry = libraryEntry('paxos-value-hijacking');
    renderPanel(runScenario(entry.scenario, entry.moment.at));
    const proposes = row(5).querySelector('.proposes')!;
    expect(proposes.textContent).toMatch(/^A in \(\d+, S5\)/);
    expect(proposes.querySelector('[data-source]')!.getAttribute('data-source')).toBe('adopted');
    expect(proposes.textContent).toContain('adopted from a promise (vote A in (1, S1))');
    expect(proposes.textContent).toContain('asked to propose B');
  });

  it('shows the same proposer sending its own B, ignoring the reported vote, with the ignore-accepted-value bug', () => {
    const entry = libraryEntry('paxos-value-hijacking-ignore-accepted-value-bug');
    renderPanel(runScenario(entry.scenario, entry.moment.at));
    const proposes = row(5).querySelector('.proposes')!;
    expect(proposes.textContent).toMatch(/^B in \(\d+, S5\)/);
    expect(proposes.querySelector('[data-source]')!.getAttribute('data-source')).toBe('ignored');
    expect(proposes.textContent).toContain("its own value, ignoring a promise's vote A in (1, S1)");
    // B chosen after A: the votes for B are marked, and the cluster row says what was chosen first
    expect(row(5).querySelector('.is-conflict')).not.toBeNull();
    expect(row('cluster').textContent).toContain('A, chosen at');
  });

  it('says a proposer with no reported vote proposes its own value, in "Basic Paxos: one proposer"', () => {
    const entry = libraryEntry('paxos-one-proposer');
    renderPanel(runScenario(entry.scenario, entry.moment.at));
    expect(row(1).querySelector('[data-source]')!.getAttribute('data-source')).toBe('own');
    expect(document.querySelector('.is-conflict')).toBeNull();
  });
});

describe('Multi-Paxos slot grid', () => {
  it('draws slots chosen by a majority as chosen on every node holding the value, before the nodes learn it, and a Chosen row', () => {
    // "a new leader fills a gap with a no-op": the first moment slots 0-2 are all chosen
    const sim = runScenario(libraryEntry('multi-paxos-leader-fails-noop-gap').scenario, 0);
    const observer = sim.observer as unknown as MultiPaxosObserver;
    const allChosen = () => [0, 1, 2].every((s) => observer.chosenAt(s) !== null);
    while (!allChosen()) expect(sim.step()).toBe(true);
    const nodes = sim.nodes as MultiPaxosNode[];
    const leader = sim.nodeIds.find((id) => sim.up[id] && nodes[id].role === 'leader')!;
    // the moment the narration says "a, no-op, c is chosen", the leader has not counted every Accepted yet
    expect(nodes[leader].durable.firstUnchosen).toBeLessThan(3);
    renderPanel(sim);
    for (const s of [0, 1, 2]) expect(slot(leader, s).dataset.status).toBe('chosen');
    expect([0, 1, 2].map((s) => slot('cluster', s).textContent)).toEqual(['a', 'no-op', 'c']);
    // S1, down, still holds b in slot 1: a vote that was never chosen
    expect(slot(1, 1).dataset.status).toBe('accepted');
    expect(slot(1, 1).textContent).toContain('b');
    // each row marks how far its node knows the chosen prefix
    for (const id of sim.nodeIds) {
      const known = nodes[id].durable.firstUnchosen;
      const mark = row(id).querySelectorAll('.is-commit-mark');
      expect(mark).toHaveLength(1);
      expect(mark[0].getAttribute('data-slot')).toBe(known > 0 ? String(known - 1) : null);
    }
  });

  it('marks the slot where the ignore-promised-values bug chose a second value', () => {
    const entry = libraryEntry('multi-paxos-ignore-promised-values-bug');
    const sim = runScenario(entry.scenario, 900);
    const first = sim.violations[0];
    expect(first.invariant).toBe('Consistency');
    const at = Number(/^Slot (\d+)/.exec(first.detail)![1]);
    renderPanel(sim);
    expect(slot('cluster', at).classList.contains('is-conflict')).toBe(true);
    const marked = [...document.querySelectorAll('.is-conflict[data-slot]')].map((e) => Number(e.getAttribute('data-slot')));
    expect(new Set(marked)).toEqual(new Set([at]));
  });
});

describe('Raft logs', () => {
  const bug = libraryEntry('raft-figure-8-commit-previous-term-bug');

  it('keeps a down node\'s committed entries drawn committed and tags the row down, in Figure 8 with the bug', () => {
    const sim = runScenario(bug.scenario, 600);
    expect(sim.up[1]).toBe(false);
    renderPanel(sim);
    const s1 = row(1);
    expect(s1.classList.contains('is-down')).toBe(true);
    expect(s1.textContent).toContain(en.down);
    // S1 holds x=1 at index 1, which the cluster committed: solid, although S1 lost its commitIndex
    expect(cell(1, 1).classList.contains('is-committed')).toBe(true);
    expect(cell(1, 1).classList.contains('is-uncommitted')).toBe(false);
  });

  it('puts a commit mark on every up row at its commitIndex and shows nextIndex and matchIndex as numbers', () => {
    const sim = runScenario(libraryEntry('raft-figure-8').scenario, 600);
    renderPanel(sim);
    const nodes = sim.nodes as RaftNode[];
    const leader = sim.leader()!;
    for (const id of sim.nodeIds) {
      if (!sim.up[id]) continue;
      const marks = row(id).querySelectorAll('.is-commit-mark');
      expect(marks).toHaveLength(1);
      const c = nodes[id].commitIndex;
      expect(marks[0].getAttribute('data-log-index')).toBe(c > 0 ? String(c) : null);
      const stats = [...row(id).querySelectorAll('.log-stat')].map((e) => e.textContent);
      expect(stats[0]).toBe(String(c));
      if (id !== leader) expect(stats.slice(1)).toEqual([String(nodes[leader].nextIndex[id]), String(nodes[leader].matchIndex[id])]);
    }
  });

  it('marks the entries that break the invariants, and none in the run without the bug', () => {
    const sim = runScenario(bug.scenario, 600);
    renderPanel(sim);
    // S5 was elected without the committed x=2 at index 2, then committed x=3 there
    expect(cell(5, 2).classList.contains('is-conflict')).toBe(true);
    expect(cell('cluster', 2).classList.contains('is-conflict')).toBe(true);
    expect(cell('cluster', 2).textContent).toContain('x=2');
    expect(cell(5, 1).classList.contains('is-conflict')).toBe(false);
    document.body.innerHTML = '';
    renderPanel(runScenario(libraryEntry('raft-figure-8').scenario, 1500));
    expect(document.querySelector('.is-conflict')).toBeNull();
  });

  it('marks every row, the cluster row and each cell for the narration to point at', () => {
    const sim = runScenario(bug.scenario, 600);
    renderPanel(sim);
    expect([...document.querySelectorAll('[data-log-row]')].map((e) => e.getAttribute('data-log-row')))
      .toEqual(['1', '2', '3', '4', '5', 'cluster']);
    expect(cell(5, 3).textContent).toContain('x=5');
  });
});

describe('the violation notice', () => {
  const bug = libraryEntry('raft-figure-8-commit-previous-term-bug');
  const first = runScenario(bug.scenario, 1500).violations[0];

  it('shows when the moment on screen is reached by seeking past a violation, and goes when seeking before it', () => {
    const store = renderApp(bug.scenario);
    expect(screen.queryByRole('alert')).toBeNull();
    reactAct(() => store.getState().seek(first.time + 50));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(`Invariant ${first.invariant}`);
    expect(alert.textContent).not.toContain('Playback stopped');
    reactAct(() => store.getState().seek(first.time - 1));
    expect(screen.queryByRole('alert')).toBeNull();
    reactAct(() => store.getState().seek(first.time));
    expect(screen.getByRole('alert').textContent).toContain(first.invariant);
  });

  it('shows after Previous lands on the violation, and Dismiss hides it until the moment is before it again', () => {
    const store = renderApp(bug.scenario);
    reactAct(() => store.getState().seek(first.time + 1));
    reactAct(() => store.getState().stepBack());
    expect(store.getState().frame.timeMs).toBeGreaterThanOrEqual(first.time);
    fireEvent.click(screen.getByRole('button', { name: en.dismiss }));
    expect(screen.queryByRole('alert')).toBeNull();
    reactAct(() => store.getState().seek(first.time + 30));
    expect(screen.queryByRole('alert')).toBeNull();
    reactAct(() => store.getState().seek(0));
    reactAct(() => store.getState().seek(first.time + 30));
    expect(screen.getByRole('alert').textContent).toContain(first.invariant);
  });
});

describe('fitting rows into the panel', () => {
  const sizes = { natural: 36, twoLines: 30, least: 16 };
  it('keeps the natural height when there is room, shrinks to fit, and turns to one line below two lines\' height', () => {
    expect(fittedRowHeight(1000, 7, 3, sizes)).toEqual({ height: 36, lines: 2 });
    expect(fittedRowHeight(7 * 31 + 6 * 3, 7, 3, sizes)).toEqual({ height: 31, lines: 2 });
    expect(fittedRowHeight(11 * 22 + 10 * 3, 11, 3, sizes)).toEqual({ height: 22, lines: 1 });
    expect(fittedRowHeight(50, 11, 3, sizes)).toEqual({ height: 16, lines: 1 });
  });
});
