/**
 * Every teaching bug of every protocol in the registry (bugs added later included) is found by the
 * fuzzer at its default settings within its seed budget, and the failing run shrinks to a smaller
 * one that still fails the same way and replays from its link.
 */
import { describe, expect, it } from 'vitest';
import { PROTOCOLS, PROTOCOL_NAMES } from '../../src/protocols/registry';
import { fuzz } from '../../src/scenario/fuzz';
import { decodeLink, encodeLink } from '../../src/scenario/link';
import { failsAlike, failureOf, judge, shrink } from '../../src/scenario/shrink';

/** The budget: every bug within 200 seeds at default settings (README lists the counts). */
const SEED_BUDGET = 200;

const cases = PROTOCOL_NAMES.flatMap((protocol) => PROTOCOLS[protocol].bugs.map((bug) => [protocol, bug] as const));

describe('every teaching bug is found and shrunk', () => {
  it('there are bugs to find for each protocol', () => {
    for (const p of PROTOCOL_NAMES) expect(PROTOCOLS[p].bugs.length, p).toBeGreaterThan(0);
  });

  it.each(cases)('%s: %s', (protocol, bug) => {
    const summary = fuzz({ protocol, bugs: [bug], seeds: SEED_BUDGET, stopAfter: 1 });
    expect(summary.failures.length, `${bug} not found in ${SEED_BUDGET} seeds`).toBe(1);
    const found = summary.failures[0];
    const failure = failureOf(found)!;
    // without the bug the same seed passes: the failure is the bug's
    const clean = fuzz({ protocol, seeds: 1, firstSeed: found.seed });
    expect(clean.failures.map((f) => failureOf(f))).toEqual([]);

    const shrunk = shrink(found.scenario, failure, { healAt: found.healAt, maxRuns: 120 });
    expect(shrunk.eventsAfter).toBeLessThanOrEqual(found.scenario.events.length);
    expect(shrunk.scenario.nodes).toBeLessThanOrEqual(found.scenario.nodes);
    expect(shrunk.scenario.until!).toBeLessThanOrEqual(found.scenario.until!);
    expect(shrunk.eventsAfter + shrunk.scenario.until! / 1000).toBeLessThan(found.scenario.events.length + found.scenario.until! / 1000);
    // the shrunk run, read back from its link, fails the same way
    const replay = judge(decodeLink(encodeLink(shrunk.scenario)).scenario, failure.kind === 'liveness');
    expect(failsAlike(replay, failure), JSON.stringify(failureOf(replay))).toBe(true);
  });
});
