/**
 * What the swarm fuzzer needs of Raft: converged means a leader in the highest term among the
 * voters of its configuration and a probe committed. Beyond the switches it draws itself
 * (preVote, checkQuorum, readMode), Raft adds `transfer` events, a read-heavy workload when reads
 * go outside the log, and (drawExtras) snapshots and membership changes.
 */
import type { Rng } from '../../sim/rng';
import type { NetworkSettings, NodeId, ScenarioEvent } from '../../sim/types';
import { drawBatchAndTimings, probeDecided, type FuzzExtras, type FuzzProfile } from '../plugin';

/** The voters a report node names: the array, or both sets while joint (null: not said, so every node). */
function votersOf(members: unknown): number[] | null {
  if (Array.isArray(members)) return members as number[];
  const joint = members as { old?: number[]; new?: number[] } | undefined;
  return joint?.old && joint.new ? [...joint.old, ...joint.new] : null;
}

/** Teaching bugs that act only in a read mode, and the modes they need. */
const READ_BUG_MODES: Record<string, readonly string[]> = { 'stale-read': ['read-index', 'lease'], 'lease-too-long': ['lease'] };

export const raftFuzz: FuzzProfile = {
  check(report, probes) {
    // the leader of the highest term must lead every voting member of its configuration
    const leader = report.nodes.filter((n) => n.up && n.role === 'leader')
      .reduce<Record<string, unknown> | null>((best, n) => (best && (best.term as number) >= (n.term as number) ? best : n), null);
    const voters = leader ? votersOf(leader.members) : null;
    const top = Math.max(0, ...report.nodes.filter((n) => n.up && (!voters || voters.includes(n.id as number))).map((n) => n.term as number));
    if (!leader || leader.term !== top) return `no leader in the highest term (${top}) at the end`;
    return probeDecided(report, probes);
  },
  drawConfig: (rng) => drawBatchAndTimings(rng, 'maxEntriesPerAppend'),
  drawFeatures(rng, { bugs, nodes, safetyMs, config }) {
    const out: Record<string, unknown> = {};
    const modes = bugs.map((b) => (Object.hasOwn(READ_BUG_MODES, b) ? READ_BUG_MODES[b] : null)).find((m) => m !== null);
    if (modes && !modes.includes(config.readMode as string)) out.readMode = modes[rng.int(0, modes.length - 1)];
    // a cut-off leader that steps down (CheckQuorum) serves stale reads only briefly: a read bug's seeds keep it in office
    if (modes) out.checkQuorum = false;
    const readMode = out.readMode ?? config.readMode ?? 'log';
    // reads outside the log want readers: a read-heavy workload on half those seeds, always with a read bug
    const readers = readMode !== 'log' && (rng.chance(0.5) || modes !== undefined);
    const workload = readers
      ? { clients: rng.int(2, 3), keys: rng.int(1, 2), interval: { min: 20, max: rng.int(50, 200) }, readRatio: rng.int(5, 9) / 10, from: 0, to: safetyMs }
      : null;
    // leadership transfers on half the seeds, to any node (the leader itself and down nodes included)
    const events: ScenarioEvent[] = [];
    if (rng.chance(0.5)) {
      const count = rng.int(1, 6);
      for (let i = 0; i < count; i++) events.push({ at: rng.int(0, safetyMs - 1), type: 'transfer', to: rng.int(1, nodes) });
    }
    return { config: out, events, workload, workloadNeeded: modes !== undefined };
  },
  drawExtras(rng, { nodes, safetyMs, network, scripted }): FuzzExtras {
    const config: Record<string, unknown> = {};
    if (rng.chance(0.4)) config.snapshotThreshold = rng.int(1, 12);
    if (scripted || !rng.chance(0.4)) return { config, events: [] };
    if (nodes >= 3 && safetyMs >= 2000 && rng.chance(1 / 3)) {
      const split = drawMembershipSplit(rng, nodes, rng.int(0, safetyMs - 1500), network);
      return { config: { ...config, members: split.members }, events: split.events, window: split.window };
    }
    // start from some of the nodes (the others idle until added), then move between sets
    const events: ScenarioEvent[] = [];
    if (rng.chance(0.5)) config.members = someNodes(rng, nodes);
    for (let i = rng.int(1, 4); i > 0; i--) events.push({ at: rng.int(0, safetyMs - 1), type: 'reconfigure', members: someNodes(rng, nodes) });
    return { config, events };
  },
};

/** A non-empty set of the nodes, ascending. */
const someNodes = (rng: Rng, nodes: number): NodeId[] => rng.shuffledIds(nodes).slice(0, rng.int(1, nodes)).sort((a, b) => a - b);

/**
 * A schedule that an unsafe membership change turns into two leaders of one term (or a leader
 * without a committed entry): leader L changes the voting set by two servers at once, and a
 * partition at once separates a majority of the old set from a majority of the new one; each side
 * then elects. With five nodes or more L of {L, a, b} adds c and d, and {a, b} face {L, c, d};
 * with fewer, L of all nodes shrinks the set to itself and faces the rest alone. Joint consensus
 * makes either side wait for the other.
 */
function drawMembershipSplit(rng: Rng, nodes: number, at: number, restore: NetworkSettings):
  { members: NodeId[]; events: ScenarioEvent[]; window: { from: number; to: number } } {
  const ids = rng.shuffledIds(nodes);
  const sorted = (list: NodeId[]) => list.sort((a, b) => a - b);
  const big = nodes >= 5;
  const leader = ids[0];
  const members = big ? sorted(ids.slice(0, 3)) : sorted(ids.slice());
  const target = big ? sorted(ids.slice(0, 5)) : [leader];
  const oldSide = big ? sorted(ids.slice(1, 3)) : sorted(ids.slice(1));
  const min = rng.int(1, 5);
  const step = 2 * (min + 10) + rng.int(2, 10);
  const events: ScenarioEvent[] = [{ at, type: 'heal' }, { at, type: 'network', latency: { min, max: min + 10 }, dropRate: 0, duplicateRate: 0 }];
  for (let n = 1; n <= nodes; n++) events.push({ at, type: 'restart', node: n });
  let t = at + step;
  events.push({ at: t, type: 'timeout', node: leader }, { at: t + step, type: 'timeout', node: leader });
  t += 3 * step;
  events.push({ at: t, type: 'request', node: 'leader', command: 'm1' });
  t += 2 * step;
  events.push({ at: t, type: 'reconfigure', members: target });
  events.push({ at: t, type: 'partition', groups: [oldSide, sorted(ids.filter((n) => !oldSide.includes(n)))] });
  events.push({ at: t + rng.int(1, 3) * step, type: 'timeout', node: oldSide[0] });
  const late = t + rng.int(6, 14) * step;
  if (big) events.push({ at: late, type: 'timeout', node: ids[3] }, { at: late + 2 * step, type: 'request', node: ids[3], command: 'm2' });
  else events.push({ at: late, type: 'request', node: leader, command: 'm2' });
  const end = late + 4 * step;
  events.push({ at: end, type: 'network', ...restore }, { at: end, type: 'heal' });
  return { members, events, window: { from: at, to: end } };
}
