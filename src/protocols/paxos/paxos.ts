/**
 * Basic (single-decree) Paxos as a pure state machine: every node is proposer, acceptor and
 * learner. Handlers mutate the node's state and act only through the context (sends, timers,
 * notes). A node's messages to itself are handled at once, without the network: its own
 * acceptor promises its own ballot on the spot, so that promise is on disk before any other
 * node hears of the ballot, and a restarted proposer can never reuse a ballot.
 *
 * Learning: every acceptor sends its 2b Accepted to every node, and each node counts them.
 * We chose this over "the proposer announces the decision" because chosen is a fact about the
 * acceptors: a learner that counts a majority of votes in one ballot needs to trust no proposer,
 * and a proposer that crashes right after phase 2a cannot keep the others from learning.
 */
import { countBits, majority } from '../quorum';
import type { ClientOp, NodeContext, NodeId } from '../../sim/types';
import { ballotNote, compareBallots, nextBallot, rank } from './ballot';
import type {
  AcceptedMsg, AcceptMsg, NackMsg, PaxosConfig, PaxosDurable, PaxosNode, PrepareMsg, PromiseMsg,
} from './types';

export function createNode(id: NodeId): PaxosNode {
  return volatileNode(id, { promised: null, accepted: null, learned: null });
}

function volatileNode(id: NodeId, durable: PaxosDurable): PaxosNode {
  return {
    id, durable, proposal: null, phase: 'idle', ballot: null, highestRound: 0, attempts: 0,
    promisedBy: 0, highestVote: null, acceptValue: null, votes: new Map(),
  };
}

/** After a crash only the acceptor's and learner's durable state remains (less with the bug on). */
export function crashNode(s: PaxosNode, forgetPromise: boolean): PaxosNode {
  const d = s.durable;
  return volatileNode(s.id, { promised: forgetPromise ? null : d.promised, accepted: d.accepted, learned: d.learned });
}

/** Ballots, votes and tallies are immutable, so a shallow copy of each container suffices. */
export function cloneNode(s: PaxosNode): PaxosNode {
  return { ...s, durable: { ...s.durable }, votes: new Map(s.votes) };
}

export class Paxos {
  constructor(private config: PaxosConfig) {}

  /** Basic Paxos has no timer at rest: a node only acts when asked to propose. */
  start(_s: PaxosNode, _ctx: NodeContext): void { /* nothing to arm */ }

  // ------------------------------------------------------------ proposer

  onRequest(s: PaxosNode, command: string, ctx: NodeContext, op: ClientOp | null): void {
    if (op) {
      // single-decree Paxos decides one value; it keeps no client sessions to answer from
      ctx.note('request-unsupported', { command });
      return;
    }
    if (s.durable.learned !== null) {
      ctx.note('already-decided', { command, value: s.durable.learned });
      return;
    }
    s.proposal = command;
    s.attempts = 0;
    ctx.note('propose', { command });
    this.startAttempt(s, ctx);
  }

  onTimer(s: PaxosNode, name: string, ctx: NodeContext): void {
    if (name === 'retry') this.retry(s, ctx);
  }

  onTimeoutNow(s: PaxosNode, ctx: NodeContext): void {
    if (s.proposal === null || s.durable.learned !== null) {
      ctx.note('timeout-ignored', { learned: s.durable.learned });
      return;
    }
    this.retry(s, ctx);
  }

  private retry(s: PaxosNode, ctx: NodeContext): void {
    if (s.proposal === null || s.durable.learned !== null) return;
    s.attempts++;
    ctx.note('retry', { attempt: s.attempts, ballot: ballotNote(s.ballot) });
    this.startAttempt(s, ctx);
  }

  /** Phase 1a: pick a ballot above every round seen and ask every acceptor to promise it. */
  private startAttempt(s: PaxosNode, ctx: NodeContext): void {
    const d = s.durable;
    const seen = Math.max(s.highestRound, d.promised?.round ?? 0, d.accepted?.ballot.round ?? 0);
    s.ballot = nextBallot(s.id, seen);
    s.highestRound = s.ballot.round;
    s.phase = 'prepare';
    s.promisedBy = 0;
    s.highestVote = null;
    s.acceptValue = null;
    ctx.note('prepare', { ballot: ballotNote(s.ballot), command: s.proposal });
    ctx.setTimer('retry', this.backoff(s, ctx));
    const m: PrepareMsg = { ballot: s.ballot };
    this.broadcast(s, 'Prepare', m, ctx);
  }

  /** Attempt k waits a random time in [min, max · 2^k], k capped at 5 (µs resolution). */
  private backoff(s: PaxosNode, ctx: NodeContext): number {
    const { min, max } = this.config.retryTimeout;
    const k = Math.min(s.attempts, 5);
    return ctx.rng.int(Math.round(min * 1000), Math.round(max * 1000 * 2 ** k)) / 1000;
  }

  private onPromise(s: PaxosNode, from: NodeId, m: PromiseMsg, ctx: NodeContext): void {
    if (s.phase !== 'prepare' || rank(m.ballot) !== rank(s.ballot)) return; // a stale answer
    const bit = 1 << from;
    if (s.promisedBy & bit) return; // a duplicate
    s.promisedBy |= bit;
    if (m.accepted && compareBallots(m.accepted.ballot, s.highestVote?.ballot ?? null) > 0) s.highestVote = m.accepted;
    if (countBits(s.promisedBy) >= majority(ctx.nodeIds.length)) this.beginAccept(s, ctx);
  }

