/**
 * The same scenario gives the same run in Chromium as in Node, for runs the library does not
 * cover: fuzzer-drawn scenarios of every protocol, with crashes, partitions, lossy and duplicating
 * links, message drops by id and client workloads, opened at moments between two milliseconds.
 */
import { expect, test } from '@playwright/test';
import { status, watchConsole } from './support/page';
import { generateCase } from '../../src/scenario/fuzz';
import { encodeLink, MAX_LINK_LENGTH } from '../../src/scenario/link';
import { runScenario } from '../../src/scenario/run';
import type { ProtocolName } from '../../src/protocols/registry';
import type { Scenario } from '../../src/sim/types';

const CASES: { protocol: ProtocolName; seed: number; at: number }[] = [
  { protocol: 'raft', seed: 11, at: 3217.25 }, { protocol: 'raft', seed: 12, at: 7450.5 },
  { protocol: 'paxos', seed: 21, at: 2603.75 }, { protocol: 'paxos', seed: 22, at: 5120.125 },
  { protocol: 'multi-paxos', seed: 31, at: 4099.5 }, { protocol: 'multi-paxos', seed: 32, at: 8888.875 },
  { protocol: 'raft', seed: 13, at: 6000.5 },
];

/** Scripted acts the fuzzer does not draw: messages dropped and delivered by id, the leader crashed by name. */
const BY_HAND: Scenario['events'] = [
  { at: 400, type: 'drop', message: 7 }, { at: 401, type: 'deliver', message: 12 }, { at: 402, type: 'deliver', message: 9999 },
  { at: 1500, type: 'crash', node: 'leader' }, { at: 2500, type: 'restart', node: 1 },
];

test('fuzzer-drawn scenarios of every protocol show the trace hash and event count Node computes', async ({ page }) => {
  const problems = watchConsole(page);
  const kinds = new Set<string>();
  for (const { protocol, seed, at } of CASES) {
    const drawn = generateCase(seed, { protocol }).scenario;
    const scenario = seed === 13 ? { ...drawn, events: [...drawn.events, ...BY_HAND] } : drawn;
    for (const e of scenario.events) kinds.add(e.type);
    if (scenario.workload) kinds.add('workload');
    const link = encodeLink(scenario, at);
    expect(link.length, `${protocol} seed ${seed}`).toBeLessThanOrEqual(MAX_LINK_LENGTH);
    const node = runScenario(scenario, at);
    expect(node.stats.events, `${protocol} seed ${seed}`).toBeGreaterThan(20);
    await page.goto('about:blank');
    await page.goto(`/${link}`);
    await expect(status(page), `${protocol} seed ${seed}`).toHaveAttribute('data-trace-hash', node.traceHash);
    await expect(status(page)).toHaveAttribute('data-events', String(node.stats.events));
    await expect(status(page)).toHaveAttribute('data-time', String(at));
  }
  // the cases between them exercise the faults and the clients, not just quiet runs
  for (const kind of ['crash', 'restart', 'partition', 'heal', 'link', 'network', 'timeout', 'request', 'drop', 'deliver', 'workload']) expect([...kinds]).toContain(kind);
  expect(problems).toEqual([]);
});
