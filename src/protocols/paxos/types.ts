/** Basic (single-decree) Paxos state and messages, named as in "Paxos Made Simple". */
import type { NodeId, Range } from '../../sim/types';
import type { Ballot } from './ballot';

export interface PaxosConfig {
  /**
   * How long a proposer waits for an attempt to succeed before it tries again with a higher
   * ballot. Attempt k (0, 1, 2, …) waits a random time in [min, max · 2^k] (k capped at 5), so
   * duelling proposers drift apart and one of them finishes.
   */
  retryTimeout: Range;
}

export const PAXOS_DEFAULTS: PaxosConfig = {
  retryTimeout: { min: 100, max: 200 },
};

export const PAXOS_BUGS = ['ignore-accepted-value', 'accept-below-promise', 'forget-promise-on-restart'] as const;

/** A vote: the acceptor accepted `value` in `ballot`. Immutable, shared by reference. */
export interface AcceptedValue {
  readonly ballot: Ballot;
  readonly value: string;
}

/** What an acceptor (and learner) keeps on disk: survives crashes. */
export interface PaxosDurable {
  /** The highest ballot promised in phase 1b (Paxos.tla: maxBal). */
  promised: Ballot | null;
  /** The highest-ballot vote cast in phase 2b (maxVBal, maxVal). */
  accepted: AcceptedValue | null;
  /** The value this node learned was chosen. A learned fact stays true, so it is kept. */
  learned: string | null;
}

/** idle: nothing to propose; backoff: preempted, waiting to retry with a higher ballot. */
export type ProposerPhase = 'idle' | 'prepare' | 'accept' | 'backoff';

export interface PaxosNode {
  id: NodeId;
  durable: PaxosDurable;
  // ---- proposer (volatile: lost in a crash)
  /** The value this node was asked to propose, or null. Once it learns a decision it stops. */
  proposal: string | null;
  phase: ProposerPhase;
  /** The ballot of the current attempt. */
  ballot: Ballot | null;
  /** Highest round seen in any message, so the next ballot jumps past it. */
  highestRound: number;
  /** Attempts made for the current proposal; the retry backoff grows with it. */
  attempts: number;
  /** Phase 1b: who promised, as a bit set of node ids, and the highest vote they reported. */
  promisedBy: number;
  highestVote: AcceptedValue | null;
  /** The value sent in phase 2a of the current attempt. */
  acceptValue: string | null;
  // ---- learner (volatile tally of 2b messages: ballot rank → value and voters)
  votes: Map<number, Tally>;
}

/** Learner tally for one ballot. Immutable: a new vote makes a new object. */
export interface Tally {
  readonly value: string;
  readonly voters: number; // bit set of node ids
}

// ---- messages (phase 1a, 1b, 2a, 2b, and the rejection)
export interface PrepareMsg { ballot: Ballot }
export interface PromiseMsg { ballot: Ballot; accepted: AcceptedValue | null }
export interface AcceptMsg { ballot: Ballot; value: string }
export interface AcceptedMsg { ballot: Ballot; value: string }
/** "I promised a higher ballot": `ballot` is the rejected one, `promised` lets the proposer jump past. */
export interface NackMsg { ballot: Ballot; promised: Ballot }
