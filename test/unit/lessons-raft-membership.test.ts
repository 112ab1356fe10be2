/**
 * The membership and snapshot lessons say what the run shows at each step: who leads, each
 * server's configuration (joint or not), which entries a snapshot dropped, and the InstallSnapshot
 * messages sent and delivered. Each step is replayed to its planned moment and read through the
 * contract's node report and the trace.
 */
import { describe, expect, it } from 'vitest';
import { lesson as lessonById, stepMoment } from '../../src/scenario/lessons';
import { createSimulation } from '../../src/scenario/run';
import type { TraceRecord } from '../../src/sim/trace';

interface View {
  role: string; term: number; commitIndex: number; logStart: number;
  log: { term: number; command: string }[];
  members: number[] | { old: number[]; new: number[] };
  snapshot: { index: number; term: number } | null;
}

/** Step `index` of the lesson at its moment: node views, the leader, and the trace up to then. */
function atStep(id: string, index: number) {
  const planned = stepMoment(lessonById(id), index);
  const trace: TraceRecord[] = [];
  const sim = createSimulation(planned.scenario, { onTrace: (r) => { trace.push(r); } });
  sim.runUntil(planned.at);
  const view = (node: number) => sim.protocol.reportNode(sim.nodes[node]) as unknown as View;
  const inStep = (r: TraceRecord) => r.time > planned.begin && r.time <= planned.at;
  const messages = (kind: string, type: string, filter: (r: TraceRecord) => boolean = () => true) =>
    trace.filter((r) => r.kind === kind && r.msg?.type === type && filter(r));
  return { sim, planned, trace, view, inStep, messages };
}

const commands = (v: View) => v.log.map((e) => e.command);

describe('lesson raft-membership says what the run shows', () => {
  const id = 'raft-membership';

  it('step 1: only S1–S3 vote, S1 leads term 1, S4 and S5 hold no log', () => {
    const { sim, view } = atStep(id, 0);
    expect(sim.leader()).toBe(1);
    expect(view(1).term).toBe(1);
    for (const n of [1, 2, 3, 4, 5]) expect(view(n).members).toEqual([1, 2, 3]);
    expect(view(4).log).toEqual([]);
    expect(view(5).log).toEqual([]);
  });

  it('step 2: x=1 is committed by S1 with S4 and S5 still empty', () => {
    const { sim, view } = atStep(id, 1);
    expect(sim.leader()).toBe(1);
    expect(commands(view(1))).toEqual(['x=1']);
    expect(view(1).commitIndex).toBe(1);
    expect(view(4).log).toEqual([]);
    expect(view(5).log).toEqual([]);
  });

  it('step 3: entry 2 is the configuration {S1–S4}, committed, and S4 holds the log', () => {
    const { sim, view } = atStep(id, 2);
    expect(sim.leader()).toBe(1);
    expect(commands(view(1))[1]).toBe('config 1,2,3,4');
    expect(view(1).members).toEqual([1, 2, 3, 4]);
    expect(view(1).commitIndex).toBe(2);
    expect(commands(view(4))).toEqual(['x=1', 'config 1,2,3,4']);
    expect(view(5).log).toEqual([]);
  });

  it('step 4: S1 still leads and its entry 3 is the joint configuration', () => {
    const { sim, view } = atStep(id, 3);
    expect(sim.leader()).toBe(1);
    expect(view(1).members).toEqual({ old: [1, 2, 3, 4], new: [2, 3, 4, 5] });
    expect(commands(view(1))[2]).toBe('joint 1,2,3,4 / 2,3,4,5');
    expect(view(1).commitIndex).toBe(2);
  });

  it('step 5: entry 4 {S2–S5} is committed, S1 sent the followers its commit, stepped down, and no one leads', () => {
    const { sim, view, trace, inStep } = atStep(id, 4);
    expect(sim.leader()).toBeNull();
    expect(commands(view(1))[3]).toBe('config 2,3,4,5');
    expect(view(1).commitIndex).toBe(4);
    expect(view(1).role).toBe('follower');
    for (const n of [1, 2, 3, 4, 5]) expect(view(n).members).toEqual([2, 3, 4, 5]);
    // the joint entry was committed before S1 appended entry 4 (it needed both majorities)
    const stepDown = trace.find((r) => inStep(r) && r.kind === 'note' && r.node === 1 && r.what === 'role');
    expect(stepDown?.data).toMatchObject({ role: 'follower' });
    const told = trace.filter((r) => r.kind === 'send' && r.node === 1 && r.msg?.type === 'AppendEntries' && r.time <= stepDown!.time);
    const last = told.filter((r) => r.time === told[told.length - 1].time);
    expect(last.map((r) => r.msg!.to).sort()).toEqual([2, 3, 4, 5]);
    for (const r of last) expect((r.msg!.payload as { leaderCommit: number }).leaderCommit).toBe(4);
    expect(trace.filter((r) => r.kind === 'send' && r.node === 1 && r.time > stepDown!.time)).toEqual([]);
  });

  it('step 6: S2 wins term 2 with S3 and S5; S1 is not asked and stays idle', () => {
    const { sim, view, trace, inStep } = atStep(id, 5);
    expect(sim.leader()).toBe(2);
    expect(view(2).term).toBe(2);
    const won = trace.find((r) => inStep(r) && r.kind === 'note' && r.what === 'role' && (r.data as { role: string }).role === 'leader');
    expect(won).toMatchObject({ node: 2, data: { term: 2, votes: [2, 3, 5] } });
    const asked = trace.filter((r) => inStep(r) && r.kind === 'send' && r.msg?.type === 'RequestVote');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((r) => r.msg!.to === 1)).toEqual([]);
    expect(trace.filter((r) => inStep(r) && r.kind === 'send' && r.node === 1)).toEqual([]);
    expect(view(1).role).toBe('follower');
    expect(commands(view(1))).toHaveLength(4);
  });
});

