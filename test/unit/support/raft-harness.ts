/**
 * One Raft node driven directly through its handlers (etcd's raft_paper_test style): the test
 * plays the network, delivering hand-made messages and reading what the node sent back.
 */
import { raftProtocol } from '../../../src/protocols/raft';
import type { Entry, RaftConfig, RaftNode } from '../../../src/protocols/raft/types';
import type { ClientOp, NodeHandlers, NodeId } from '../../../src/sim/types';
import { FakeContext } from './fake-context';
import { BlockList } from '../../../src/sim/block-list';

export const entry = (term: number, command = `t${term}`): Entry => ({ term, command, op: null });

/** A log from a list of terms: logOf(1, 1, 2) has entries at indexes 1..3 with those terms. */
export const logOf = (...terms: number[]): Entry[] => terms.map((t, i) => entry(t, `e${i + 1}t${t}`));

export class RaftHarness {
  readonly handlers: NodeHandlers<RaftNode>;
  readonly ctx: FakeContext;
  readonly config: RaftConfig;
  node: RaftNode;

  constructor(id: NodeId, nodeCount: number, options: { bugs?: string[]; config?: Partial<RaftConfig> } = {}) {
    this.config = raftProtocol.parseConfig(options.config as Record<string, unknown> | undefined);
    this.handlers = raftProtocol.build(this.config);
    this.ctx = new FakeContext(id, nodeCount, options.bugs ?? []);
    this.node = this.handlers.create(this.ctx);
    this.handlers.start(this.node, this.ctx);
  }

  get term(): number { return this.node.durable.currentTerm; }
  get log(): Entry[] { return this.node.durable.log.toArray(); }
  get peers(): NodeId[] { return this.ctx.nodeIds.filter((n) => n !== this.ctx.id); }

  /** Give the node a durable state, as if it had lived through earlier terms. */
  setDurable(term: number, log: Entry[], votedFor: NodeId | null = null): void {
    this.node.durable = { currentTerm: term, votedFor, log: BlockList.from(log) };
  }

  receive(from: NodeId, type: string, payload: unknown): void {
    this.handlers.onMessage(this.node, this.ctx.message(from, type, payload), this.ctx);
  }

  electionTimeout(): void { this.handlers.onTimer(this.node, 'election', this.ctx); }
  heartbeatTimeout(): void { this.handlers.onTimer(this.node, 'heartbeat', this.ctx); }

  request(command: string, op: ClientOp | null = null): void {
    this.handlers.onRequest(this.node, command, this.ctx, op);
  }

  /** Crash and restart: only what Raft makes durable comes back. */
  crashAndRestart(): void {
    this.ctx.timers.clear();
    this.node = this.handlers.crash(this.node, this.ctx);
    this.handlers.start(this.node, this.ctx);
  }

  /** Time out, then collect votes from the lowest-numbered peers until a majority is reached. */
  becomeLeader(): void {
    this.electionTimeout();
    const majority = Math.floor(this.ctx.nodeIds.length / 2) + 1;
    for (const peer of this.peers.slice(0, majority - 1)) {
      this.receive(peer, 'RequestVoteReply', { term: this.term, voteGranted: true });
    }
    if (this.node.role !== 'leader') throw new Error(`S${this.ctx.id} did not become leader`);
  }

  /** A follower acknowledges everything up to `matchIndex` in the current term. */
  ack(from: NodeId, matchIndex: number): void {
    this.receive(from, 'AppendEntriesReply', { term: this.term, success: true, matchIndex, conflictIndex: 0, conflictTerm: 0 });
  }

  appendEntries(from: NodeId, m: { term: number; prevLogIndex?: number; prevLogTerm?: number; entries?: Entry[]; leaderCommit?: number }): void {
    this.receive(from, 'AppendEntries', {
      term: m.term, leaderId: from, prevLogIndex: m.prevLogIndex ?? 0, prevLogTerm: m.prevLogTerm ?? 0,
      entries: m.entries ?? [], leaderCommit: m.leaderCommit ?? 0,
    });
  }

  requestVote(from: NodeId, term: number, lastLogIndex = 0, lastLogTerm = 0): void {
    this.receive(from, 'RequestVote', { term, candidateId: from, lastLogIndex, lastLogTerm });
  }

  /** The last reply of a type this node sent (to anyone). */
  lastSent(type: string): any {
    const all = this.ctx.sentOfType(type);
    if (all.length === 0) throw new Error(`S${this.ctx.id} sent no ${type}`);
    return all[all.length - 1].payload;
  }
}
