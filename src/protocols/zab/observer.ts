/**
 * Zab's properties as the paper states them, checked after every event on the node it touched:
 * at most one established leader per epoch; Integrity; Total order and Agreement (every node's
 * delivered sequence is a prefix of one cluster-wide sequence); Local and Global primary order;
 * Primary integrity. Each delivery is checked once, against the cluster's sequence by position.
 */
import type { NodeId, Observer, Violation } from '../../sim/types';
import { counterOf, epochOf, zxidPair, zxidText, type Txn, type ZabNode, type Zxid } from './types';

export const ZAB_INVARIANTS = [
  'OneLeaderPerEpoch', 'Integrity', 'TotalOrder', 'Agreement', 'LocalPrimaryOrder', 'GlobalPrimaryOrder', 'PrimaryIntegrity',
] as const;

const show = (t: Txn): string => `${zxidText(t.zxid)} "${t.command}"`;

export class ZabObserver implements Observer<ZabNode> {
  /** Leaders that finished synchronization, in order. */
  leaders: { node: NodeId; epoch: number; time: number }[] = [];
  /** The cluster's delivery sequence: position i holds the transaction first delivered there. */
  committed: { txn: Txn; time: number }[] = [];
  private positionOf = new Map<Zxid, number>();
  /** Every transaction a primary broadcast, by zxid (two only if two primaries shared an epoch). */
  private broadcast = new Map<Zxid, Txn[]>();
  private leaderOfEpoch = new Map<number, NodeId>();
  /** For each epoch, how many transactions its primary had delivered when it first broadcast. */
  private deliveredAtFirstBroadcast = new Map<number, number>();
  /** Per node: how much of its delivered prefix is checked, and the epoch it is established in (0: none). */
  private checked: number[];
  private establishedIn: number[];
  private out: Violation[] | null = null;
  private time = 0;

  constructor(nodeCount: number) {
    this.checked = new Array(nodeCount + 1).fill(0);
    this.establishedIn = new Array(nodeCount + 1).fill(0);
  }

  onRestart(node: NodeId): void {
    // it delivers its history again from the start, and each delivery is checked again
    this.checked[node] = 0;
    this.establishedIn[node] = 0;
  }

  private fail(invariant: string, detail: string, detailZh: string): void {
    (this.out ??= []).push({ time: this.time, invariant, detail, detailZh });
  }

  afterEvent(nodes: readonly ZabNode[], up: readonly boolean[], id: NodeId | null, time: number): Violation[] | null {
    if (id === null || !up[id]) return null;
    const s = nodes[id];
    this.out = null;
    this.time = time;
    if (s.dirtyFrom !== Infinity) {
      this.registerBroadcasts(s);
      this.recheckRewritten(s);
      s.dirtyFrom = Infinity;
    }
    this.checkEstablished(s);
    this.checkDeliveries(s);
    return this.out;
  }

  /** New transactions of the leader's own epoch are its broadcasts; Primary integrity at its first. */
  private registerBroadcasts(s: ZabNode): void {
    if (s.role !== 'leading') return;
    const h = s.durable.history;
    const epoch = s.durable.currentEpoch;
    for (let i = s.dirtyFrom; i < h.length; i++) {
      const txn = h[i];
      if (epochOf(txn.zxid) !== epoch) continue;
      const same = this.broadcast.get(txn.zxid);
      if (same?.includes(txn)) continue;
      // a fresh list, never a push: clones share the lists
      this.broadcast.set(txn.zxid, same ? [...same, txn] : [txn]);
      if (!this.deliveredAtFirstBroadcast.has(epoch)) this.firstBroadcast(s, epoch, txn);
    }
  }

  /**
   * Primary integrity: a primary delivers every transaction that earlier primaries' transactions
   * delivered anywhere before it broadcasts its own.
   */
  private firstBroadcast(s: ZabNode, epoch: number, txn: Txn): void {
    this.deliveredAtFirstBroadcast.set(epoch, s.committed);
    let earlier = this.committed.length;
    while (earlier > 0 && epochOf(this.committed[earlier - 1].txn.zxid) >= epoch) earlier--;
    if (s.committed < earlier) {
      const missing = this.committed[s.committed].txn;
      this.fail('PrimaryIntegrity',
        `Leader S${s.id} broadcast ${show(txn)} in epoch ${epoch} before delivering ${show(missing)}, which an earlier primary's epoch had delivered.`,
        `领导者 S${s.id} 在纪元 ${epoch} 广播了 ${show(txn)}，但尚未交付之前的主节点已交付的 ${show(missing)}。`);
    }
  }

  /** A history rewritten below what the node delivered must still agree there. */
  private recheckRewritten(s: ZabNode): void {
    const h = s.durable.history;
    const end = Math.min(this.checked[s.id], s.committed);
    for (let i = s.dirtyFrom; i < end; i++) {
      if (h[i] !== this.committed[i].txn) {
        this.fail('Agreement', `S${s.id} replaced its delivered transaction ${show(this.committed[i].txn)} at position ${i + 1} with ${show(h[i])}.`,
          `S${s.id} 把位置 ${i + 1} 上已交付的事务 ${show(this.committed[i].txn)} 换成了 ${show(h[i])}。`);
        return;
      }
    }
  }