  /** Phase 2a: propose the value of the highest-ballot vote reported, or our own if none. */
  private beginAccept(s: PaxosNode, ctx: NodeContext): void {
    const vote = s.highestVote;
    const adopt = vote !== null && !ctx.bug('ignore-accepted-value');
    const value = adopt ? vote!.value : s.proposal!;
    s.phase = 'accept';
    s.acceptValue = value;
    ctx.note('phase2', {
      ballot: ballotNote(s.ballot), value, own: s.proposal, adopted: adopt,
      voteBallot: ballotNote(vote?.ballot ?? null), ignoredVote: vote !== null && !adopt,
    });
    const m: AcceptMsg = { ballot: s.ballot!, value };
    this.broadcast(s, 'Accept', m, ctx);
  }

  private onNack(s: PaxosNode, m: NackMsg, ctx: NodeContext): void {
    if (m.promised.round > s.highestRound) s.highestRound = m.promised.round;
    if ((s.phase !== 'prepare' && s.phase !== 'accept') || rank(m.ballot) !== rank(s.ballot)) return;
    // someone promised a higher ballot: this attempt cannot succeed; back off, then retry above it
    s.phase = 'backoff';
    ctx.note('preempted', { ballot: ballotNote(s.ballot), promised: ballotNote(m.promised) });
    ctx.setTimer('retry', this.backoff(s, ctx));
  }

  // ------------------------------------------------------------ acceptor

  private onPrepare(s: PaxosNode, from: NodeId, m: PrepareMsg, ctx: NodeContext): void {
    const d = s.durable;
    if (m.ballot.round > s.highestRound) s.highestRound = m.ballot.round;
    // ≥, not >: a duplicated Prepare of the ballot already promised gets the same answer again
    if (compareBallots(m.ballot, d.promised) >= 0) {
      d.promised = m.ballot;
      ctx.note('promise', { to: from, ballot: ballotNote(m.ballot), voteBallot: ballotNote(d.accepted?.ballot ?? null), vote: d.accepted?.value ?? null });
      const reply: PromiseMsg = { ballot: m.ballot, accepted: d.accepted };
      this.post(s, from, 'Promise', reply, ctx);
    } else {
      this.reject(s, from, m.ballot, 'Prepare', ctx);
    }
  }

  private onAccept(s: PaxosNode, from: NodeId, m: AcceptMsg, ctx: NodeContext): void {
    const d = s.durable;
    if (m.ballot.round > s.highestRound) s.highestRound = m.ballot.round;
    const belowPromise = compareBallots(m.ballot, d.promised) < 0;
    if (belowPromise && !ctx.bug('accept-below-promise')) {
      this.reject(s, from, m.ballot, 'Accept', ctx);
      return;
    }
    if (!belowPromise) d.promised = m.ballot; // accepting a ballot also promises it
    d.accepted = { ballot: m.ballot, value: m.value };
    ctx.note('accept', { ballot: ballotNote(m.ballot), value: m.value, belowPromise, promised: ballotNote(d.promised) });
    const vote: AcceptedMsg = { ballot: m.ballot, value: m.value };
    this.broadcast(s, 'Accepted', vote, ctx);
  }

  private reject(s: PaxosNode, to: NodeId, ballot: PrepareMsg['ballot'], what: string, ctx: NodeContext): void {
    const promised = s.durable.promised!;
    ctx.note('reject', { to, what, ballot: ballotNote(ballot), promised: ballotNote(promised) });
    const nack: NackMsg = { ballot, promised };
    this.post(s, to, 'Nack', nack, ctx);
  }

  // ------------------------------------------------------------ learner

  private onAccepted(s: PaxosNode, from: NodeId, m: AcceptedMsg, ctx: NodeContext): void {
    const key = rank(m.ballot);
    const bit = 1 << from;
    const tally = s.votes.get(key);
    if (tally && tally.voters & bit) return;
    const voters = (tally?.voters ?? 0) | bit;
    s.votes.set(key, { value: m.value, voters });
    const d = s.durable;
    if (d.learned !== null || countBits(voters) < majority(ctx.nodeIds.length)) return;
    d.learned = m.value;
    ctx.note('learned', { value: m.value, ballot: ballotNote(m.ballot), votes: countBits(voters) });
    if (s.proposal !== null) {
      ctx.note('proposer-done', { own: s.proposal, value: m.value, won: s.proposal === m.value });
      s.phase = 'idle'; // (the proposal stays on record: it is what this node was asked for)
      ctx.cancelTimer('retry');
    }
  }

  // ------------------------------------------------------------ transport

  onMessage(s: PaxosNode, from: NodeId, type: string, payload: unknown, ctx: NodeContext): void {
    switch (type) {
      case 'Prepare': return this.onPrepare(s, from, payload as PrepareMsg, ctx);
      case 'Promise': return this.onPromise(s, from, payload as PromiseMsg, ctx);
      case 'Accept': return this.onAccept(s, from, payload as AcceptMsg, ctx);
      case 'Accepted': return this.onAccepted(s, from, payload as AcceptedMsg, ctx);
      case 'Nack': return this.onNack(s, payload as NackMsg, ctx);
    }
  }

  /** Send, or handle at once when the message is for this very node. */
  private post(s: PaxosNode, to: NodeId, type: string, payload: unknown, ctx: NodeContext): void {
    if (to === s.id) this.onMessage(s, to, type, payload, ctx);
    else ctx.send(to, type, payload);
  }

  /** Every other node first, then this one, so the wire order is the same whatever we do locally. */
  private broadcast(s: PaxosNode, type: string, payload: unknown, ctx: NodeContext): void {
    for (const peer of ctx.nodeIds) if (peer !== s.id) ctx.send(peer, type, payload);
    this.onMessage(s, s.id, type, payload, ctx);
  }
}
