/**
 * The lock service on the replicated log, through the engine, on Raft and Multi-Paxos: clients
 * that pause past their TTL, fencing at the storage, crashes and partitions, and the fuzzer's
 * swarm with pauses. Oracles apart from the checker: the storage's own record, and every
 * replica's record of who the service granted the lock to.
 */
import { describe, expect, it } from 'vitest';
import { generateCase } from '../../src/scenario/fuzz';
import { LATE_WRITE_AT, PAUSE, lockWithFencing, lockWithoutFencing } from '../../src/scenario/library/lock-service';
import { buildReport, createSimulation } from '../../src/scenario/run';
import { validateScenario } from '../../src/scenario/schema';
import type { LockEvent } from '../../src/protocols/service';
import type { KvStore } from '../../src/protocols/kv-store';
import type { ScenarioEvent } from '../../src/sim/types';
import type { ProtocolName } from '../../src/protocols/registry';
import type { Simulation } from '../../src/sim/engine';

const PROTOCOLS: ProtocolName[] = ['raft', 'multi-paxos'];

function lockRun(protocol: ProtocolName, fencing: boolean, events: ScenarioEvent[], seed = 7, until = 6000): Simulation {
  const scenario = validateScenario({
    version: 1, protocol, nodes: 3, seed, until,
    workload: { kind: 'lock', clients: 3, ttl: 1000, hold: { min: 100, max: 300 }, from: 0, to: 5000, fencing },
    events,
  });
  const sim = createSimulation(scenario);
  sim.runUntil(until);
  return sim;
}

/** The first moment client 1 holds the lock: pausing it then leaves it holding through the pause. */
function firstGrantOf(protocol: ProtocolName, client: number): number {
  const sim = lockRun(protocol, true, []);
  return sim.locks!.locks.find((l) => l.client === client)!.granted;
}

/**
 * "The service never grants L to two live sessions at once": on every replica, each grant of L
 * follows the end (release or expiry) of the grant before it, and replicas agree on the order.
 */
function expectExclusiveGrants(sim: Simulation): number {
  const records = sim.nodeIds.map((id) => ((sim.nodes[id] as KvStore).service?.events ?? []).filter((e) => e.lock === 'L'));
  const longest = records.reduce((a, b) => (b.length > a.length ? b : a), [] as LockEvent[]);
  for (const r of records) expect(r).toEqual(longest.slice(0, r.length)); // (a restarted node may still be catching up)
  let holder: LockEvent | null = null;
  for (const e of longest) {
    if (e.kind === 'grant') {
      expect(holder, `grant to client ${e.client} at revision ${e.revision} while client ${holder?.client} held L`).toBeNull();
      holder = e;
    } else {
      expect(holder?.session).toBe(e.session);
      holder = null;
    }
  }
  return longest.filter((e) => e.kind === 'grant').length;
}

