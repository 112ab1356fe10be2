/**
 * Regression: fuzz seed 143 (5 of 7 nodes crashing and partitioned for 6 s under a workload). A
 * client retried "get k0" to several nodes; two leaders put it in different slots (slot 5 in
 * ballot (6, S6), slot 4 in ballot (9, S5)), and a later leader got both votes back in phase 1
 * and re-proposed both, so the one request was chosen twice. A new leader must keep a command in
 * the one slot where it can still be chosen and fill the other with a no-op.
 */
import { describe, expect, it } from 'vitest';
import { decodeLink } from '../../src/scenario/link';
import { buildReport, runScenario } from '../../src/scenario/run';
import type { TraceRecord } from '../../src/sim/trace';

/** The share link the fuzzer printed for seed 143 (`npm run fuzz -- --protocol multi-paxos --seeds 200`). */
const SEED_143 = '#s=N4IgbgpgTgzglgewHYgFwEYA0IAOUEAuCAxggDZogC2ArmQXALQ4CGAHgjCNkggCYQuqAOzYYECHzToALAGZsNJAwoYADBrU8IBAO4IoAazSgyLAhCTEAniepwUqABzYq7abIC+2PvhwAlcwg0LRA+GhwyOGIgwIsQ7xAAIxoAcyEAbQBdbAhIZUzQczQ5AE4sEAJrHGDUXBYoBgZkbhBU-AjMjPQcjIA2TFEAVkwAJkwFGSys7yKCNBlSgcrq2vrGuGaUbHaETrQMjKnMDNEBrHGFIenZkGLUIfLsKprKVg2t1t391EO5XpkmAG4ywI2EN0wczQTjUpWeqzeDSaiG2bQ6OC6gJGWH+J1E4z6EKhqCWyxea2IUBYMAAFq1eAJKGQICwBFAQLd7ug1HJAStXnVKdS6Tx+LV0Jz5uo+gp+WsoIICEj6WLpJKPH0yQi6u9kS0duiurj+phAaDBmMiXcpeghjIRnLKELaSrGahRuqMI8+eTKAqYErGq7ah7IdbpE4ZC5HTqkZsUV9DQd+r1xqIrqbMD0ZmH7qNRrz4QL1nrUd8McmsMdThNesDMNcc8SC0NRDGS-H9Wi9hXfhkFGmG6bej0ToSm+H3TJhKFfYKqS7RW65J7RkN0BU5yB-YH5kvaivc1LRn01Fri86RSAGbVhKu+vIi-LFcr92g70e0KMZ3D27rO2WSZ9gohInKOGQjIOUwTnmpQ8k+ToLleN5MiybIcp+qByKMTjnhSSHBmgfSenIcjoG2W47q+16qqgxGYbyTgUdqICXoRdEkUMag+ixVFBm+HEMa2PEXgRAkfsSch9LaCF1Hxe40W6EmTnITGzixbECUMJFMb+lEvvxim1NpmEyPm6micK7EmcS8hqJuGliUZaA2ZO8hRrJ24GQpKEPJ6MgyOg0Zbv+nwGj2RqplmmbDECVr3DID4OlumnOVh-nCEMeGIVZAmhrZwjCA5xbyex+WTlxD6eaFCbhT8hyAqMvTGlgsXjp6QyjI+7apb5MgdaMcGeaVAn9ZhQxyBonm9bRyn3EMjzJY5uVpfRxJZaRw3eexa0VcIk3VXGYXdvVGRNSc2ITJmAzgjBUqPMI4x-kdtUnb2hzgbFjVXe1mGnlN7Y0iyFCev9FlrEgOj6EYrRmBYVi2KgoBUA40ihG4bAlGoiS+AgARBCEPgRFEMQWHEtTY39mhbQG1G+RKVMA-ptOGb55X3GDNO7uxh7Epz7YjWlY189TAvbVpoOi8z3MCbtHNS7x4tpXNUoPkzisAI40Iq7EVKQVBuEgUg6vgSQQIw6AYXzMLg36EBazreXYPrhvG7gpvm6MVuTo96slfb2sBjzzsIAbLBG28HuMHI3v3MI-1bQ7QejSHYcRybCBm4wMix1KNu23JAeO2lDou+Hbt4Jn5tDLn0IyH7z5Jz5tHLGX6fu1XjB9LXzg24ngfN0pqeu5HnfCByOQgNDhhkAgrJ2MQUSWAQQhPYYEDWEIsoOBYUBgCwqjI6j7ro+47qlCZXmsnEiAhAAdG2ABm+BUITlQIERmiJFQOgsHYTTMkoI-GgAAvEBAACcQkhwGyBjj4QQlI4A4E+HUAA4pYaAQQ+DgKSNYcBSAcBUHAVAJQ4DgFgPAQACloPQJgrAOAwAAJQAG4yEsDoCvcBSgVDgLBuAqgMBMDgIIEDJA4CgYH0kHfDknggA';

interface Chosen { slot: number; value: string | null }

function replay(bugs: string[] = []) {
  const { scenario } = decodeLink(SEED_143);
  const trace: TraceRecord[] = [];
  const report = buildReport(runScenario({ ...scenario, bugs }, scenario.until, { onTrace: (r) => trace.push(r) }));
  return { report, trace };
}

describe('Multi-Paxos: a retried request reported in two open slots (fuzz seed 143)', () => {
  it('without de-duplication the scenario does choose one request in two slots', () => {
    const { report } = replay(['no-dedupe']);
    expect(report.violations.map((v) => v.invariant)).toContain('CommandOnce');
  });

  it('the new leader fills the slot whose vote can no longer be chosen with a no-op', () => {
    const { report, trace } = replay();
    expect(report.violations).toEqual([]);
    expect(report.linearizable).toBe(true);
    // the gap was met: a leader dropped a reported vote for "get k0" because it sits in another slot
    const dropped = trace.filter((r) => r.kind === 'note' && r.what === 'duplicate-vote');
    expect(dropped.map((r) => r.data!.command)).toContain('get k0');
    // and the run still did its work: requests were chosen and answered
    expect((report.chosen as Chosen[]).filter((c) => c.value !== null).length).toBeGreaterThan(10);
    expect((report.history as unknown[]).length).toBeGreaterThan(10);
  });
});
