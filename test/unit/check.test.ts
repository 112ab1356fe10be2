/**
 * The exhaustive search: for each teaching bug it reaches, it finds a shortest counterexample at
 * the depth the README states, as a scenario that replays the same violation (or the same
 * history that is not linearizable) and opens as a link;
 * with no bug, a stated depth completes clean for every protocol; symmetry merges renamed states;
 * the CLI prints the figures and exits 1 on a counterexample, 2 on bad arguments.
 */
import { describe, expect, it } from 'vitest';
import { PROTOCOLS, PROTOCOL_NAMES } from '../../src/protocols/registry';
import { check } from '../../src/scenario/check';
import { decodeLink } from '../../src/scenario/link';
import { checkHistory } from '../../src/scenario/linearizability';
import { createSimulation } from '../../src/scenario/run';
import { BUGS, CLEAN } from '../../src/scenario/check-cases';
import { runCliAsync } from './support/spawn';

describe('exhaustive search', () => {
  it('covers every teaching bug of the registry, and each protocol with no bug', () => {
    for (const p of PROTOCOL_NAMES) {
      for (const bug of PROTOCOLS[p].bugs) expect(BUGS.some((b) => b.protocol === p && b.bug === bug), `${p}: ${bug}`).toBe(true);
      expect(CLEAN.some((c) => c.protocol === p), `${p} with no bug`).toBe(true);
    }
  });

  it.each(BUGS)('finds $bug ($protocol, $model model) at depth $depth, as a scenario that replays it from its link', (b) => {
    const r = check({ ...b, bugs: [b.bug] });
    expect(r.counterexample, `no counterexample for ${b.bug}`).not.toBeNull();
    const c = r.counterexample!;
    expect(c.invariant).toBe(b.invariant);
    expect(c.depth).toBe(b.depth); // breadth-first: nothing shorter exists within the bounds
    expect(r.depthCompleted).toBe(b.depth - 1);
    expect(c.scenario.events.length).toBe(c.depth);
    // the link carries the scenario and opens at the moment it breaks
    const link = decodeLink(c.url);
    expect(link.scenario).toEqual(c.scenario);
    expect(link.time).toBe(c.atMs);
    const replay = createSimulation(link.scenario);
    replay.runUntil(c.atMs);
    if (b.invariant === 'Linearizability') {
      // a client's history: the last answer, at the link's moment, makes it not linearizable
      expect(replay.violations).toEqual([]);
      expect(checkHistory(replay.clientHistory).linearizable).toBe(false);
      expect(Math.max(...replay.clientHistory.map((h) => h.return ?? 0))).toBe(c.atMs);
    } else {
      expect(replay.violations[0]?.invariant).toBe(b.invariant);
      expect(replay.violations[0]?.time).toBe(c.atMs);
    }
    // and without the bug the same script violates nothing
    const clean = createSimulation({ ...c.scenario, bugs: [] });
    clean.runUntil(c.scenario.until!);
    expect(clean.violations).toEqual([]);
    if (b.invariant === 'Linearizability') expect(checkHistory(clean.clientHistory).linearizable).toBe(true);
  }, 300_000);

  it.each(CLEAN)('finds nothing in correct $protocol up to depth $depth, and says how far it got', (c) => {
    const { depth } = c;
    const r = check({ ...c, nodes: 3 });
    expect(r.counterexample).toBeNull();
    expect(r.depthCompleted).toBe(depth);
    expect(r.truncated).toBe(false);
    expect(r.states).toBeGreaterThan(depth);
  }, 300_000);

  it('merges states that differ only in the names of the nodes, where the protocol is symmetric', () => {
    // Raft at depth 1: a timeout, a crash or cutting off one node; which node does not matter
    expect(check({ protocol: 'raft', nodes: 3, depth: 1 }).states).toBe(1 + 3);
    expect(check({ protocol: 'raft', nodes: 3, depth: 1, maxCrashes: 0, maxPartitions: 0 }).states).toBe(1 + 1);
    // Paxos ballots order node ids, so S1, S2 and S3 proposing are three states
    expect(check({ protocol: 'paxos', nodes: 3, depth: 1, maxRequests: 1, maxCrashes: 0, maxTimeouts: 0, maxPartitions: 0 }).states).toBe(1 + 3);
  });

  it('the message model completes a small depth of correct Raft', () => {
    const r = check({ protocol: 'raft', nodes: 3, depth: 4, model: 'messages' });
    expect(r.counterexample).toBeNull();
    expect(r.depthCompleted).toBe(4);
  }, 120_000);
});

