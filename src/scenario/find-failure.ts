/**
 * Find a failure, as the page's "Find a failure" panel runs it in a Web Worker: either swarm
 * fuzzing seed after seed until one fails, then shrinking that run, or the exhaustive search of a
 * small cluster, with the bounds each bug's case is known to be found with. Either way the answer
 * is a scenario that opens at the moment it fails. (The CLI's fuzzer shares `shrinkOutcome`.)
 */
import { isProtocolName, type ProtocolName } from '../protocols/registry';
import type { Scenario } from '../sim/types';
import { check, type CheckOptions, type CheckProgress } from './check';
import { searchCaseFor } from './check-cases';
import { failed, runFuzzCase, type FuzzOutcome } from './fuzz';
import { encodeLink } from './link';
import { failsAlike, failureOf, judge, shrink, type FailureKind, type ShrinkResult } from './shrink';

export interface Shrunk extends ShrinkResult {
  /** share fragment of the shrunk scenario, opening at the moment of the violation */
  url: string;
}

/** Shrink a failing fuzz outcome; null when it did not fail in a way a scenario alone replays. */
export function shrinkOutcome(outcome: FuzzOutcome): Shrunk | null {
  const failure = failureOf(outcome);
  if (!failed(outcome) || failure === null) return null;
  // the shrinker judges a scenario alone, and so cannot see a standing partition's client check
  if (!failsAlike(judge(outcome.scenario, true), failure)) return null;
  const result = shrink(outcome.scenario, failure, { healAt: outcome.healAt });
  return { ...result, url: encodeLink(result.scenario, result.momentMs) };
}

export type FindRequest =
  | { method: 'fuzz'; protocol: string; bugs: string[]; seeds: number }
  | { method: 'exhaustive'; protocol: string; bugs: string[]; depth: number };

export type FindProgress =
  | { phase: 'seed'; done: number; total: number }
  | { phase: 'shrink'; seed: number }
  | { phase: 'depth'; done: number; total: number; states: number };

export type FindResult =
  | {
    found: true;
    scenario: Scenario;
    /** the moment to open it at (ms) */
    atMs: number;
    /** how it broke: an invariant, the history, or liveness */
    failure: FailureKind;
    /** fuzz: the seed that failed and its script length before shrinking */
    seed: number | null;
    eventsBefore: number;
    eventsAfter: number;
  }
  | { found: false; method: FindRequest['method']; searched: number; states: number; truncated: boolean };

/** Nodes of the exhaustive search with no bug (or a bug with no case): the smallest cluster with a real majority. */
export const SEARCH_NODES = 3;

export function findFailure(request: FindRequest, onProgress: (p: FindProgress) => void = () => {}): FindResult {
  if (!isProtocolName(request.protocol)) throw new Error(`protocol: unknown protocol "${request.protocol}"`);
  return request.method === 'fuzz' ? fuzzUntilFailure(request, onProgress) : searchEverySchedule(request, onProgress);
}

function fuzzUntilFailure(request: Extract<FindRequest, { method: 'fuzz' }>, onProgress: (p: FindProgress) => void): FindResult {
  const options = { protocol: request.protocol as ProtocolName, bugs: request.bugs };
  for (let seed = 1; seed <= request.seeds; seed++) {
    const outcome = runFuzzCase(seed, options);
    onProgress({ phase: 'seed', done: seed, total: request.seeds });
    if (!failed(outcome)) continue;
    onProgress({ phase: 'shrink', seed });
    const shrunk = shrinkOutcome(outcome);
    const failure = failureOf(outcome)!;
    // a failure the shrinker cannot replay alone opens as it was found
    const result = shrunk ?? { scenario: outcome.scenario, failure, eventsBefore: outcome.scenario.events.length, eventsAfter: outcome.scenario.events.length, momentMs: firstViolationMs(outcome) };
    return {
      found: true, scenario: result.scenario, atMs: result.momentMs, failure: result.failure, seed, eventsBefore: result.eventsBefore, eventsAfter: result.eventsAfter,
    };
  }
  return { found: false, method: 'fuzz', searched: request.seeds, states: 0, truncated: false };
}

const firstViolationMs = (o: FuzzOutcome): number => o.violations[0]?.time ?? o.scenario.until!;

/**
 * The search a request runs: one bug is searched with its case's cluster, bounds and knobs
 * (check-cases.ts, the table the tests prove each bug is found with); otherwise 3 nodes at the
 * search's default bounds.
 */
export function searchOptions(protocol: string, bugs: readonly string[], depth: number): CheckOptions {
  if (!isProtocolName(protocol)) throw new Error(`protocol: unknown protocol "${protocol}"`);
  const known = bugs.length === 1 ? searchCaseFor(protocol, bugs[0]) : null;
  if (!known) return { protocol, nodes: SEARCH_NODES, depth, bugs: [...bugs] };
  const { bug: _bug, invariant: _invariant, depth: _depth, ...bounds } = known;
  return { ...bounds, depth, bugs: [...bugs] };
}

/** The depth the panel offers: the depth at which the bug's case finds it, or `otherwise`. */
export function searchDepthFor(protocol: string, bug: string, otherwise: number): number {
  return (bug ? searchCaseFor(protocol, bug)?.depth : undefined) ?? otherwise;
}

function searchEverySchedule(request: Extract<FindRequest, { method: 'exhaustive' }>, onProgress: (p: FindProgress) => void): FindResult {
  const r = check({
    ...searchOptions(request.protocol, request.bugs, request.depth),
    onDepth: (p: CheckProgress) => onProgress({ phase: 'depth', done: p.depth, total: request.depth, states: p.states }),
  });
  const c = r.counterexample;
  if (!c) return { found: false, method: 'exhaustive', searched: r.depthCompleted, states: r.states, truncated: r.truncated };
  return {
    found: true, scenario: c.scenario, atMs: c.atMs, failure: { kind: 'invariant', invariant: c.invariant },
    seed: null, eventsBefore: c.scenario.events.length, eventsAfter: c.scenario.events.length,
  };
}
