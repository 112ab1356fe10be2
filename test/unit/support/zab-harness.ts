/**
 * One Zab node driven directly through its handlers: the test plays the network, delivering
 * hand-made messages and reading what the node sent back (the style of raft-harness.ts).
 */
import { zabProtocol } from '../../../src/protocols/zab';
import { zxid, type Txn, type Vote, type ZabConfig, type ZabNode } from '../../../src/protocols/zab/types';
import type { ClientOp, NodeHandlers, NodeId } from '../../../src/sim/types';
import { FakeContext } from './fake-context';

export const txn = (epoch: number, counter: number, command = `t${epoch}.${counter}`): Txn => ({ zxid: zxid(epoch, counter), command, op: null });

export class ZabHarness {
  readonly handlers: NodeHandlers<ZabNode>;
  readonly ctx: FakeContext;
  node: ZabNode;

  constructor(id: NodeId, nodeCount: number, options: { bugs?: string[]; config?: Partial<ZabConfig>; durable?: Partial<ZabNode['durable']> } = {}) {
    const config = zabProtocol.parseConfig(options.config as Record<string, unknown> | undefined);
    this.handlers = zabProtocol.build(config);
    this.ctx = new FakeContext(id, nodeCount, options.bugs ?? []);
    this.node = this.handlers.create(this.ctx);
    if (options.durable) this.node.durable = { ...this.node.durable, ...options.durable, history: (options.durable.history ?? []).slice() };
    this.handlers.start(this.node, this.ctx);
  }

  get id(): NodeId { return this.ctx.id; }
  get peers(): NodeId[] { return this.ctx.nodeIds.filter((n) => n !== this.ctx.id); }
  get history(): Txn[] { return this.node.durable.history; }

  receive(from: NodeId, type: string, payload: unknown): void {
    this.handlers.onMessage(this.node, this.ctx.message(from, type, payload), this.ctx);
  }

  /** A notification from a looking peer in the node's round. */
  vote(from: NodeId, vote: Vote, round = this.node.round): void {
    this.receive(from, 'NOTIFICATION', { vote, round, state: 'looking' });
  }

  request(command: string, op: ClientOp | null = null): void {
    this.handlers.onRequest(this.node, command, this.ctx, op);
  }

  timer(name: 'election' | 'heartbeat'): void { this.handlers.onTimer(this.node, name, this.ctx); }

  crashAndRestart(): void {
    this.node = this.handlers.crash(this.node, this.ctx);
    this.ctx.timers.clear();
    this.handlers.start(this.node, this.ctx);
  }

  lastSent(type: string): any {
    const all = this.ctx.sentOfType(type);
    if (all.length === 0) throw new Error(`no ${type} was sent`);
    return all[all.length - 1].payload;
  }

  /** Make this node follow `leader` through an election it agrees with. */
  followViaElection(leader: NodeId, leaderVote: Vote): void {
    for (const p of this.peers) this.vote(p, leaderVote);
    if (this.node.role !== 'following' || this.node.leader !== leader) throw new Error('did not follow');
  }

  /**
   * Make this node the established leader of epoch `epoch`: an election won, FOLLOWERINFO with
   * acceptedEpoch epoch-1 and then ACKEPOCH and NEWLEADER ACK from `followers`.
   */
  establish(followers: NodeId[], epoch = this.node.durable.acceptedEpoch + 1): void {
    const own = this.node.vote;
    for (const p of this.peers) this.vote(p, own);
    if (this.node.role !== 'leading') throw new Error('did not lead');
    for (const f of followers) this.receive(f, 'FOLLOWERINFO', { acceptedEpoch: epoch - 1 });
    for (const f of followers) this.receive(f, 'ACKEPOCH', { epoch, currentEpoch: 0, history: [], fresh: true });
    const last = this.history.length ? this.history[this.history.length - 1].zxid : 0;
    for (const f of followers) this.receive(f, 'ACK', { epoch, zxid: last });
    if (!this.node.established) throw new Error('not established');
  }
}
