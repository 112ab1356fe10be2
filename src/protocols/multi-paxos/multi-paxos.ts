/**
 * Multi-Paxos as a pure state machine. A node that hears from no leader runs phase 1 once for
 * every slot from the first one it does not know to be chosen; with promises from a majority it
 * leads: it re-proposes the highest-ballot vote reported for each open slot, fills the gaps with
 * no-ops, and then runs only phase 2, one slot per command. Heartbeats carry the chosen prefix.
 *
 * As in Basic Paxos, a node's messages to itself are handled at once, so the leader's own
 * acceptor votes before any other node hears of the proposal.
 */
import type { ClientOp, NodeContext, NodeId } from '../../sim/types';
import { applyAndAnswer, cloneKvStore, emptyKvStore, isApplied, replyIfApplied, replyIfSerializable } from '../kv-store';
import { ballotNote, compareBallots, nextBallot, rank, type Ballot } from '../paxos/ballot';
import { countBits, majority } from '../quorum';
import {
  NOOP, requestKey, type AcceptedMsg, type AcceptMsg, type CatchupMsg, type Command, type CommandId, type ForwardMsg,
  type FrozenLog, type HeartbeatMsg, type HeartbeatReplyMsg, type MultiPaxosConfig, type MultiPaxosDurable,
  type MultiPaxosNode, type NackMsg, type PrepareMsg, type PromiseMsg, type Slot,
} from './types';

export function createNode(id: NodeId): MultiPaxosNode {
  return volatileNode(id, { promised: null, log: [], firstUnchosen: 0, chosenAbove: new Set() });
}

function volatileNode(id: NodeId, durable: MultiPaxosDurable): MultiPaxosNode {
  return {
    id, durable, role: 'follower', leader: null, ballot: null, highestRound: 0, applied: 0,
    frozenLog: null, ...emptyKvStore(), appliedIds: new Set(), pending: new Map(), waiting: [],
    prepareFrom: 0, promisedBy: 0, reported: new Map(), nextSlot: 0, open: new Map(), newVotes: [], newChosen: [],
  };
}

/** After a crash the promise and the log remain; the state machine is rebuilt on restart. */
export function crashNode(s: MultiPaxosNode): MultiPaxosNode {
  return volatileNode(s.id, s.durable);
}

/**
 * A live, independent copy. Slots, ballots and commands are immutable, so copying each container
 * suffices; a frozen checkpoint's log is rebuilt from the prefix it shares and the tail it owns.
 */
export function cloneNode(s: MultiPaxosNode): MultiPaxosNode {
  const f = s.frozenLog;
  return copyNode(s, f ? s.durable.log.slice(0, f.prefix).concat(f.tail) : s.durable.log.slice(), null);
}

/**
 * A checkpoint copy, only ever cloned. A slot below firstUnchosen is chosen and never written
 * again (onAccept, learn and catch-up skip chosen slots, and nothing truncates the log), so
 * that prefix of the live log is shared; only the few slots above it are copied.
 */
export function freezeNode(s: MultiPaxosNode): MultiPaxosNode {
  if (s.frozenLog) return copyNode(s, s.durable.log, s.frozenLog);
  const prefix = s.durable.firstUnchosen;
  return copyNode(s, s.durable.log, { prefix, tail: s.durable.log.slice(prefix) });
}

function copyNode(s: MultiPaxosNode, log: (Slot | undefined)[], frozenLog: FrozenLog | null): MultiPaxosNode {
  return {
    ...s,
    durable: { ...s.durable, log, chosenAbove: new Set(s.durable.chosenAbove) },
    frozenLog,
    ...cloneKvStore(s),
    appliedIds: new Set(s.appliedIds),
    pending: new Map(s.pending),
    waiting: s.waiting.slice(),
    reported: new Map(s.reported),
    open: new Map([...s.open].map(([k, o]) => [k, { ...o }])),
    newVotes: s.newVotes.slice(),
    newChosen: s.newChosen.slice(),
  };
}

