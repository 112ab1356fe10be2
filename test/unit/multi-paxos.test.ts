/**
 * Multi-Paxos scenario tests in the spirit of the DSLabs Paxos lab: a cluster, clients, scripted
 * faults, and oracles on the log. Quotes are from Lamport, "Paxos Made Simple" (2001), §3.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, createSimulation, runScenario, type Report } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import type { TraceRecord } from '../../src/sim/trace';

type Ev = Record<string, unknown>;
interface SlotView { slot: number; status: string; value: string | null }
interface Chosen { slot: number; value: string | null; time: number }

function mp(nodes: number, seed: number, events: Ev[], extra: Record<string, unknown> = {}) {
  return validateScenario({ version: 1, protocol: 'multi-paxos', nodes, seed, events, ...extra });
}

function run(scenario: ReturnType<typeof mp>, until: number, trace?: TraceRecord[]): Report {
  return buildReport(runScenario(scenario, until, trace ? { onTrace: (r) => trace.push(r) } : {}));
}

const chosenOf = (r: Report): Chosen[] => r.chosen as Chosen[];
const commands = (r: Report): (string | null)[] => chosenOf(r).map((c) => c.value);
const slotsOf = (r: Report, id: number): SlotView[] => r.nodes[id - 1].slots as SlotView[];

/** Requests for commands `${prefix}0`, `${prefix}1`, … every `every` ms to the given node. */
function requests(prefix: string, node: number | 'leader', from: number, count: number, every: number): Ev[] {
  return Array.from({ length: count }, (_, i) => ({ at: from + i * every, type: 'request', node, command: `${prefix}${i}` }));
}

/** Oracles that hold in every run: the observer found nothing, no hole below the highest chosen
 * slot, each command chosen at most once, and each node's chosen slots match what was chosen. */
function expectSafe(r: Report): void {
  expect(r.violations).toEqual([]);
  const chosen = chosenOf(r);
  chosen.forEach((c, i) => expect(c.slot).toBe(i));
  const named = commands(r).filter((v) => v !== null && !v.startsWith('get '));
  expect(new Set(named).size).toBe(named.length);
  for (const n of r.nodes) {
    for (const s of n.slots as SlotView[]) if (s.status === 'chosen') expect(s.value).toBe(chosen[s.slot].value);
  }
}

/** Once everyone is up and connected, every node knows the same chosen log. */
function expectConverged(r: Report): void {
  const want = chosenOf(r).map((c) => c.value);
  for (const n of r.nodes) {
    const mine = (n.slots as SlotView[]).filter((s) => s.status === 'chosen').map((s) => s.value);
    expect(mine, `S${n.id}`).toEqual(want);
  }
}

