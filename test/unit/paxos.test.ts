/**
 * Basic Paxos scenario tests: a cluster, scripted faults, and oracles on what is chosen.
 * The quotes are from Lamport, "Paxos Made Simple" (2001).
 */
import { describe, expect, it } from 'vitest';
import { buildReport, runScenario } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import type { TraceRecord } from '../../src/sim/trace';

type Ev = Record<string, unknown>;

function paxos(nodes: number, seed: number, events: Ev[], extra: Record<string, unknown> = {}) {
  return validateScenario({ version: 1, protocol: 'paxos', nodes, seed, events, ...extra });
}

function run(scenario: ReturnType<typeof paxos>, until: number, trace?: TraceRecord[]) {
  const sim = runScenario(scenario, until, trace ? { onTrace: (r) => trace.push(r) } : {});
  return { sim, report: buildReport(sim) };
}

const learned = (report: ReturnType<typeof buildReport>): unknown[] => report.nodes.map((n) => n.learned);
const chosenValues = (report: ReturnType<typeof buildReport>): unknown[] => (report.chosen as { value: string }[]).map((c) => c.value);

/**
 * A fixed-latency 3-node script: S1 proposes A in ballot (1,S1) and S3 proposes B in (1,S3);
 * the links between S1 and S3 are slow, so S2 promises (1,S3) before S1's Accept reaches it.
 */
function raceThroughS2(bugs: string[], crashS2: boolean) {
  return paxos(3, 1, [
    { at: 0, type: 'link', from: 1, to: 3, latency: { min: 500, max: 500 } },
    { at: 0, type: 'link', from: 3, to: 1, latency: { min: 500, max: 500 } },
    { at: 0, type: 'request', node: 1, command: 'A' },
    { at: 5, type: 'request', node: 3, command: 'B' },
    ...(crashS2 ? [{ at: 26, type: 'crash', node: 2 }, { at: 27, type: 'restart', node: 2 }] : []),
  ], { bugs, network: { latency: { min: 10, max: 10 } } });
}

/** S3 is cut off while S1 gets "A" chosen by {S1, S2}; after the heal S3 proposes "B". */
function hijack(bugs: string[]) {
  return paxos(3, 7, [
    { at: 0, type: 'partition', groups: [[1, 2], [3]] },
    { at: 1, type: 'request', node: 1, command: 'A' },
    { at: 300, type: 'heal' },
    { at: 400, type: 'request', node: 3, command: 'B' },
  ], { bugs });
}