export const isChosen = (s: MultiPaxosNode, slot: number): boolean =>
  slot < s.durable.firstUnchosen || s.durable.chosenAbove.has(slot);

export class MultiPaxos {
  constructor(private config: MultiPaxosConfig) {}

  /** Boot or restart: rebuild the state machine from the chosen prefix, then wait for a leader. */
  start(s: MultiPaxosNode, ctx: NodeContext): void {
    this.applyChosen(s, ctx);
    this.resetElectionTimer(ctx);
  }

  private resetElectionTimer(ctx: NodeContext): void {
    const { min, max } = this.config.electionTimeout;
    ctx.setTimer('election', ctx.rng.int(Math.round(min * 1000), Math.round(max * 1000)) / 1000);
  }

  onTimer(s: MultiPaxosNode, name: string, ctx: NodeContext): void {
    if (name === 'election') this.startElection(s, ctx);
    else if (name === 'heartbeat' && s.role === 'leader') this.heartbeat(s, ctx);
  }

  onTimeoutNow(s: MultiPaxosNode, ctx: NodeContext): void {
    if (s.role === 'leader') {
      ctx.note('timeout-ignored', { ballot: ballotNote(s.ballot) });
      return;
    }
    this.startElection(s, ctx);
  }

  // ------------------------------------------------------------ phase 1: becoming leader

  private startElection(s: MultiPaxosNode, ctx: NodeContext): void {
    const seen = Math.max(s.highestRound, s.durable.promised?.round ?? 0);
    s.ballot = nextBallot(s.id, seen);
    s.highestRound = s.ballot.round;
    s.role = 'candidate';
    s.leader = null;
    s.promisedBy = 0;
    s.reported = new Map();
    s.prepareFrom = s.durable.firstUnchosen;
    s.open.clear();
    ctx.cancelTimer('heartbeat');
    ctx.note('prepare', { ballot: ballotNote(s.ballot), from: s.prepareFrom });
    this.resetElectionTimer(ctx); // no majority in time: try again with a higher ballot
    const m: PrepareMsg = { ballot: s.ballot, from: s.prepareFrom };
    this.broadcast(s, 'Prepare', m, ctx);
  }

  private onPrepare(s: MultiPaxosNode, from: NodeId, m: PrepareMsg, ctx: NodeContext): void {
    const d = s.durable;
    this.sawRound(s, m.ballot);
    const order = compareBallots(m.ballot, d.promised);
    if (order < 0) return this.reject(s, from, m.ballot, ctx);
    d.promised = m.ballot;
    if (order > 0 && from !== s.id) { // (an equal ballot is a duplicated Prepare: just answer again)
      this.stepDown(s, null, ctx);
      this.resetElectionTimer(ctx); // give the candidate time to finish
    }
    // report every vote from the candidate's first open slot on
    const slots: number[] = [];
    const entries: Slot[] = [];
    const chosen: boolean[] = [];
    for (let slot = m.from; slot < d.log.length; slot++) {
      const e = d.log[slot];
      if (e) { slots.push(slot); entries.push(e); chosen.push(isChosen(s, slot)); }
    }
    ctx.note('promise', { to: from, ballot: ballotNote(m.ballot), from: m.from, votes: entries.length });
    const reply: PromiseMsg = { ballot: m.ballot, from: m.from, slots, entries, chosen };
    this.post(s, from, 'Promise', reply, ctx);
  }

