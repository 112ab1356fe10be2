/**
 * Every violation says what happened in English (the report's detail) and in Chinese (for the
 * page), with the same nodes, numbers and values in both.
 */
import { describe, expect, it } from 'vitest';
import { PROTOCOLS, type ProtocolName } from '../../src/protocols/registry';
import { fuzz, generateCase } from '../../src/scenario/fuzz';
import { createSimulation } from '../../src/scenario/run';
import type { Violation } from '../../src/sim/types';

const HAN = /\p{Script=Han}/u;
/** Node names, numbers and quoted values, which a translation keeps. */
const facts = (text: string): string[] => (text.match(/S\d+|\d+(\.\d+)?|"[^"]*"/g) ?? []).sort();

/**
 * The violations of the first failing fuzz seed with `bug` on; none for a bug that the
 * linearizability check of the client history catches instead (Raft's stale reads).
 */
function violationsWith(protocol: ProtocolName, bug: string): Violation[] {
  const found = fuzz({ protocol, bugs: [bug], nodes: 3, seeds: 400, stopAfter: 1 }).failures[0];
  expect(found, `${protocol} ${bug}: a failing seed`).toBeDefined();
  if (found.violations.length === 0) {
    expect(found.linearizable, `${protocol} ${bug}: caught by an invariant or the history check`).toBe(false);
    return [];
  }
  const sim = createSimulation(generateCase(found.seed, { protocol, bugs: [bug], nodes: 3 }).scenario, { maxViolations: 10 });
  sim.runUntil(10_000);
  return sim.violations;
}

describe('violation texts', () => {
  for (const protocol of ['raft', 'paxos', 'multi-paxos'] as ProtocolName[]) {
    for (const bug of PROTOCOLS[protocol].bugs) {
      it(`${protocol} with ${bug}: each violation in Chinese too, with the same facts`, () => {
        const violations = violationsWith(protocol, bug);
        for (const v of violations) {
          expect(v.detailZh, v.detail).toMatch(HAN);
          expect(facts(v.detailZh!), v.detail).toEqual(facts(v.detail));
        }
      });
    }
  }
});