describe.each(PROTOCOLS)('the lock service on %s', (protocol) => {
  const pauseAt = firstGrantOf(protocol, 1) + 5; // client 1 holds L, and freezes before its work ends
  const pause: ScenarioEvent = { at: pauseAt, type: 'pause', client: 1, for: 3000 };

  it('without fencing, a client paused past its TTL wakes, writes with its old token, and FencingOrder catches it', () => {
    const sim = lockRun(protocol, false, [pause]);
    const report = buildReport(sim);
    const broken = report.violations.filter((v) => v.invariant === 'FencingOrder');
    expect(broken.length).toBeGreaterThan(0);
    expect(broken[0].detail).toMatch(/accepted client 1's write with token \d+ after it had accepted token \d+/);
    const late = sim.locks!.storage.find((w) => w.client === 1 && w.at > pauseAt + 3000)!;
    expect(late.accepted).toBe(true);
    // meanwhile the service gave the lock to another client, at a higher token
    expect(sim.locks!.storage.some((w) => w.client !== 1 && w.token > late.token && w.at < late.at)).toBe(true);
    // the paused client learns afterwards that its session expired
    expect(sim.locks!.locks.find((l) => l.token === late.token)!.expired).toBe(true);
  });

  it('with fencing, the same late write is rejected and nothing breaks', () => {
    const sim = lockRun(protocol, true, [pause]);
    expect(buildReport(sim).violations).toEqual([]);
    const late = sim.locks!.storage.find((w) => w.client === 1 && w.at > pauseAt + 3000)!;
    expect(late.accepted).toBe(false);
    const accepted = sim.locks!.storage.filter((w) => w.accepted).map((w) => w.token);
    expect(accepted).toEqual([...accepted].sort((a, b) => a - b));
    expectExclusiveGrants(sim);
  });

  it('through a leader crash and a partition, grants stay exclusive, tokens rise, and the clients keep being served', () => {
    const events: ScenarioEvent[] = [
      { at: 1200, type: 'crash', node: 'leader' },
      { at: 2200, type: 'restart', node: 1 }, { at: 2200, type: 'restart', node: 2 }, { at: 2200, type: 'restart', node: 3 },
      { at: 2600, type: 'partition', groups: [[1], [2, 3]] },
      { at: 3400, type: 'heal' },
      { at: 3600, type: 'pause', client: 2, for: 1500 },
    ];
    for (const seed of [1, 2, 3, 4]) {
      const sim = lockRun(protocol, true, events, seed);
      expect(buildReport(sim).violations).toEqual([]);
      const grants = expectExclusiveGrants(sim);
      expect(grants).toBeGreaterThan(8);
      const tokens = sim.locks!.locks.map((l) => l.token);
      expect(new Set(tokens).size).toBe(tokens.length); // every grant its own token
      // (client 2 is paused from 3600 to 5100, past its TTL, and the workload ends at 5000)
      for (const c of [1, 3]) expect(sim.locks!.locks.some((l) => l.client === c && l.granted > 3400), `seed ${seed} client ${c}`).toBe(true);
    }
  });

  it('the report lists locks and storage writes as the contract says', () => {
    const report = buildReport(lockRun(protocol, true, [pause]));
    expect(report.locks).toContainEqual({ client: 1, token: expect.any(Number), granted: expect.any(Number), released: null, expired: true });
    expect(report.storage).toContainEqual({ client: 1, token: expect.any(Number), at: expect.any(Number), accepted: false });
    expect(report.history).toBeUndefined();
  });
});

describe.each(PROTOCOLS)('fuzzing the lock service on %s (pauses in the swarm)', (protocol) => {
  it('with fencing, FencingOrder holds and grants stay exclusive over 500 seeds of crashes, partitions and loss', () => {
    let grants = 0;
    let expiredHolders = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const c = generateCase(seed, { protocol, lock: { fencing: true } });
      const sim = createSimulation(c.scenario, { maxViolations: 10 });
      sim.runUntil(c.scenario.until!);
      expect(sim.violations, `seed ${seed}`).toEqual([]);
      grants += expectExclusiveGrants(sim);
      expiredHolders += sim.locks!.locks.filter((l) => l.expired).length;
    }
    expect(grants).toBeGreaterThan(2500);
    expect(expiredHolders).toBeGreaterThan(50); // the pauses did take locks away from their holders
  }, 120_000);

  it('without fencing, the same swarm breaks FencingOrder, and the checker says so', () => {
    let caught = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const c = generateCase(seed, { protocol, lock: { fencing: false } });
      const sim = createSimulation(c.scenario, { maxViolations: 10 });
      sim.runUntil(c.scenario.until!);
      const v = sim.violations.filter((x) => x.invariant === 'FencingOrder');
      expect(sim.violations.length).toBe(v.length); // nothing else breaks
      if (v.length > 0) caught++;
    }
    expect(caught).toBeGreaterThan(5);
  }, 60_000);
});