  private onPromise(s: MultiPaxosNode, from: NodeId, m: PromiseMsg, ctx: NodeContext): void {
    if (s.role !== 'candidate' || rank(m.ballot) !== rank(s.ballot)) return;
    const bit = 1 << from;
    if (s.promisedBy & bit) return;
    s.promisedBy |= bit;
    for (let i = 0; i < m.slots.length; i++) {
      const slot = m.slots[i];
      const entry = m.entries[i];
      const chosen = m.chosen[i];
      const known = s.reported.get(slot);
      if (!known || (!known.chosen && (chosen || compareBallots(entry.ballot, known.entry.ballot) > 0))) {
        s.reported.set(slot, { entry, chosen });
      }
    }
    if (countBits(s.promisedBy) >= majority(ctx.nodeIds.length)) this.becomeLeader(s, ctx);
  }

  /**
   * Re-propose every open slot a promise reported, fill the gaps with no-ops, then lead.
   *
   * A retried client request may have been proposed by several old leaders, each in a slot of
   * its own, so one command can come back reported in two open slots, or in an open slot while
   * it is already chosen in another. Only one of those votes can ever be chosen, and which one is
   * knowable from what phase 1 returned, with no extra round:
   *  - Every leader (this rule included) proposes a command in a slot only after making sure
   *    no lower-ballot vote for it elsewhere can be chosen: phase 1 showed it neither chosen nor
   *    the highest vote of another open slot, or this very step discarded those other votes.
   *  - So of two votes for one command in two slots, the lower-ballot one is never chosen; and a
   *    command known chosen in one slot is chosen nowhere else.
   *  - A slot whose highest reported vote can never be chosen can have nothing else chosen at a
   *    lower ballot either (Paxos: a value chosen below our ballot is the highest one reported).
   * Such a slot is therefore free, and gets a no-op: the command keeps the one slot where it may be
   * (or was) chosen, and the chosen log holds each client request once.
   */
  private becomeLeader(s: MultiPaxosNode, ctx: NodeContext): void {
    s.role = 'leader';
    s.leader = s.id;
    ctx.cancelTimer('election');
    let top = s.durable.log.length;
    for (const slot of s.reported.keys()) if (slot + 1 > top) top = slot + 1;
    s.nextSlot = Math.max(top, s.durable.firstUnchosen);
    const ignore = ctx.bug('ignore-promised-values');
    const dedupe = !ctx.bug('no-dedupe');
    // first what is known chosen, so the commands in it are known to be taken
    s.pending.clear();
    for (const [slot, r] of s.reported) if (r.chosen && !isChosen(s, slot)) this.learn(s, slot, r.entry);
    this.applyChosen(s, ctx);
    for (let slot = s.applied; slot < s.nextSlot; slot++) if (isChosen(s, slot)) this.track(s, slot);
    // then the one open slot each reported command keeps: its highest-ballot vote (lowest slot on a tie)
    const keeps = new Map<CommandId, number>();
    for (let slot = s.prepareFrom; slot < s.nextSlot; slot++) {
      const r = s.reported.get(slot);
      if (!r || isChosen(s, slot) || r.entry.value === NOOP) continue;
      const id = r.entry.value.id;
      const other = keeps.get(id);
      if (other === undefined || rank(r.entry.ballot) > rank(s.reported.get(other)!.entry.ballot)) keeps.set(id, slot);
    }
    let reproposed = 0;
    let filled = 0;
    let dropped = 0;
    for (let slot = s.prepareFrom; slot < s.nextSlot; slot++) {
      if (isChosen(s, slot)) continue;
      let value = ignore ? NOOP : (s.reported.get(slot)?.entry.value ?? NOOP);
      if (value !== NOOP && dedupe && (keeps.get(value.id) !== slot || this.isTaken(s, value))) {
        ctx.note('duplicate-vote', { command: value.command, slot });
        value = NOOP;
        dropped++;
      }
      if (value !== NOOP) reproposed++;
      else filled++;
      this.propose(s, slot, value, ctx);
    }
    s.reported = new Map();
    // from now on this node alone decides what goes where: index its unapplied commands
    for (let slot = s.applied; slot < s.durable.log.length; slot++) this.track(s, slot);
    ctx.note('leader', {
      ballot: ballotNote(s.ballot), votes: countBits(s.promisedBy), from: s.prepareFrom, reproposed, filled, dropped,
      ignoredVotes: ignore,
    });
    this.applyChosen(s, ctx);
    this.heartbeat(s, ctx);
    this.passOnWaiting(s, ctx);
  }