describe('Basic Paxos', () => {
  it('a single proposer gets its value chosen and every node learns it', () => {
    const { report } = run(paxos(3, 1, [{ at: 10, type: 'request', node: 1, command: 'A' }]), 2000);
    expect(report.violations).toEqual([]);
    expect(report.chosen).toEqual([{ slot: 0, value: 'A', time: expect.any(Number) }]);
    expect(learned(report)).toEqual(['A', 'A', 'A']);
    expect(report.nodes[1]).toMatchObject({ promised: { round: 1, node: 1 }, accepted: { ballot: { round: 1, node: 1 }, value: 'A' } });
    // one round trip for each phase at 10–30 ms one way
    expect((report.chosen as { time: number }[])[0].time).toBeLessThanOrEqual(10 + 4 * 30);
  });

  it('duelling proposers decide exactly one value, after preempting each other', () => {
    // "It's easy to construct a scenario in which two proposers each keep issuing a sequence of
    // proposals with increasing numbers, none of which are ever chosen." (§2.4)
    let preemptions = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const trace: TraceRecord[] = [];
      const { report } = run(paxos(3, seed, [
        { at: 10, type: 'request', node: 1, command: 'A' },
        { at: 10, type: 'request', node: 3, command: 'B' },
      ]), 20_000, trace);
      expect(report.violations).toEqual([]);
      expect(report.chosen).toHaveLength(1);
      const value = chosenValues(report)[0];
      expect(['A', 'B']).toContain(value);
      expect(learned(report)).toEqual([value, value, value]);
      preemptions += trace.filter((r) => r.kind === 'note' && r.what === 'preempted').length;
    }
    expect(preemptions).toBeGreaterThan(0); // the duel happened, and backing off resolved it
  });

  it('a 5-node cluster with two proposers at the same moment decides one value on every seed from 1 to 200', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { report } = run(paxos(5, seed, [
        { at: 10, type: 'request', node: 1, command: 'A' },
        { at: 10, type: 'request', node: 2, command: 'B' },
      ]), 10_000);
      expect(report.violations, `seed ${seed}`).toEqual([]);
      expect(report.chosen, `seed ${seed}`).toHaveLength(1);
      const value = chosenValues(report)[0];
      expect(new Set(learned(report)), `seed ${seed}`).toEqual(new Set([value]));
    }
  });

  it('a later proposer adopts the value already chosen instead of its own (value hijacking)', () => {
    // "If any acceptor has accepted a proposal, the proposer must propose the value of the
    // highest-numbered proposal among the responses." (P2c, §2.2)
    const trace: TraceRecord[] = [];
    const { report } = run(hijack([]), 3000, trace);
    expect(report.violations).toEqual([]);
    expect(chosenValues(report)).toEqual(['A']);
    expect(learned(report)).toEqual(['A', 'A', 'A']);
    const phase2 = trace.find((r) => r.kind === 'note' && r.what === 'phase2' && r.node === 3);
    expect(phase2?.data).toMatchObject({ value: 'A', own: 'B', adopted: true });
  });

  it('progress in a majority, none in a minority, and the minority catches up after the heal', () => {
    const scenario = paxos(5, 11, [
      { at: 0, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
      { at: 10, type: 'request', node: 1, command: 'minority' },
      { at: 2000, type: 'request', node: 4, command: 'majority' },
      { at: 4000, type: 'heal' },
    ]);
    const early = run(scenario, 1999).report;
    expect(early.chosen).toEqual([]); // two of five acceptors can never form a majority
    expect(learned(early)).toEqual([null, null, null, null, null]);

    const split = run(scenario, 3999).report;
    expect(chosenValues(split)).toEqual(['majority']);
    expect(learned(split).slice(0, 2)).toEqual([null, null]);

    const healed = run(scenario, 20_000).report;
    expect(healed.violations).toEqual([]);
    expect(chosenValues(healed)).toEqual(['majority']);
    // S1 keeps retrying; once healed its promises carry "majority", so it learns that value
    expect(learned(healed)[0]).toBe('majority');
  });

  it('a proposer cut off in a minority decides after the heal', () => {
    const scenario = paxos(3, 5, [
      { at: 0, type: 'partition', groups: [[1], [2, 3]] },
      { at: 10, type: 'request', node: 1, command: 'A' },
      { at: 3000, type: 'heal' },
    ]);
    expect(run(scenario, 2999).report.chosen).toEqual([]);
    const { report } = run(scenario, 20_000);
    expect(report.violations).toEqual([]);
    expect(chosenValues(report)).toEqual(['A']);
  });

  it('an acceptor that crashes and restarts keeps its promise and rejects the lower ballot', () => {
    // "An acceptor must remember this information even if it fails and then restarts." (§2.3)
    const trace: TraceRecord[] = [];
    const { report } = run(raceThroughS2([], true), 3000, trace);
    expect(report.violations).toEqual([]);
    const reject = trace.find((r) => r.kind === 'note' && r.what === 'reject' && r.node === 2 && r.time > 27);
    expect(reject?.data).toMatchObject({ what: 'Accept', ballot: [1, 1], promised: [1, 3] });
    expect(chosenValues(report)).toEqual(['B']);
    expect(learned(report)).toEqual(['B', 'B', 'B']);
  });

  it('is deterministic: the same scenario gives the same trace hash', () => {
    const s = paxos(5, 42, [
      { at: 10, type: 'request', node: 1, command: 'A' },
      { at: 10, type: 'request', node: 2, command: 'B' },
      { at: 40, type: 'crash', node: 3 },
      { at: 400, type: 'restart', node: 3 },
    ], { network: { dropRate: 0.1 } });
    const a = run(s, 5000).report;
    const b = run(s, 5000).report;
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.chosen).toEqual(b.chosen);
    expect(run({ ...s, seed: 43 }, 5000).report.traceHash).not.toBe(a.traceHash);
  });

  it('the scripted timeout fires the retry now, with a higher ballot', () => {
    const trace: TraceRecord[] = [];
    run(paxos(3, 2, [
      { at: 0, type: 'partition', groups: [[1], [2, 3]] },
      { at: 10, type: 'request', node: 1, command: 'A' },
      { at: 20, type: 'timeout', node: 1 },
    ]), 25, trace);
    const prepares = trace.filter((r) => r.kind === 'note' && r.what === 'prepare').map((r) => r.data!.ballot);
    expect(prepares).toEqual([[1, 1], [2, 1]]);
  });

  it('rejects a bad retryTimeout, naming the field', () => {
    expect(() => paxos(3, 1, [], { config: { retryTimeout: { min: 300, max: 100 } } })).toThrow(/config\.retryTimeout\.min: must not exceed max/);
    expect(() => paxos(3, 1, [], { config: { electionTimeout: { min: 1, max: 2 } } })).toThrow(/config\.electionTimeout: unknown setting/);
  });
});

