/**
 * The "Locks need fencing" and "CAP: a partition and your reads" lessons, and the library entries
 * they come from, say what the run shows at each step: who holds the lock by the service's record
 * and by the client's belief, what the storage took, which reads were answered with what, and
 * what the history checker and the availability report say.
 */
import { describe, expect, it } from 'vitest';
import { lesson as lessonById, stepMoment } from '../../src/scenario/lessons';
import { libraryEntry } from '../../src/scenario/library';
import { createSimulation, runScenario, buildReport } from '../../src/scenario/run';
import { checkHistory } from '../../src/scenario/linearizability';
import { accountForHistory } from '../../src/scenario/linearizability-account';
import { lockView } from '../../src/protocols/service';
import type { KvStore } from '../../src/protocols/kv-store';
import type { Simulation } from '../../src/sim/engine';

function atStep(id: string, index: number): Simulation {
  const planned = stepMoment(lessonById(id), index);
  const sim = createSimulation(planned.scenario);
  sim.runUntil(planned.at);
  return sim;
}

/** Who holds L by the record of the node that leads. */
const holder = (sim: Simulation) => lockView((sim.nodes[sim.leader()!] as KvStore).service, 'L').holder;
const term = (sim: Simulation, node: number) => sim.protocol.reportNode(sim.nodes[node]).term as number;
const leads = (sim: Simulation, node: number) => sim.protocol.leaderRank(sim.nodes[node]) !== null;

describe('lesson lock-fencing says what the run shows', () => {
  const id = 'lock-fencing';

  it('step 1: S1 leads; client 1 holds L with token 4 and the storage took token 4', () => {
    const sim = atStep(id, 0);
    expect(sim.leader()).toBe(1);
    expect(sim.locks!.fencing).toBe(false);
    expect(holder(sim)).toMatchObject({ client: 1, token: 4 });
    expect(sim.locks!.storage).toEqual([expect.objectContaining({ client: 1, token: 4, accepted: true })]);
  });

  it('step 2: client 1 is paused for 2.5 s from 600 ms and still believes it holds L', () => {
    const sim = atStep(id, 1);
    expect(sim.pausedUntil[1]).toBe(3100);
    expect(sim.locks!.clients[1].held).not.toBeNull();
    expect(sim.locks!.ttl).toBe(1000);
    expect(holder(sim)).toMatchObject({ client: 1, token: 4 });
  });

  it('step 3: the service expired client 1 and granted L to client 2 with token 9; client 1 is still frozen', () => {
    const sim = atStep(id, 2);
    expect(holder(sim)).toMatchObject({ client: 2, token: 9 });
    const events = (sim.nodes[sim.leader()!] as KvStore).service!.events;
    expect(events.find((e) => e.kind === 'expire')).toMatchObject({ client: 1 });
    expect(sim.pausedUntil[1]).toBeGreaterThan(sim.timeMs);
    expect(sim.locks!.clients[1].token).toBe(4);
  });

  it('step 4: client 1 wrote token 4 after token 20, the storage took it and FencingOrder broke', () => {
    const sim = atStep(id, 3);
    const writes = sim.locks!.storage;
    const late = writes[writes.length - 1];
    expect(late).toMatchObject({ client: 1, token: 4, accepted: true });
    expect(Math.max(...writes.slice(0, -1).map((w) => w.token))).toBe(20);
    expect(sim.violations.map((v) => v.invariant)).toEqual(['FencingOrder']);
  });

  it('step 5: the same run with fencing: token 4 is rejected after 20, and nothing breaks', () => {
    const sim = atStep(id, 4);
    expect(sim.locks!.fencing).toBe(true);
    const late = sim.locks!.storage[sim.locks!.storage.length - 1];
    expect(late).toMatchObject({ client: 1, token: 4, accepted: false });
    expect(sim.locks!.highestAccepted).toBe(20);
    const accepted = sim.locks!.storage.filter((w) => w.accepted).map((w) => w.token);
    expect(accepted).toEqual([...accepted].sort((a, b) => a - b));
    expect(sim.violations).toEqual([]);
  });

  it('step 6: client 1 learned its session expired and got L again at 3.78 s with token 31', () => {
    const sim = atStep(id, 5);
    const mine = sim.locks!.locks.filter((l) => l.client === 1);
    expect(mine[0]).toMatchObject({ token: 4, expired: true });
    expect(mine[1]).toMatchObject({ token: 31 });
    expect(mine[1].granted).toBeGreaterThan(3770);
    expect(mine[1].granted).toBeLessThan(3790);
    expect(sim.violations).toEqual([]);
  });
});