  private stepDown(s: MultiPaxosNode, leader: NodeId | null, ctx: NodeContext): void {
    if (s.role !== 'follower') {
      ctx.note('follower', { was: s.role, ballot: ballotNote(s.durable.promised), leader });
      s.role = 'follower';
      s.ballot = null;
      s.open.clear();
      ctx.cancelTimer('heartbeat');
    }
    s.leader = leader;
    if (leader !== null && leader !== s.id) this.passOnWaiting(s, ctx);
  }

  // ------------------------------------------------------------ phase 2: one slot per command

  private propose(s: MultiPaxosNode, slot: number, value: Command, ctx: NodeContext): void {
    const entry: Slot = { ballot: s.ballot!, value };
    s.open.set(slot, { entry, votes: 0, sentAt: ctx.now() });
    const m: AcceptMsg = { ballot: s.ballot!, slot, entry, commit: s.durable.firstUnchosen };
    this.broadcast(s, 'Accept', m, ctx);
  }

  private onAccept(s: MultiPaxosNode, from: NodeId, m: AcceptMsg, ctx: NodeContext): void {
    const d = s.durable;
    if (!this.hearLeader(s, from, m.ballot, ctx)) return;
    // a slot known chosen keeps its chosen vote (a correct leader re-sends that same value)
    if (m.slot >= d.firstUnchosen && (d.chosenAbove.size === 0 || !d.chosenAbove.has(m.slot))) {
      d.log[m.slot] = m.entry;
      s.newVotes.push(m.slot);
      if (s.role === 'leader') this.track(s, m.slot);
    }
    this.commitUpTo(s, m.commit, m.ballot, ctx);
    const reply: AcceptedMsg = { ballot: m.ballot, slot: m.slot };
    this.post(s, from, 'Accepted', reply, ctx);
  }

  private onAccepted(s: MultiPaxosNode, from: NodeId, m: AcceptedMsg, ctx: NodeContext): void {
    if (s.role !== 'leader' || rank(m.ballot) !== rank(s.ballot)) return;
    const o = s.open.get(m.slot);
    if (!o) return;
    o.votes |= 1 << from;
    const votes = countBits(o.votes);
    if (votes < majority(ctx.nodeIds.length)) return;
    s.open.delete(m.slot);
    ctx.note('chosen', { slot: m.slot, value: o.entry.value.command, votes });
    this.learn(s, m.slot, o.entry);
    this.applyChosen(s, ctx);
  }

  /** Heartbeat: the chosen prefix to followers, and a second chance for Accepts lost on the way. */
  private heartbeat(s: MultiPaxosNode, ctx: NodeContext): void {
    const hb: HeartbeatMsg = { ballot: s.ballot!, commit: s.durable.firstUnchosen };
    for (const peer of ctx.nodeIds) if (peer !== s.id) ctx.send(peer, 'Heartbeat', hb);
    const now = ctx.now();
    for (const [slot, o] of s.open) {
      if (now - o.sentAt < this.config.acceptRetry) continue;
      o.sentAt = now;
      const m: AcceptMsg = { ballot: s.ballot!, slot, entry: o.entry, commit: s.durable.firstUnchosen };
      for (const peer of ctx.nodeIds) if (peer !== s.id && !(o.votes & (1 << peer))) ctx.send(peer, 'Accept', m);
    }
    ctx.setTimer('heartbeat', this.config.heartbeatInterval);
  }

