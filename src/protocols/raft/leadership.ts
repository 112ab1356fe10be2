/**
 * What a leader knows of its standing and what a voter knows of a leader, shared by CheckQuorum
 * (dissertation §6.2), reads outside the log (§6.4) and PreVote (§9.6):
 * - a leader stamps each AppendEntries with its clock; the reply echoes the stamp, so the leader
 *   knows the latest moment at which a majority still followed it (`confirmedAt`);
 * - a voter remembers when it last heard from a leader, and while that is less than the minimum
 *   election timeout ago it refuses to help depose it (leader stickiness, §4.2.3).
 */
import { majority } from '../quorum';
import type { NodeId } from '../../sim/types';
import type { RaftConfig, RaftNode } from './types';

/** Do AppendEntries carry a stamp in this configuration? (Not by default: old runs stay as they were.) */
export const stamped = (c: RaftConfig): boolean => c.checkQuorum || c.readMode !== 'log';

/**
 * The latest send time that a majority acknowledged in this term, the leader counting as always
 * current; -Infinity when no majority has answered yet.
 */
export function confirmedAt(s: RaftNode, nodeIds: readonly NodeId[]): number {
  // the voters of the node's configuration (both sets while joint, §4.3); every node by default
  const c = s.config;
  const inNew = majorityAckedAt(s, c.voters.length > 0 ? c.voters : nodeIds);
  return c.outgoing ? Math.min(inNew, majorityAckedAt(s, c.outgoing)) : inNew;
}

function majorityAckedAt(s: RaftNode, voters: readonly NodeId[]): number {
  const times = voters.map((id) => (id === s.id ? Infinity : s.ackedAt[id] ?? -Infinity));
  times.sort((a, b) => b - a);
  return times[majority(voters.length) - 1];
}

/** A lease is shorter than the minimum election timeout, by a margin standing for clock drift (§6.4.1). */
export const LEASE_FRACTION = 0.9;

/** How long a lease lasts from the heartbeat that a majority acknowledged (the teaching bug makes it outlive any election timeout). */
export const leaseDuration = (c: RaftConfig, tooLong: boolean): number =>
  (tooLong ? 10 * c.electionTimeout.max : LEASE_FRACTION * c.electionTimeout.min);

/** Until when (ms) this leader may answer reads from its own state; -Infinity when it holds no lease. */
export function leaseEnd(s: RaftNode, nodeIds: readonly NodeId[], c: RaftConfig, tooLong: boolean): number {
  if (s.role !== 'leader' || c.readMode !== 'lease' || s.leaseForfeit) return -Infinity;
  return confirmedAt(s, nodeIds) + leaseDuration(c, tooLong);
}

/** §6.2: no majority has acknowledged a heartbeat for a whole (maximum) election timeout. */
export function lostQuorum(s: RaftNode, nodeIds: readonly NodeId[], c: RaftConfig, now: number): boolean {
  return now - Math.max(confirmedAt(s, nodeIds), s.leaderSince) >= c.electionTimeout.max;
}

/** §4.2.3: it leads, or heard from a leader less than the minimum election timeout ago. */
export function heardFromLeader(s: RaftNode, c: RaftConfig, now: number): boolean {
  if (s.role === 'leader') return true;
  return s.leaderContactAt !== null && now - s.leaderContactAt < c.electionTimeout.min;
}
