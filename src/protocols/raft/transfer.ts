/**
 * Leadership transfer (dissertation §3.10). The leader stops taking client requests, brings the
 * chosen server's log up to date, and sends it TimeoutNow; that server starts an election at once
 * (skipping PreVote, and voters set leader stickiness aside for it), and being up to date and
 * first in the new term it almost always wins. If it has not taken over within an election
 * timeout, the leader gives up and takes requests again. A leader that began a transfer trusts no
 * lease for the rest of its term: its successor may be elected before the lease would end.
 */
import type { NodeContext, NodeId } from '../../sim/types';
import type { RaftConfig, RaftNode, TimeoutNow } from './types';

/** Begin handing leadership to `to`. Returns true when `to` is already caught up (send TimeoutNow now). */
export function beginTransfer(s: RaftNode, to: NodeId, ctx: NodeContext, c: RaftConfig, lastIndex: number): boolean {
  const term = s.durable.currentTerm;
  if (to === s.id || !ctx.nodeIds.includes(to)) {
    ctx.note('transfer-ignored', { to, term, why: to === s.id ? 'self' : 'unknown' });
    return false;
  }
  s.transferee = to;
  s.transferUntil = ctx.now() + c.electionTimeout.max;
  s.leaseForfeit = true;
  ctx.note('transfer', { to, term, match: s.matchIndex[to], last: lastIndex });
  return s.matchIndex[to] >= lastIndex;
}

export function sendTimeoutNow(s: RaftNode, ctx: NodeContext): void {
  const m: TimeoutNow = { term: s.durable.currentTerm, leaderId: s.id };
  ctx.send(s.transferee!, 'TimeoutNow', m);
}

/** On each heartbeat: give up once the time is over; else re-send TimeoutNow if the successor is caught up (it may have been lost). */
export function transferTick(s: RaftNode, ctx: NodeContext, lastIndex: number): void {
  if (s.transferee === null) return;
  if (ctx.now() >= s.transferUntil) {
    ctx.note('transfer-abandoned', { to: s.transferee, term: s.durable.currentTerm });
    s.transferee = null;
    return;
  }
  if (s.matchIndex[s.transferee] >= lastIndex) sendTimeoutNow(s, ctx);
}

/** The successor hears TimeoutNow: true if it should start an election now. */
export function acceptTimeoutNow(s: RaftNode, m: TimeoutNow, ctx: NodeContext): boolean {
  const ok = m.term === s.durable.currentTerm && s.role !== 'leader';
  ctx.note('timeout-now', { leader: m.leaderId, term: m.term, accepted: ok });
  return ok;
}