describe('Multi-Paxos', () => {
  it('elects one leader, which chooses commands in consecutive slots; followers forward to it', () => {
    const trace: TraceRecord[] = [];
    const r = run(mp(5, 1, [
      { at: 600, type: 'request', node: 'leader', command: 'x=1' },
      { at: 650, type: 'request', node: 'leader', command: 'x=2' },
      ...[1, 2, 3, 4, 5].map((n, i) => ({ at: 700 + i, type: 'request', node: n, command: `from${n}` })),
    ]), 2000, trace);
    expectSafe(r);
    expectConverged(r);
    expect(commands(r).slice(0, 2)).toEqual(['x=1', 'x=2']);
    expect(new Set(commands(r).slice(2))).toEqual(new Set(['from1', 'from2', 'from3', 'from4', 'from5']));
    const leaders = r.nodes.filter((n) => n.leader === n.id);
    expect(leaders).toHaveLength(1);
    expect(r.nodes.every((n) => n.leader === leaders[0].id)).toBe(true);
    expect(trace.filter((x) => x.kind === 'note' && x.what === 'forward')).toHaveLength(4);
    // "the leader can … execute phase 2 for each command": one Prepare round only
    expect(trace.filter((x) => x.kind === 'note' && x.what === 'leader')).toHaveLength(1);
  });

  it('a node that knows no leader keeps a scenario request until it knows one: the command is chosen once', () => {
    const trace: TraceRecord[] = [];
    const r = run(mp(3, 1, [{ at: 1, type: 'request', node: 2, command: 'early' }]), 1000, trace);
    expect(commands(r)).toEqual(['early']);
    const waits = trace.find((x) => x.kind === 'note' && x.what === 'request-waits');
    expect(waits).toMatchObject({ node: 2, time: 1, data: { command: 'early' } });
    // no leader existed when it came: the first one was elected later
    expect(trace.find((x) => x.kind === 'note' && x.what === 'leader')!.time).toBeGreaterThan(1);
  });

  it('a request waiting at a node is lost if that node crashes before it knows a leader', () => {
    const r = run(mp(3, 1, [{ at: 1, type: 'request', node: 2, command: 'early' }, { at: 2, type: 'crash', node: 2 }]), 1000);
    expect(commands(r)).toEqual([]);
  });

  it('makes progress in a majority partition and none in a minority; progress resumes after the heal', () => {
    const scenario = mp(5, 2, [
      { at: 1000, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
      ...requests('minority', 1, 1500, 5, 100),
      ...requests('minority-b', 2, 1550, 5, 100),
      ...requests('majority', 4, 1600, 5, 100),
      { at: 4000, type: 'heal' },
      ...requests('after', 1, 5000, 5, 100),
    ]);
    const split = run(scenario, 3999);
    expectSafe(split);
    const during = commands(split);
    expect(during.filter((c) => c?.startsWith('majority'))).toHaveLength(5);
    expect(during.some((c) => c?.startsWith('minority'))).toBe(false);
    // the minority knows nothing new is chosen
    for (const id of [1, 2]) expect(slotsOf(split, id).filter((s) => s.status === 'chosen').length).toBeLessThan(during.length);

    const healed = run(scenario, 8000);
    expectSafe(healed);
    expectConverged(healed);
    expect(commands(healed).filter((c) => c?.startsWith('after'))).toHaveLength(5);
  });

  it('keeps choosing while one server switches between partitions', () => {
    const scenario = mp(5, 3, [
      { at: 1000, type: 'partition', groups: [[1, 2, 3], [4, 5]] },
      ...requests('a', 2, 1500, 5, 50),
      { at: 2500, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
      ...requests('b', 4, 3200, 5, 50),
      { at: 4500, type: 'partition', groups: [[1, 2, 3], [4, 5]] },
      ...requests('c', 1, 5200, 5, 50),
      { at: 6500, type: 'heal' },
    ]);
    const r = run(scenario, 9000);
    expectSafe(r);
    expectConverged(r);
    for (const p of ['a', 'b', 'c']) expect(commands(r).filter((c) => c !== null && /^[abc]\d$/.test(c) && c[0] === p), p).toHaveLength(5);
  });

  it('stays safe and linearizable under constant re-partitioning, and recovers when it stops', () => {
    for (const seed of [4, 5, 6]) {
      const events: Ev[] = [];
      let x = seed;
      const next = (n: number): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % n; };
      for (let at = 500; at < 6000; at += 150 + next(200)) {
        const side = [1, 2, 3, 4, 5].filter(() => next(2) === 0);
        events.push({ at, type: 'partition', groups: [side] });
      }
      events.push({ at: 6000, type: 'heal' });
      const r = run(mp(5, seed, events, { workload: { clients: 3, keys: 2, interval: { min: 20, max: 60 }, readRatio: 0.3, from: 200, to: 7500 } }), 9000);
      expectSafe(r);
      expectConverged(r);
      expect(r.linearizable, `seed ${seed}`).toBe(true);
      const history = r.history as { call: number; return: number | null }[];
      expect(history.filter((h) => h.call > 6200 && h.return !== null).length, `seed ${seed}`).toBeGreaterThan(10);
    }
  });

  it('loses and duplicates no chosen command when the leader crashes mid-stream', () => {
    // "a new leader … executes phase 1 for infinitely many instances"; it must re-propose what may
    // have been chosen and fill the gaps with no-ops.
    const scenario = mp(5, 7, [
      ...requests('cmd', 'leader', 600, 40, 10),
      { at: 800, type: 'crash', node: 'leader' },
      ...requests('next', 'leader', 1400, 10, 10),
    ], { network: { latency: { min: 5, max: 40 } } });
    const trace: TraceRecord[] = [];
    const sim = createSimulation(scenario, { onTrace: (r) => trace.push(r) });
    sim.runUntil(800);
    const beforeCrash = chosenOf(buildReport(sim)).map((c) => ({ slot: c.slot, value: c.value }));
    expect(beforeCrash.length).toBeGreaterThan(5);
    sim.runUntil(4000);
    const r = buildReport(sim);
    expectSafe(r);
    // everything chosen before the crash is still there, in the same slot
    for (const c of beforeCrash) expect(chosenOf(r)[c.slot].value).toBe(c.value);
    expect(commands(r).filter((c) => c?.startsWith('next'))).toHaveLength(10);
    const newLeader = trace.filter((x) => x.kind === 'note' && x.what === 'leader').at(-1)!;
    expect((newLeader.data!.reproposed as number) + (newLeader.data!.filled as number)).toBeGreaterThan(0);
    const up = r.nodes.filter((n) => n.up);
    const want = commands(r);
    for (const n of up) expect((n.slots as SlotView[]).filter((s) => s.status === 'chosen').map((s) => s.value)).toEqual(want);
  });

  it('with clients retrying through a leader crash, every write is applied once and the history is linearizable', () => {
    for (const seed of [8, 9, 10]) {
      const r = run(mp(5, seed, [
        { at: 1500, type: 'crash', node: 'leader' },
        { at: 2500, type: 'restart', node: 1 }, { at: 2500, type: 'restart', node: 2 }, { at: 2500, type: 'restart', node: 3 },
        { at: 2500, type: 'restart', node: 4 }, { at: 2500, type: 'restart', node: 5 },
        { at: 3500, type: 'crash', node: 'leader' },
      ], { workload: { clients: 4, keys: 3, interval: { min: 10, max: 40 }, readRatio: 0.4, from: 300, to: 5000 } }), 7000);
      expectSafe(r);
      expect(r.linearizable, `seed ${seed}`).toBe(true);
      const history = r.history as { op: string; value: string | null; return: number | null }[];
      const done = history.filter((h) => h.op === 'put' && h.return !== null);
      expect(done.length).toBeGreaterThan(30);
      const puts = commands(r).filter((c) => c?.startsWith('put '));
      for (const h of done) expect(puts.filter((c) => c!.endsWith(`=${h.value}`)), `${h.value}`).toHaveLength(1);
    }
  });

  it('a restarted node catches up on everything chosen while it was down', () => {
    const trace: TraceRecord[] = [];
    const r = run(mp(5, 11, [
      { at: 500, type: 'crash', node: 5 },
      { at: 500, type: 'crash', node: 4 },
      ...requests('k', 'leader', 700, 30, 20),
      { at: 2000, type: 'restart', node: 5 },
    ], { config: { maxCatchup: 4 } }), 3000, trace);
    expectSafe(r);
    expect(r.nodes[3].up).toBe(false);
    const want = commands(r);
    expect(want.filter((c) => c?.startsWith('k'))).toHaveLength(30);
    expect(slotsOf(r, 5).filter((s) => s.status === 'chosen').map((s) => s.value)).toEqual(want);
    const catchups = trace.filter((x) => x.kind === 'note' && x.what === 'caught-up' && x.node === 5);
    expect(catchups.length).toBeGreaterThanOrEqual(Math.ceil(30 / 4)); // batches of at most 4 slots
  });

  it('a lagging follower that missed Accepts learns through catch-up, not only through heartbeats', () => {
    const r = run(mp(3, 12, [
      { at: 600, type: 'link', from: 1, to: 3, dropRate: 1 }, { at: 600, type: 'link', from: 2, to: 3, dropRate: 1 },
      ...requests('m', 'leader', 700, 10, 10),
      { at: 1500, type: 'link', from: 1, to: 3, dropRate: 0 }, { at: 1500, type: 'link', from: 2, to: 3, dropRate: 0 },
    ]), 3000);
    expectSafe(r);
    expectConverged(r);
    expect(commands(r).filter((c) => c?.startsWith('m'))).toHaveLength(10);
  });

  it('is deterministic, and a cloned run continues exactly like the original', () => {
    const s = mp(5, 13, [{ at: 1200, type: 'crash', node: 'leader' }, { at: 2000, type: 'partition', groups: [[1, 2], [3, 4, 5]] }],
      { network: { dropRate: 0.05, duplicateRate: 0.05 }, workload: { clients: 3, keys: 2, interval: { min: 20, max: 60 }, readRatio: 0.5, from: 0, to: 4000 } });
    const a = run(s, 4000);
    expect(run(s, 4000).traceHash).toBe(a.traceHash);
    const sim = createSimulation(s);
    sim.runUntil(1500);
    const copy = sim.clone();
    sim.runUntil(4000);
    copy.runUntil(4000);
    expect(sim.traceHash).toBe(a.traceHash);
    expect(copy.traceHash).toBe(a.traceHash);
    expect(buildReport(copy).chosen).toEqual(a.chosen);
  });

  it('rejects bad knobs, naming the field', () => {
    expect(() => mp(3, 1, [], { config: { heartbeatInterval: 0 } })).toThrow(/config\.heartbeatInterval: must be a number of ms from 1 to 3600000/);
    expect(() => mp(3, 1, [], { config: { electionTimeout: { min: 300, max: 150 } } })).toThrow(/config\.electionTimeout\.min/);
    expect(() => mp(3, 1, [], { config: { maxCatchup: 1.5 } })).toThrow(/config\.maxCatchup: must be a whole number/);
    expect(() => mp(3, 1, [], { config: { retryTimeout: { min: 1, max: 2 } } })).toThrow(/config\.retryTimeout: unknown setting/);
  });
});

describe('Multi-Paxos safety under faults, and its teaching bugs', () => {
  /** Random crashes, restarts and partitions for 4 s, then everything heals. */
  function faults(seed: number): Ev[] {
    let x = seed * 7919;
    const next = (n: number): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % n; };
    const events: Ev[] = [];
    for (let at = 300; at < 4000; at += 100 + next(300)) {
      const k = next(4);
      if (k === 0) events.push({ at, type: 'crash', node: 'leader' });
      else if (k === 1) events.push({ at, type: 'crash', node: 1 + next(5) });
      else if (k === 2) events.push({ at, type: 'partition', groups: [[1, 2, 3, 4, 5].filter(() => next(2) === 0)] });
      else events.push({ at, type: 'heal' });
      if (next(2) === 0) events.push({ at: at + 50, type: 'restart', node: 1 + next(5) });
    }
    events.push({ at: 4000, type: 'heal' });
    for (let n = 1; n <= 5; n++) events.push({ at: 4000, type: 'restart', node: n });
    return events;
  }
  const workload = { clients: 3, keys: 2, interval: { min: 10, max: 50 }, readRatio: 0.3, from: 100, to: 5000 };

  it('the correct protocol shows no violation over a seed sweep with crashes, partitions, loss and duplication', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const r = run(mp(5, seed, faults(seed), { workload, network: { dropRate: 0.05, duplicateRate: 0.05 } }), 6500);
      expectSafe(r);
      expectConverged(r);
      expect(r.linearizable, `seed ${seed}`).toBe(true);
    }
  });

  it('ignore-promised-values: a new leader overwrites a chosen slot with a no-op', () => {
    let caughtAt = 0;
    for (let seed = 1; seed <= 25 && caughtAt === 0; seed++) {
      const r = run(mp(5, seed, faults(seed), { workload, bugs: ['ignore-promised-values'] }), 6500);
      if (r.violations.some((v) => v.invariant === 'Consistency' || v.invariant === 'ChosenAgreement')) caughtAt = seed;
    }
    expect(caughtAt).toBeGreaterThan(0);
    expectSafe(run(mp(5, caughtAt, faults(caughtAt), { workload }), 6500)); // the same run without the bug
  });

  it('no-dedupe: a duplicated forward gets the same command chosen in two slots', () => {
    // requests go to every node, so whoever leads, two of three are forwarded
    const sendAll = Array.from({ length: 21 }, (_, i) => ({ at: 800 + i * 20, type: 'request', node: 1 + (i % 3), command: `d${i}` }));
    const s = (bugs: string[]) => mp(3, 14, sendAll, { bugs, network: { duplicateRate: 0.5 } });
    const bad = run(s(['no-dedupe']), 3000);
    expect(bad.violations.map((v) => v.invariant)).toContain('CommandOnce');
    const good = run(s([]), 3000);
    expectSafe(good);
    expect(commands(good).filter((c) => c?.startsWith('d'))).toHaveLength(21);
  });
});

describe('Multi-Paxos on one node', () => {
  it('leads alone and chooses every command at once, serving workload clients', () => {
    const r = run(mp(1, 1, requests('solo', 1, 500, 3, 10), { workload: { clients: 2, keys: 1, interval: { min: 10, max: 20 }, readRatio: 0.5, from: 600, to: 900 } }), 1500);
    expectSafe(r);
    expect(commands(r).slice(0, 3)).toEqual(['solo0', 'solo1', 'solo2']);
    const history = r.history as { return: number | null }[];
    expect(history.length).toBeGreaterThan(10);
    expect(history.every((h) => h.return !== null)).toBe(true);
    expect(r.linearizable).toBe(true);
  });
});
