/** The Zab library scenarios do, run headless, what their explanations and moments claim. */
import { describe, expect, it } from 'vitest';
import { libraryEntry } from '../../src/scenario/library';
import { buildReport, runScenario, type Report } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';

interface NodeView { id: number; up: boolean; role: string; phase: string; currentEpoch: number; history: { zxid: [number, number]; command: string }[];
  lastCommitted: [number, number] | null }
const nodes = (r: Report) => r.nodes as unknown as NodeView[];
const leaders = (r: Report) => r.leaders as { node: number; epoch: number; time: number }[];
const committed = (r: Report) => (r.committed as { zxid: [number, number]; command: string }[]).map((c) => `${c.zxid.join('.')}:${c.command}`);
const at = (id: string, until?: number) => {
  const e = libraryEntry(id);
  return buildReport(runScenario(validateScenario(e.scenario), until ?? e.moment.at));
};

describe('Zab scenarios', () => {
  it('a proposal on some followers survives: S4 leads epoch 2 and every up node delivered x=1 as (1, 1) by the moment', () => {
    const r = at('zab-leader-crash-proposal-survives');
    expect(r.violations).toEqual([]);
    expect(leaders(r).map((l) => [l.node, l.epoch])).toEqual([[5, 1], [4, 2]]);
    expect(committed(r)).toEqual(['1.1:x=1']);
    for (const n of nodes(r).filter((x) => x.up)) expect(n.lastCommitted).toEqual([1, 1]);
    // once the PROPOSAL sent before the crash has landed, only S4 and the crashed S5 hold it
    const before = at('zab-leader-crash-proposal-survives', 1035);
    expect(nodes(before).filter((n) => n.history.length > 0).map((n) => n.id)).toEqual([4, 5]);
    expect(committed(before)).toEqual([]);
  });

  it('a proposal only the crashed leader held is dropped: S5 comes back and NEWLEADER replaces it by the moment', () => {
    const beforeRestart = at('zab-leader-crash-proposal-dropped', 1999);
    expect(nodes(beforeRestart)[4].history.map((h) => h.command)).toEqual(['x=1']);
    const r = at('zab-leader-crash-proposal-dropped');
    expect(r.violations).toEqual([]);
    expect(committed(r)).toEqual(['2.1:y=2']);
    for (const n of nodes(r)) expect(n.history.map((h) => `${h.zxid.join('.')}:${h.command}`)).toEqual(['2.1:y=2']);
  });

  it('no-epoch-bump: S4 is established in epoch 1 at the moment, and OneLeaderPerEpoch stops the run', () => {
    const entry = libraryEntry('zab-no-epoch-bump-bug');
    const before = at('zab-no-epoch-bump-bug', entry.moment.at - 1);
    expect(before.violations).toEqual([]);
    const r = at('zab-no-epoch-bump-bug');
    expect(leaders(r).map((l) => [l.node, l.epoch])).toEqual([[5, 1], [4, 1]]);
    expect(r.violations.map((v) => v.invariant)).toEqual(['OneLeaderPerEpoch']);
  });

  it('broadcast-before-sync: S4, restarted with nothing delivered, proposes in epoch 2 before delivering a and b', () => {
    const entry = libraryEntry('zab-broadcast-before-sync-bug');
    expect(at('zab-broadcast-before-sync-bug', entry.moment.at - 1).violations).toEqual([]);
    const r = at('zab-broadcast-before-sync-bug');
    expect(r.violations.map((v) => v.invariant)).toEqual(['PrimaryIntegrity']);
    expect(r.violations[0].detail).toMatch(/^Leader S4 broadcast \(2, 1\) .* before delivering \(1, 1\) "a"/);
  });
});
