/**
 * The first Raft lessons (leader election, log replication, partitions, Figure 8) say what the run
 * shows at each step: who leads which term, who stood in a split vote, which logs hold which
 * entries and when they were committed. Each step is replayed to its planned moment and read
 * through the contract's node report, the observer's report and the trace.
 */
import { describe, expect, it } from 'vitest';
import { atStep as atLessonStep } from './support/lesson-step';

interface View { role: string; term: number; votedFor: number | null; commitIndex: number; log: { term: number; command: string }[] }
interface Report { leaders: { term: number; node: number; time: number }[]; committed: { index: number; term: number; command: string; time: number }[] }

function atStep(id: string, index: number) {
  const step = atLessonStep<View, Report>(id, index);
  const roles = (role: string) => step.trace.filter((r) => step.inStep(r) && r.kind === 'note' && r.what === 'role' && (r.data as { role: string }).role === role)
    .map((r) => ({ node: r.node, time: r.time, ...(r.data as { term: number; votes?: number[] }) }));
  return { ...step, roles };
}

const commands = (v: View) => v.log.map((e) => e.command);
const names = (text: string, node: number) => new RegExp(`\\bS${node}\\b`).test(text);
const saysTerm = (text: string, term: number) => text.includes(`term ${term}`) || text.includes(`任期 ${term}`);

describe('lesson raft-leader-election says what the run shows', () => {
  const id = 'raft-leader-election';

  it('step 3: S1 wins term 1 with three of five votes', () => {
    const { sim, view, roles } = atStep(id, 2);
    expect(sim.leader()).toBe(1);
    expect(view(1).term).toBe(1);
    expect(roles('leader')).toEqual([expect.objectContaining({ node: 1, term: 1, votes: expect.any(Array) })]);
    expect(roles('leader')[0].votes).toHaveLength(3);
  });

  it('step 5: after S1 crashes, several servers split term 2 and the one the narration names wins a later term', () => {
    const { sim, view, roles, narration } = atStep(id, 4);
    expect(sim.up[1]).toBe(false);
    const standing = roles('candidate').filter((c) => c.term === 2).map((c) => c.node).sort();
    expect(standing.length).toBeGreaterThanOrEqual(2);
    expect(roles('leader').filter((l) => l.term === 2)).toEqual([]); // nobody won term 2
    const leader = sim.leader()!;
    const { term } = view(leader);
    expect(term).toBeGreaterThan(2);
    for (const lang of ['en', 'zh'] as const) {
      for (const n of standing) expect(names(narration[lang], n), `${lang} names S${n}, who stood in term 2`).toBe(true);
      expect(saysTerm(narration[lang], term), `${lang} says the term S${leader} won`).toBe(true);
    }
  });

  it('step 6: S2 is down too; S3 and S4 stand in the same term and S5 votes for one of them: nobody has a majority', () => {
    const { sim, view } = atStep(id, 5);
    expect(sim.up[1]).toBe(false);
    expect(sim.up[2]).toBe(false);
    expect(view(3).role).toBe('candidate');
    expect(view(4).role).toBe('candidate');
    expect(view(3).term).toBe(view(4).term);
    expect([3, 4]).toContain(view(5).votedFor);
    expect(sim.leader()).toBeNull();
  });

  it('step 7: the winner of the next term was a follower, not one of the split candidates, and the narration says so by name', () => {
    const before = atStep(id, 5);
    const { sim, view, roles, narration } = atStep(id, 6);
    const leader = sim.leader()!;
    const { term } = view(leader);
    expect(roles('leader')).toEqual([expect.objectContaining({ node: leader, term })]);
    expect(before.view(leader).role).toBe('follower'); // it did not stand in the split term
    expect(roles('leader')[0].votes!.sort()).toEqual([3, 4, 5]); // all three live votes
    for (const lang of ['en', 'zh'] as const) {
      expect(names(narration[lang], leader), lang).toBe(true);
      expect(saysTerm(narration[lang], term), lang).toBe(true);
    }
  });

  it('step 8: S1 and S2 restarted with their old terms and now follow the leader in its term', () => {
    const { sim, view } = atStep(id, 7);
    const leader = sim.leader()!;
    for (const n of [1, 2]) {
      expect(sim.up[n]).toBe(true);
      expect(view(n).role).toBe('follower');
      expect(view(n).term).toBe(view(leader).term);
    }
  });
});