describe('lock workload and pause in the scenario format', () => {
  const base = { version: 1, protocol: 'raft', nodes: 3, seed: 1 };
  const error = (input: unknown): string => {
    try { validateScenario(input); } catch (e) { return (e as Error).message; }
    return 'valid';
  };

  it('names the field and the reason for bad lock settings and pauses', () => {
    expect(error({ ...base, workload: { kind: 'locks' } })).toBe('workload.kind: must be "kv" or "lock"');
    expect(error({ ...base, workload: { ttl: 500 } })).toBe('workload.ttl: applies only to a lock workload ("kind": "lock")');
    expect(error({ ...base, workload: { kind: 'lock', hold: { min: 300, max: 100 } } })).toBe('workload.hold.min: min must not exceed max');
    expect(error({ ...base, workload: { kind: 'lock', clients: 2 }, events: [{ at: 5, type: 'pause', client: 3, for: 100 }] }))
      .toBe('events[0].client: client 3 does not exist (the workload has 2 clients)');
    expect(error({ ...base, events: [{ at: 5, type: 'pause', client: 1, for: 100 }] }))
      .toBe('events[0].client: the scenario has no workload clients to pause');
    expect(error({ ...base, workload: { kind: 'lock' }, events: [{ at: 5, type: 'pause', client: 1, for: 0 }] }))
      .toBe('events[0].for: must be at least 1 ms');
  });

  it('a kv workload as written before stays as it was (no field is added), so its link is unchanged', () => {
    const w = { clients: 2, keys: 1, interval: { min: 50, max: 150 }, readRatio: 0.5, from: 0, to: 1000 };
    expect(validateScenario({ ...base, workload: w }).workload).toEqual(w);
  });

  it('a pause of a kv client holds its request back until the pause ends', () => {
    const run = (events: ScenarioEvent[]) => {
      const sim = createSimulation(validateScenario({ ...base, until: 3000, workload: { clients: 1, from: 0, to: 2500 }, events }));
      sim.runUntil(3000);
      return sim.clientHistory;
    };
    const paused = run([{ at: 1000, type: 'pause', client: 1, for: 1000 }]);
    expect(paused.some((h) => h.call > 1000 && h.call < 2000)).toBe(false);
    expect(paused.some((h) => h.call >= 2000)).toBe(true);
    expect(run([]).some((h) => h.call > 1000 && h.call < 2000)).toBe(true);
  });
});

describe('the lock library scenarios say what happens', () => {
  it('"a paused holder writes anyway": token 4, a 2.5 s pause, the late write accepted after token 20, FencingOrder broken', () => {
    const sim = createSimulation(lockWithoutFencing.scenario);
    sim.runUntil(lockWithoutFencing.moment.at);
    const first = sim.locks!.locks[0];
    expect([first.client, first.token]).toEqual([1, 4]);
    expect(first.granted).toBeLessThan(PAUSE.at);
    const late = sim.locks!.storage.find((w) => w.client === 1 && w.at === LATE_WRITE_AT)!;
    expect(late).toMatchObject({ token: 4, accepted: true });
    expect(Math.max(...sim.locks!.storage.filter((w) => w.at < LATE_WRITE_AT).map((w) => w.token))).toBe(20);
    expect(sim.violations.map((v) => [v.invariant, v.time])).toEqual([['FencingOrder', LATE_WRITE_AT]]);
  });

  it('"the storage rejects the late write": on Multi-Paxos with fencing, token 4 is refused after token 20 and nothing breaks', () => {
    const sim = createSimulation(lockWithFencing.scenario);
    sim.runUntil(lockWithFencing.scenario.until!);
    expect(sim.locks!.locks[0]).toMatchObject({ client: 1, token: 4, expired: true });
    expect(sim.locks!.storage.find((w) => w.at === LATE_WRITE_AT)).toMatchObject({ client: 1, token: 4, accepted: false });
    expect(Math.max(...sim.locks!.storage.filter((w) => w.at < LATE_WRITE_AT).map((w) => w.token))).toBe(20);
    expect(sim.violations).toEqual([]);
  });
});
