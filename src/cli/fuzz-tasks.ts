/** The two tasks of the fuzzer's workers: judge one seed, and shrink one failure. */
import { runFuzzCase, type FuzzOptions, type FuzzOutcome } from '../scenario/fuzz';
import { shrinkOutcome, type Shrunk } from '../scenario/find-failure';

export type FuzzTask = { type: 'seed'; seed: number } | { type: 'shrink'; seed: number };

export type { Shrunk };

export type FuzzTaskResult = { type: 'seed'; outcome: FuzzOutcome } | { type: 'shrink'; seed: number; shrunk: Shrunk | null };

export function runSeedTask(task: FuzzTask, options: FuzzOptions): FuzzTaskResult {
  const outcome = runFuzzCase(task.seed, options);
  if (task.type === 'seed') return { type: 'seed', outcome };
  return { type: 'shrink', seed: task.seed, shrunk: shrinkOutcome(outcome) };
}
