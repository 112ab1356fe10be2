/**
 * Zab as a pure state machine: Fast Leader Election, then the paper's three phases (discovery,
 * synchronization, broadcast). Handlers take the node's state, an input and a context, mutate the
 * state and emit sends, timers and notes through the context; no I/O, no clock.
 *
 * ZooKeeper runs Zab over TCP, which never reorders or loses a message between two live peers.
 * The simulated network may do both, so a follower takes a proposal only right after the one
 * before it (`prev`), handshake messages are re-sent until answered, and the leader re-sends the
 * proposals a follower lacks in one batch.
 */
import { applyAndAnswer, cloneKvStore, replyIfApplied, replyIfSerializable } from '../kv-store';
import { majority } from '../quorum';
import type { ClientOp, Message, NodeContext, NodeId } from '../../sim/types';
import {
  betterVote, counterOf, epochOf, lastZxid, sameVote, zxid, zxidPair,
  type AckEpoch, type Notification, type PayloadOf, type Txn, type Vote, type ZabConfig, type ZabDurable,
  type ZabMessage, type ZabMessageType, type ZabNode, type Zxid,
} from './types';

export function createNode(id: NodeId): ZabNode {
  return volatileNode(id, { acceptedEpoch: 0, currentEpoch: 0, history: [] });
}

function volatileNode(id: NodeId, durable: ZabDurable): ZabNode {
  return {
    id, durable, kv: {}, sessions: {}, role: 'looking', phase: 'election', leader: null, committed: 0,
    round: 0, vote: ownVote(id, durable), votes: [], synced: false, handshake: null,
    newEpoch: null, followerEpoch: [], ackEpoch: [], syncedFollowers: [], acked: [], ackedAtTick: [], lastHeard: [],
    epochStart: 0, established: false, waiting: [], dirtyFrom: Infinity,
  };
}

/** After a crash only acceptedEpoch, currentEpoch and the history remain. */
export function crashNode(s: ZabNode): ZabNode {
  return volatileNode(s.id, { ...s.durable });
}

export function cloneNode(s: ZabNode): ZabNode {
  return {
    ...s,
    ...cloneKvStore(s),
    durable: { ...s.durable, history: s.durable.history.slice() },
    votes: s.votes.slice(),
    followerEpoch: s.followerEpoch.slice(),
    ackEpoch: s.ackEpoch.slice(),
    syncedFollowers: s.syncedFollowers.slice(),
    acked: s.acked.slice(),
    ackedAtTick: s.ackedAtTick.slice(),
    lastHeard: s.lastHeard.slice(),
    waiting: s.waiting.slice(),
  };
}

const ownVote = (id: NodeId, d: ZabDurable): Vote => ({ leader: id, zxid: lastZxid(d.history), epoch: d.currentEpoch });

