/**
 * The swarm's standing partitions (swarm 2): for half the seeds with a workload and no shape, the
 * faults stop early, the largest minority is cut off for the end of the workload phase, and every
 * client must be served by the majority. Before workload clients distrusted a redirect that had failed them, Raft seeds
 * 49 and 61 stalled there (clients looping between a cut-off leader and its follower).
 */
import { describe, expect, it } from 'vitest';
import { STANDING_CHECK_MS, failed, generateCase, runFuzzCase, standingProgress, type FuzzCase } from '../../src/scenario/fuzz';
import type { Report } from '../../src/scenario/run';
import { shrinkOutcome } from '../../src/scenario/find-failure';

const FAULTS = ['crash', 'restart', 'partition', 'heal', 'link', 'network', 'timeout'];

describe('standing partitions in the swarm', () => {
  const cases = Array.from({ length: 120 }, (_, i) => generateCase(i + 1, { protocol: 'raft' }));
  const standing = cases.filter((c) => c.mix.standing !== null);

  it('are drawn for about half the seeds with a workload, and only for those', () => {
    const withWorkload = cases.filter((c) => c.mix.workload !== null);
    expect(standing.length).toBeGreaterThan(withWorkload.length / 4);
    expect(standing.length).toBeLessThan((withWorkload.length * 3) / 4);
    expect(standing.every((c) => c.mix.workload !== null && c.scenario.nodes >= 3)).toBe(true);
    expect(generateCase(1, { protocol: 'paxos' }).mix.standing).toBeNull();
    // swarm 1 draws as it always did, and a seed with a shape plays no standing partition
    expect(standing.every((c) => !generateCase(c.seed, { protocol: 'raft', swarm: 1 }).mix.standing)).toBe(true);
    expect(cases.every((c) => c.shape === null || c.mix.standing === null)).toBe(true);
  });

  it('cut the largest minority, neighbours in ring order, from the majority, after a calm second, until the heal', () => {
    for (const c of standing) {
      const { at, groups } = c.mix.standing!;
      const n = c.scenario.nodes;
      const [minority, majority] = groups;
      expect(minority.length).toBe(Math.floor((n - 1) / 2));
      expect([...minority, ...majority].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      // neighbours: the minority is the first nodes of some rotation of S1..Sn
      const runs = Array.from({ length: n }, (_, k) =>
        Array.from({ length: minority.length }, (_, i) => ((k + i) % n) + 1).sort((a, b) => a - b).join());
      expect(runs).toContain(minority.join());
      // from the calm second on: a heal, restarts, and the partition; nothing else but client requests
      const late = c.scenario.events.filter((e) => e.at >= at - 1000 && e.at < c.healAt);
      expect(late.filter((e) => e.type === 'partition')).toEqual([{ at, type: 'partition', groups }]);
      expect(late.some((e) => e.type === 'heal' && e.at === at - 1000)).toBe(true);
      expect(late.filter((e) => FAULTS.includes(e.type) && e.at > at - 1000 && e.type !== 'partition')).toEqual([]);
      expect(c.healAt - at).toBeGreaterThanOrEqual(3500);
      expect(c.scenario.workload!.to).toBeGreaterThanOrEqual(c.healAt);
    }
  });

  it('fail the seed when a client is not served late in the partition, naming the client', () => {
    const c = standing[0];
    const report = (returns: (number | null)[]) => ({
      history: returns.map((r, i) => ({ client: (i % c.mix.workload!.clients) + 1, call: 0, return: r })),
    }) as unknown as Report;
    const late = c.healAt - STANDING_CHECK_MS / 2;
    const everyone = Array.from({ length: c.mix.workload!.clients }, () => late);
    expect(standingProgress(report(everyone), c)).toBeNull();
    const first = everyone.map((r, i) => (i === 0 ? c.healAt - STANDING_CHECK_MS - 1 : r));
    expect(standingProgress(report(first), c)).toMatch(/^client 1 completed no operation from \d+ to \d+ ms, while the majority/);
    expect(standingProgress(report([]), { ...c, mix: { ...c.mix, standing: null } } as FuzzCase)).toBeNull();
  });

  it('pass for Raft seeds 49 and 61, whose clients once stalled behind a cut-off leader', () => {
    for (const seed of [49, 61]) {
      expect(generateCase(seed, { protocol: 'raft' }).mix.standing).not.toBeNull();
      const outcome = runFuzzCase(seed, { protocol: 'raft' });
      expect(outcome.liveness).toBeNull();
      expect(failed(outcome)).toBe(false);
    }
  });

  it('a failure of that check alone is not shrunk: the shrinker judges a scenario without it', () => {
    const outcome = runFuzzCase(49, { protocol: 'raft' });
    const stalled = { ...outcome, liveness: 'client 1 completed no operation from 4500 to 6000 ms, …' };
    expect(failed(stalled)).toBe(true);
    expect(shrinkOutcome(stalled)).toBeNull();
  });
});