describe('npm run check', () => {
  it('prints the figures and a counterexample link (exit 1), none (exit 0), or a bad argument (exit 2)', async () => {
    const [found, clean, bad, badModel] = await Promise.all([
      runCliAsync('check', ['--protocol', 'paxos', '--nodes', '3', '--depth', '4', '--bug', 'forget-promise-on-restart', '--timeouts', '0', '--json']),
      runCliAsync('check', ['--protocol', 'raft', '--nodes', '3', '--depth', '2']),
      runCliAsync('check', ['--protocol', 'raft', '--nodes', '3', '--depth', '2', '--bug', 'skip-fsync']),
      runCliAsync('check', ['--protocol', 'raft', '--nodes', '3', '--depth', '2', '--model', 'dfs']),
    ]);
    expect(found.code).toBe(1);
    const report = JSON.parse(found.stdout);
    expect(report).toMatchObject({ protocol: 'paxos', nodes: 3, model: 'rounds', depthCompleted: 2, counterexample: { invariant: 'PromiseMonotonic', depth: 3 } });
    expect(report.states).toBeGreaterThan(0);
    expect(report.statesPerSecond).toBeGreaterThan(0);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/states explored, [\d,]+ states\/s, depth 2 of 2 completed/);
    expect(clean.stdout).toMatch(/no violation up to depth 2/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bug: unknown bug "skip-fsync" for raft/);
    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toMatch(/--model: must be one of rounds, messages, got dfs/);
  }, 180_000);

  it('takes the bounds and knobs the cases use: --reads, --extras, --mid-requests and --config (JSON or KNOB=VALUE)', async () => {
    const staleRead = ['--protocol', 'raft', '--nodes', '3', '--depth', '5', '--bug', 'stale-read', '--requests', '1', '--crashes', '0', '--timeouts', '2', '--reads', '1', '--json'];
    const [asText, asJson, zab, badValue, badKnob, badJson, badModel] = await Promise.all([
      runCliAsync('check', [...staleRead, '--config', 'readMode=read-index']),
      runCliAsync('check', [...staleRead, '--config', '{"readMode":"read-index"}']),
      runCliAsync('check', ['--protocol', 'zab', '--nodes', '3', '--depth', '5', '--bug', 'broadcast-before-sync', '--requests', '1', '--mid-requests', '1',
        '--timeouts', '1', '--partitions', '0', '--json']),
      runCliAsync('check', ['--protocol', 'raft', '--nodes', '3', '--depth', '2', '--config', 'readMode=sometimes']),
      runCliAsync('check', ['--protocol', 'raft', '--nodes', '3', '--depth', '2', '--config', 'speed=3']),
      runCliAsync('check', ['--protocol', 'raft', '--nodes', '3', '--depth', '2', '--config', '{"readMode":']),
      runCliAsync('check', ['--protocol', 'raft', '--nodes', '3', '--depth', '2', '--model', 'messages', '--mid-requests', '1']),
    ]);
    for (const found of [asText, asJson]) {
      expect(found.code).toBe(1);
      expect(JSON.parse(found.stdout)).toMatchObject({
        config: { readMode: 'read-index' }, bounds: { reads: 1 }, counterexample: { invariant: 'Linearizability', depth: 5 },
      });
    }
    expect(zab.code).toBe(1);
    expect(JSON.parse(zab.stdout)).toMatchObject({ bounds: { midRequests: 1 }, counterexample: { invariant: 'PrimaryIntegrity', depth: 5 } });
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/--config: readMode: must be one of "log", "read-index", "lease"/);
    expect(badKnob.code).toBe(2);
    expect(badKnob.stderr).toMatch(/--config: speed: unknown setting \(known: electionTimeout/);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/--config: not valid JSON/);
    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toMatch(/--mid-requests: the messages model has no such actions/);
  }, 180_000);
});
