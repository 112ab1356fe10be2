/** What the swarm fuzzer needs of Raft: converged means a leader in the highest term and a probe committed. */
import { drawBatchAndTimings, probeDecided, type FuzzProfile } from '../plugin';

export const raftFuzz: FuzzProfile = {
  check(report, probes) {
    const leaders = report.nodes.filter((n) => n.up && n.role === 'leader');
    const top = Math.max(0, ...report.nodes.filter((n) => n.up).map((n) => n.term as number));
    if (!leaders.some((n) => n.term === top)) return `no leader in the highest term (${top}) at the end`;
    return probeDecided(report, probes);
  },
  drawConfig: (rng) => drawBatchAndTimings(rng, 'maxEntriesPerAppend'),
};
