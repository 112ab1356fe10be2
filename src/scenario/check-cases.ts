/**
 * The exhaustive search's cases: each teaching bug with the depth of its shortest counterexample
 * on 3 nodes and the bounds that keep the search small, the bugs it does not reach, and the depth
 * each correct protocol completes. test/unit/check.test.ts checks them; scripts/check-table.ts
 * measures them for the README's table; the page's "Find a failure" panel searches each bug with
 * its case's bounds (find-failure.ts), so what the tests prove it finds, the page finds too.
 */
import type { ProtocolName } from '../protocols/registry';
import type { CheckOptions } from './check';

export type Bounds = Pick<CheckOptions, 'model' | 'depth' | 'maxRequests' | 'maxCrashes' | 'maxTimeouts' | 'maxPartitions' | 'maxDuplicates' | 'maxReads' | 'maxExtras' | 'maxMidRequests' | 'config'>;

/**
 * Each bug with the depth of its shortest counterexample on 3 nodes and the bounds that keep the
 * search small (README, "Exhaustive search", has the table with states and times).
 */
const CASES: (Bounds & { protocol: ProtocolName; bug: string; invariant: string; nodes?: number })[] = [
  { protocol: 'raft', bug: 'forget-vote-on-restart', invariant: 'ElectionSafety', depth: 6, maxRequests: 0, maxCrashes: 1, maxTimeouts: 2 },
  { protocol: 'raft', bug: 'vote-without-log-check', invariant: 'LeaderCompleteness', depth: 5, maxRequests: 1, maxCrashes: 0, maxTimeouts: 2 },
  // reads outside the log: the clients' history is checked; the lease needs an election timeout short enough to expire
  { protocol: 'raft', bug: 'stale-read', invariant: 'Linearizability', depth: 5, maxRequests: 1, maxReads: 1, maxCrashes: 0, maxTimeouts: 2, config: { readMode: 'read-index' } },
  {
    protocol: 'raft', bug: 'lease-too-long', invariant: 'Linearizability', depth: 5, maxRequests: 1, maxReads: 1, maxCrashes: 0, maxTimeouts: 2,
    config: { readMode: 'lease', electionTimeout: { min: 25, max: 3_000_000 } },
  },
  // five nodes, three voting: the leader takes both spares in at once while two voters are cut off
  {
    protocol: 'raft', bug: 'unsafe-membership-change', invariant: 'LeaderCompleteness', nodes: 5, depth: 5, maxRequests: 1, maxCrashes: 0, maxTimeouts: 3,
    maxPartitions: 1, maxExtras: 1, config: { members: [1, 2, 3] },
  },
  { protocol: 'raft', bug: 'commit-previous-term', invariant: 'LeaderCompleteness', depth: 9, maxRequests: 2, maxCrashes: 0, maxTimeouts: 4 },
  { protocol: 'paxos', bug: 'forget-promise-on-restart', invariant: 'PromiseMonotonic', depth: 3, maxRequests: 1, maxCrashes: 1, maxTimeouts: 0 },
  { protocol: 'paxos', bug: 'ignore-accepted-value', invariant: 'Consistency', depth: 4, maxRequests: 2, maxCrashes: 0, maxTimeouts: 0 },
  { protocol: 'paxos', bug: 'accept-below-promise', invariant: 'AcceptAbovePromise', depth: 4, maxRequests: 2, maxCrashes: 0, maxTimeouts: 0 },
  { protocol: 'multi-paxos', bug: 'no-dedupe', invariant: 'CommandOnce', depth: 3, maxRequests: 1, maxCrashes: 0, maxTimeouts: 1, maxDuplicates: 1 },
  { protocol: 'multi-paxos', bug: 'ignore-promised-values', invariant: 'Consistency', depth: 6, maxRequests: 1, maxCrashes: 0, maxTimeouts: 3, maxPartitions: 2 },
  { protocol: 'zab', bug: 'no-epoch-bump', invariant: 'OneLeaderPerEpoch', depth: 3, maxRequests: 0, maxCrashes: 1, maxTimeouts: 2 },
  // a request has to reach the new leader while it synchronizes: a mid-round request, 5 ms after the restart
  {
    protocol: 'zab', bug: 'broadcast-before-sync', invariant: 'PrimaryIntegrity', depth: 5, maxRequests: 1, maxMidRequests: 1, maxCrashes: 1, maxTimeouts: 1,
    maxPartitions: 0,
  },
  // the message model: every ordering of single deliveries
  { protocol: 'paxos', bug: 'forget-promise-on-restart', invariant: 'PromiseMonotonic', model: 'messages', depth: 3, maxRequests: 1, maxCrashes: 1, maxTimeouts: 0 },
  { protocol: 'paxos', bug: 'accept-below-promise', invariant: 'AcceptAbovePromise', model: 'messages', depth: 5, maxRequests: 2, maxCrashes: 0, maxTimeouts: 0 },
];

export const BUGS = CASES.map((c) => ({ ...c, model: c.model ?? 'rounds', nodes: c.nodes ?? 3 }));

export type SearchCase = (typeof BUGS)[number];

/** The case a bug is searched with by default: its first (the rounds model's), or null for a bug with none. */
export function searchCaseFor(protocol: string, bug: string): SearchCase | null {
  return BUGS.find((b) => b.protocol === protocol && b.bug === bug) ?? null;
}

/** Teaching bugs the search does not reach, and why (README). */
export const OUT_OF_REACH = new Map<string, string>();

/** With no bug, each protocol completes this depth clean, at the default bounds and these (README states the figures). */
export const CLEAN: (Bounds & { protocol: ProtocolName; depth: number })[] = [
  { protocol: 'raft', depth: 5 }, { protocol: 'paxos', depth: 5 }, { protocol: 'multi-paxos', depth: 4 },
  // with the mid-round request broadcast-before-sync needs
  { protocol: 'zab', depth: 4, maxMidRequests: 1 },
];