  private onHeartbeat(s: MultiPaxosNode, from: NodeId, m: HeartbeatMsg, ctx: NodeContext): void {
    if (!this.hearLeader(s, from, m.ballot, ctx, true)) return;
    this.commitUpTo(s, m.commit, m.ballot, ctx);
    const reply: HeartbeatReplyMsg = { ballot: m.ballot, firstUnchosen: s.durable.firstUnchosen, told: m.commit };
    ctx.send(from, 'HeartbeatReply', reply);
  }

  /**
   * A follower that was told of a chosen prefix but could not mark all of it (it missed an
   * Accept, or holds a vote from another ballot) gets the next chosen slots themselves.
   */
  private onHeartbeatReply(s: MultiPaxosNode, from: NodeId, m: HeartbeatReplyMsg, ctx: NodeContext): void {
    const known = s.durable.firstUnchosen;
    if (s.role !== 'leader' || rank(m.ballot) !== rank(s.ballot) || m.firstUnchosen >= Math.min(m.told, known)) return;
    const end = Math.min(known, m.firstUnchosen + this.config.maxCatchup);
    const catchup: CatchupMsg = {
      ballot: s.ballot!, from: m.firstUnchosen, entries: s.durable.log.slice(m.firstUnchosen, end) as Slot[], commit: known,
    };
    ctx.send(from, 'Catchup', catchup);
  }

  private onCatchup(s: MultiPaxosNode, from: NodeId, m: CatchupMsg, ctx: NodeContext): void {
    if (!this.hearLeader(s, from, m.ballot, ctx)) return;
    const d = s.durable;
    const before = d.firstUnchosen;
    for (let i = 0; i < m.entries.length; i++) {
      const slot = m.from + i;
      if (!isChosen(s, slot)) this.learn(s, slot, m.entries[i]);
    }
    this.applyChosen(s, ctx);
    if (d.firstUnchosen > before) {
      ctx.note('caught-up', { from: before, to: d.firstUnchosen, leader: from });
      // ask for more at once if this batch was full
      if (m.entries.length >= this.config.maxCatchup) {
        const reply: HeartbeatReplyMsg = { ballot: m.ballot, firstUnchosen: d.firstUnchosen, told: m.commit };
        ctx.send(from, 'HeartbeatReply', reply);
      }
    }
  }

  /**
   * A message from a would-be leader: accept its authority if its ballot is at least our
   * promise (raising the promise), or answer with a rejection that names the higher ballot.
   */
  private hearLeader(s: MultiPaxosNode, from: NodeId, ballot: Ballot, ctx: NodeContext, isHeartbeat = false): boolean {
    const d = s.durable;
    this.sawRound(s, ballot);
    if (compareBallots(ballot, d.promised) < 0) {
      this.reject(s, from, ballot, ctx);
      return false;
    }
    d.promised = ballot;
    if (from !== s.id) {
      const newLeader = s.leader !== from;
      if (newLeader) {
        this.stepDown(s, from, ctx);
        ctx.note('follow', { leader: from, ballot: ballotNote(ballot) });
      }
      // heartbeats alone keep the election timer back: they come often enough, and re-arming
      // the timer on every Accept as well would only churn the event queue
      if (newLeader || isHeartbeat) this.resetElectionTimer(ctx);
    }
    return true;
  }

  private reject(s: MultiPaxosNode, to: NodeId, ballot: Ballot, ctx: NodeContext): void {
    const nack: NackMsg = { ballot, promised: s.durable.promised! };
    this.post(s, to, 'Nack', nack, ctx);
  }

  private onNack(s: MultiPaxosNode, m: NackMsg, ctx: NodeContext): void {
    this.sawRound(s, m.promised);
    if (s.role === 'follower' || rank(m.ballot) !== rank(s.ballot)) return;
    ctx.note('preempted', { ballot: ballotNote(s.ballot), promised: ballotNote(m.promised) });
    this.stepDown(s, null, ctx);
    this.resetElectionTimer(ctx);
  }