describe('lesson raft-snapshots says what the run shows', () => {
  const id = 'raft-snapshots';

  it('step 1: S2 leads and has committed x=1; no one has a snapshot yet', () => {
    const { sim, view } = atStep(id, 0);
    expect(sim.leader()).toBe(2);
    expect(view(2).commitIndex).toBe(1);
    expect(commands(view(2))).toEqual(['x=1']);
    for (const n of [1, 2, 3]) expect(view(n).snapshot).toBeNull();
  });

  it('step 2: S3 crashed at 600 ms holding only x=1', () => {
    const { sim, view, trace } = atStep(id, 1);
    expect(sim.up[3]).toBe(false);
    expect(trace.find((r) => r.kind === 'fault' && r.node === 3)).toMatchObject({ time: 600, what: 'crash' });
    expect(commands(view(3))).toEqual(['x=1']);
    expect(sim.leader()).toBe(2);
  });

  it('step 3: S2 applied z=4 and snapshotted up to index 4, dropping entries 1 to 4; S1 has not applied it', () => {
    const { view } = atStep(id, 2);
    expect(view(2).snapshot).toEqual({ index: 4, term: 1 });
    expect(view(2).logStart).toBe(4);
    expect(commands(view(2))).toEqual([]);
    expect(view(1).snapshot).toBeNull();
    expect(view(1).commitIndex).toBeLessThan(4);
    expect(commands(view(1))[3]).toBe('z=4');
  });

  it('step 4: no log holds entry 2, and S2 sends InstallSnapshot to S3 at every heartbeat, in vain', () => {
    const { sim, view, messages, inStep } = atStep(id, 3);
    expect(view(1).snapshot).toEqual({ index: 4, term: 1 });
    for (const n of [1, 2]) expect(view(n).logStart).toBe(4);
    expect(view(3).log).toHaveLength(1); // S3 lacks entry 2 too
    const sent = messages('send', 'InstallSnapshot');
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const r of sent) expect(r.msg).toMatchObject({ from: 2, to: 3 });
    expect(sent.filter(inStep).length).toBeGreaterThanOrEqual(2);
    expect(messages('deliver', 'InstallSnapshot')).toEqual([]);
    expect(sim.up[3]).toBe(false);
  });

  it('step 5: S3 is back and took the snapshot, its old log discarded', () => {
    const { sim, view, messages, trace } = atStep(id, 4);
    expect(sim.up[3]).toBe(true);
    expect(trace.find((r) => r.kind === 'fault' && r.node === 3 && r.what === 'restart')?.time).toBe(1200);
    const delivered = messages('deliver', 'InstallSnapshot');
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((r) => r.msg!.to === 3 && r.time > 1200)).toBe(true);
    expect(view(3).snapshot).toEqual({ index: 4, term: 1 });
    expect(view(3).logStart).toBe(4);
    expect(commands(view(3))).not.toContain('x=1');
  });

  it('step 6: entries after 4 came by AppendEntries; all three logs match, none holds entries 1 to 4', () => {
    const { view, messages, inStep } = atStep(id, 5);
    const after4 = messages('deliver', 'AppendEntries', (r) => inStep(r) && r.msg!.to === 3
      && (r.msg!.payload as { prevLogIndex: number; entries: unknown[] }).prevLogIndex >= 4
      && (r.msg!.payload as { entries: unknown[] }).entries.length > 0);
    expect(after4.length).toBeGreaterThan(0);
    const first = view(1);
    expect(commands(first).length).toBeGreaterThan(0);
    for (const n of [1, 2, 3]) {
      expect(view(n).logStart).toBe(4);
      expect(view(n).snapshot).toEqual({ index: 4, term: 1 });
      expect(view(n).log).toEqual(first.log);
      expect(view(n).commitIndex).toBe(first.commitIndex);
    }
  });
});
