/**
 * Multi-Paxos state and messages: one Paxos instance per log slot, with a stable leader that
 * runs phase 1 once for every open slot and then phase 2 per slot ("Paxos Made Simple" §3).
 */
import type { ClientOp, NodeId, Range } from '../../sim/types';
import type { Ballot } from '../paxos/ballot';
import type { KvStore } from '../kv-store';

export interface MultiPaxosConfig {
  /** How often the leader sends heartbeats (carrying the chosen prefix) and re-sends lost Accepts. */
  heartbeatInterval: number;
  /** A follower that hears from no leader for a random time in this range runs phase 1. */
  electionTimeout: Range;
  /** The leader re-sends an Accept that no majority answered after this long. */
  acceptRetry: number;
  /** Most chosen slots sent in one catch-up message to a lagging node. */
  maxCatchup: number;
}

export const MULTI_PAXOS_DEFAULTS: MultiPaxosConfig = {
  heartbeatInterval: 50,
  electionTimeout: { min: 150, max: 300 },
  acceptRetry: 100,
  maxCatchup: 64,
};

export const MULTI_PAXOS_BUGS = ['ignore-promised-values', 'no-dedupe'] as const;

/**
 * A value for a slot: a client command, or the no-op a new leader uses to fill a gap.
 * Immutable and shared by reference between nodes and messages.
 */
export interface Command {
  /**
   * Identity for at-most-once: a workload request's requestId * 1024 + client (a number: no
   * string to build and hash per request; clients are far fewer than 1024), or
   * "e<i>" for a scenario request, the i-th event of the run's time-ordered script.
   */
  readonly id: CommandId;
  readonly command: string;
  readonly op: ClientOp | null;
}

export type CommandId = number | string;

/** The id of a workload client's request. */
export const requestKey = (client: number, requestId: number): number => requestId * 1024 + client;

export const NOOP: Command = { id: '', command: 'no-op', op: null };

/** A slot's value in the report: the command, or null with `noop: true` for a gap-filling no-op. */
export const reportedValue = (v: Command): { value: string | null; noop?: true } =>
  (v === NOOP ? { value: null, noop: true } : { value: v.command });

/**
 * One slot of an acceptor's log: its vote (ballot, value). The same object goes from the leader
 * to every acceptor; whether a slot is chosen is kept apart, so the object never changes.
 */
export interface Slot {
  readonly ballot: Ballot;
  readonly value: Command;
}

/** What survives a crash: the acceptor's promise, its votes, and which slots it knows are chosen. */
export interface MultiPaxosDurable {
  promised: Ballot | null;
  /** log[i] is slot i; undefined: nothing accepted there yet. A chosen slot holds the chosen vote. */
  log: (Slot | undefined)[];
  /** Every slot below this one is known chosen. */
  firstUnchosen: number;
  /** Slots above firstUnchosen known chosen (the leader learns out of order; rare elsewhere). */
  chosenAbove: Set<number>;
}

export type Role = 'follower' | 'candidate' | 'leader';

/** A slot the leader proposed and is waiting on: who accepted it, and when it last sent it. */
export interface OpenSlot {
  readonly entry: Slot;
  votes: number; // bit set of node ids
  sentAt: number;
}

/**
 * On a frozen checkpoint copy: durable.log is the live node's array, of which only the first
 * `prefix` slots (chosen, so never written again) are this copy's; `tail` holds its slots above.
 */
export interface FrozenLog {
  readonly prefix: number;
  readonly tail: readonly (Slot | undefined)[];
}

export interface MultiPaxosNode extends KvStore {
  id: NodeId;
  durable: MultiPaxosDurable;
  /** null on a live node */
  frozenLog: FrozenLog | null;
  role: Role;
  /** The leader this node follows (itself when leading), or null when it knows none. */
  leader: NodeId | null;
  /** The ballot this node runs as candidate or leader. */
  ballot: Ballot | null;
  highestRound: number;
  /** Slots below this one are applied to the state machine (rebuilt from the log on restart). */
  applied: number;
  // (KvStore: the replicated key-value state machine, its client sessions, the coordination service)
  /** Scenario requests applied (they have no session: clients may send several at once). */
  appliedIds: Set<string>;
  /** Leader only: commands in its log not yet applied, by id → slot, so a retry is not proposed twice. */
  pending: Map<CommandId, number>;
  /** Scenario requests that came while this node knew no leader: passed on once it knows one (volatile). */
  waiting: Command[];
  // ---- candidate (phase 1)
  prepareFrom: number;
  promisedBy: number;
  /** Per slot, the highest-ballot vote (or the chosen one) reported in the promises. */
  reported: Map<number, { entry: Slot; chosen: boolean }>;
  // ---- leader (phase 2)
  nextSlot: number;
  open: Map<number, OpenSlot>;
  // ---- what changed since the observer last looked (it empties these)
  newVotes: number[];
  newChosen: number[];
}

// ---- messages
export interface PrepareMsg { ballot: Ballot; from: number }
export interface PromiseMsg { ballot: Ballot; from: number; slots: number[]; entries: Slot[]; chosen: boolean[] }
export interface AcceptMsg { ballot: Ballot; slot: number; entry: Slot; commit: number }
export interface AcceptedMsg { ballot: Ballot; slot: number }
export interface NackMsg { ballot: Ballot; promised: Ballot }
export interface HeartbeatMsg { ballot: Ballot; commit: number }
/** `told`: the chosen prefix the leader had announced; a node below it needs a catch-up. */
export interface HeartbeatReplyMsg { ballot: Ballot; firstUnchosen: number; told: number }
export interface CatchupMsg { ballot: Ballot; from: number; entries: Slot[]; commit: number }
export interface ForwardMsg { value: Command }
