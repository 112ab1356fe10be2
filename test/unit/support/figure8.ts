/** The Figure 8 story of the Raft paper as a scripted scenario, shared by paper and bug tests. */
import type { Scenario } from '../../../src/sim/types';
import { SCRIPTED_ELECTIONS, raftScenario } from './cluster';

/**
 * Figure 8 of the paper, scripted: elections happen only on `timeout` events, and partitions
 * decide who hears what.
 *  (a) S1 leads term 1, commits "a", then gets "b" (index 2) only onto S2.
 *  (b) S1 crashes; S5 wins term 2 with S3 and S4, appends "c" at index 2 alone, and crashes.
 *  (c) S1 restarts and wins term 3 (S2, S3, S4), replicating "b" onto a majority; then crashes.
 *  (d) S5 restarts and wins term 4 with S2, S3, S4 (its last term 2 beats their 1), overwriting "b".
 * Then S5 commits "d" of its own term, which commits "c" with it.
 */
export function figure8Scenario(bugs: string[]): Scenario {
  return raftScenario({
    nodes: 5, config: SCRIPTED_ELECTIONS, bugs,
    events: [
      { at: 0, type: 'timeout', node: 1 },
      { at: 100, type: 'request', node: 1, command: 'a' },
      { at: 400, type: 'partition', groups: [[1, 2], [3, 4, 5]] },
      { at: 410, type: 'request', node: 1, command: 'b' },
      { at: 600, type: 'crash', node: 1 },
      { at: 610, type: 'timeout', node: 5 },
      { at: 690, type: 'partition', groups: [[1, 2, 3, 4], [5]] },
      { at: 700, type: 'request', node: 5, command: 'c' },
      { at: 750, type: 'crash', node: 5 },
      { at: 760, type: 'heal' },
      { at: 800, type: 'restart', node: 1 },
      { at: 850, type: 'timeout', node: 1 },   // term 2: S3 and S4 already voted for S5
      { at: 1000, type: 'timeout', node: 1 },  // term 3: S1 wins
      { at: 1300, type: 'crash', node: 1 },
      { at: 1310, type: 'restart', node: 5 },
      { at: 1320, type: 'timeout', node: 5 },  // term 3: everyone already voted for S1
      { at: 1400, type: 'timeout', node: 5 },  // term 4: S5 wins
      { at: 1600, type: 'request', node: 5, command: 'd' },
    ],
  });
}