describe('Basic Paxos teaching bugs are caught by the invariants', () => {
  it('ignore-accepted-value: the later proposer overwrites a chosen value', () => {
    const { report } = run(hijack(['ignore-accepted-value']), 3000);
    const names = report.violations.map((v) => v.invariant);
    expect(names).toContain('Consistency');
    expect(chosenValues(report)).toEqual(['A']); // the first chosen value; "B" was chosen too
    expect(run(hijack([]), 3000).report.violations).toEqual([]);
  });

  it('accept-below-promise: two values are chosen', () => {
    const { report } = run(raceThroughS2(['accept-below-promise'], false), 3000);
    const names = report.violations.map((v) => v.invariant);
    expect(names).toContain('AcceptAbovePromise');
    expect(names).toContain('Consistency');
    expect(new Set(learned(report))).toEqual(new Set(['A', 'B']));
    expect(run(raceThroughS2([], false), 3000).report.violations).toEqual([]);
  });

  it('forget-promise-on-restart: the restarted acceptor breaks its promise and two values are chosen', () => {
    const { report } = run(raceThroughS2(['forget-promise-on-restart'], true), 3000);
    const names = report.violations.map((v) => v.invariant);
    expect(names).toContain('PromiseMonotonic');
    expect(names).toContain('Consistency');
    expect(run(raceThroughS2([], true), 3000).report.violations).toEqual([]);
  });

  it('the correct protocol shows no violation over a seed sweep with random crashes, partitions and loss', () => {
    let decided = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const events = randomFaults(seed, 5, 3000);
      events.push({ at: 5, type: 'request', node: 1 + (seed % 5), command: 'A' }, { at: 7, type: 'request', node: 1 + ((seed + 2) % 5), command: 'B' });
      const { report } = run(paxos(5, seed, events, { network: { dropRate: 0.05, duplicateRate: 0.05 } }), 8000);
      expect(report.violations, `seed ${seed}`).toEqual([]);
      if ((report.chosen as unknown[]).length === 1) decided++;
    }
    expect(decided).toBeGreaterThan(50); // faults end at 3 s; nearly every run then decides
  });
});

/** A deterministic fault script from a seed (an LCG, so the test needs no Rng). */
function randomFaults(seed: number, nodes: number, until: number): Ev[] {
  let x = seed * 2654435761 >>> 0;
  const next = (n: number): number => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x % n; };
  const events: Ev[] = [];
  for (let at = 20; at < until; at += 50 + next(250)) {
    const kind = next(4);
    const node = 1 + next(nodes);
    if (kind === 0) events.push({ at, type: 'crash', node }, { at: at + 50 + next(400), type: 'restart', node });
    else if (kind === 1) {
      const side = Array.from({ length: nodes }, (_, i) => i + 1).filter(() => next(2) === 0);
      events.push({ at, type: 'partition', groups: [side] });
    } else if (kind === 2) events.push({ at, type: 'heal' });
  }
  events.push({ at: until, type: 'heal' });
  for (let n = 1; n <= nodes; n++) events.push({ at: until, type: 'restart', node: n });
  return events;
}

describe('Basic Paxos on one node', () => {
  it('decides at once: the node is the whole majority', () => {
    const { report } = run(paxos(1, 1, [{ at: 5, type: 'request', node: 1, command: 'solo' }, { at: 6, type: 'request', node: 1, command: 'late' }]), 100);
    expect(report.violations).toEqual([]);
    expect(report.chosen).toEqual([{ slot: 0, value: 'solo', time: 5 }]);
    expect(learned(report)).toEqual(['solo']);
  });
});
