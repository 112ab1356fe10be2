/** The two tasks of the fuzzer's workers: judge one seed, and shrink one failure. */
import { failed, runFuzzCase, type FuzzOptions, type FuzzOutcome } from '../scenario/fuzz';
import { encodeLink } from '../scenario/link';
import { failsAlike, failureOf, judge, shrink, type ShrinkResult } from '../scenario/shrink';

export type FuzzTask = { type: 'seed'; seed: number } | { type: 'shrink'; seed: number };

export interface Shrunk extends ShrinkResult {
  /** share fragment of the shrunk scenario, opening at the moment of the violation */
  url: string;
}

export type FuzzTaskResult = { type: 'seed'; outcome: FuzzOutcome } | { type: 'shrink'; seed: number; shrunk: Shrunk | null };

export function runSeedTask(task: FuzzTask, options: FuzzOptions): FuzzTaskResult {
  const outcome = runFuzzCase(task.seed, options);
  if (task.type === 'seed') return { type: 'seed', outcome };
  return { type: 'shrink', seed: task.seed, shrunk: shrinkOutcome(outcome) };
}

export function shrinkOutcome(outcome: FuzzOutcome): Shrunk | null {
  const failure = failureOf(outcome);
  if (!failed(outcome) || failure === null) return null;
  // the shrinker judges a scenario alone, and so cannot see a standing partition's client check
  if (!failsAlike(judge(outcome.scenario, true), failure)) return null;
  const result = shrink(outcome.scenario, failure, { healAt: outcome.healAt });
  return { ...result, url: encodeLink(result.scenario, result.momentMs) };
}
