/**
 * Workload read modes, home nodes and availability (the lock-service issue), through the engine
 * on every log protocol: under a partition, a client at home on the minority side gets
 * serializable reads answered (stale) and nothing else; with linearizable reads it gets nothing.
 * Oracles apart from the code under test: the trace's request records and notes, the nodes'
 * applied state when a read is answered, and the linearizability checker.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, buildReport } from '../../src/scenario/run';
import { validateScenario, ScenarioError } from '../../src/scenario/schema';
import { checkHistory } from '../../src/scenario/linearizability';
import { homeOf } from '../../src/sim/home';
import { lockView } from '../../src/protocols/service';
import type { KvStore } from '../../src/protocols/kv-store';
import type { Simulation } from '../../src/sim/engine';
import type { TraceRecord } from '../../src/sim/trace';
import type { ScenarioEvent, Workload } from '../../src/sim/types';

const LOG_PROTOCOLS = ['raft', 'multi-paxos', 'zab'] as const;
const SPLIT = 1500;

function run(protocol: string, workload: Partial<Workload>, events: ScenarioEvent[], until = 4000) {
  const scenario = validateScenario({
    version: 1, protocol, nodes: 5, seed: 39, until,
    workload: { clients: 5, keys: 1, readRatio: 0.75, interval: { min: 100, max: 200 }, from: 0, to: until - 500, ...workload },
    events,
  });
  const trace: TraceRecord[] = [];
  let sim: Simulation | null = null;
  /** per serializable-read note: the answering node's own applied value at that instant */
  const applied: { node: number; output: unknown; own: string | null }[] = [];
  sim = createSimulation(scenario, {
    onTrace: (r) => {
      trace.push(r);
      if (r.kind === 'note' && r.what === 'serializable-read') {
        applied.push({ node: r.node, output: r.data!.output, own: (sim!.nodes[r.node] as KvStore).kv[r.data!.key as string] ?? null });
      }
    },
  });
  sim.runUntil(until);
  return { sim, trace, applied };
}

const split: ScenarioEvent[] = [{ at: SPLIT, type: 'partition', groups: [[1, 2], [3, 4, 5]] }];
const answeredAfterSplit = (sim: Simulation, clients: (c: number) => boolean) =>
  sim.clientHistory.filter((e) => clients(e.client) && e.call > SPLIT + 100 && e.return !== null);