  private checkEstablished(s: ZabNode): void {
    if (s.role !== 'leading' || !s.established) {
      this.establishedIn[s.id] = 0;
      return;
    }
    const epoch = s.durable.currentEpoch;
    if (this.establishedIn[s.id] === epoch) return;
    this.establishedIn[s.id] = epoch;
    this.leaders.push({ node: s.id, epoch, time: this.time });
    const other = this.leaderOfEpoch.get(epoch);
    if (other === undefined) this.leaderOfEpoch.set(epoch, s.id);
    else if (other !== s.id) {
      this.fail('OneLeaderPerEpoch', `S${s.id} and S${other} were both established as leader of epoch ${epoch}.`,
        `S${s.id} 和 S${other} 都成为了纪元 ${epoch} 的已确立领导者。`);
    }
  }

  private checkDeliveries(s: ZabNode): void {
    const id = s.id;
    if (s.committed < this.checked[id]) {
      this.fail('Agreement', `S${id} took back delivered transactions: it had delivered ${this.checked[id]}, now ${s.committed}.`,
        `S${id} 收回了已交付的事务：之前交付了 ${this.checked[id]} 个，现在只有 ${s.committed} 个。`);
      this.checked[id] = s.committed;
      return;
    }
    const h = s.durable.history;
    for (let i = this.checked[id]; i < s.committed; i++) this.checkDelivery(id, h, i);
    this.checked[id] = s.committed;
  }

  private checkDelivery(id: NodeId, h: readonly Txn[], i: number): void {
    const txn = h[i];
    const prev = i > 0 ? h[i - 1] : null;
    if (!this.broadcast.get(txn.zxid)?.includes(txn)) {
      this.fail('Integrity', `S${id} delivered ${show(txn)}, which no primary broadcast.`, `S${id} 交付了 ${show(txn)}，但没有任何主节点广播过它。`);
    }
    if (prev && txn.zxid <= prev.zxid) {
      if (epochOf(txn.zxid) < epochOf(prev.zxid)) {
        this.fail('GlobalPrimaryOrder', `S${id} delivered ${show(txn)} of epoch ${epochOf(txn.zxid)} after ${show(prev)} of a later epoch.`,
          `S${id} 在较晚纪元的 ${show(prev)} 之后交付了纪元 ${epochOf(txn.zxid)} 的 ${show(txn)}。`);
      } else {
        this.fail('LocalPrimaryOrder', `S${id} delivered ${show(txn)} after ${show(prev)}, out of its primary's order.`,
          `S${id} 在 ${show(prev)} 之后交付了 ${show(txn)}，违背了其主节点的广播顺序。`);
      }
    } else if (counterOf(txn.zxid) > 1 && (!prev || prev.zxid !== txn.zxid - 1)) {
      const [e, c] = zxidPair(txn.zxid);
      this.fail('LocalPrimaryOrder', `S${id} delivered ${show(txn)} without delivering (${e}, ${c - 1}) just before it.`,
        `S${id} 交付了 ${show(txn)}，却没有先交付 (${e}, ${c - 1})。`);
    }
    const known = this.committed[i];
    if (!known) {
      this.committed.push({ txn, time: this.time });
      if (!this.positionOf.has(txn.zxid)) this.positionOf.set(txn.zxid, i);
      this.checkLaterPrimaries(txn, i);
    } else if (known.txn !== txn) {
      const at = this.positionOf.get(txn.zxid);
      if (at !== undefined && this.committed[at].txn === txn) {
        this.fail('TotalOrder', `S${id} delivered ${show(txn)} at position ${i + 1}, but the cluster delivered it at position ${at + 1}, after other transactions.`,
          `S${id} 在位置 ${i + 1} 交付了 ${show(txn)}，而集群是在位置 ${at + 1} 交付它的，顺序不同。`);
      } else {
        this.fail('Agreement', `S${id} delivered ${show(txn)} at position ${i + 1}, where ${show(known.txn)} was already delivered.`,
          `S${id} 在位置 ${i + 1} 交付了 ${show(txn)}，但那里早已交付了 ${show(known.txn)}。`);
      }
    }
  }

  /** Primary integrity, the other way round: an old transaction first delivered after a later primary broadcast without it. */
  private checkLaterPrimaries(txn: Txn, position: number): void {
    const epoch = epochOf(txn.zxid);
    for (const [later, delivered] of this.deliveredAtFirstBroadcast) {
      if (later > epoch && delivered <= position) {
        this.fail('PrimaryIntegrity', `${show(txn)} of epoch ${epoch} was delivered after the primary of epoch ${later} had broadcast without delivering it.`,
          `纪元 ${epoch} 的 ${show(txn)} 被交付时，纪元 ${later} 的主节点早已在未交付它的情况下开始广播。`);
        return;
      }
    }
  }

  clone(): ZabObserver {
    const c = Object.create(ZabObserver.prototype) as ZabObserver;
    Object.assign(c, this);
    c.leaders = this.leaders.slice();
    c.committed = this.committed.slice();
    c.positionOf = new Map(this.positionOf);
    c.broadcast = new Map(this.broadcast);
    c.leaderOfEpoch = new Map(this.leaderOfEpoch);
    c.deliveredAtFirstBroadcast = new Map(this.deliveredAtFirstBroadcast);
    c.checked = this.checked.slice();
    c.establishedIn = this.establishedIn.slice();
    return c;
  }

  /** How many transactions the cluster has delivered. */
  committedCount(): number {
    return this.committed.length;
  }

  report(): Record<string, unknown> {
    return {
      leaders: this.leaders,
      committed: this.committed.map(({ txn, time }) => ({ zxid: zxidPair(txn.zxid), command: txn.command, time })),
    };
  }
}
