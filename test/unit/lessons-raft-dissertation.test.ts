/**
 * The PreVote and stale-read lessons say what the run shows at each step: who leads and in which
 * term, whose log lacks what, and which read answered what. Each step is replayed to its planned
 * moment; the closing steps' claims about the fix are checked on the library run they point to.
 */
import { describe, expect, it } from 'vitest';
import { lesson as lessonById, stepMoment } from '../../src/scenario/lessons';
import { createSimulation } from '../../src/scenario/run';
import { rejoinWithPreVote } from '../../src/scenario/library/raft-prevote';
import { leaseRead, readIndexRead, STALE_READ } from '../../src/scenario/library/raft-reads';
import { checkHistory } from '../../src/scenario/linearizability';
import type { Scenario } from '../../src/sim/types';

interface View { role: string; term: number; commitIndex: number; log: { term: number; command: string }[] }

function runTo(scenario: Scenario, at: number) {
  const sim = createSimulation(scenario);
  sim.runUntil(at);
  const view = (node: number) => sim.protocol.reportNode(sim.nodes[node]) as unknown as View;
  const committed = (node: number) => view(node).log.slice(0, view(node).commitIndex).map((e) => e.command);
  return { sim, view, committed };
}

/** Step `index` of the lesson at its planned moment. */
const atStep = (id: string, index: number) => {
  const planned = stepMoment(lessonById(id), index);
  return runTo(planned.scenario, planned.at);
};

describe('lesson raft-prevote says what the run shows', () => {
  const id = 'raft-prevote';

  it('step 1: S2 leads term 1 with x=1 committed on all five', () => {
    const { sim, view, committed } = atStep(id, 0);
    expect(sim.leader()).toBe(2);
    for (const n of [1, 2, 3, 4, 5]) {
      expect(view(n).term).toBe(1);
      expect(committed(n)).toEqual(['x=1']);
    }
  });

  it('step 2: cut off, S5 stands again and again and its term climbs; the other four commit x=2 in term 1', () => {
    const { sim, view, committed } = atStep(id, 1);
    expect(sim.leader()).toBe(2);
    expect(view(5).role).toBe('candidate');
    expect(view(5).term).toBeGreaterThanOrEqual(3);
    for (const n of [1, 2, 3, 4]) {
      expect(view(n).term).toBe(1);
      expect(committed(n)).toEqual(['x=1', 'x=2']);
    }
    expect(view(5).log.map((e) => e.command)).toEqual(['x=1']);
  });

  it('step 3: after the heal S2 has stepped down to S5\'s term 10; nobody leads, and S5 lacks x=2', () => {
    const { sim, view } = atStep(id, 2);
    expect(sim.leader()).toBeNull();
    expect(view(5).term).toBe(10);
    expect(view(2).role).toBe('follower');
    expect(view(2).term).toBe(10);
    expect(view(5).log.map((e) => e.command)).not.toContain('x=2');
  });

  it('step 4: S2 wins again in term 11', () => {
    const { sim, view } = atStep(id, 3);
    expect(sim.leader()).toBe(2);
    expect(view(2).term).toBe(11);
  });

  it('step 5: with PreVote (the library run it names) S5 stays in term 1 and S2 leads throughout', () => {
    const scenario = rejoinWithPreVote.scenario;
    for (const at of [900, 2000, 3100, 3400]) {
      const { sim, view } = runTo(scenario, at);
      expect(sim.leader(), `at ${at}`).toBe(2);
      for (const n of [1, 2, 3, 4, 5]) expect(view(n).term, `S${n} at ${at}`).toBe(1);
    }
    const { committed } = runTo(scenario, 3400);
    expect(committed(5)).toEqual(['x=1', 'x=2']);
  });
});

describe('lesson raft-stale-reads says what the run shows', () => {
  const id = 'raft-stale-reads';
  const v5Write = (history: ReturnType<typeof runTo>['sim']['clientHistory']) =>
    history.find((h) => h.op === 'put' && h.value === 'v5');

  it('step 1: S1 leads term 1 and the bug lets it answer reads itself', () => {
    const { sim } = atStep(id, 0);
    expect(sim.leader()).toBe(1);
    expect(sim.bugs.has('stale-read')).toBe(true);
  });

  it('step 2: cut off, S1 still believes it leads; S5 leads term 3 and the others hold v5', () => {
    const { sim, view } = atStep(id, 1);
    expect(view(1).role).toBe('leader');
    expect(view(1).term).toBe(1);
    expect(sim.leader()).toBe(5);
    expect(view(5).term).toBe(3);
    for (const n of [2, 3, 5]) expect(view(n).log.map((e) => e.command)).toContain('put k0=v5');
    const write = v5Write(sim.clientHistory);
    expect(write?.client).toBe(2);
  });

  it('step 2: the narration names exactly the servers the write of v5 was copied to', () => {
    const { view } = atStep(id, 1);
    const narration = lessonById(id).steps[1].narration;
    for (const n of [2, 3, 4, 5]) {
      const holds = view(n).log.some((e) => e.command === 'put k0=v5');
      for (const lang of ['en', 'zh'] as const) {
        expect(new RegExp(`\\bS${n}\\b`).test(narration[lang]), `${lang}: S${n} ${holds ? 'holds' : 'lacks'} v5`).toBe(holds);
      }
    }
  });

  it('step 3: client 2\'s write of v5 returned, then S1 answers client 1\'s later read with v4: not linearizable', () => {
    const { sim } = atStep(id, 2);
    const write = v5Write(sim.clientHistory);
    expect(write?.return).toBeCloseTo(STALE_READ.writeReturned, 1);
    const staleRead = sim.clientHistory.find((h) => h.op === 'get' && h.client === 1 && h.call > (write?.return ?? Infinity) && h.return !== null);
    expect(staleRead?.output).toBe('v4');
    expect(staleRead?.return).toBeCloseTo(STALE_READ.readAt, 1);
    expect(checkHistory(sim.clientHistory).linearizable).toBe(false);
  });

  it.each([['4: ReadIndex', readIndexRead], ['5: a lease', leaseRead]] as const)('step %s: the same cut answers no stale read, and the history is linearizable', (_, entry) => {
    const { sim } = runTo(entry.scenario, 2500);
    expect(sim.bugs.size).toBe(0);
    const write = v5Write(sim.clientHistory);
    expect(write?.return).not.toBeNull();
    const after = sim.clientHistory.filter((h) => h.op === 'get' && h.call > (write?.return ?? Infinity) && h.return !== null);
    for (const read of after) expect(read.output).not.toBe('v4');
    expect(checkHistory(sim.clientHistory).linearizable).toBe(true);
  });
});