/** How many transactions of a (zxid-ordered) history have a zxid at or below `z`. */
export function countUpTo(history: readonly Txn[], z: Zxid): number {
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (history[mid].zxid <= z) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const committedZxid = (s: ZabNode): Zxid => (s.committed > 0 ? s.durable.history[s.committed - 1].zxid : 0);

function send<T extends ZabMessageType>(ctx: NodeContext, to: NodeId, type: T, payload: PayloadOf<T>): void {
  ctx.send(to, type, payload);
}

export class Zab {
  constructor(private config: ZabConfig) {}

  start(s: ZabNode, ctx: NodeContext): void {
    this.lookForLeader(s, ctx);
  }

  // ------------------------------------------------------------ timers

  onTimer(s: ZabNode, name: string, ctx: NodeContext): void {
    if (name === 'election') {
      if (s.role === 'looking') {
        // nothing decided yet: say the vote again (notifications may have been lost)
        this.broadcastNotification(s, ctx);
        this.armElection(ctx);
      } else {
        ctx.note('leader-lost', { role: s.role, leader: s.leader ?? 0, phase: s.phase });
        this.lookForLeader(s, ctx);
      }
    } else if (name === 'heartbeat') {
      if (s.role === 'leading') this.leaderTick(s, ctx);
      else if (s.role === 'following' && s.handshake) {
        ctx.send(s.leader!, s.handshake.type, s.handshake.payload);
        ctx.setTimer('heartbeat', this.config.heartbeatInterval);
      }
    }
  }

  onTimeoutNow(s: ZabNode, ctx: NodeContext): void {
    if (s.role === 'leading' && s.established) {
      ctx.note('timeout-ignored', { epoch: s.durable.currentEpoch });
      return;
    }
    this.onTimer(s, 'election', ctx);
  }

  private armElection(ctx: NodeContext, times = 1): void {
    const { min, max } = this.config.electionTimeout;
    // microsecond resolution keeps two nodes' timers from firing at the same instant
    ctx.setTimer('election', (times * ctx.rng.int(Math.round(min * 1000), Math.round(max * 1000))) / 1000);
  }

  // ------------------------------------------------------------ Fast Leader Election

  /** Go back to LOOKING: a new round, a vote for itself, said to everyone. */
  private lookForLeader(s: ZabNode, ctx: NodeContext): void {
    const wasLeading = s.role === 'leading';
    Object.assign(s, volatileNode(s.id, s.durable), {
      // what is delivered and applied stays: the history it came from is durable
      kv: s.kv, sessions: s.sessions, service: s.service, committed: s.committed, round: s.round + 1, dirtyFrom: s.dirtyFrom,
    });
    s.votes[s.id] = s.vote;
    ctx.cancelTimer('heartbeat');
    ctx.note('looking', { round: s.round, epoch: s.durable.currentEpoch, zxid: zxidPair(lastZxid(s.durable.history)), wasLeading });
    this.broadcastNotification(s, ctx);
    this.armElection(ctx);
    this.checkElected(s, ctx);
  }

  private broadcastNotification(s: ZabNode, ctx: NodeContext): void {
    const n: Notification = { vote: s.vote, round: s.round, state: s.role };
    for (const peer of ctx.nodeIds) if (peer !== s.id) send(ctx, peer, 'NOTIFICATION', n);
  }

  private onNotification(s: ZabNode, from: NodeId, n: Notification, ctx: NodeContext): void {
    if (s.role !== 'looking') {
      // tell a looking node whom this one follows or that it leads, so it can join
      if (n.state === 'looking') send(ctx, from, 'NOTIFICATION', { vote: s.vote, round: s.round, state: s.role });
      return;
    }
    if (n.state === 'leading') {
      if (n.vote.leader === from) {
        s.round = Math.max(s.round, n.round);
        s.vote = n.vote;
        ctx.note('join', { leader: from, epoch: n.vote.epoch });
        this.follow(s, from, ctx);
      }
      return;
    }
    if (n.state === 'following') return; // only a leader's own word makes a looking node follow it
    if (n.round < s.round) {
      send(ctx, from, 'NOTIFICATION', { vote: s.vote, round: s.round, state: s.role }); // bring it up to this round
      return;
    }
    if (n.round > s.round) {
      s.round = n.round;
      s.votes = [];
      s.vote = betterVote(n.vote, ownVote(s.id, s.durable)) ? n.vote : ownVote(s.id, s.durable);
      s.votes[s.id] = s.vote;
      ctx.note('vote', { round: s.round, leader: s.vote.leader, epoch: s.vote.epoch, zxid: zxidPair(s.vote.zxid), why: 'new-round' });
      this.broadcastNotification(s, ctx);
    } else if (betterVote(n.vote, s.vote)) {
      s.vote = n.vote;
      s.votes[s.id] = s.vote;
      ctx.note('vote', { round: s.round, leader: s.vote.leader, epoch: s.vote.epoch, zxid: zxidPair(s.vote.zxid), why: 'better', from });
      this.broadcastNotification(s, ctx);
    } else if (betterVote(s.vote, n.vote)) {
      send(ctx, from, 'NOTIFICATION', { vote: s.vote, round: s.round, state: s.role }); // tell it of a better candidate
    }
    s.votes[from] = n.vote;
    this.checkElected(s, ctx);
  }

  /** A quorum of this round's votes agree with this node's vote: it leads or follows. */
  private checkElected(s: ZabNode, ctx: NodeContext): void {
    let agree = 0;
    const voters: number[] = [];
    for (const id of ctx.nodeIds) {
      const v = s.votes[id];
      if (v && sameVote(v, s.vote)) { agree++; voters.push(id); }
    }
    if (agree < majority(ctx.nodeIds.length)) return;
    ctx.note('elected', { leader: s.vote.leader, round: s.round, voters });
    if (s.vote.leader === s.id) this.lead(s, ctx);
    else this.follow(s, s.vote.leader, ctx);
  }

  // ------------------------------------------------------------ follower: discovery and synchronization

  private follow(s: ZabNode, leader: NodeId, ctx: NodeContext): void {
    s.role = 'following';
    s.phase = 'discovery';
    s.leader = leader;
    ctx.note('role', { role: 'following', leader });
    this.handshake(s, { type: 'FOLLOWERINFO', payload: { acceptedEpoch: s.durable.acceptedEpoch } }, ctx);
    this.armElection(ctx);
  }

  /** Send a step of the handshake, and again every heartbeat until the leader answers it. */
  private handshake(s: ZabNode, m: ZabMessage, ctx: NodeContext): void {
    s.handshake = m;
    ctx.send(s.leader!, m.type, m.payload);
    ctx.setTimer('heartbeat', this.config.heartbeatInterval);
  }

  /** Anything from the leader followed shows it is alive. */
  private fromLeader(s: ZabNode, from: NodeId, ctx: NodeContext): boolean {
    if (s.role !== 'following' || from !== s.leader) return false;
    this.armElection(ctx);
    return true;
  }

  private onLeaderInfo(s: ZabNode, from: NodeId, m: PayloadOf<'LEADERINFO'>, ctx: NodeContext): void {
    if (!this.fromLeader(s, from, ctx) || s.synced) return;
    const d = s.durable;
    if (m.epoch < d.acceptedEpoch) {
      // Phase 1: a follower never goes back to an older epoch
      ctx.note('epoch-refused', { leader: from, epoch: m.epoch, acceptedEpoch: d.acceptedEpoch });
      this.lookForLeader(s, ctx);
      return;
    }
    // an epoch it already accepted still lets it sync, but does not count toward a new epoch's quorum
    const fresh = m.epoch > d.acceptedEpoch
      || (s.handshake?.type === 'ACKEPOCH' && s.handshake.payload.epoch === m.epoch && s.handshake.payload.fresh);
    if (m.epoch > d.acceptedEpoch) d.acceptedEpoch = m.epoch;
    s.newEpoch = m.epoch;
    ctx.note('ack-epoch', { leader: from, epoch: m.epoch, fresh, currentEpoch: d.currentEpoch, zxid: zxidPair(lastZxid(d.history)) });
    const ack: AckEpoch = { epoch: m.epoch, currentEpoch: d.currentEpoch, history: d.history.slice(), fresh };
    this.handshake(s, { type: 'ACKEPOCH', payload: ack }, ctx);
  }

  private onNewLeader(s: ZabNode, from: NodeId, m: PayloadOf<'NEWLEADER'>, ctx: NodeContext): void {
    if (!this.fromLeader(s, from, ctx)) return;
    const d = s.durable;
    if (m.epoch !== d.acceptedEpoch) return;
    if (s.synced && d.currentEpoch === m.epoch && m.history.length <= d.history.length) {
      // a copy, or an older snapshot of the same leader's history: what it holds already extends it
      send(ctx, from, 'ACK', { epoch: m.epoch, zxid: lastZxid(d.history) });
      return;
    }
    d.currentEpoch = m.epoch;
    this.replaceHistory(s, m.history);
    s.synced = true;
    if (s.phase !== 'broadcast') s.phase = 'synchronization';
    ctx.note('synced', { leader: from, epoch: m.epoch, size: d.history.length, zxid: zxidPair(lastZxid(d.history)) });
    const ack = { epoch: m.epoch, zxid: lastZxid(d.history) };
    if (s.phase === 'broadcast') send(ctx, from, 'ACK', ack);
    else this.handshake(s, { type: 'ACK', payload: ack }, ctx);
  }

  /** Take a history as its own; what it had delivered beyond it is taken back (only a bug can do that). */
  private replaceHistory(s: ZabNode, history: readonly Txn[]): void {
    const old = s.durable.history;
    let same = 0;
    while (same < old.length && same < history.length && old[same] === history[same]) same++;
    s.durable.history = history.slice();
    if (same < old.length || same < history.length) s.dirtyFrom = Math.min(s.dirtyFrom, same);
    if (s.committed > s.durable.history.length) s.committed = s.durable.history.length;
  }

  // ------------------------------------------------------------ follower: broadcast

  private onProposal(s: ZabNode, from: NodeId, m: PayloadOf<'PROPOSAL'>, ctx: NodeContext): void {
    if (!this.fromLeader(s, from, ctx) || !s.synced || m.epoch !== s.durable.currentEpoch) return;
    const h = s.durable.history;
    const at = m.prev === 0 ? 0 : countUpTo(h, m.prev);
    if (m.prev !== 0 && (at === 0 || h[at - 1].zxid !== m.prev)) return; // a gap: the leader re-sends it
    let pos = at;
    for (const txn of m.txns) {
      if (pos < h.length && h[pos].zxid === txn.zxid) { pos++; continue; } // already has it
      if (pos < h.length) h.length = pos; // (only a bug leaves a different transaction here)
      h.push(txn);
      s.dirtyFrom = Math.min(s.dirtyFrom, pos);
      pos++;
    }
    const last = m.txns[m.txns.length - 1];
    ctx.note('accept', { leader: from, zxid: zxidPair(last.zxid), count: m.txns.length });
    send(ctx, from, 'ACK', { epoch: m.epoch, zxid: last.zxid });
  }

  private onCommit(s: ZabNode, from: NodeId, m: PayloadOf<'COMMIT'>, ctx: NodeContext): void {
    if (!this.fromLeader(s, from, ctx) || !s.synced || m.epoch !== s.durable.currentEpoch) return;
    this.upToDate(s, ctx);
    this.deliver(s, countUpTo(s.durable.history, m.zxid), ctx);
  }

  private onPing(s: ZabNode, from: NodeId, m: PayloadOf<'PING'>, ctx: NodeContext): void {
    if (!this.fromLeader(s, from, ctx) || !s.synced || m.epoch !== s.durable.currentEpoch) return;
    if (m.committed !== null) {
      this.upToDate(s, ctx);
      this.deliver(s, countUpTo(s.durable.history, m.committed), ctx);
    }
    send(ctx, from, 'ACK', { epoch: m.epoch, zxid: lastZxid(s.durable.history) });
  }

  /** The leader is established: this follower is in the broadcast phase, its handshake done. */
  private upToDate(s: ZabNode, ctx: NodeContext): void {
    if (s.phase === 'broadcast') return;
    s.phase = 'broadcast';
    s.handshake = null;
    ctx.cancelTimer('heartbeat');
    ctx.note('phase', { phase: 'broadcast', epoch: s.durable.currentEpoch });
  }

  // ------------------------------------------------------------ leader: discovery

  private lead(s: ZabNode, ctx: NodeContext): void {
    s.role = 'leading';
    s.phase = 'discovery';
    s.leader = s.id;
    s.followerEpoch = new Array(ctx.nodeIds.length + 1).fill(-1);
    s.followerEpoch[s.id] = s.durable.acceptedEpoch;
    ctx.note('role', { role: 'leading', round: s.round });
    // discovery and synchronization must finish in time, or the node looks for a leader again
    this.armElection(ctx, 4);
    ctx.setTimer('heartbeat', this.config.heartbeatInterval);
    this.decideEpoch(s, ctx);
  }

  private heard(s: ZabNode, from: NodeId, ctx: NodeContext): boolean {
    if (s.role !== 'leading') return false;
    s.lastHeard[from] = ctx.now();
    return true;
  }

  private onFollowerInfo(s: ZabNode, from: NodeId, m: PayloadOf<'FOLLOWERINFO'>, ctx: NodeContext): void {
    if (!this.heard(s, from, ctx)) return;
    if (s.newEpoch !== null && m.acceptedEpoch > s.newEpoch) {
      // the follower already accepted a later epoch (from a leader that never got established), so it
      // can never join this one: give this epoch up, and let a new one include it
      ctx.note('epoch-behind', { epoch: s.newEpoch, follower: from, acceptedEpoch: m.acceptedEpoch });
      this.lookForLeader(s, ctx);
      return;
    }
    s.followerEpoch[from] = m.acceptedEpoch;
    s.syncedFollowers[from] = false; // a new session: it syncs again
    if (s.newEpoch !== null) send(ctx, from, 'LEADERINFO', { epoch: s.newEpoch });
    else this.decideEpoch(s, ctx);
  }

  /** Phase 1 (discovery): with FOLLOWERINFO from a quorum, take an epoch above every acceptedEpoch heard of. */
  private decideEpoch(s: ZabNode, ctx: NodeContext): void {
    let count = 0;
    let highest = 0;
    for (const id of ctx.nodeIds) {
      if (s.followerEpoch[id] < 0) continue;
      count++;
      highest = Math.max(highest, s.followerEpoch[id]);
    }
    if (count < majority(ctx.nodeIds.length)) return;
    const reuse = ctx.bug('no-epoch-bump');
    const epoch = reuse ? Math.max(1, highest) : highest + 1;
    s.newEpoch = epoch;
    s.durable.acceptedEpoch = epoch;
    s.ackEpoch[s.id] = { currentEpoch: s.durable.currentEpoch, history: s.durable.history.slice(), fresh: true };
    ctx.note('new-epoch', { epoch, highest, reused: reuse });
    for (const id of ctx.nodeIds) if (id !== s.id && s.followerEpoch[id] >= 0) send(ctx, id, 'LEADERINFO', { epoch });
    this.checkEpochQuorum(s, ctx);
  }

  private onAckEpoch(s: ZabNode, from: NodeId, m: AckEpoch, ctx: NodeContext): void {
    if (!this.heard(s, from, ctx) || m.epoch !== s.newEpoch) return;
    const before = s.ackEpoch[from];
    s.ackEpoch[from] = { currentEpoch: m.currentEpoch, history: m.history, fresh: m.fresh || (before?.fresh ?? false) };
    if (s.phase === 'discovery') {
      this.checkEpochQuorum(s, ctx);
      return;
    }
    // it has not synced in this session (or this is an old copy: it then answers with an ACK again)
    s.syncedFollowers[from] = false;
    send(ctx, from, 'NEWLEADER', { epoch: s.newEpoch, history: s.durable.history.slice() });
  }

  /**
   * ACKEPOCH from a quorum that had not accepted this epoch before: no other leader can own it.
   * The leader then takes the most recent history among them (highest currentEpoch, then last
   * zxid), which holds every transaction that may have been committed (the paper's Phase 1).
   */
  private checkEpochQuorum(s: ZabNode, ctx: NodeContext): void {
    const countAll = ctx.bug('no-epoch-bump');
    let count = 0;
    let best = s.id;
    for (const id of ctx.nodeIds) {
      const a = s.ackEpoch[id];
      if (!a || !(a.fresh || countAll)) continue;
      count++;
      const b = s.ackEpoch[best]!;
      const la = lastZxid(a.history);
      const lb = lastZxid(b.history);
      if (a.currentEpoch > b.currentEpoch || (a.currentEpoch === b.currentEpoch && la > lb)) best = id;
    }
    if (count < majority(ctx.nodeIds.length)) return;
    if (best !== s.id) ctx.note('adopt-history', { from: best, zxid: zxidPair(lastZxid(s.ackEpoch[best]!.history)) });
    this.startSync(s, s.ackEpoch[best]!.history, ctx);
  }

  // ------------------------------------------------------------ leader: synchronization

  private startSync(s: ZabNode, initial: readonly Txn[], ctx: NodeContext): void {
    const epoch = s.newEpoch!;
    s.durable.currentEpoch = epoch;
    this.replaceHistory(s, initial);
    s.epochStart = s.durable.history.length;
    s.phase = 'synchronization';
    s.acked = new Array(ctx.nodeIds.length + 1).fill(0);
    s.ackedAtTick = new Array(ctx.nodeIds.length + 1).fill(0);
    s.syncedFollowers = [];
    ctx.note('new-leader', { epoch, size: s.epochStart, zxid: zxidPair(lastZxid(s.durable.history)) });
    const newLeader = { epoch, history: s.durable.history.slice() };
    for (const id of ctx.nodeIds) if (id !== s.id && s.ackEpoch[id]) send(ctx, id, 'NEWLEADER', newLeader);
    if (ctx.bug('broadcast-before-sync')) this.startBroadcast(s, ctx);
    this.checkEstablished(s, ctx);
  }

  private onAck(s: ZabNode, from: NodeId, m: PayloadOf<'ACK'>, ctx: NodeContext): void {
    if (!this.heard(s, from, ctx) || s.newEpoch === null || m.epoch !== s.newEpoch || s.phase === 'discovery') return;
    const h = s.durable.history;
    const held = countUpTo(h, m.zxid);
    // (an ACK of the empty history holds 0 transactions; otherwise its zxid must be the leader's)
    const valid = m.zxid === 0 ? held === 0 : held > 0 && h[held - 1].zxid === m.zxid;
    if (!s.syncedFollowers[from]) {
      s.syncedFollowers[from] = true;
      if (s.established) send(ctx, from, 'COMMIT', { epoch: m.epoch, zxid: committedZxid(s) });
    }
    if (valid && held > s.acked[from]) s.acked[from] = held;
    if (!s.established) this.checkEstablished(s, ctx);
    else this.advanceCommit(s, ctx);
  }

  /** Phase 2 (synchronization): a quorum acknowledged NEWLEADER, so the initial history is on a quorum: commit it. */
  private checkEstablished(s: ZabNode, ctx: NodeContext): void {
    let count = 1;
    for (const id of ctx.nodeIds) if (id !== s.id && s.syncedFollowers[id]) count++;
    if (count < majority(ctx.nodeIds.length)) return;
    s.established = true;
    ctx.cancelTimer('election');
    const followers = ctx.nodeIds.filter((id) => id !== s.id && s.syncedFollowers[id]);
    ctx.note('established', { epoch: s.durable.currentEpoch, followers });
    for (const id of ctx.nodeIds) s.lastHeard[id] = ctx.now();
    this.deliver(s, Math.max(s.committed, s.epochStart), ctx);
    const commit = { epoch: s.durable.currentEpoch, zxid: committedZxid(s) };
    for (const id of followers) send(ctx, id, 'COMMIT', commit);
    if (s.phase !== 'broadcast') this.startBroadcast(s, ctx);
    this.advanceCommit(s, ctx);
  }

  // ------------------------------------------------------------ leader: broadcast

  private startBroadcast(s: ZabNode, ctx: NodeContext): void {
    s.phase = 'broadcast';
    ctx.note('phase', { phase: 'broadcast', epoch: s.durable.currentEpoch, early: !s.established });
    const waiting = s.waiting;
    s.waiting = [];
    for (const w of waiting) this.propose(s, w.command, w.op, ctx);
  }

  private propose(s: ZabNode, command: string, op: ClientOp | null, ctx: NodeContext): void {
    const h = s.durable.history;
    const epoch = s.durable.currentEpoch;
    const prev = lastZxid(h);
    const counter = epochOf(prev) === epoch ? counterOf(prev) + 1 : 1;
    const txn: Txn = { zxid: zxid(epoch, counter), command, op };
    h.push(txn);
    s.dirtyFrom = Math.min(s.dirtyFrom, h.length - 1);
    ctx.note('propose', { epoch, counter, command });
    const proposal = { epoch, prev, txns: [txn] };
    for (const id of ctx.nodeIds) if (id !== s.id && s.syncedFollowers[id]) send(ctx, id, 'PROPOSAL', proposal);
    this.advanceCommit(s, ctx);
  }

  /** Phase 3 (broadcast): commit the newest proposal of this epoch that a quorum acknowledged, and all before it. */
  private advanceCommit(s: ZabNode, ctx: NodeContext): void {
    if (!s.established) return;
    const h = s.durable.history;
    const quorum = majority(ctx.nodeIds.length);
    for (let n = h.length; n > Math.max(s.committed, s.epochStart); n--) {
      let count = 1;
      for (const id of ctx.nodeIds) if (id !== s.id && s.syncedFollowers[id] && s.acked[id] >= n) count++;
      if (count < quorum) continue;
      this.deliver(s, n, ctx);
      const commit = { epoch: s.durable.currentEpoch, zxid: h[n - 1].zxid };
      for (const id of ctx.nodeIds) if (id !== s.id && s.syncedFollowers[id]) send(ctx, id, 'COMMIT', commit);
      return;
    }
  }

  /** Every heartbeat: ping the followers, re-send what a lagging one lacks, and check a quorum is still there. */
  private leaderTick(s: ZabNode, ctx: NodeContext): void {
    if (s.established) {
      const since = ctx.now() - this.config.electionTimeout.max;
      let alive = 1;
      for (const id of ctx.nodeIds) if (id !== s.id && (s.lastHeard[id] ?? -Infinity) >= since) alive++;
      if (alive < majority(ctx.nodeIds.length)) {
        ctx.note('quorum-lost', { epoch: s.durable.currentEpoch, alive });
        this.lookForLeader(s, ctx);
        return;
      }
    }
    const h = s.durable.history;
    const epoch = s.newEpoch ?? 0;
    const ping = { epoch, committed: s.established ? committedZxid(s) : null };
    for (const id of ctx.nodeIds) {
      if (id === s.id || s.followerEpoch[id] < 0) continue;
      const held = s.acked[id];
      if (s.syncedFollowers[id] && held < h.length && held === s.ackedAtTick[id]) {
        // no progress since the last heartbeat: the proposals it lacks, in one batch
        const txns = h.slice(held, held + this.config.maxProposalBatch);
        send(ctx, id, 'PROPOSAL', { epoch, prev: held > 0 ? h[held - 1].zxid : 0, txns });
      }
      if (s.syncedFollowers[id]) s.ackedAtTick[id] = held;
      send(ctx, id, 'PING', ping);
    }
    ctx.setTimer('heartbeat', this.config.heartbeatInterval);
  }

  // ------------------------------------------------------------ delivery

  /** Deliver (apply) the history up to `upTo` transactions, in order; the leader answers clients. */
  private deliver(s: ZabNode, upTo: number, ctx: NodeContext): void {
    const h = s.durable.history;
    const end = Math.min(upTo, h.length);
    if (end <= s.committed) return;
    const from = s.committed;
    for (let i = from; i < end; i++) {
      const op = h[i].op;
      if (!op) continue;
      applyAndAnswer(s, op, ctx, s.role === 'leading');
    }
    s.committed = end;
    ctx.note('deliver', { from: zxidPair(h[from].zxid), to: zxidPair(h[end - 1].zxid), count: end - from });
  }

  // ------------------------------------------------------------ messages and clients

  onMessage(s: ZabNode, msg: Message, ctx: NodeContext): void {
    const m = msg as Message & ZabMessage;
    switch (m.type) {
      case 'NOTIFICATION': return this.onNotification(s, m.from, m.payload, ctx);
      case 'FOLLOWERINFO': return this.onFollowerInfo(s, m.from, m.payload, ctx);
      case 'LEADERINFO': return this.onLeaderInfo(s, m.from, m.payload, ctx);
      case 'ACKEPOCH': return this.onAckEpoch(s, m.from, m.payload, ctx);
      case 'NEWLEADER': return this.onNewLeader(s, m.from, m.payload, ctx);
      case 'ACK': return this.onAck(s, m.from, m.payload, ctx);
      case 'PROPOSAL': return this.onProposal(s, m.from, m.payload, ctx);
      case 'COMMIT': return this.onCommit(s, m.from, m.payload, ctx);
      case 'PING': return this.onPing(s, m.from, m.payload, ctx);
    }
  }

  onRequest(s: ZabNode, command: string, ctx: NodeContext, op: ClientOp | null): void {
    if (replyIfSerializable(s, op, ctx)) return;
    if (s.role !== 'leading') {
      ctx.note('request-rejected', { command, leader: s.leader });
      if (op) ctx.reply(op.client, op.requestId, { ok: false, leaderHint: s.leader });
      return;
    }
    if (replyIfApplied(s, op, ctx)) return;
    if (s.phase === 'broadcast') this.propose(s, command, op, ctx);
    else {
      // a leader broadcasts only once its followers are in sync (Phase 2); the request waits until then
      s.waiting.push({ command, op });
      ctx.note('request-waits', { command, phase: s.phase });
    }
  }
}
