/**
 * Whole-cluster tests of membership changes and snapshots (issue 13): the scenario fields, the
 * library runs and what their texts claim, the report, the teaching bug, the invariant checks
 * that must see through compacted logs and changing configurations, and the fuzzer's draws.
 */
import { describe, expect, it } from 'vitest';
import { libraryEntry } from '../../src/scenario/library';
import { buildReport, runScenario } from '../../src/scenario/run';
import { ScenarioError, validateScenario } from '../../src/scenario/schema';
import { generateCase, runFuzzCase } from '../../src/scenario/fuzz';
import { applyOp, emptyKvStore } from '../../src/protocols/kv-store';
import { Timeline } from '../../src/sim/timeline';
import { PROTOCOLS } from '../../src/protocols/registry';
import type { RaftNode } from '../../src/protocols/raft/types';
import { logStart } from '../../src/protocols/raft/log';
import type { Simulation } from '../../src/sim/engine';
import type { Scenario } from '../../src/sim/types';
import { leadersPerTermProblems } from './support/oracles';

const errorOf = (input: unknown): string => {
  try {
    validateScenario(input);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  return 'valid';
};
const raft = (extra: Record<string, unknown>) => ({ version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [], ...extra });
const raftNode = (sim: Simulation, id: number) => sim.nodes[id] as RaftNode;

describe('scenario fields', () => {
  it('members must be distinct nodes of the cluster, and the error names the field', () => {
    expect(errorOf(raft({ config: { members: [1, 7] } }))).toBe('config.members[1]: node 7 does not exist (the cluster has 5 nodes)');
    expect(errorOf(raft({ config: { members: [2, 2] } }))).toBe('config.members[1]: node 2 is listed twice');
    expect(errorOf(raft({ config: { members: [] } }))).toMatch(/^config\.members: must be a non-empty list/);
    expect(errorOf(raft({ config: { members: [1, 'x'] } }))).toMatch(/^config\.members\[1\]: must be a node number/);
    expect(errorOf(raft({ config: { snapshotThreshold: -1 } }))).toMatch(/^config\.snapshotThreshold: must be a whole number from 0/);
    expect(errorOf(raft({ config: { members: [1, 2, 3], snapshotThreshold: 10 } }))).toBe('valid');
  });

  it('a reconfigure event names distinct nodes of the cluster, and only Raft takes it', () => {
    const at = (members: unknown) => raft({ events: [{ at: 10, type: 'reconfigure', members }] });
    expect(errorOf(at([1, 2, 9]))).toBe('events[0].members[2]: node 9 does not exist (the cluster has 5 nodes)');
    expect(errorOf(at([3, 3]))).toBe('events[0].members[1]: node 3 is listed twice');
    expect(errorOf(at([]))).toBe('events[0].members: needs at least 1 member');
    expect(errorOf(at([1, 2]))).toBe('valid');
    expect(errorOf({ ...at([1, 2]), protocol: 'paxos' })).toBe('events[0].type: "reconfigure" is not an event of paxos');
  });

  it('with no leader, reconfigure does nothing (like any leader event)', () => {
    const s = validateScenario(raft({ events: [{ at: 10, type: 'reconfigure', members: [1, 2] }] }));
    const plain = validateScenario(raft({}));
    expect(runScenario(s, 1000).traceHash).toBe(runScenario(plain, 1000).traceHash);
  });
});

describe('adding and removing servers (library: raft-add-remove-servers)', () => {
  const entry = libraryEntry('raft-add-remove-servers');

  it('S4 joins in one step, then S1 (the leader) leaves and S5 joins through the joint configuration', () => {
    const sim = runScenario(entry.scenario);
    const report = buildReport(sim);
    expect(report.violations).toEqual([]);
    expect((report.leaders as { term: number; node: number }[]).map((l) => [l.term, l.node])).toEqual([[1, 1], [2, 4]]);
    const log = raftNode(sim, 2).durable.log.map((e) => e.command);
    expect(log).toEqual(['x=1', 'config 1,2,3,4', 'x=2', 'joint 1,2,3,4 / 2,3,4,5', 'config 2,3,4,5', 'x=3']);
    for (const n of report.nodes) expect(n.members).toEqual([2, 3, 4, 5]);
    expect(report.nodes.map((n) => n.logStart)).toEqual([0, 0, 0, 0, 0]);
    // S1 learned that its removal was committed, and stays idle
    expect(raftNode(sim, 1)).toMatchObject({ role: 'follower', commitIndex: 5 });
    expect(sim.timerDeadline(1, 'election')).toBeNull();
    expect((report.committed as { command: string }[]).map((c) => c.command)).toContain('x=3');
  });

  it('spare servers idle until added; the report shows the joint configuration while it stands', () => {
    const early = buildReport(runScenario(entry.scenario, 600));
    expect(early.nodes.map((n) => n.members)).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    const spare = runScenario(entry.scenario, 600);
    expect([4, 5].map((id) => spare.timerDeadline(id, 'election'))).toEqual([null, null]);
    expect([4, 5].map((id) => raftNode(spare, id).durable.currentTerm)).toEqual([0, 0]);
    const joint = buildReport(runScenario(entry.scenario, 1420));
    expect(joint.nodes[0].members).toEqual({ old: [1, 2, 3, 4], new: [2, 3, 4, 5] });
  });

  it('the moment to watch comes after the joint entry committed and C_new appended', () => {
    const sim = runScenario(entry.scenario, entry.moment.at);
    const s1 = raftNode(sim, 1);
    expect(s1.commitIndex).toBe(4);
    expect(s1.durable.log.at(4)!.config).toEqual({ voters: [2, 3, 4, 5], outgoing: null });
  });
});

describe('snapshots (library: raft-snapshot-catch-up)', () => {
  const entry = libraryEntry('raft-snapshot-catch-up');

  /** An oracle apart from the observer: the key-value state the committed commands give. */
  function stateOf(commands: string[]): Record<string, string> {
    const store = emptyKvStore();
    commands.forEach((c, i) => {
      const [key, value] = c.split('=');
      applyOp(store, { client: 1, requestId: i + 1, op: 'put', key, value });
    });
    return store.kv;
  }

  it('S3 gets the leader\'s snapshot in an InstallSnapshot, and every state machine ends the same', () => {
    const sends: string[] = [];
    const sim = runScenario(entry.scenario, undefined, { onTrace: (r) => { if (r.kind === 'send' && r.msg!.to === 3) sends.push(r.msg!.type); } });
    const report = buildReport(sim);
    expect(report.violations).toEqual([]);
    expect(sends).toContain('InstallSnapshot');
    expect(report.nodes.map((n) => [n.snapshot, n.logStart])).toEqual([
      [{ index: 4, term: 1 }, 4], [{ index: 4, term: 1 }, 4], [{ index: 4, term: 1 }, 4],
    ]);
    const committed = (report.committed as { command: string }[]).map((c) => c.command);
    expect(committed).toEqual(['x=1', 'y=2', 'x=3', 'z=4', 'y=5', 'x=6', 'z=7']);
    // the scenario's commands are plain "k=v" strings the state machine does not read: compare the
    // snapshot's place in the committed sequence instead, and the logs after it
    for (const id of [1, 2, 3]) expect(raftNode(sim, id).durable.log.map((e) => e.command)).toEqual(['y=5', 'x=6', 'z=7']);
    expect(stateOf(committed.slice(0, 4))).toEqual({ x: '3', y: '2', z: '4' });
  });

  it('at the moment to watch an InstallSnapshot is on its way to S3, which then installs it', () => {
    const sim = runScenario(entry.scenario, entry.moment.at);
    expect(sim.messagesInFlight().filter((msg) => msg.type === 'InstallSnapshot' && msg.to === 3 && !msg.lost).length).toBeGreaterThan(0);
    expect(logStart(raftNode(sim, 2))).toBe(4);
    expect(raftNode(sim, 3).durable.snapshot ?? null).toBeNull();
    sim.runUntil(1300);
    expect(raftNode(sim, 3).durable.snapshot).toMatchObject({ index: 4, term: 1 });
    expect(raftNode(sim, 3).commitIndex).toBeGreaterThanOrEqual(4);
  });

  it('time travel rebuilds a past moment with snapshots exactly', () => {
    const timeline = new Timeline(entry.scenario, PROTOCOLS.raft, { checkpointEvery: 20 });
    const direct = runScenario(entry.scenario, 1300);
    timeline.extendToTime(2500);
    const back = timeline.stateAtTime(1300);
    expect(back.traceHash).toBe(direct.traceHash);
    expect(raftNode(back, 3).durable.snapshot).toEqual(raftNode(direct, 3).durable.snapshot);
  });

  it('with a workload, snapshots carry the client sessions: the history stays linearizable', () => {
    const s: Scenario = { ...entry.scenario, workload: { clients: 3, keys: 2, interval: { min: 20, max: 80 }, readRatio: 0.5, from: 0, to: 2200 } };
    const report = buildReport(runScenario(s));
    expect(report.violations).toEqual([]);
    expect(report.linearizable).toBe(true);
    expect((report.history as unknown[]).length).toBeGreaterThan(20);
  });
});

describe('unsafe-membership-change (library: raft-unsafe-membership-change-bug)', () => {
  it('is caught by ElectionSafety: two leaders in term 2', () => {
    const trace: Parameters<typeof leadersPerTermProblems>[0][number][] = [];
    const sim = runScenario(libraryEntry('raft-unsafe-membership-change-bug').scenario, undefined, { onTrace: (r) => trace.push(r) });
    const names = sim.violations.map((v) => v.invariant);
    expect(names).toContain('ElectionSafety');
    expect(sim.violations.find((v) => v.invariant === 'ElectionSafety')!.detail).toBe('S4 and S3 were both elected leader in term 2.');
    // the trace oracle agrees
    expect(leadersPerTermProblems(trace)).toEqual(['S3 and S4 both led term 2']);
  });

  it('the same run without the bug goes through the joint configuration and stays safe', () => {
    const sim = runScenario(libraryEntry('raft-two-servers-at-once-joint').scenario);
    expect(sim.violations).toEqual([]);
    expect(raftNode(sim, 1).durable.log.at(1)!.config).toEqual({ voters: [1, 2, 3, 4, 5], outgoing: [1, 2, 3] });
    expect(raftNode(sim, 4).role).not.toBe('leader');
  });
});

describe('the invariant checks see through membership and snapshots', () => {
  it('CommitQuorum: a leader that counts servers outside its configuration is caught', () => {
    const sim = runScenario(libraryEntry('raft-add-remove-servers').scenario, 500);
    const s1 = raftNode(sim, 1);
    expect(s1.role).toBe('leader');
    // as if S1 had counted S4 and S5, spare servers whose logs are empty, for an entry only it holds
    s1.durable.log.push({ term: 1, command: 'y', op: null });
    s1.commitIndex = 2;
    s1.config = { voters: [1, 4, 5], outgoing: null };
    const found = sim.observer.afterEvent(sim.nodes, sim.up, 1, 501) ?? [];
    expect(found.map((v) => v.invariant)).toContain('CommitQuorum');
    expect(found.find((v) => v.invariant === 'CommitQuorum')!.detail).toBe('Leader S1 committed index 2, but only 1 of the voters S1, S4, S5 store it.');
  });

  it('StateMachineSafety: a snapshot that is not the committed prefix\'s state is caught', () => {
    const sim = runScenario(libraryEntry('raft-snapshot-catch-up').scenario, 2000);
    const s1 = raftNode(sim, 1);
    s1.durable.snapshot = { ...s1.durable.snapshot!, digest: s1.durable.snapshot!.digest ^ 1 };
    const found = sim.observer.afterEvent(sim.nodes, sim.up, 1, 2001) ?? [];
    expect(found.map((v) => v.detail)).toEqual(["S1's snapshot up to index 4 (term 1) is not the state of the committed entries 1–4."]);
  });
});

describe('the fuzzer draws snapshots and membership changes (swarm 2)', () => {
  it('some seeds get a snapshot threshold, initial members and reconfigure events; swarm 1 gets none', () => {
    const cases = Array.from({ length: 40 }, (_, i) => generateCase(i + 1, { protocol: 'raft' }).scenario);
    expect(cases.some((s) => typeof s.config?.snapshotThreshold === 'number')).toBe(true);
    expect(cases.some((s) => Array.isArray(s.config?.members))).toBe(true);
    expect(cases.some((s) => s.events.some((e) => e.type === 'reconfigure'))).toBe(true);
    const swarm1 = Array.from({ length: 40 }, (_, i) => generateCase(i + 1, { protocol: 'raft', swarm: 1 }).scenario);
    expect(swarm1.some((s) => s.config?.snapshotThreshold !== undefined || s.events.some((e) => e.type === 'reconfigure'))).toBe(false);
  });

  it('seeds with the features on pass', () => {
    const seeds = Array.from({ length: 60 }, (_, i) => i + 1).filter((seed) => {
      const s = generateCase(seed, { protocol: 'raft' }).scenario;
      return s.config?.snapshotThreshold !== undefined || s.events.some((e) => e.type === 'reconfigure');
    }).slice(0, 12);
    expect(seeds.length).toBe(12);
    for (const seed of seeds) {
      const o = runFuzzCase(seed, { protocol: 'raft' });
      expect([seed, o.violations, o.liveness, o.linearizable]).toEqual([seed, [], null, o.linearizable === null ? null : true]);
    }
  });
});
