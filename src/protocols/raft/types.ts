/** Raft state and messages, named as in Figure 2 of the paper. */
import type { ClientOp, NodeId, Range } from '../../sim/types';
import type { KvStore } from '../kv-store';
import type { BlockList } from '../../sim/block-list';

export interface RaftConfig {
  electionTimeout: Range;
  heartbeatInterval: number;
  /** Most entries carried by one AppendEntries. */
  maxEntriesPerAppend: number;
  /** Dissertation §9.6: ask whether it could win before moving to a new term. */
  preVote: boolean;
  /** Dissertation §6.2: a leader that has not heard from a majority within an election timeout steps down. */
  checkQuorum: boolean;
  /** Dissertation §6.4: how a leader serves a workload `get`. */
  readMode: ReadMode;
  /** Snapshot once this many entries are applied past the last snapshot; 0: never (dissertation §5). */
  snapshotThreshold: number;
  /** The initial voting configuration; null: every node (dissertation §4). */
  members: NodeId[] | null;
}

export const READ_MODES = ['log', 'read-index', 'lease'] as const;
export type ReadMode = typeof READ_MODES[number];

export const RAFT_DEFAULTS: RaftConfig = {
  electionTimeout: { min: 150, max: 300 },
  heartbeatInterval: 50,
  maxEntriesPerAppend: 64,
  preVote: false,
  checkQuorum: false,
  readMode: 'log',
  snapshotThreshold: 0,
  members: null,
};

export const RAFT_BUGS = ['commit-previous-term', 'vote-without-log-check', 'forget-vote-on-restart', 'stale-read', 'lease-too-long',
  'unsafe-membership-change'] as const;

/**
 * A voting configuration (dissertation §4): `voters`, and while joint (C_old,new, §4.3) the
 * `outgoing` voters of C_old too. Immutable, shared between entries, nodes and snapshots.
 */
export interface Configuration {
  readonly voters: readonly NodeId[];
  readonly outgoing: readonly NodeId[] | null;
}

/** Log entries are immutable and shared by reference between nodes and messages. */
export interface Entry {
  readonly term: number;
  readonly command: string;
  readonly op: ClientOp | null;
  /** a configuration entry: the configuration it starts (in force from when it is appended) */
  readonly config?: Configuration;
}

/**
 * A snapshot of the state machine up to `index` (dissertation §5.1): immutable, shared between
 * nodes, messages and checkpoints. `digest` sums up the applied entries, so the observer can tell
 * that restored state is the committed prefix's.
 */
export interface Snapshot {
  readonly index: number;
  readonly term: number;
  readonly config: Configuration;
  /** the state machine as of `index` (a copy no one changes) */
  readonly state: Readonly<KvStore>;
  readonly digest: number;
}

export type Role = 'follower' | 'candidate' | 'leader';

/** What survives a crash (Figure 2, "Persistent state on all servers"). */
export interface RaftDurable {
  currentTerm: number;
  votedFor: NodeId | null;
  /**
   * log.at(0) is index logStart + 1 (index 1 without a snapshot). A BlockList: a copy of the node
   * (a checkpoint, a seek) shares the log's blocks instead of copying a long log.
   */
  log: BlockList<Entry>;
  /** the latest snapshot; the log holds only the entries after it (absent: none) */
  snapshot?: Snapshot | null;
}

export interface RaftNode extends KvStore {
  id: NodeId;
  durable: RaftDurable;
  role: Role;
  leaderId: NodeId | null;
  commitIndex: number;
  lastApplied: number;
  votesGranted: NodeId[];
  /** indexed by node id; leaders only */
  nextIndex: number[];
  matchIndex: number[];
  // (KvStore: the replicated key-value state machine, its client sessions, the coordination service)
  /** §9.6: the pre-votes gathered while it asks whether it could win (null: not asking) */
  preVotes: NodeId[] | null;
  /** when it last heard from a leader of its term, ms (null: not since it started) */
  leaderContactAt: number | null;
  /** leaders: when it took office (ms), and per peer the latest send time (`stamp`) the peer acknowledged in this term */
  leaderSince: number;
  ackedAt: number[];
  /** leaders: reads served outside the log, waiting for leadership to be confirmed and the state machine to catch up (§6.4) */
  reads: PendingRead[];
  /** leaders: the node leadership is being handed to (§3.10), and until when (ms) it tries */
  transferee: NodeId | null;
  transferUntil: number;
  /** leaders: a transfer began in this term, so no lease is trusted in it any more */
  leaseForfeit: boolean;
  /** lowest log index rewritten since the observer last looked (Infinity: none) */
  logDirtyFrom: number;
  /** the configuration in force: the latest in the log, else the snapshot's, else the initial one */
  config: Configuration;
  /** index of the entry that set `config` (the snapshot's index or 0 when none in the log does) */
  configIndex: number;
  /** whom this node talks to: voters of `config`, and (leader) nodes it is removing; ascending */
  peers: NodeId[];
  /** leader only: removed nodes not yet known to hold the entry that removed them */
  removing: NodeId[];
  /** a running digest of the entries applied (snapshot.ts) */
  digest: number;
  /** the log prefix a snapshot dropped during this event, until the observer has looked */
  compacted: { log: Entry[]; start: number; startTerm: number } | null;
}

export interface RequestVote {
  term: number; candidateId: NodeId; lastLogIndex: number; lastLogTerm: number;
  /** sent because the leader handed over (§3.10): voters set leader stickiness aside */
  transfer?: boolean;
}
/** §9.6: "could you vote for me in `term`?"; nobody's term or vote changes */
export interface PreVote { term: number; candidateId: NodeId; lastLogIndex: number; lastLogTerm: number }
export interface PreVoteReply { term: number; voteGranted: boolean }
/** §3.10: the leader tells its chosen successor to start an election now */
export interface TimeoutNow { term: number; leaderId: NodeId }
/** A read answered outside the log: at `readIndex`, once a heartbeat sent at or after `at` is acknowledged by a majority. */
export interface PendingRead { readonly op: ClientOp; readonly readIndex: number; readonly at: number; readonly confirmed: boolean }
export interface RequestVoteReply { term: number; voteGranted: boolean }
export interface AppendEntries {
  term: number;
  leaderId: NodeId;
  prevLogIndex: number;
  prevLogTerm: number;
  entries: Entry[];
  leaderCommit: number;
  /** the leader's clock when it sent this (only when checkQuorum or reads outside the log need it), echoed in the reply */
  stamp?: number;
}
/** Dissertation §5.1: the whole snapshot in one message (no chunks). */
export interface InstallSnapshot { term: number; leaderId: NodeId; snapshot: Snapshot }
export interface InstallSnapshotReply { term: number; matchIndex: number }
export interface AppendEntriesReply {
  term: number;
  success: boolean;
  /** on success: the last index known to match the leader's log */
  matchIndex: number;
  /** on failure: where the leader should back up to (fast backup by conflict term) */
  conflictIndex: number;
  conflictTerm: number;
  /** the AppendEntries' stamp, echoed */
  stamp?: number;
}
