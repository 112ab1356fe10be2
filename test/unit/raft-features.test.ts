/**
 * Raft beyond Figure 2 on whole clusters (issue 13): PreVote, CheckQuorum, leadership transfer and
 * reads outside the log, with the oracles apart from the observer, the project's linearizability
 * check of the client history, and what each library text claims.
 */
import { describe, expect, it } from 'vitest';
import { ScriptedCluster, committedCommands, leadersNow, raftNodes, raftScenario, runWatched, type WatchedRun } from './support/cluster';
import { electedLeaders, safetyProblems } from './support/oracles';
import { libraryEntry } from '../../src/scenario/library';
import { LONG_LEASE_READ, STALE_READ } from '../../src/scenario/library/raft-reads';
import { REJOIN_REELECTED_AT } from '../../src/scenario/library/raft-prevote';
import { buildReport, runScenario, type Report } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import { fuzz, generateCase } from '../../src/scenario/fuzz';
import { Timeline } from '../../src/sim/timeline';
import { PROTOCOLS } from '../../src/protocols/registry';
import type { Scenario } from '../../src/sim/types';

function expectSafe(run: WatchedRun): void {
  expect(run.sim.violations).toEqual([]);
  expect(safetyProblems(run.sim, run.trace, run.watcher)).toEqual([]);
}

type HistoryEntry = { client: number; op: string; output: string | null; value: string | null; call: number; return: number | null };
const history = (r: Report) => r.history as HistoryEntry[];
const notes = (run: WatchedRun, what: string) => run.trace.filter((t) => t.kind === 'note' && t.what === what);

/** S5 cut off alone from 1000 to 3000 ms, writes before and during. */
function rejoinRun(preVote: boolean): WatchedRun {
  return runWatched(raftScenario({
    seed: 3, config: { preVote },
    events: [
      { at: 500, type: 'request', node: 'leader', command: 'x=1' },
      { at: 1000, type: 'partition', groups: [[5], [1, 2, 3, 4]] },
      { at: 1500, type: 'request', node: 'leader', command: 'x=2' },
      { at: 3000, type: 'heal' },
      { at: 3500, type: 'request', node: 'leader', command: 'x=3' },
    ],
  }), 4500);
}

describe('PreVote on a cluster (§9.6)', () => {
  it('a server cut off and back bumps every term and deposes the leader without PreVote, and changes nothing with it', () => {
    const without = rejoinRun(false);
    const leadersWithout = electedLeaders(without.trace);
    expect(leadersWithout.length).toBeGreaterThan(1);
    expect(Math.max(...raftNodes(without.sim).map((s) => s.durable.currentTerm))).toBeGreaterThan(5);
    expectSafe(without);

    const withPreVote = rejoinRun(true);
    const leaders = electedLeaders(withPreVote.trace);
    expect(leaders).toHaveLength(1);
    expect(raftNodes(withPreVote.sim).map((s) => s.durable.currentTerm)).toEqual([1, 1, 1, 1, 1]);
    expect(leadersNow(withPreVote.sim)).toEqual([{ id: leaders[0].node, term: 1 }]);
    expect(notes(withPreVote, 'pre-vote').filter((n) => n.node === 5).length).toBeGreaterThan(3);
    expect(committedCommands(withPreVote.sim)).toEqual(['x=1', 'x=2', 'x=3']);
    expect(raftNodes(withPreVote.sim)[4].durable.log.map((e) => e.command)).toEqual(['x=1', 'x=2', 'x=3']);
    expectSafe(withPreVote);
  });

  it('still elects a leader after the leader crashes, and with lossy links', () => {
    const c = new ScriptedCluster({ seed: 21, nodes: 5, config: { preVote: true }, network: { dropRate: 0.2 } });
    c.runTo(1500);
    const first = c.leader();
    c.at(1500, { type: 'crash', node: first }, { type: 'request', node: 'leader', command: 'a' });
    c.at(3500, { type: 'request', node: 'leader', command: 'b' });
    const run = c.runTo(5000);
    expect(c.leader()).not.toBe(first);
    expect(committedCommands(run.sim)).toContain('b');
    expectSafe(run);
  });
});

describe('CheckQuorum on a cluster (§6.2)', () => {
  it('a leader cut off in a minority steps down within an election timeout; without CheckQuorum it believes it leads on', () => {
    for (const checkQuorum of [false, true]) {
      const c = new ScriptedCluster({ seed: 5, nodes: 5, config: { checkQuorum } });
      c.runTo(1000);
      const old = c.leader();
      const others = [1, 2, 3, 4, 5].filter((n) => n !== old);
      c.at(1000, { type: 'partition', groups: [[old, others[0]], others.slice(1)] });
      const run = c.runTo(1400);
      expect(raftNodes(run.sim)[old - 1].role).toBe(checkQuorum ? 'follower' : 'leader');
      if (checkQuorum) {
        const stepped = notes(run, 'quorum-lost').filter((n) => n.node === old);
        expect(stepped).toHaveLength(1);
        expect(stepped[0].time).toBeLessThanOrEqual(1000 + 300 + 50);
      }
      expectSafe(run);
    }
  });
});

