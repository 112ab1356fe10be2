/**
 * What the swarm fuzzer needs of Raft: converged means a leader in the highest term and a probe
 * committed. Beyond the switches it draws itself (preVote, checkQuorum, readMode), Raft adds
 * `transfer` events, and a read-heavy workload when reads go outside the log.
 */
import type { ScenarioEvent } from '../../sim/types';
import { drawBatchAndTimings, probeDecided, type FuzzProfile } from '../plugin';

/** Teaching bugs that act only in a read mode, and the modes they need. */
const READ_BUG_MODES: Record<string, readonly string[]> = { 'stale-read': ['read-index', 'lease'], 'lease-too-long': ['lease'] };

export const raftFuzz: FuzzProfile = {
  check(report, probes) {
    const leaders = report.nodes.filter((n) => n.up && n.role === 'leader');
    const top = Math.max(0, ...report.nodes.filter((n) => n.up).map((n) => n.term as number));
    if (!leaders.some((n) => n.term === top)) return `no leader in the highest term (${top}) at the end`;
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
};
