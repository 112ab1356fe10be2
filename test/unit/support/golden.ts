/**
 * The runs whose trace hashes are pinned in fixtures/golden-hashes.json: every library scenario to
 * its end, and fuzzer-drawn scenarios of each protocol (faults, lossy links, workloads).
 */
import { generateCase } from '../../../src/scenario/fuzz';
import { LIBRARY } from '../../../src/scenario/library';
import { runScenario } from '../../../src/scenario/run';
import { PROTOCOL_NAMES } from '../../../src/protocols/registry';
import type { Scenario } from '../../../src/sim/types';

export interface GoldenRun { name: string; scenario: Scenario; until: number }

export function goldenRuns(): GoldenRun[] {
  const runs: GoldenRun[] = LIBRARY.map((e) => ({ name: `library/${e.id}`, scenario: e.scenario, until: e.scenario.until ?? 10_000 }));
  for (const protocol of PROTOCOL_NAMES) {
    for (const seed of [1, 2, 3]) {
      const { scenario } = generateCase(seed, { protocol, swarm: 1 }); // the pinned draws are swarm 1's
      runs.push({ name: `fuzz/${protocol}/${seed}`, scenario, until: 10_000 });
    }
  }
  return runs;
}

export function goldenHashes(): Record<string, { traceHash: string; events: number }> {
  const out: Record<string, { traceHash: string; events: number }> = {};
  for (const run of goldenRuns()) {
    const sim = runScenario(run.scenario, run.until);
    out[run.name] = { traceHash: sim.traceHash, events: sim.stats.events };
  }
  return out;
}