describe('leadership transfer (§3.10)', () => {
  it('hands leadership to the named server within a few round trips, without losing a committed entry', () => {
    const c = new ScriptedCluster({ seed: 7, nodes: 5, config: { preVote: true } });
    c.at(600, { type: 'request', node: 'leader', command: 'x=1' });
    c.runTo(1000);
    const old = c.leader();
    const target = old === 4 ? 2 : 4;
    c.at(1000, { type: 'transfer', to: target });
    c.at(1200, { type: 'request', node: 'leader', command: 'x=2' });
    const run = c.runTo(2000);
    const elected = electedLeaders(run.trace).filter((l) => l.time >= 1000);
    expect(elected).toHaveLength(1);
    expect(elected[0].node).toBe(target);
    expect(elected[0].time).toBeLessThan(1100);
    expect(leadersNow(run.sim)).toEqual([{ id: target, term: elected[0].term }]);
    expect(committedCommands(run.sim)).toEqual(['x=1', 'x=2']);
    expectSafe(run);
  });

  it('a transfer to a crashed server is given up after an election timeout, and the leader leads on', () => {
    const c = new ScriptedCluster({ seed: 7, nodes: 3 });
    c.runTo(1000);
    const old = c.leader();
    const target = old === 3 ? 1 : 3;
    c.at(1000, { type: 'crash', node: target }, { type: 'transfer', to: target });
    c.at(1500, { type: 'request', node: 'leader', command: 'after' });
    const run = c.runTo(2000);
    expect(leadersNow(run.sim)).toEqual([{ id: old, term: raftNodes(run.sim)[old - 1].durable.currentTerm }]);
    expect(notes(run, 'transfer-abandoned')).toHaveLength(1);
    expect(committedCommands(run.sim)).toContain('after');
    expectSafe(run);
  });

  it('with no leader the event does nothing, like other leader events', () => {
    const sim = runScenario(raftScenario({ events: [{ at: 1, type: 'transfer', to: 2 }] }), 1);
    expect(sim.stats.events).toBe(0);
  });
});

/** The library's cut-off-leader run, in a read mode, with or without a bug. */
const cutOffReport = (id: string): Report => buildReport(runScenario(validateScenario(libraryEntry(id).scenario)));

describe('reads outside the log (§6.4)', () => {
  it('reads are answered, linearizable, and none of them enters the log, in both modes', () => {
    for (const id of ['raft-read-index', 'raft-lease-read']) {
      const r = cutOffReport(id);
      expect(r.violations, id).toEqual([]);
      expect(r.linearizable, id).toBe(true);
      const reads = history(r).filter((h) => h.op === 'get' && h.return !== null);
      expect(reads.length, id).toBeGreaterThan(20);
      expect((r.committed as { command: string }[]).some((c) => c.command.startsWith('get')), id).toBe(false);
    }
  });

  it('stale-read: the checker catches the read that misses a completed write; without the bug the same run is clean', () => {
    const bad = cutOffReport('raft-stale-read-bug');
    expect(bad.linearizable).toBe(false);
    const stale = history(bad).find((h) => h.op === 'get' && h.call === STALE_READ.readAt)!;
    expect(stale.output).toBe('v4');
    const write = history(bad).find((h) => h.value === 'v5')!;
    expect(write.return).toBe(STALE_READ.writeReturned);
    expect(write.return!).toBeLessThan(stale.call);
    const clean = buildReport(runScenario(validateScenario({ ...libraryEntry('raft-stale-read-bug').scenario, bugs: [] })));
    expect(clean.linearizable).toBe(true);
  });

  it('lease-too-long: the checker catches a read under an outlived lease; with a correct lease the same run is clean', () => {
    const bad = cutOffReport('raft-lease-too-long-bug');
    expect(bad.linearizable).toBe(false);
    const stale = history(bad).find((h) => h.op === 'get' && h.call === LONG_LEASE_READ.readAt)!;
    expect(stale.output).toBe('v4');
    expect(history(bad).find((h) => h.value === 'v5')!.return).toBe(LONG_LEASE_READ.writeReturned);
    expect(cutOffReport('raft-lease-read').linearizable).toBe(true);
  });

  it('a cut-off leader answers under its lease only until it runs out, and no one else leads before that', () => {
    const trace: { kind: string; what: string; node: number; time: number; data?: Record<string, unknown> }[] = [];
    const sim = runScenario(validateScenario(libraryEntry('raft-lease-read').scenario), 5000, { onTrace: (t) => { trace.push(t); } });
    const leaseReads = trace.filter((t) => t.kind === 'note' && t.what === 'read' && t.node === 1 && t.time > 1500);
    const lastLeaseRead = Math.max(...leaseReads.map((t) => t.time));
    expect(lastLeaseRead).toBeLessThan(1500 + 0.9 * 150);
    const next = (buildReport(sim).leaders as { node: number; time: number }[]).find((l) => l.time > 1500)!;
    expect(next.time).toBeGreaterThan(lastLeaseRead);
  });

  it('a read-index run travels in time: the moment rebuilt from a checkpoint has the same hash as a straight run', () => {
    const scenario = validateScenario(libraryEntry('raft-read-index').scenario) as Scenario;
    const timeline = new Timeline(scenario, PROTOCOLS.raft, { checkpointEvery: 300 });
    timeline.extendToTime(4000);
    expect(timeline.checkpointCount).toBeGreaterThan(3);
    for (const ms of [1600, 2345, 3900]) expect(timeline.stateAtTime(ms).traceHash).toBe(runScenario(scenario, ms).traceHash);
  });
});

