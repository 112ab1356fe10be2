/**
 * The Basic Paxos, Multi-Paxos and Zab lessons say what the run shows at each step: which ballot
 * leads, what the promises reported, which slots are chosen and who knows it, which zxids a
 * server holds and which it has delivered. Each step is replayed to its planned moment and read
 * through the contract's node report, the observer's report and the trace.
 */
import { describe, expect, it } from 'vitest';
import { atStep as atLessonStep } from './support/lesson-step';

interface Ballot { round: number; node: number }
interface PaxosView { promised: Ballot | null; accepted: { ballot: Ballot; value: string } | null; learned: string | null }
interface MultiView { ballot: Ballot | null; leader: number | null; slots: { slot: number; status: string; ballot: Ballot | null; value: string | null }[] }
interface ZabView { role: string; phase: string; currentEpoch: number; history: { zxid: [number, number]; command: string }[]; lastCommitted: [number, number] | null }

type Report = { chosen?: { slot: number; value: string | null }[]; committed?: { command: string }[] };
const atStep = <V,>(id: string, index: number) => atLessonStep<V, Report>(id, index);

const names = (text: string, node: number) => new RegExp(`\\bS${node}\\b`).test(text);

describe('lesson basic-paxos says what the run shows', () => {
  const id = 'basic-paxos';

  it('steps 3 to 5: S1, S2 and S3 promise (1, S1), accept A and learn it; S4 and S5 know nothing', () => {
    const three = atStep<PaxosView>(id, 2);
    for (const n of [1, 2, 3]) expect(three.view(n).promised).toEqual({ round: 1, node: 1 });
    for (const n of [4, 5]) expect(three.view(n).promised).toBeNull(); // cut off: only the three named promise
    for (const n of [1, 2, 3, 4, 5]) {
      for (const lang of ['en', 'zh'] as const) expect(names(three.narration[lang], n), `${lang} S${n}`).toBe(n <= 3);
    }
    const four = atStep<PaxosView>(id, 3);
    for (const n of [1, 2, 3]) expect(four.view(n).accepted).toEqual({ ballot: { round: 1, node: 1 }, value: 'A' });
    expect(four.report.chosen).toEqual([expect.objectContaining({ slot: 0, value: 'A' })]);
    const five = atStep<PaxosView>(id, 4);
    for (const n of [1, 2, 3]) expect(five.view(n).learned).toBe('A');
    for (const n of [4, 5]) expect(five.view(n)).toEqual({ promised: null, accepted: null, learned: null });
  });

  it('step 6: S5, asked for B with a higher ballot, hears of A in the promises and proposes A', () => {
    const { view, trace, inStep } = atStep<PaxosView>(id, 5);
    const phase2 = trace.find((r) => inStep(r) && r.kind === 'note' && r.what === 'phase2' && r.node === 5);
    expect(phase2?.data).toMatchObject({ ballot: [1, 5], own: 'B', value: 'A', adopted: true });
    for (const n of [1, 2, 3, 4, 5]) expect(view(n).learned).toBe('A');
  });
});

describe('lesson multi-paxos says what the run shows', () => {
  const id = 'multi-paxos';

  it('step 3: c is chosen in slot 2 while slot 1 is a gap', () => {
    const { report } = atStep<MultiView>(id, 2);
    expect(report.chosen!.map((c) => c.slot).sort()).toEqual([0, 2]);
  });

  it('step 4: the follower the narration names leads with the next ballot; its promises reported slots 0 and 2, nothing for slot 1', () => {
    const { sim, view, trace, inStep, narration } = atStep<MultiView>(id, 3);
    const leader = sim.leader()!;
    expect(leader).not.toBe(1);
    expect(view(leader).ballot).toEqual({ round: 2, node: leader });
    const promises = trace.filter((r) => inStep(r) && r.kind === 'deliver' && r.msg?.type === 'Promise' && r.msg.to === leader);
    expect(promises.length).toBeGreaterThan(0);
    for (const p of promises) expect((p.msg!.payload as { slots: number[] }).slots).toEqual([0, 2]);
    for (const lang of ['en', 'zh'] as const) expect(names(narration[lang], leader), lang).toBe(true);
  });

  it('step 5: a higher ballot took over; the promises it counted carried the previous leader\'s no-op for slot 1; no node knows yet that the slots are chosen', () => {
    const before = atStep<MultiView>(id, 3);
    const { sim, view, report, trace, narration } = atStep<MultiView>(id, 4);
    const previous = before.sim.leader()!;
    const leader = sim.leader()!;
    expect(leader).not.toBe(previous);
    expect(view(previous).leader).toBe(leader);
    // the promise of the leader that gave way reported its own no-op in the gap
    const fromPrevious = trace.find((r) => r.kind === 'deliver' && r.msg?.type === 'Promise' && r.msg.from === previous && r.msg.to === leader);
    const payload = fromPrevious!.msg!.payload as { slots: number[]; entries: { ballot: Ballot; value: { command: string } }[] };
    const gap = payload.entries[payload.slots.indexOf(1)];
    expect(gap).toMatchObject({ ballot: { round: 2, node: previous }, value: { command: 'no-op' } });
    expect(report.chosen!.map((c) => c.slot).sort()).toEqual([0, 1, 2]);
    for (const n of [2, 3, 4, 5]) expect(view(n).slots.filter((s) => s.status === 'chosen')).toEqual([]);
    for (const lang of ['en', 'zh'] as const) {
      expect(names(narration[lang], leader), lang).toBe(true);
      expect(names(narration[lang], previous), lang).toBe(true);
    }
  });

  it('step 6: S1, back, holds the no-op in slot 1 where it had accepted b', () => {
    const { view } = atStep<MultiView>(id, 5);
    expect(view(1).slots.map((s) => [s.status, s.value])).toEqual([['chosen', 'a'], ['chosen', null], ['chosen', 'c']]);
  });
});

describe('lesson zab-recovery says what the run shows', () => {
  const id = 'zab-recovery';

  it('step 2: at the moment x=1 is committed only the leader has delivered it; the followers wait for COMMIT', () => {
    const { view } = atStep<ZabView>(id, 1);
    expect(view(5).lastCommitted).toEqual([1, 1]);
    for (const n of [1, 2, 3, 4]) {
      expect(view(n).history.map((t) => t.command)).toEqual(['x=1']);
      expect(view(n).lastCommitted).toBeNull();
    }
  });

  it('step 3: y=2 is (1, 2) on S5 and S4 only', () => {
    const { view } = atStep<ZabView>(id, 2);
    for (const n of [1, 2, 3, 4, 5]) expect(view(n).history.some((t) => t.command === 'y=2')).toBe([4, 5].includes(n));
    expect(view(4).history.find((t) => t.command === 'y=2')!.zxid).toEqual([1, 2]);
  });

  it('step 4: S5 is down, only S4 of the others holds y=2, and S4 leads epoch 2', () => {
    const { sim, view } = atStep<ZabView>(id, 3);
    expect(sim.up[5]).toBe(false);
    for (const n of [1, 2, 3, 4]) expect(view(n).history.some((t) => t.command === 'y=2')).toBe(n === 4);
    expect(view(4)).toMatchObject({ role: 'leading', currentEpoch: 2 });
  });

  it('step 6: z=3 is (2, 1) and every server delivered epoch 1 before epoch 2', () => {
    const { view } = atStep<ZabView>(id, 5);
    for (const n of [1, 2, 3, 4, 5]) {
      expect(view(n).history.map((t) => [t.command, t.zxid])).toEqual([['x=1', [1, 1]], ['y=2', [1, 2]], ['z=3', [2, 1]]]);
    }
  });
});
