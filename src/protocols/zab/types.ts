/**
 * Zab state and messages, named as in "Zab: High-performance broadcast for primary-backup
 * systems" (Junqueira, Reed, Serafini, DSN 2011) and ZooKeeper's Fast Leader Election.
 */
import type { ClientOp, NodeId, Range } from '../../sim/types';
import type { KvStore } from '../kv-store';

export interface ZabConfig {
  /** A follower that hears nothing from its leader for a random time in this range looks for a new one. */
  electionTimeout: Range;
  /** How often the leader pings its followers (carrying what is committed) and re-sends what they lack. */
  heartbeatInterval: number;
  /** Most proposals re-sent to a lagging follower in one PROPOSAL batch. */
  maxProposalBatch: number;
}

export const ZAB_DEFAULTS: ZabConfig = {
  electionTimeout: { min: 150, max: 300 },
  heartbeatInterval: 50,
  maxProposalBatch: 64,
};

export const ZAB_BUGS = ['no-epoch-bump', 'broadcast-before-sync'] as const;

/**
 * A zxid (epoch, counter) packed into one number, epoch * 2^32 + counter, so that zxids compare
 * as numbers in the order the paper defines. 0 is "no transaction".
 */
export type Zxid = number;
const EPOCH_UNIT = 0x1_0000_0000;
export const zxid = (epoch: number, counter: number): Zxid => epoch * EPOCH_UNIT + counter;
export const epochOf = (z: Zxid): number => Math.floor(z / EPOCH_UNIT);
export const counterOf = (z: Zxid): number => z % EPOCH_UNIT;
export const zxidPair = (z: Zxid): [number, number] => [epochOf(z), counterOf(z)];
export const zxidText = (z: Zxid): string => `(${epochOf(z)}, ${counterOf(z)})`;

/** A transaction: immutable, shared by reference between histories and messages. */
export interface Txn {
  readonly zxid: Zxid;
  readonly command: string;
  readonly op: ClientOp | null;
}

export type Role = 'looking' | 'following' | 'leading';
export type Phase = 'election' | 'discovery' | 'synchronization' | 'broadcast';

/** What survives a crash (the paper's persistent variables f.a, f.p and h_f). */
export interface ZabDurable {
  /** The epoch of the last NEWEPOCH (LEADERINFO) this node accepted. */
  acceptedEpoch: number;
  /** The epoch of the last NEWLEADER this node accepted. */
  currentEpoch: number;
  history: Txn[];
}

/** A Fast Leader Election vote: the proposed leader and what it claims to hold. */
export interface Vote {
  readonly leader: NodeId;
  readonly zxid: Zxid;
  readonly epoch: number;
}

export interface ZabNode extends KvStore {
  id: NodeId;
  durable: ZabDurable;
  role: Role;
  phase: Phase;
  /** The leader this node follows (itself when leading), or null while looking. */
  leader: NodeId | null;
  /** How many transactions of the history are delivered (committed and applied), in order. */
  committed: number;
  // ---- election (volatile, as ZooKeeper's logical clock)
  round: number;
  vote: Vote;
  /** Votes heard in this round, by node id. */
  votes: (Vote | undefined)[];
  // ---- follower session
  /** NEWLEADER of currentEpoch adopted in this session: proposals may be accepted. */
  synced: boolean;
  /** The handshake step (FOLLOWERINFO, ACKEPOCH, ACK of NEWLEADER) re-sent until the leader answers. */
  handshake: ZabMessage | null;
  // ---- leader session
  /** The epoch decided in discovery (a follower: the one its leader announced), or null before. */
  newEpoch: number | null;
  /** acceptedEpoch each follower reported in FOLLOWERINFO (-1: not heard). */
  followerEpoch: number[];
  /** ACKEPOCH per follower: its currentEpoch and history, and whether it counts toward the quorum. */
  ackEpoch: ({ currentEpoch: number; history: readonly Txn[]; fresh: boolean } | undefined)[];
  /** Followers that acknowledged NEWLEADER. */
  syncedFollowers: boolean[];
  /** Per follower, how many transactions of the leader's history it is known to hold. */
  acked: number[];
  /** `acked` at the last heartbeat: a follower that made no progress since gets what it lacks again. */
  ackedAtTick: number[];
  /** When each follower was last heard from (ms). */
  lastHeard: number[];
  /** Length of the initial history I_e (transactions of this epoch start after it). */
  epochStart: number;
  /** A quorum acknowledged NEWLEADER: this leader is established in its epoch. */
  established: boolean;
  /** Client requests that came before this leader could broadcast. */
  waiting: { command: string; op: ClientOp | null }[];
  /** Lowest history index (0-based) rewritten since the observer last looked (Infinity: none). */
  dirtyFrom: number;
}

// ---- messages (one union: the handler switches on `type`, and each payload is typed)
export interface Notification { vote: Vote; round: number; state: Role }
export interface FollowerInfo { acceptedEpoch: number }
/** NEWEPOCH in the paper. */
export interface LeaderInfo { epoch: number }
export interface AckEpoch { epoch: number; currentEpoch: number; history: readonly Txn[]; fresh: boolean }
export interface NewLeader { epoch: number; history: readonly Txn[] }
export interface Ack { epoch: number; zxid: Zxid }
/** One proposal, or a batch re-sent to a follower that lacks them, placed after `prev`. */
export interface Proposal { epoch: number; prev: Zxid; txns: readonly Txn[] }
export interface Commit { epoch: number; zxid: Zxid }
/** The leader's heartbeat; `committed` is null until the leader is established. */
export interface Ping { epoch: number; committed: Zxid | null }

export type ZabMessage =
  | { type: 'NOTIFICATION'; payload: Notification }
  | { type: 'FOLLOWERINFO'; payload: FollowerInfo }
  | { type: 'LEADERINFO'; payload: LeaderInfo }
  | { type: 'ACKEPOCH'; payload: AckEpoch }
  | { type: 'NEWLEADER'; payload: NewLeader }
  | { type: 'ACK'; payload: Ack }
  | { type: 'PROPOSAL'; payload: Proposal }
  | { type: 'COMMIT'; payload: Commit }
  | { type: 'PING'; payload: Ping };

export type ZabMessageType = ZabMessage['type'];
export type PayloadOf<T extends ZabMessageType> = Extract<ZabMessage, { type: T }>['payload'];

export const lastZxid = (h: readonly Txn[]): Zxid => (h.length ? h[h.length - 1].zxid : 0);

/** Fast Leader Election's order: the higher epoch, then the higher last zxid, then the higher id. */
export const betterVote = (a: Vote, b: Vote): boolean =>
  a.epoch > b.epoch || (a.epoch === b.epoch && (a.zxid > b.zxid || (a.zxid === b.zxid && a.leader > b.leader)));

export const sameVote = (a: Vote, b: Vote): boolean => a.leader === b.leader && a.zxid === b.zxid && a.epoch === b.epoch;