describe('what the library texts say', () => {
  it('disruptive rejoin: S5 reaches term 10 alone, S2 steps down after the heal and is elected again in term 11', () => {
    const run = runWatched(validateScenario(libraryEntry('raft-disruptive-rejoin').scenario), 4000);
    const s5Terms = notes(run, 'role').filter((n) => n.node === 5 && n.time < 3000).map((n) => n.data!.term);
    expect(Math.max(...(s5Terms as number[]))).toBe(10);
    const s2Down = notes(run, 'role').find((n) => n.node === 2 && n.data!.role === 'follower' && n.time > 3000)!;
    expect(s2Down.data!.term).toBe(10);
    expect(s2Down.time).toBeLessThan(libraryEntry('raft-disruptive-rejoin').moment.at);
    expect(electedLeaders(run.trace)).toEqual([
      { term: 1, node: 2, time: expect.any(Number) }, { term: 11, node: 2, time: REJOIN_REELECTED_AT },
    ]);
    const atMoment = runScenario(validateScenario(libraryEntry('raft-disruptive-rejoin').scenario), libraryEntry('raft-disruptive-rejoin').moment.at);
    expect(atMoment.leader()).toBeNull();
  });

  it('with PreVote: every node refuses S5 because the leader is alive, and all stay in term 1', () => {
    const entry = libraryEntry('raft-rejoin-prevote');
    const run = runWatched(validateScenario(entry.scenario), 4000);
    const answers = notes(run, 'pre-vote-answer').filter((n) => n.data!.candidate === 5 && n.time > 3000 && n.time < entry.moment.at);
    expect(answers.map((n) => [n.node, n.data!.reason]).sort()).toEqual([[1, 'leader-alive'], [2, 'leader-alive'], [3, 'leader-alive'], [4, 'leader-alive']]);
    expect(raftNodes(run.sim).map((s) => s.durable.currentTerm)).toEqual([1, 1, 1, 1, 1]);
    expect(electedLeaders(run.trace)).toHaveLength(1);
    expectSafe(run);
  });
});

describe('fuzzing with the new features on', () => {
  it('draws PreVote, CheckQuorum, read modes and transfers, and finds no violation in correct Raft', () => {
    const cases = Array.from({ length: 40 }, (_, i) => generateCase(i + 1, { protocol: 'raft' }).scenario);
    const config = (c: Scenario) => (c.config ?? {}) as { preVote?: boolean; checkQuorum?: boolean; readMode?: string };
    expect(cases.filter((c) => config(c).preVote).length).toBeGreaterThan(2);
    expect(cases.filter((c) => config(c).checkQuorum).length).toBeGreaterThan(2);
    for (const mode of ['read-index', 'lease']) expect(cases.filter((c) => config(c).readMode === mode).length).toBeGreaterThan(2);
    expect(cases.filter((c) => c.events.some((e) => e.type === 'transfer')).length).toBeGreaterThan(2);
    // swarm 1 (the pinned draws) none of them
    expect(Array.from({ length: 20 }, (_, i) => generateCase(i + 1, { protocol: 'raft', swarm: 1 }).scenario)
      .some((c) => c.config?.preVote !== undefined || c.events.some((e) => e.type === 'transfer'))).toBe(false);
    const summary = fuzz({ protocol: 'raft', seeds: 40 });
    expect(summary.failures.map((f) => [f.seed, f.violations[0]?.invariant, f.liveness, f.linearizable])).toEqual([]);
  });
});