  private sawRound(s: MultiPaxosNode, b: Ballot): void {
    if (b.round > s.highestRound) s.highestRound = b.round;
  }

  // ------------------------------------------------------------ learning and applying

  /** Mark a slot chosen here, holding the vote that was chosen. */
  private learn(s: MultiPaxosNode, slot: number, entry: Slot): void {
    const d = s.durable;
    d.log[slot] = entry;
    s.newChosen.push(slot);
    if (slot !== d.firstUnchosen) {
      d.chosenAbove.add(slot);
      return;
    }
    d.firstUnchosen++;
    while (d.chosenAbove.size > 0 && d.chosenAbove.delete(d.firstUnchosen)) d.firstUnchosen++;
  }

  /**
   * The leader's chosen prefix is `commit`, and every slot it proposed in `ballot` holds the
   * value it got chosen (one value per ballot per slot), so a vote of ours in that very ballot
   * below `commit` is chosen. Other slots wait for a catch-up.
   */
  private commitUpTo(s: MultiPaxosNode, commit: number, ballot: Ballot, ctx: NodeContext): void {
    const d = s.durable;
    if (d.firstUnchosen >= commit) return;
    const r = rank(ballot);
    while (d.firstUnchosen < commit) {
      const e = d.log[d.firstUnchosen];
      if (!e || rank(e.ballot) !== r) break;
      this.learn(s, d.firstUnchosen, e);
    }
    this.applyChosen(s, ctx);
  }

  /** Apply the chosen prefix in slot order. */
  private applyChosen(s: MultiPaxosNode, ctx: NodeContext): void {
    while (s.applied < s.durable.firstUnchosen) this.applySlot(s, s.applied++, ctx);
  }

  private applySlot(s: MultiPaxosNode, slot: number, ctx: NodeContext): void {
    const v = s.durable.log[slot]!.value;
    if (v === NOOP) return;
    if (s.role === 'leader') this.untrack(s, slot, v);
    if (v.op) {
      applyAndAnswer(s, v.op, ctx, s.role === 'leader');
    } else {
      s.appliedIds.add(v.id as string);
    }
  }

  /**
   * The leader remembers which commands sit in unapplied slots of its log, so a retry is not
   * proposed twice. (Only the leader proposes, and only its log's writes go through it.)
   */
  private track(s: MultiPaxosNode, slot: number): void {
    const v = s.durable.log[slot]?.value;
    if (v && v !== NOOP) s.pending.set(v.id, slot);
  }

  private untrack(s: MultiPaxosNode, slot: number, v: Command): void {
    if (v !== NOOP && s.pending.get(v.id) === slot) s.pending.delete(v.id);
  }

  // ------------------------------------------------------------ clients

  onRequest(s: MultiPaxosNode, command: string, ctx: NodeContext, op: ClientOp | null, scriptIndex = -1): void {
    if (replyIfSerializable(s, op, ctx)) return;
    this.submit(s, this.makeCommand(command, op, scriptIndex), ctx, true);
  }

  /**
   * A workload request is named by its client and request id; a scenario request by its place in
   * the script, which no restart resets, so two requests (even of one command, at one node and
   * instant) never share a name and a leader never drops the second as a duplicate of the first.
   */
  private makeCommand(command: string, op: ClientOp | null, scriptIndex: number): Command {
    if (op) return { id: requestKey(op.client, op.requestId), command, op };
    return { id: `e${scriptIndex}`, command, op: null };
  }

