/** What the swarm fuzzer needs of Zab: converged means a leader broadcasting in the highest epoch and a probe delivered. */
import { drawBatchAndTimings, probeDecided, type FuzzProfile } from '../plugin';

export const zabFuzz: FuzzProfile = {
  check(report, probes) {
    const up = report.nodes.filter((n) => n.up);
    const top = Math.max(0, ...up.map((n) => n.acceptedEpoch as number));
    if (!up.some((n) => n.role === 'leading' && n.phase === 'broadcast' && n.currentEpoch === top)) {
      return `no leader broadcasting in the highest epoch (${top}) at the end`;
    }
    return probeDecided(report, probes);
  },
  drawConfig: (rng) => drawBatchAndTimings(rng, 'maxProposalBatch'),
};
