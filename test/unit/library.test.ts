/**
 * The scenario library: every entry is a valid scenario with texts in both languages, and each
 * one does, run headless, what its explanation claims.
 */
import { describe, expect, it } from 'vitest';
import { LIBRARY, libraryEntry, type LibraryEntry } from '../../src/scenario/library';
import { PROTOCOL_NAMES } from '../../src/protocols/registry';
import { FIGURE_7_ELECTED_AT, FIGURE_7_TERMS } from '../../src/scenario/library/raft-figure7';
import { FIGURE_8E_REFUSED_AT, FIGURE_8_REPLICATED_AT, FIGURE_8_S5_ELECTED_AT } from '../../src/scenario/library/raft-figure8';
import { DUEL_ENDS_AT } from '../../src/scenario/library/paxos';
import { GAP_AT } from '../../src/scenario/library/multi-paxos';
import { unknownFields, validateScenario } from '../../src/scenario/schema';
import { buildReport, runScenario, type Report } from '../../src/scenario/run';
import type { TraceRecord } from '../../src/sim/trace';

interface RaftEntryView { term: number; command: string }
interface RaftNodeView { id: number; up: boolean; role: string; term: number; commitIndex: number; log: RaftEntryView[] }
interface Committed { index: number; term: number; command: string; time: number }
interface Chosen { slot: number; value: string; time: number }
interface BallotView { round: number; node: number }
interface PaxosNodeView { id: number; up: boolean; promised: BallotView | null; accepted: { ballot: BallotView; value: string } | null; learned: string | null }

/** Run a library entry to `until` (default: the scenario's own) and keep its trace. */
function run(id: string, until?: number): { report: Report; trace: TraceRecord[] } {
  const trace: TraceRecord[] = [];
  const scenario = validateScenario(libraryEntry(id).scenario);
  const sim = runScenario(scenario, until, { onTrace: (r) => { trace.push(r); } });
  return { report: buildReport(sim), trace };
}
const raftNodes = (r: Report) => r.nodes as unknown as RaftNodeView[];
const paxosNodes = (r: Report) => r.nodes as unknown as PaxosNodeView[];
const committed = (r: Report) => r.committed as Committed[];
const leaders = (r: Report) => r.leaders as { term: number; node: number; time: number }[];
const chosen = (r: Report) => r.chosen as Chosen[];
const terms = (n: RaftNodeView) => n.log.map((e) => e.term);
const commands = (n: RaftNodeView) => n.log.map((e) => e.command);
const notes = (trace: TraceRecord[], what: string) => trace.filter((t) => t.kind === 'note' && t.what === what);
const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

