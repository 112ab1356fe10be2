/**
 * Narration points at its subject: every highlight a lesson step or a library entry declares names
 * something that is there at that moment (a node of the cluster, an entry in that node's log or in
 * the cluster's committed row, a slot on the grid, a message of that type on the wire), and the
 * page's highlight selectors reach the hooks the panels carry.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS, replayStep, type Highlight } from '../../src/scenario/lessons';
import { LIBRARY, libraryEntryOf } from '../../src/scenario/library';
import { runScenario } from '../../src/scenario/run';
import type { Simulation } from '../../src/sim/engine';
import { decidedCount } from '../../src/ui/state/breakpoints';
import { activeHighlights, allSelectors, highlightCss } from '../../src/ui/views/highlight';
import { createAppStore } from '../../src/ui/state/store';

/** Why a highlight names nothing at this moment, or null when it is there. */
function missing(h: Highlight, sim: Simulation): string | null {
  const n = sim.nodeIds.length;
  const logOf = (id: number) => (sim.nodes[id] as { durable: { log: unknown[] } }).durable.log;
  if ('message' in h) {
    const found = [...sim.inFlight.values()].some((m) => m.type === h.message && !m.lost
      && (h.from === undefined || m.from === h.from) && (h.to === undefined || m.to === h.to));
    return found ? null : `no ${h.message} on the wire`;
  }
  if (h.node !== undefined && !(Number.isInteger(h.node) && h.node >= 1 && h.node <= n)) return `no node S${h.node}`;
  if ('slot' in h) {
    if (sim.protocol.name !== 'multi-paxos') return 'slots are Multi-Paxos';
    if (h.node !== undefined) return logOf(h.node)[h.slot] ? null : `S${h.node} has nothing in slot ${h.slot}`;
    return sim.nodeIds.some((id) => logOf(id).length > h.slot) ? null : `no slot ${h.slot} yet`;
  }
  if (h.entry !== undefined) {
    if (sim.protocol.name !== 'raft') return 'log entries are Raft';
    if (h.node === undefined) return decidedCount(sim) >= h.entry ? null : `index ${h.entry} is not committed`;
    return logOf(h.node).length >= h.entry ? null : `S${h.node} has no entry ${h.entry}`;
  }
  return null;
}

const lessonSteps = LESSONS.flatMap((l) => l.steps.map((s, i) => ({ l, i, highlight: s.highlight ?? [] })))
  .filter((x) => x.highlight.length > 0);
const libraryMoments = LIBRARY.filter((e) => (e.moment.highlight ?? []).length > 0);

describe('highlights name what is there', () => {
  it('most lesson steps and library moments point at what they name', () => {
    expect(lessonSteps.length).toBeGreaterThanOrEqual(35);
    expect(libraryMoments.length).toBeGreaterThanOrEqual(15);
  });

  it.each(lessonSteps.map((x) => [`${x.l.id} step ${x.i + 1}`, x] as const))('%s', (_name, { l, i, highlight }) => {
    const sim = replayStep(l, i);
    for (const h of highlight) expect(missing(h, sim), JSON.stringify(h)).toBeNull();
  });

  it.each(libraryMoments.map((e) => [e.id, e] as const))('library: %s', (_id, entry) => {
    const sim = runScenario(entry.scenario, entry.moment.at);
    for (const h of entry.moment.highlight!) expect(missing(h, sim), JSON.stringify(h)).toBeNull();
  });
});

describe('which highlights are in force', () => {
  it('a library run highlights from its moment on, and a run that is not from the library highlights nothing', () => {
    const entry = LIBRARY.find((e) => e.id === 'raft-figure-8')!;
    const store = createAppStore(entry.scenario, entry.moment.at - 1);
    expect(libraryEntryOf(store.getState().scenario)).toBe(entry);
    expect(activeHighlights(store.getState())).toEqual([]);
    store.getState().seek(entry.moment.at);
    expect(activeHighlights(store.getState())).toBe(entry.moment.highlight);
    // acting forks the same run: still the library's
    store.getState().act([{ type: 'crash', node: 4 }]);
    expect(activeHighlights(store.getState())).toBe(entry.moment.highlight);
    store.getState().load({ ...entry.scenario, meta: undefined });
    store.getState().seek(entry.moment.at);
    expect(activeHighlights(store.getState())).toEqual([]);
  });

  it('selectors use the page hooks: nodes, rows, entries, slots and message handles', () => {
    expect(allSelectors({ node: 5 })).toEqual(['[data-node-id="5"]', '[data-log-row="5"]']);
    expect(allSelectors({ node: 5, entry: 3 })).toEqual(['[data-log-row="5"] [data-log-index="3"]']);
    expect(allSelectors({ entry: 2 })).toEqual(['[data-log-row="cluster"] [data-log-index="2"]']);
    expect(allSelectors({ slot: 2 })).toEqual(['[data-log-row] [data-slot="2"]']);
    expect(allSelectors({ slot: 1, node: 3 })).toEqual(['[data-log-row="3"] [data-slot="1"]']);
    expect(allSelectors({ message: 'RequestVote', to: 5 })).toEqual(['.message-handle[data-message-type="RequestVote"][data-message-to="5"]']);
    expect(highlightCss([])).toBe('');
    expect(highlightCss([{ node: 2 }])).toContain('[data-node-id="2"] > .node-highlight');
  });
});