  /**
   * A command at the leader goes to the next slot; elsewhere it is forwarded once to the leader
   * this node knows. With no leader to forward to, a workload client's request is refused (the
   * client tries another node), and a scenario request waits here until a leader is known.
   */
  private submit(s: MultiPaxosNode, value: Command, ctx: NodeContext, mayForward: boolean): void {
    if (s.role === 'leader') {
      if (!ctx.bug('no-dedupe') && this.isDuplicate(s, value, ctx)) return;
      const slot = s.nextSlot++;
      // (the ballot is this leader's: its round is enough, and a note without a nested array is cheaper to hash)
      ctx.note('propose', { slot, command: value.command, round: s.ballot!.round });
      this.propose(s, slot, value, ctx);
      this.applyChosen(s, ctx); // a one-node cluster chooses at once
      return;
    }
    if (mayForward && s.leader !== null && s.leader !== s.id && s.role === 'follower') {
      ctx.note('forward', { command: value.command, leader: s.leader });
      const m: ForwardMsg = { value };
      ctx.send(s.leader, 'Forward', m);
      return;
    }
    if (!value.op) {
      s.waiting.push(value);
      ctx.note('request-waits', { command: value.command });
      return;
    }
    ctx.note('request-rejected', { command: value.command, leader: s.leader });
    ctx.reply(value.op.client, value.op.requestId, { ok: false, leaderHint: s.leader });
  }

  /** Now that a leader is known (this node or another), the waiting scenario requests go to it. */
  private passOnWaiting(s: MultiPaxosNode, ctx: NodeContext): void {
    if (s.waiting.length === 0) return;
    const waiting = s.waiting;
    s.waiting = [];
    for (const value of waiting) this.submit(s, value, ctx, true);
  }

  /** Already in the log (chosen or not) or already applied: do not give it a second slot. */
  private isDuplicate(s: MultiPaxosNode, v: Command, ctx: NodeContext): boolean {
    const slot = s.pending.get(v.id);
    if (slot !== undefined) {
      ctx.note('duplicate', { command: v.command, slot });
      return true;
    }
    if (!this.isApplied(s, v)) return false;
    ctx.note('duplicate', { command: v.command, slot: null });
    replyIfApplied(s, v.op, ctx);
    return true;
  }

  /** Applied here (a client's session has reached this request, or the scenario request ran). */
  private isApplied(s: MultiPaxosNode, v: Command): boolean {
    return v.op ? isApplied(s, v.op) : s.appliedIds.has(v.id as string);
  }

  /** Chosen somewhere this leader knows of: applied, or in a chosen slot it has not applied yet. */
  private isTaken(s: MultiPaxosNode, v: Command): boolean {
    return s.pending.has(v.id) || this.isApplied(s, v);
  }

  // ------------------------------------------------------------ transport

  onMessage(s: MultiPaxosNode, from: NodeId, type: string, payload: unknown, ctx: NodeContext): void {
    switch (type) {
      case 'Accept': return this.onAccept(s, from, payload as AcceptMsg, ctx);
      case 'Accepted': return this.onAccepted(s, from, payload as AcceptedMsg, ctx);
      case 'Heartbeat': return this.onHeartbeat(s, from, payload as HeartbeatMsg, ctx);
      case 'HeartbeatReply': return this.onHeartbeatReply(s, from, payload as HeartbeatReplyMsg, ctx);
      case 'Prepare': return this.onPrepare(s, from, payload as PrepareMsg, ctx);
      case 'Promise': return this.onPromise(s, from, payload as PromiseMsg, ctx);
      case 'Nack': return this.onNack(s, payload as NackMsg, ctx);
      case 'Catchup': return this.onCatchup(s, from, payload as CatchupMsg, ctx);
      case 'Forward': return this.submit(s, (payload as ForwardMsg).value, ctx, false);
    }
  }

  private post(s: MultiPaxosNode, to: NodeId, type: string, payload: unknown, ctx: NodeContext): void {
    if (to === s.id) this.onMessage(s, to, type, payload, ctx);
    else ctx.send(to, type, payload);
  }

  private broadcast(s: MultiPaxosNode, type: string, payload: unknown, ctx: NodeContext): void {
    for (const peer of ctx.nodeIds) if (peer !== s.id) ctx.send(peer, type, payload);
    this.onMessage(s, s.id, type, payload, ctx);
  }
}