describe('lesson cap-partition-reads says what the run shows', () => {
  const id = 'cap-partition-reads';

  it('step 1: S1 leads; client n asks only Sn; reads are serializable', () => {
    const sim = atStep(id, 0);
    expect(sim.leader()).toBe(1);
    expect(sim.scenario.workload).toMatchObject({ home: true, reads: 'serializable', clients: 5 });
    expect(sim.workload!.availability().every((a) => a.answered > 0)).toBe(true);
  });

  it('step 2: the majority elected S5 in term 2; S1 still believes it leads in term 1', () => {
    const sim = atStep(id, 1);
    expect(sim.leader()).toBe(5);
    expect(term(sim, 5)).toBe(2);
    expect(leads(sim, 1)).toBe(true);
    expect(term(sim, 1)).toBe(1);
  });

  it('step 3: S1 answered client 1 with v14 after v17 and v18 returned; client 2\'s v16 hangs', () => {
    const sim = atStep(id, 2);
    const h = sim.clientHistory;
    const read = h.filter((e) => e.client === 1 && e.op === 'get').at(-1)!;
    expect(read).toMatchObject({ output: 'v14', call: 2190.135, return: 2190.135 });
    for (const v of ['v17', 'v18']) {
      const put = h.find((e) => e.op === 'put' && e.value === v)!;
      expect(put.client).toBeGreaterThan(2);
      expect(put.return).toBeLessThan(read.call);
    }
    expect(h.find((e) => e.value === 'v16')).toMatchObject({ client: 2, return: null });
  });

  it('step 4: the history is not linearizable; the view\'s knot is a stale read by client 2, answered by S2 before the split', () => {
    const sim = atStep(id, 3);
    expect(checkHistory(sim.clientHistory).linearizable).toBe(false);
    expect(lessonById(id).steps[3].show).toEqual(['history']);
    const conflict = accountForHistory(sim.clientHistory).keys[0].conflict!;
    expect(conflict.kind).toBe('stale-read');
    const stale = conflict.ops[conflict.roles.indexOf('stale-read')];
    expect(stale).toMatchObject({ client: 2, op: 'get' });
    expect(stale.return!).toBeLessThan(1500);
    // answered at once by its home node S2 (a serializable read), which lagged the leader
    expect(stale.call).toBe(stale.return);
  });

  it('step 5: with linearizable reads, client 1\'s read from 1479 ms and client 2\'s from 1680 ms are unanswered', () => {
    const sim = atStep(id, 4);
    expect(sim.scenario.workload!.reads).toBe('linearizable');
    const open = sim.clientHistory.filter((e) => e.return === null && e.client <= 2);
    expect(open.map((e) => [e.client, e.op, e.call])).toEqual([[1, 'get', 1479.435], [2, 'get', 1680.093]]);
    expect(sim.leader()).toBe(4);
  });

  it('step 6: clients 1 and 2 got no answer to anything asked since the split and keep timing out; the history is linearizable', () => {
    const sim = atStep(id, 5);
    const after = (c: number) => sim.clientHistory.filter((e) => e.client === c && e.return !== null && e.call > 1500);
    expect(after(1)).toEqual([]);
    expect(after(2)).toEqual([]);
    for (const c of [3, 4, 5]) expect(after(c).length).toBeGreaterThan(0);
    const availability = sim.workload!.availability();
    for (const c of [1, 2]) expect(availability[c - 1].timedOut).toBeGreaterThanOrEqual(4);
    expect(checkHistory(sim.clientHistory).linearizable).toBe(true);
  });
});

describe('the CAP and session library entries say what their runs show', () => {
  it('cap-partition-serializable-reads: at its moment client 1 has just read v14, stale; the report says not linearizable', () => {
    const entry = libraryEntry('cap-partition-serializable-reads');
    const sim = runScenario(entry.scenario, entry.moment.at);
    expect(sim.clientHistory.filter((e) => e.client === 1 && e.op === 'get').at(-1)).toMatchObject({ output: 'v14', call: 2190.135 });
    expect(buildReport(runScenario(entry.scenario)).linearizable).toBe(false);
  });

  it('cap-partition-linearizable-reads: clients 1 and 2 get no answer after the split; the report is linearizable', () => {
    const entry = libraryEntry('cap-partition-linearizable-reads');
    const report = buildReport(runScenario(entry.scenario)) as ReturnType<typeof buildReport> & {
      availability: { client: number; answered: number; timedOut: number }[];
      history: { client: number; call: number; return: number | null }[];
    };
    expect(report.linearizable).toBe(true);
    expect(report.history.filter((e) => e.client <= 2 && e.return !== null && e.call > 1500)).toEqual([]);
    expect(report.availability[0].timedOut).toBeGreaterThan(5);
  });

  it('lock-session-expires-partitioned: client 1 holds token 8 when S1 is cut off; the service expires it and grants 12 to client 3; client 1 learns after the heal', () => {
    const entry = libraryEntry('lock-session-expires-partitioned');
    const before = runScenario(entry.scenario, 1144);
    expect(holder(before)).toMatchObject({ client: 1, token: 8 });
    const moment = runScenario(entry.scenario, entry.moment.at);
    expect(holder(moment)).toMatchObject({ client: 3, token: 12 });
    expect(moment.locks!.clients[1].held).not.toBeNull(); // still believes it holds L
    const end = runScenario(entry.scenario);
    const grant = end.locks!.locks.find((l) => l.client === 1 && l.token === 8)!;
    expect(grant.expired).toBe(true);
    expect(end.violations).toEqual([]);
  });
});
