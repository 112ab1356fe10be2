/**
 * Time travel shares the long lists of a run (each Raft node's log, the clients' history, the
 * observer's registries) by block between the head, its checkpoints and every state a seek hands
 * out. These runs grow logs over many 1,024-entry blocks, so that copies share full blocks and
 * part-filled ones; a state rebuilt from a checkpoint must equal a fresh run, whatever was done
 * to the copies handed out before.
 */
import { describe, expect, it } from 'vitest';
import { raftProtocol } from '../../src/protocols/raft';
import type { RaftNode } from '../../src/protocols/raft/types';
import { createSimulation } from '../../src/scenario/run';
import type { Simulation } from '../../src/sim/engine';
import { Timeline } from '../../src/sim/timeline';
import type { Scenario } from '../../src/sim/types';

/** Steady client load on a 5-node cluster, with a leader crash and a partition: logs truncate too. */
const LOAD: Scenario = {
  version: 1, protocol: 'raft', nodes: 5, seed: 3, events: [
    { at: 3000, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
    { at: 3600, type: 'heal' },
    { at: 6000, type: 'crash', node: 'leader' },
    { at: 7000, type: 'restart', node: 1 }, { at: 7000, type: 'restart', node: 2 }, { at: 7000, type: 'restart', node: 3 },
    { at: 7000, type: 'restart', node: 4 }, { at: 7000, type: 'restart', node: 5 },
  ],
  workload: { clients: 5, keys: 5, interval: { min: 2, max: 6 }, readRatio: 0.3, from: 0, to: 3_600_000 },
};
const EVENTS = 30_000;

/** A short digest of a long text, so that a failure prints a few lines (FNV-1a, and the length). */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${text.length}:${h.toString(16)}`;
}

/** The whole state, deep: every node (logs as arrays), the history, the observer's report, the hash. */
function stateOf(sim: Simulation) {
  return {
    events: sim.stats.events, nowUs: sim.nowUs, hash: sim.traceHash,
    logs: sim.nodeIds.map((id) => (sim.nodes[id] as RaftNode).durable.log.length),
    nodes: sim.nodeIds.map((id) => digest(JSON.stringify(sim.nodes[id]))),
    up: sim.up.slice(),
    history: digest(JSON.stringify(sim.clientHistory)),
    observer: digest(JSON.stringify(sim.observer.report())),
    violations: sim.violations.length,
  };
}

function fresh(count: number): Simulation {
  const sim = createSimulation(LOAD);
  sim.runEvents(count);
  return sim;
}

const logOf = (sim: Simulation, id: number) => (sim.nodes[id] as RaftNode).durable.log;

describe('time travel shares long logs and histories by block', () => {
  // one timeline for the file: each test leaves it as it found it, or the next one notices
  const timeline = new Timeline(LOAD, raftProtocol, { checkpointEvery: 1000, keepTrace: false });
  timeline.extendToEvents(EVENTS);

  it('the runs are long enough to share many blocks', () => {
    const head = timeline.head;
    for (const id of head.nodeIds) expect(logOf(head, id).length).toBeGreaterThan(2 * 1024);
    expect(head.clientHistory.length).toBeGreaterThan(2 * 1024);
  });

  it('a state rebuilt from a checkpoint equals a fresh run to that event, in full', () => {
    for (const n of [EVENTS, 1, 1024, 20_001, 29_999, 12_345]) {
      expect(stateOf(timeline.stateAtEvent(n)), `after ${n} events`).toEqual(stateOf(fresh(n)));
    }
  });

  it('running a restored state on writes nothing into the checkpoints or the head', () => {
    const headBefore = stateOf(timeline.head);
    const restored = timeline.stateAtEvent(15_500);
    restored.runEvents(EVENTS + 5000); // pushes into the blocks it shares with the checkpoint and the head
    expect(stateOf(restored)).toEqual(stateOf(fresh(EVENTS + 5000)));
    expect(stateOf(timeline.head)).toEqual(headBefore);
    for (const n of [15_500, 15_999, EVENTS]) expect(stateOf(timeline.stateAtEvent(n)), `after ${n} events`).toEqual(stateOf(fresh(n)));
  });

  it('changing a restored state\'s log and history in place leaves every other copy as it was', () => {
    const a = timeline.stateAtEvent(21_000);
    const b = timeline.stateAtEvent(21_000);
    const expected = stateOf(b);
    // write over the copy's lists: push into a shared part-filled block, cut the log back into a
    // shared full block and push again, and complete an open call in place
    const bogus = { term: 999, command: 'bogus', op: null };
    for (const id of a.nodeIds) {
      const s = a.nodes[id] as RaftNode;
      s.durable.log.push(bogus);
      s.durable.log = s.durable.log.prefix(2500);
      s.durable.log.push(bogus);
    }
    const open = a.clientHistory.find((e) => e.return === null);
    expect(open).toBeDefined();
    open!.output = 'bogus';
    open!.return = 1;
    expect(stateOf(b)).toEqual(expected);
    expect(stateOf(timeline.stateAtEvent(21_000))).toEqual(expected);
    expect(stateOf(timeline.stateAtEvent(21_500))).toEqual(stateOf(fresh(21_500)));
    // and the copy of the copy sees the change, not the checkpoint's entries
    const c = a.clone();
    expect(logOf(c, 1).at(2500)).toBe(bogus);
    expect(logOf(c, 1).length).toBe(2501);
  });

  it('the head keeps growing correctly after copies were taken of it', () => {
    timeline.extendToEvents(EVENTS + 3000);
    expect(stateOf(timeline.head)).toEqual(stateOf(fresh(EVENTS + 3000)));
    expect(stateOf(timeline.stateAtEvent(EVENTS + 2500))).toEqual(stateOf(fresh(EVENTS + 2500)));
  });
});