describe.each(LOG_PROTOCOLS)('read modes and home nodes on %s', (protocol) => {
  it('serializable reads on the minority side are answered from the home node\'s own state; writes there are not; the history is not linearizable', () => {
    const { sim, trace, applied } = run(protocol, { home: true, reads: 'serializable' }, split);
    const minority = answeredAfterSplit(sim, (c) => c <= 2);
    expect(minority.length).toBeGreaterThan(0);
    expect(minority.every((e) => e.op === 'get')).toBe(true);
    expect(answeredAfterSplit(sim, (c) => c > 2).some((e) => e.op === 'put')).toBe(true);
    // each serializable read was answered by the client's own home node, with the value it had applied
    const notes = trace.filter((r) => r.kind === 'note' && r.what === 'serializable-read');
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(n.node).toBe(homeOf(n.data!.client as number, 5));
    for (const a of applied) expect(a.output).toBe(a.own);
    expect(checkHistory(sim.clientHistory).linearizable).toBe(false);
    expect(sim.violations).toEqual([]);
  });

  it('linearizable reads on the minority side time out: nothing asked there after the split is answered, the majority goes on, the history is linearizable', () => {
    const { sim } = run(protocol, { home: true }, split);
    expect(answeredAfterSplit(sim, (c) => c <= 2)).toEqual([]);
    expect(answeredAfterSplit(sim, (c) => c > 2).length).toBeGreaterThan(3);
    const availability = sim.workload!.availability();
    for (const c of [1, 2]) expect(availability[c - 1].timedOut).toBeGreaterThanOrEqual(4);
    expect(checkHistory(sim.clientHistory).linearizable).toBe(true);
  });

  it('a home client asks only its home node; the home node forwards to its leader; answers come back after the heal', () => {
    const { sim, trace } = run(protocol, { home: true }, [...split, { at: 3000, type: 'heal' }]);
    const requests = trace.filter((r) => r.kind === 'request' && r.data?.requestId !== undefined);
    for (const r of requests) expect(r.node).toBe(homeOf(r.data!.client as number, 5));
    const forwards = trace.filter((r) => r.kind === 'note' && r.what === 'forward-request');
    expect(forwards.length).toBeGreaterThan(0);
    for (const f of forwards) expect(f.node).toBe(homeOf(f.data!.client as number, 5));
    // lost on the way across the split, and every client is served again once it heals
    expect(trace.some((r) => r.kind === 'note' && r.what === 'forward-lost')).toBe(true);
    for (let c = 1; c <= 5; c++) expect(sim.clientHistory.some((e) => e.client === c && e.return !== null && e.return > 3000), `client ${c}`).toBe(true);
    expect(checkHistory(sim.clientHistory).linearizable).toBe(true);
  });

  it('availability counts each client\'s answered operations and its requests that timed out (every re-send of a home client)', () => {
    const { sim, trace } = run(protocol, { home: true }, split);
    const report = buildReport(sim) as ReturnType<typeof buildReport> & { availability: { client: number; answered: number; timedOut: number }[] };
    for (let c = 1; c <= 5; c++) {
      const sends = trace.filter((r) => r.kind === 'request' && r.data?.client === c).length;
      const ops = sim.clientHistory.filter((e) => e.client === c);
      expect(report.availability[c - 1]).toEqual({
        client: c, answered: ops.filter((e) => e.return !== null).length, timedOut: sends - ops.length,
      });
    }
  });

  it('a client whose home node is down gets no answer until it restarts', () => {
    const { sim } = run(protocol, { home: true }, [{ at: 1000, type: 'crash', node: 3 }, { at: 2500, type: 'restart', node: 3 }]);
    const c3 = sim.clientHistory.filter((e) => e.client === 3);
    expect(c3.filter((e) => e.return !== null && e.return > 1000 && e.return < 2500)).toEqual([]);
    expect(c3.some((e) => e.return !== null && e.return > 2500)).toBe(true);
  });

  it('a lock holder whose home node is cut off loses its session; the lock goes to a live client', () => {
    const workload = { kind: 'lock', clients: 3, ttl: 1000, hold: { min: 300, max: 600 }, interval: { min: 50, max: 150 }, home: true } as const;
    const probe = run(protocol, workload, [], 2500).sim;
    const grant = probe.locks!.locks.find((l) => l.client === 1)!;
    const at = grant.granted + 20;
    const { sim } = run(protocol, workload, [{ at, type: 'partition', groups: [[1], [2, 3, 4, 5]] }, { at: at + 2500, type: 'heal' }]);
    const mid = run(protocol, workload, [{ at, type: 'partition', groups: [[1], [2, 3, 4, 5]] }], at + 2000).sim;
    const holder = lockView((mid.nodes[mid.leader()!] as KvStore).service, 'L').holder;
    expect(holder).not.toBeNull();
    expect(holder!.client).not.toBe(1);
    expect(mid.locks!.clients[1].held).not.toBeNull(); // cut off, it has not heard
    expect(sim.locks!.locks.find((l) => l.token === grant.token)!.expired).toBe(true);
    expect(sim.violations).toEqual([]);
  });
});

describe('the lock workload on every log protocol', () => {
  it.each(LOG_PROTOCOLS)('%s: a GC pause breaks FencingOrder without fencing and is rejected with it', (protocol) => {
    for (const fencing of [false, true]) {
      const scenario = validateScenario({
        version: 1, protocol, nodes: 3, seed: 7, until: 5000,
        workload: { kind: 'lock', clients: 3, ttl: 1000, hold: { min: 200, max: 400 }, from: 0, to: 4500, fencing },
        events: [{ at: 600, type: 'pause', client: 1, for: 2500 }],
      });
      const sim = createSimulation(scenario);
      sim.runUntil(5000);
      expect(sim.violations.map((v) => v.invariant)).toEqual(fencing ? [] : ['FencingOrder']);
      expect(sim.locks!.storage.some((w) => !w.accepted)).toBe(fencing);
    }
  });
});

describe('the workload fields read modes and home in the schema', () => {
  const base = { version: 1, protocol: 'raft', nodes: 3, seed: 1, events: [] };
  const rejection = (workload: unknown): ScenarioError => {
    try {
      validateScenario({ ...base, workload });
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return e as ScenarioError;
    }
    throw new Error('accepted');
  };

  it('names the field and the reason, in English and Chinese', () => {
    const bad = rejection({ clients: 2, reads: 'eventual' });
    expect(bad.field).toBe('workload.reads');
    expect(bad.reason.en).toContain('"linearizable" or "serializable"');
    expect(bad.reason.zh).toMatch(/必须/);
    expect(rejection({ clients: 2, home: 'yes' }).field).toBe('workload.home');
    const lock = rejection({ kind: 'lock', clients: 2, reads: 'serializable' });
    expect(lock.field).toBe('workload.reads');
    expect(lock.reason.en).toContain('key-value');
  });

  it('keeps a scenario without them as written, and takes home on a lock workload', () => {
    expect(validateScenario({ ...base, workload: { clients: 2 } }).workload).not.toHaveProperty('reads');
    expect(validateScenario({ ...base, workload: { clients: 2 } }).workload).not.toHaveProperty('home');
    expect(validateScenario({ ...base, workload: { kind: 'lock', clients: 2, home: true } }).workload!.home).toBe(true);
  });
});