describe('lesson raft-log-replication says what the run shows', () => {
  const id = 'raft-log-replication';

  it('steps 2 to 4: x=5 is appended uncommitted, committed on a majority, then known committed everywhere', () => {
    const two = atStep(id, 1);
    expect(commands(two.view(1))).toEqual(['x=5']);
    expect(two.view(1).commitIndex).toBe(0);
    const three = atStep(id, 2);
    expect(three.view(1).commitIndex).toBe(1);
    expect([1, 2, 3, 4, 5].filter((n) => commands(three.view(n)).includes('x=5')).length).toBeGreaterThanOrEqual(3);
    const four = atStep(id, 3);
    for (const n of [1, 2, 3, 4, 5]) expect(four.view(n).commitIndex).toBe(1);
  });

  it('step 5: y=1 and y=2 are committed while S4 is down', () => {
    const { sim, view } = atStep(id, 4);
    expect(sim.up[4]).toBe(false);
    expect(view(1).commitIndex).toBe(3);
    expect(commands(view(4))).toEqual(['x=5']);
  });

  it('step 6: S4 caught up through an AppendEntries that matched its log at index 1', () => {
    const { view, trace, inStep } = atStep(id, 5);
    const filled = trace.find((r) => inStep(r) && r.kind === 'deliver' && r.msg?.type === 'AppendEntries' && r.msg.to === 4
      && (r.msg.payload as { entries: unknown[] }).entries.length > 0);
    expect((filled!.msg!.payload as { prevLogIndex: number }).prevLogIndex).toBe(1);
    expect(commands(view(4))).toEqual(['x=5', 'y=1', 'y=2']);
    expect(view(4).commitIndex).toBe(3);
  });
});

describe('lesson raft-partitions-and-safety says what the run shows', () => {
  const id = 'raft-partitions-and-safety';

  it('step 3: S1 and S2 hold x=2, uncommitted', () => {
    const { view } = atStep(id, 2);
    for (const n of [1, 2]) expect(commands(view(n))).toEqual(['x=1', 'x=2']);
    expect(view(1).commitIndex).toBe(1);
  });

  it('step 4: the majority side elects the server the narration names, in term 2, while S1 still leads term 1', () => {
    const { sim, view, narration } = atStep(id, 3);
    const leader = sim.leader()!;
    expect([3, 4, 5]).toContain(leader);
    expect(view(leader).term).toBe(2);
    expect(view(1).role).toBe('leader');
    expect(view(1).term).toBe(1);
    for (const lang of ['en', 'zh'] as const) expect(names(narration[lang], leader), lang).toBe(true);
  });

  it('step 6: after the heal S1 and S2 dropped x=2 and hold x=3; S1 stepped down', () => {
    const { view } = atStep(id, 5);
    for (const n of [1, 2]) expect(commands(view(n))).toEqual(['x=1', 'x=3']);
    expect(view(1).role).toBe('follower');
  });
});

describe('lesson raft-figure-8 says what the run shows', () => {
  const id = 'raft-figure-8';

  it('step 1: S1 leads term 1 and x=1 is on every server and committed', () => {
    const { sim, view, report } = atStep(id, 0);
    expect(sim.leader()).toBe(1);
    for (const n of [1, 2, 3, 4, 5]) expect(commands(view(n))).toEqual(['x=1']);
    expect(report.committed.map((c) => c.command)).toEqual(['x=1']);
  });

  it('step 4 (c): S5 crashed; S1 first stood in term 3, where S3 had voted for S5, and won term 4 with S2 and S3', () => {
    const { sim, view, roles, trace, inStep } = atStep(id, 3);
    expect(sim.up[5]).toBe(false);
    expect(roles('candidate').filter((c) => c.node === 1).map((c) => c.term)).toEqual([3, 4]);
    const refused = trace.find((r) => inStep(r) && r.kind === 'note' && r.what === 'vote' && r.node === 3
      && (r.data as { term: number }).term === 3);
    expect(refused?.data).toMatchObject({ candidate: 1, granted: false, votedFor: 5 });
    expect(roles('leader')).toEqual([expect.objectContaining({ node: 1, term: 4, votes: [1, 2, 3] })]);
    expect(view(1).term).toBe(4);
  });

  it('step 5: x=2 is on S1, S2 and S3 but S1 has not committed it', () => {
    const { view, report } = atStep(id, 4);
    for (const n of [1, 2, 3]) expect(commands(view(n))).toEqual(['x=1', 'x=2']);
    expect(report.committed.map((c) => c.command)).toEqual(['x=1']);
  });

  it('step 7: S5 overwrote x=2 on S2, S3 and S4 and committed x=3 only with an entry of its own term, which the narration names', () => {
    const { sim, view, report, narration } = atStep(id, 6);
    expect(sim.leader()).toBe(5);
    expect(sim.up[1]).toBe(false);
    for (const n of [2, 3, 4, 5]) expect(commands(view(n)).slice(0, 2)).toEqual(['x=1', 'x=3']);
    expect(commands(view(1))).toContain('x=2'); // S1 is down and still holds it
    const x3 = report.committed.find((c) => c.command === 'x=3')!;
    const own = report.committed.filter((c) => c.term === view(5).term);
    expect(own.length).toBeGreaterThan(0);
    // the leader's commit index never stood at x=3 alone: it moved past it with an entry of its term
    expect(own.every((c) => c.index > x3.index && c.time === x3.time)).toBe(true);
    for (const lang of ['en', 'zh'] as const) {
      for (const c of own) expect(narration[lang], lang).toContain(c.command);
    }
  });
});
