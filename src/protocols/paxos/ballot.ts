/**
 * Ballots (Lamport's "ballot numbers"): pairs { round, node }, ordered by round and then by node
 * id, so two proposers never use the same ballot. Shared by Basic Paxos and Multi-Paxos.
 * Ballot objects are immutable and shared by reference.
 */
import type { NodeId } from '../../sim/types';

export interface Ballot {
  readonly round: number;
  readonly node: NodeId;
}

/** Node ids go up to 9, so round * 16 + node orders ballots as one number. */
export const rank = (b: Ballot | null): number => (b === null ? -1 : b.round * 16 + b.node);

/** Negative when a < b, zero when equal, positive when a > b; null is below every ballot. */
export const compareBallots = (a: Ballot | null, b: Ballot | null): number => rank(a) - rank(b);

export const ballotText = (b: Ballot | null): string => (b === null ? '—' : `(${b.round}, S${b.node})`);

/** The smallest ballot of `node` above every round it has seen. */
export const nextBallot = (node: NodeId, highestRoundSeen: number): Ballot => ({ round: highestRoundSeen + 1, node });

/** A ballot as note data for the trace. */
export const ballotNote = (b: Ballot | null): [number, number] | null => (b === null ? null : [b.round, b.node]);
