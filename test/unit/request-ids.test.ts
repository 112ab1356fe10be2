/**
 * Every scenario request is a request of its own, whatever happened to the node that took it.
 * Multi-Paxos names each command for at-most-once; it used to name a scenario request by node,
 * microsecond and a counter that a restart resets, so a second request at the same instant after
 * a crash and restart got the first one's name and the leader dropped it as a duplicate.
 * Raft and Basic Paxos are checked the same way: they name no scenario request, so nothing of
 * theirs can be mistaken for an earlier one.
 */
import { describe, expect, it } from 'vitest';
import { multiPaxosProtocol } from '../../src/protocols/multi-paxos';
import type { MultiPaxosNode } from '../../src/protocols/multi-paxos/types';
import type { RaftNode } from '../../src/protocols/raft/types';
import type { PaxosNode } from '../../src/protocols/paxos/types';
import { buildReport, createSimulation, runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import type { Simulation } from '../../src/sim/engine';
import { Timeline } from '../../src/sim/timeline';
import type { TraceRecord } from '../../src/sim/trace';

type Ev = Record<string, unknown>;
interface Chosen { slot: number; value: string | null }

const scenario = (protocol: string, events: Ev[], extra: Ev = {}) =>
  validateScenario({ version: 1, protocol, nodes: 3, seed: 7, until: 3000, events, ...extra });

/** At one instant: a request at S2, S2 crashes and restarts, another request at S2. */
const acrossRestart = (first: string, second: string, node = 2): Ev[] => [
  { at: 1000, type: 'request', node, command: first },
  { at: 1000, type: 'crash', node },
  { at: 1000, type: 'restart', node },
  { at: 1000, type: 'request', node, command: second },
];

const chosenValues = (sim: Simulation): (string | null)[] =>
  (buildReport(sim).chosen as Chosen[]).map((c) => c.value);

describe('Multi-Paxos: a scenario request after a restart is not a duplicate', () => {
  it('the issue\'s scenario: "a" at S2, crash S2, restart S2, "b" at S2 (one instant): both are chosen', () => {
    const sim = runScenario(scenario('multi-paxos', acrossRestart('a', 'b')));
    expect(buildReport(sim).violations).toEqual([]);
    expect(chosenValues(sim)).toEqual(['a', 'b']);
  });

  it('one command sent twice, across a restart, is chosen twice: they are two requests', () => {
    const trace: TraceRecord[] = [];
    const sim = runScenario(scenario('multi-paxos', acrossRestart('a', 'a')), undefined, { onTrace: (r) => trace.push(r) });
    expect(buildReport(sim).violations).toEqual([]);
    expect(chosenValues(sim)).toEqual(['a', 'a']);
    expect(trace.filter((r) => r.kind === 'note' && r.what === 'duplicate')).toEqual([]);
  });

  it('one command sent twice to the leader at one instant is chosen twice', () => {
    const twice: Ev[] = [
      { at: 1000, type: 'request', node: 'leader', command: 'x' },
      { at: 1000, type: 'request', node: 'leader', command: 'x' },
    ];
    expect(chosenValues(runScenario(scenario('multi-paxos', twice)))).toEqual(['x', 'x']);
  });

  it('a fork keeps the names of the requests already taken: the forked run is the fresh run of its scenario', () => {
    const base = scenario('multi-paxos', [...acrossRestart('a', 'b'), { at: 1500, type: 'request', node: 2, command: 'c' }]);
    const timeline = new Timeline(base, multiPaxosProtocol, { checkpointEvery: 20 });
    timeline.stateAtTime(3000);
    const forked = timeline.forkAt(1200_000, [{ type: 'request', node: 2, command: 'a' }]);
    const viaFork = timeline.stateAtTime(3000);
    const fresh = createSimulation(forked);
    fresh.runUntil(3000);
    const names = (sim: Simulation) => sim.nodeIds.map((id) =>
      (sim.nodes[id] as MultiPaxosNode).durable.log.map((s) => s && `${s.value.id}:${s.value.command}`));
    expect(names(viaFork)).toEqual(names(fresh));
    expect(viaFork.traceHash).toBe(fresh.traceHash);
    expect(chosenValues(fresh)).toEqual(['a', 'b', 'a', 'c']);
  });
});

describe('Raft and Basic Paxos name no scenario request, so none is lost the same way', () => {
  it('Raft: the leader appends one command sent twice at one instant, and again after its restart and re-election', () => {
    const events: Ev[] = [
      { at: 1000, type: 'request', node: 'leader', command: 'a' },
      { at: 1000, type: 'request', node: 'leader', command: 'a' },
      { at: 1100, type: 'crash', node: 'leader' },
      { at: 1100, type: 'restart', node: 1 }, { at: 1100, type: 'restart', node: 2 }, { at: 1100, type: 'restart', node: 3 },
      { at: 2500, type: 'request', node: 'leader', command: 'a' },
    ];
    const sim = runScenario(scenario('raft', events));
    const report = buildReport(sim);
    expect(report.violations).toEqual([]);
    expect((report.committed as { command: string }[]).map((c) => c.command)).toEqual(['a', 'a', 'a']);
  });

  it('Raft: the issue\'s scenario at the leader (S1); after its restart it is a follower, and refuses "b" out loud', () => {
    const trace: TraceRecord[] = [];
    const sim = runScenario(scenario('raft', acrossRestart('a', 'b', 1)), undefined, { onTrace: (r) => trace.push(r) });
    const refused = trace.filter((r) => r.kind === 'note' && r.what === 'request-rejected').map((r) => r.data!.command);
    expect(refused).toEqual(['b']);
    expect((sim.nodes[1] as RaftNode).durable.log.map((e) => e.command)).toContain('a');
  });

  it('Basic Paxos: the issue\'s scenario; the restarted S2 proposes "b" anew and every node learns one value', () => {
    const sim = runScenario(scenario('paxos', acrossRestart('a', 'b')));
    const nodes = sim.nodeIds.map((id) => sim.nodes[id] as PaxosNode);
    expect(nodes[1].proposal).toBe('b');
    expect(buildReport(sim).violations).toEqual([]);
    const learned = new Set(nodes.map((n) => n.durable.learned));
    expect(learned.size).toBe(1);
    expect(['a', 'b']).toContain([...learned][0]);
  });
});