describe('the library as a whole', () => {
  it('holds at least 14 entries with unique kebab-case ids', () => {
    expect(LIBRARY.length).toBeGreaterThanOrEqual(14);
    const ids = LIBRARY.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('covers every protocol', () => {
    const protocols = new Set(LIBRARY.map((e) => e.protocol));
    expect(protocols).toEqual(new Set(PROTOCOL_NAMES));
  });

  it('refuses an unknown id by name', () => {
    expect(() => libraryEntry('no-such-scenario')).toThrow(/no-such-scenario/);
  });

  describe.each(LIBRARY.map((e) => [e.id, e] as [string, LibraryEntry]))('%s', (_id, entry) => {
    it('is a valid scenario of its protocol', () => {
      const parsed = validateScenario(JSON.parse(JSON.stringify(entry.scenario)));
      expect(parsed.protocol).toBe(entry.protocol);
      expect(parsed.events.length).toBe(entry.scenario.events.length);
      // no misspelt field the schema would drop (its link would open with a notice naming it)
      expect(unknownFields(entry.scenario)).toEqual([]);
    });

    it('has every text in English and Chinese', () => {
      for (const text of [entry.title, entry.explanation, entry.moment.text]) {
        expect(text.en.trim().length).toBeGreaterThan(0);
        expect(text.zh.trim().length).toBeGreaterThan(0);
        expect(hasChinese(text.zh)).toBe(true);
        expect(hasChinese(text.en)).toBe(false);
      }
    });

    it('has its moment to watch inside the run', () => {
      expect(entry.moment.at).toBeGreaterThan(0);
      expect(entry.moment.at).toBeLessThanOrEqual(entry.scenario.until ?? 10_000);
    });

    it('replays to the same trace hash', () => {
      const a = run(entry.id, entry.moment.at).report.traceHash;
      const b = run(entry.id, entry.moment.at).report.traceHash;
      expect(a).toBe(b);
    });
  });
});

describe('Raft scenarios', () => {
  it('first election: one leader of term 1, elected before the moment to watch, whom everyone follows', () => {
    const { report } = run('raft-first-election');
    expect(report.violations).toEqual([]);
    expect(leaders(report)).toHaveLength(1);
    const [first] = leaders(report);
    expect(first).toMatchObject({ term: 1, node: 1 });
    expect(first.time).toBeLessThan(libraryEntry('raft-first-election').moment.at);
    const nodes = raftNodes(report);
    expect(nodes.filter((n) => n.role === 'leader').map((n) => n.id)).toEqual([1]);
    expect(nodes.every((n) => n.term === 1)).toBe(true);
  });

  it('leader crash: a new leader of a higher term, x=1 survives, S1 rejoins as a follower', () => {
    const entry = libraryEntry('raft-leader-crash');
    const atMoment = run(entry.id, entry.moment.at).report;
    const [old, next] = leaders(atMoment);
    expect(old).toMatchObject({ term: 1, node: 1 });
    expect(next.node).not.toBe(1);
    expect(next.term).toBe(2); // the explanation says term 2: no split vote on this seed
    expect(next.time).toBeGreaterThan(1000);
    expect(next.time).toBeLessThanOrEqual(entry.moment.at);
    for (const n of raftNodes(atMoment).filter((x) => x.up)) expect(commands(n)[0]).toBe('x=1');

    const { report } = run(entry.id);
    expect(report.violations).toEqual([]);
    expect(committed(report).map((c) => c.command)).toEqual(['x=1', 'x=2']);
    const s1 = raftNodes(report)[0];
    expect(s1).toMatchObject({ up: true, role: 'follower' });
    expect(commands(s1)).toEqual(['x=1', 'x=2']);
  });

  it('split vote: two candidates in term 1, two votes each, no leader until a later term', () => {
    const { report, trace } = run('raft-split-vote');
    expect(report.violations).toEqual([]);
    const candidates = notes(trace, 'role').filter((t) => t.data!.role === 'candidate' && t.data!.term === 1);
    expect(candidates.map((t) => [t.node, t.time])).toEqual([[1, 100], [2, 100]]);
    const granted = notes(trace, 'vote').filter((t) => t.data!.term === 1 && t.data!.granted);
    expect(granted.map((t) => [t.node, t.data!.candidate])).toEqual([[3, 1], [4, 2]]);
    expect(leaders(report).some((l) => l.term === 1)).toBe(false);
    expect(leaders(report)).toHaveLength(1);
    expect(leaders(report)[0].term).toBeGreaterThanOrEqual(2);
  });

  it('a follower falls behind while down, then the leader backs up and catches it up', () => {
    const entry = libraryEntry('raft-follower-catches-up');
    const before = run(entry.id, 1499).report;
    expect(raftNodes(before)[3]).toMatchObject({ up: false });
    expect(commands(raftNodes(before)[3])).toEqual(['x=1']);
    expect(committed(before).map((c) => c.command)).toEqual(['x=1', 'y=1', 'y=2', 'y=3', 'y=4', 'y=5']);

    const { report, trace } = run(entry.id);
    expect(report.violations).toEqual([]);
    const catchUp = trace.find((t) => t.kind === 'deliver' && t.node === 4 && t.time >= 1500 && t.what === 'AppendEntries')!;
    expect(catchUp.msg!.payload).toMatchObject({ prevLogIndex: 1, prevLogTerm: 1 });
    expect((catchUp.msg!.payload as { entries: { command: string }[] }).entries.map((e) => e.command))
      .toEqual(['y=1', 'y=2', 'y=3', 'y=4', 'y=5']);
    expect(catchUp.time).toBeLessThanOrEqual(entry.moment.at);
    const nodes = raftNodes(report);
    const leader = nodes.find((n) => n.role === 'leader')!;
    expect(leader.id).toBe(1);
    expect(nodes[3].log).toEqual(leader.log);
    expect(nodes[3].commitIndex).toBe(leader.commitIndex);
  });

  it('minority partition: nothing commits on {S1, S2}, the majority elects a leader and commits', () => {
    // "a leader … can only commit entries once they are stored on a majority" — Reference: §5.3
    const { report } = run('raft-minority-partition');
    expect(report.violations).toEqual([]);
    const nodes = raftNodes(report);
    expect(nodes[0]).toMatchObject({ role: 'leader', term: 1, commitIndex: 1 });
    expect(commands(nodes[0])).toEqual(['x=1', 'x=2']);
    expect(nodes[1].commitIndex).toBe(1);
    const majorityLeader = leaders(report).find((l) => l.term > 1)!;
    expect([3, 4, 5]).toContain(majorityLeader.node);
    expect(committed(report).map((c) => c.command)).toEqual(['x=1', 'x=3', 'x=4']);
    for (const n of nodes.slice(2)) expect(commands(n)).toEqual(['x=1', 'x=3', 'x=4']);
  });

  it('old leader returns: its uncommitted entry is overwritten on S1 and S2 after the heal', () => {
    const entry = libraryEntry('raft-old-leader-returns');
    const before = run(entry.id, 2499).report;
    expect(commands(raftNodes(before)[0])).toEqual(['x=1', 'x=lost']);
    expect(commands(raftNodes(before)[1])).toEqual(['x=1', 'x=lost']);
    expect(raftNodes(before)[0].role).toBe('leader');

    const { report, trace } = run(entry.id);
    expect(report.violations).toEqual([]);
    expect(committed(report).map((c) => c.command)).not.toContain('x=lost');
    for (const n of raftNodes(report)) expect(commands(n)).toEqual(['x=1', 'x=3']);
    expect(raftNodes(report).filter((n) => n.role === 'leader').map((n) => n.id)).toEqual([leaders(report).at(-1)!.node]);
    expect([3, 4, 5]).toContain(leaders(report).at(-1)!.node);
    expect(raftNodes(report).slice(0, 2).map((n) => n.role)).toEqual(['follower', 'follower']);
    const truncations = notes(trace, 'truncate').filter((t) => t.time >= 2500);
    expect(truncations.map((t) => t.node).sort()).toEqual([1, 2]);
    expect(truncations.every((t) => t.time <= entry.moment.at)).toBe(true);
  });

  it('Figure 7: the seven logs have exactly the terms of the figure when S1 wins term 8', () => {
    const { report } = run('raft-figure-7-log-repair', FIGURE_7_ELECTED_AT);
    expect(report.violations).toEqual([]);
    const nodes = raftNodes(report);
    for (const n of nodes) expect(terms(n)).toEqual(FIGURE_7_TERMS[n.id]);
    expect(nodes[0]).toMatchObject({ role: 'leader', term: 8 });
    const won = leaders(report).find((l) => l.term === 8)!;
    expect(won).toMatchObject({ node: 1, time: FIGURE_7_ELECTED_AT });
  });

  it('Figure 7: the leader repairs every follower to its own log and commits through index 11', () => {
    // "the leader handles inconsistencies by forcing the followers' logs to duplicate its own" — Reference: §5.3
    const { report, trace } = run('raft-figure-7-log-repair');
    expect(report.violations).toEqual([]);
    const nodes = raftNodes(report);
    const expected = [...FIGURE_7_TERMS[1], 8];
    for (const n of nodes) {
      expect(terms(n)).toEqual(expected);
      expect(n.commitIndex).toBe(11);
    }
    // c, d, e and f held conflicting entries and had to delete them
    expect(new Set(notes(trace, 'truncate').map((t) => t.node))).toEqual(new Set([4, 5, 6, 7]));
    // c and d refused S1 their votes: their logs were more up to date
    const refusals = notes(trace, 'vote').filter((t) => t.data!.term === 8 && t.data!.reason === 'log-behind');
    expect(refusals.map((t) => t.node).sort()).toEqual([4, 5]);
  });

  it('Figure 8: x=2 reaches a majority in term 4 but is not committed, then is safely overwritten', () => {
    // "Raft never commits log entries from previous terms by counting replicas." — Reference: §5.4.2
    const replicated = run('raft-figure-8', FIGURE_8_REPLICATED_AT).report;
    const withX2 = raftNodes(replicated).filter((n) => n.log[1]?.command === 'x=2' && n.log[1].term === 2);
    expect(withX2.map((n) => n.id)).toEqual([1, 2, 3]);
    // restarted, S1 forgot its commitIndex, and counting replicas of x=2 may not raise it
    expect(raftNodes(replicated)[0]).toMatchObject({ role: 'leader', term: 4 });
    expect(raftNodes(replicated)[0].commitIndex).toBeLessThan(2);

    const elected = run('raft-figure-8', FIGURE_8_S5_ELECTED_AT).report;
    expect(leaders(elected).at(-1)).toMatchObject({ term: 5, node: 5 });

    const { report } = run('raft-figure-8');
    expect(report.violations).toEqual([]);
    expect(committed(report).map((c) => [c.index, c.term, c.command])).toEqual([[1, 1, 'x=1'], [2, 3, 'x=3'], [3, 5, 'x=5']]);
    for (const n of raftNodes(report)) expect(commands(n)).toEqual(['x=1', 'x=3', 'x=5']);
  });

  it('Figure 8 with commit-previous-term: x=2 is committed, then lost, and the checkers say so', () => {
    const { report } = run('raft-figure-8-commit-previous-term-bug');
    const names = new Set(report.violations.map((v) => v.invariant));
    expect(names.has('LeaderCompleteness')).toBe(true);
    expect(names.has('StateMachineSafety')).toBe(true);
    const first = report.violations[0];
    expect(first).toMatchObject({ invariant: 'LeaderCompleteness', time: FIGURE_8_S5_ELECTED_AT });
    expect(committed(report)[1]).toMatchObject({ index: 2, term: 2, command: 'x=2' });
    expect(committed(report)[1].time).toBeLessThan(FIGURE_8_S5_ELECTED_AT);
    // the same history without the bug has no violation (previous test); the bug is what breaks it
    expect(libraryEntry('raft-figure-8').scenario.events).toEqual(libraryEntry('raft-figure-8-commit-previous-term-bug').scenario.events);
  });

  it('Figure 8 (e): an entry of term 4 on a majority commits x=2 with it, and S5 can never win', () => {
    const refused = run('raft-figure-8-current-term-entry', FIGURE_8E_REFUSED_AT);
    expect(committed(refused.report).map((c) => [c.index, c.term, c.command])).toEqual([[1, 1, 'x=1'], [2, 2, 'x=2'], [3, 4, 'x=4']]);
    const refusals = notes(refused.trace, 'vote').filter((t) => t.data!.candidate === 5 && t.data!.reason === 'log-behind');
    expect(refusals.map((t) => t.node).sort()).toEqual([2, 3]);

    const { report, trace } = run('raft-figure-8-current-term-entry');
    expect(report.violations).toEqual([]);
    expect(leaders(report).some((l) => l.node === 5 && l.term > 3)).toBe(false);
    expect(notes(trace, 'role').filter((t) => t.node === 5 && t.data!.role === 'candidate').length).toBeGreaterThanOrEqual(2);
    expect(committed(report).map((c) => c.command)).toEqual(['x=1', 'x=2', 'x=4', 'x=5']);
    for (const n of raftNodes(report)) expect(commands(n)).toEqual(['x=1', 'x=2', 'x=4', 'x=5']);
  });

  it('lossy network: messages are lost and duplicated, yet safety holds, progress is made, history is linearizable', () => {
    const { report, trace } = run('raft-lossy-network');
    expect(report.violations).toEqual([]);
    expect(trace.some((t) => t.kind === 'drop' && t.data?.reason === 'loss')).toBe(true);
    expect(trace.some((t) => t.kind === 'send' && t.msg?.duplicate)).toBe(true);
    expect(report.stats.messagesDropped).toBeGreaterThan(report.stats.messagesSent / 10);
    expect(committed(report).length).toBeGreaterThanOrEqual(20);
    expect(report.linearizable).toBe(true);
    const done = (report.history as { return: number | null }[]).filter((h) => h.return !== null);
    expect(done.length).toBeGreaterThanOrEqual(20);
  });
});

describe('Basic Paxos scenarios', () => {
  it('one proposer: A is chosen in ballot (1, S1) and every node learns it', () => {
    const entry = libraryEntry('paxos-one-proposer');
    const { report } = run(entry.id);
    expect(report.violations).toEqual([]);
    expect(chosen(report).map((c) => c.value)).toEqual(['A']);
    expect(chosen(report)[0].time).toBeLessThanOrEqual(entry.moment.at);
    for (const n of paxosNodes(report)) {
      expect(n.learned).toBe('A');
      expect(n.accepted).toEqual({ ballot: { round: 1, node: 1 }, value: 'A' });
    }
  });

  it('duelling proposers: ballots ratchet and nothing is chosen while the duel lasts; then exactly one value', () => {
    const during = run('paxos-duelling-proposers', DUEL_ENDS_AT).report;
    expect(during.violations).toEqual([]);
    expect(chosen(during)).toEqual([]);
    const rounds = paxosNodes(during).map((n) => n.promised?.round ?? 0);
    expect(Math.max(...rounds)).toBeGreaterThanOrEqual(2 * 15);

    const { report, trace } = run('paxos-duelling-proposers');
    expect(report.violations).toEqual([]);
    expect(chosen(report)).toHaveLength(1);
    expect(chosen(report)[0].time).toBeGreaterThan(DUEL_ENDS_AT);
    expect(notes(trace, 'preempted').length + trace.filter((t) => t.kind === 'note' && t.what === 'reject').length).toBeGreaterThan(10);
    for (const n of paxosNodes(report)) expect(n.learned).toBe(chosen(report)[0].value);
  });

  it('value hijacking: S5 proposes B but must carry A, the value already chosen', () => {
    // "if a proposal with value v is chosen, then every higher-numbered proposal … has value v" — Paxos Made Simple, P2b
    const { report, trace } = run('paxos-value-hijacking');
    expect(report.violations).toEqual([]);
    expect(chosen(report).map((c) => c.value)).toEqual(['A']);
    expect(chosen(report)[0].time).toBeLessThan(500);
    const s5phase2 = notes(trace, 'phase2').filter((t) => t.node === 5);
    expect(s5phase2).toHaveLength(1);
    expect(s5phase2[0].data).toMatchObject({ own: 'B', value: 'A', adopted: true });
    for (const n of paxosNodes(report)) {
      expect(n.learned).toBe('A');
      expect(n.accepted?.value).toBe('A');
    }
  });

  it('ignore-accepted-value bug: S5 proposes its own B past the vote for A, and two values chosen are caught', () => {
    const entry = libraryEntry('paxos-value-hijacking-ignore-accepted-value-bug');
    const { report, trace } = run(entry.id);
    const s5phase2 = notes(trace, 'phase2').filter((t) => t.node === 5);
    expect(s5phase2[0].data).toMatchObject({ own: 'B', value: 'B' });
    const first = report.violations[0];
    expect(first.invariant).toBe('Consistency');
    expect(first.detail).toMatch(/"B" was chosen .* but "A" was already chosen/);
    // the moment to watch is just after the checker caught it; just before, nothing was wrong
    expect(first.time).toBeLessThanOrEqual(entry.moment.at);
    expect(run(entry.id, first.time - 0.001).report.violations).toEqual([]);
    // without the bug, the same run is the correct value hijacking
    expect(runScenario({ ...entry.scenario, bugs: [] }).violations).toEqual([]);
  });

  it('acceptor crash and restart: no decision without a majority; the restarted acceptors remember A', () => {
    const stuck = run('paxos-acceptor-crash-restart', 1199).report;
    const s = paxosNodes(stuck);
    expect(s[1]).toMatchObject({ up: false, accepted: { value: 'A' } });
    expect(s[4].learned).toBeNull();
    expect(s[3].accepted).toBeNull();

    const { report, trace } = run('paxos-acceptor-crash-restart');
    expect(report.violations).toEqual([]);
    expect(chosen(report).map((c) => c.value)).toEqual(['A']);
    const s5phase2 = notes(trace, 'phase2').filter((t) => t.node === 5);
    expect(s5phase2.length).toBeGreaterThan(0);
    expect(s5phase2.every((t) => t.time > 1200 && t.data!.value === 'A')).toBe(true);
    expect(notes(trace, 'prepare').filter((t) => t.node === 5 && t.time < 1200).length).toBeGreaterThan(1);
    for (const n of paxosNodes(report).slice(1)) expect(n.learned).toBe('A');
  });
});

describe('Multi-Paxos scenarios', () => {
  interface SlotView { slot: number; status: string; ballot: BallotView | null; value: string | null }
  const slotsOf = (r: Report) => (r.nodes as unknown as { id: number; up: boolean; slots: SlotView[] }[]);

  it('ignore-promised-values bug: the new leader puts a no-op over the chosen c, and the checker says so', () => {
    const entry = libraryEntry('multi-paxos-ignore-promised-values-bug');
    const { report } = run(entry.id);
    const first = report.violations[0];
    expect(first.invariant).toBe('Consistency');
    expect(first.detail).toMatch(/Slot 2: no-op was chosen .* but "c" was already chosen/);
    expect(report.violations.map((v) => v.invariant)).toContain('ChosenAgreement');
    expect(first.time).toBeLessThanOrEqual(entry.moment.at);
    expect(run(entry.id, first.time - 0.001).report.violations).toEqual([]);
    expect(runScenario({ ...entry.scenario, bugs: [] }).violations).toEqual([]);
  });

  it('leader fails: c is chosen past a gap, the next leader fills slot 1 with a no-op, b is never chosen', () => {
    const entry = libraryEntry('multi-paxos-leader-fails-noop-gap');
    // before the crash: c chosen in slot 2 while slot 1 is empty on every other acceptor
    const gap = run(entry.id, GAP_AT + 49).report;
    expect(chosen(gap).map((c) => [c.slot, c.value])).toEqual([[0, 'a'], [2, 'c']]);
    for (const n of slotsOf(gap).slice(1)) expect(n.slots[1]?.status ?? 'empty').toBe('empty');
    expect(slotsOf(gap)[0].slots[1]).toMatchObject({ status: 'accepted', value: 'b' });

    const atMoment = run(entry.id, entry.moment.at).report;
    expect(chosen(atMoment).find((c) => c.slot === 1)).toMatchObject({ value: null, noop: true });
    expect(chosen(atMoment).find((c) => c.slot === 0)).not.toHaveProperty('noop');

    const { report, trace } = run(entry.id);
    expect(report.violations).toEqual([]);
    // the no-op is reported as value null with noop: true (CONTRACT §4 extended: slots of a Multi-Paxos node)
    expect(chosen(report).map((c) => [c.slot, c.value])).toEqual([[0, 'a'], [1, null], [2, 'c']]);
    const newLeader = notes(trace, 'leader').find((t) => t.node !== 1)!;
    expect(newLeader.data).toMatchObject({ filled: 1, reproposed: 1 });
    for (const n of slotsOf(report)) {
      expect(n.up).toBe(true);
      expect(n.slots.map((x) => [x.status, x.value])).toEqual([['chosen', 'a'], ['chosen', null], ['chosen', 'c']]);
      // a no-op says so, which tells it from an empty slot (also value null)
      expect(n.slots.map((x) => (x as { noop?: boolean }).noop ?? false)).toEqual([false, true, false]);
    }
  });
});
