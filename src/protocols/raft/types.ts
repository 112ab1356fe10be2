/** Raft state and messages, named as in Figure 2 of the paper. */
import type { ClientOp, NodeId, Range } from '../../sim/types';
import type { KvStore } from '../kv-store';

export interface RaftConfig {
  electionTimeout: Range;
  heartbeatInterval: number;
  /** Most entries carried by one AppendEntries. */
  maxEntriesPerAppend: number;
}

export const RAFT_DEFAULTS: RaftConfig = {
  electionTimeout: { min: 150, max: 300 },
  heartbeatInterval: 50,
  maxEntriesPerAppend: 64,
};

export const RAFT_BUGS = ['commit-previous-term', 'vote-without-log-check', 'forget-vote-on-restart'] as const;

/** Log entries are immutable and shared by reference between nodes and messages. */
export interface Entry {
  readonly term: number;
  readonly command: string;
  readonly op: ClientOp | null;
}

export type Role = 'follower' | 'candidate' | 'leader';

/** What survives a crash (Figure 2, "Persistent state on all servers"). */
export interface RaftDurable {
  currentTerm: number;
  votedFor: NodeId | null;
  /** log[0] is index 1 */
  log: Entry[];
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
  /** lowest log index rewritten since the observer last looked (Infinity: none) */
  logDirtyFrom: number;
  /**
   * Set only on a frozen checkpoint copy: it shares the live node's log array, of which only
   * the first `frozenLogLength` entries are its own (the live node only appends past them,
   * and copies the array before it truncates).
   */
  frozenLogLength?: number;
}

export interface RequestVote { term: number; candidateId: NodeId; lastLogIndex: number; lastLogTerm: number }
export interface RequestVoteReply { term: number; voteGranted: boolean }
export interface AppendEntries {
  term: number;
  leaderId: NodeId;
  prevLogIndex: number;
  prevLogTerm: number;
  entries: Entry[];
  leaderCommit: number;
}
export interface AppendEntriesReply {
  term: number;
  success: boolean;
  /** on success: the last index known to match the leader's log */
  matchIndex: number;
  /** on failure: where the leader should back up to (fast backup by conflict term) */
  conflictIndex: number;
  conflictTerm: number;
}
