/**
 * Reads that do not enter the log (dissertation §6.4). With `readMode` "read-index" the leader
 * notes its commit index, confirms with one round of heartbeats that a majority still follows
 * it, waits until its state machine has applied that index, and answers from it. With "lease" it
 * skips the round while a majority acknowledged a heartbeat less than a lease ago (§6.4.1), and
 * falls back to a round otherwise. Either way it first waits to have committed an entry of its
 * own term (a new leader appends a no-op for that), since only then does it know what is
 * committed.
 *
 * Teaching bugs: `stale-read` answers at once from whatever the node holds, without asking
 * whether it still leads; `lease-too-long` makes the lease outlive the election timeout.
 */
import type { ClientOp, NodeContext } from '../../sim/types';
import { confirmedAt, leaseEnd } from './leadership';
import { termAt } from './log';
import type { PendingRead, RaftConfig, RaftNode } from './types';

/** Is this request a read that this configuration serves outside the log? */
export const readOutsideLog = (c: RaftConfig, op: ClientOp | null): boolean => c.readMode !== 'log' && op?.op === 'get';

/**
 * A leader takes a read. Returns true when a heartbeat round must go out now to confirm it
 * (the caller sends it: the stamps on that round are what confirms).
 */
export function takeRead(s: RaftNode, op: ClientOp, ctx: NodeContext, c: RaftConfig): boolean {
  const now = ctx.now();
  if (ctx.bug('stale-read')) {
    answer(s, op, ctx, 'unconfirmed', s.lastApplied);
    return false;
  }
  const leased = now < leaseEnd(s, ctx.nodeIds, c, ctx.bug('lease-too-long'));
  s.reads = [...s.reads, { op, readIndex: s.commitIndex, at: now, confirmed: leased }];
  ctx.note('read-wait', { client: op.client, key: op.key, index: s.commitIndex, lease: leased });
  serveReads(s, ctx, c);
  return s.reads.some((r) => !r.confirmed);
}

/** Answer every read whose leadership is confirmed and whose index is applied, in arrival order. */
export function serveReads(s: RaftNode, ctx: NodeContext, c: RaftConfig): void {
  if (s.reads.length === 0 || s.role !== 'leader') return;
  // only once an entry of its own term is committed does the leader know the committed prefix
  const ownTermCommitted = s.commitIndex > 0 && termAt(s, s.commitIndex) === s.durable.currentTerm;
  const confirmed = confirmedAt(s, ctx.nodeIds);
  const waiting: PendingRead[] = [];
  for (const r of s.reads) {
    const read = !r.confirmed && confirmed >= r.at ? { ...r, confirmed: true } : r;
    if (read.confirmed && ownTermCommitted && s.lastApplied >= read.readIndex) {
      answer(s, read.op, ctx, c.readMode === 'lease' && r.confirmed ? 'lease' : 'read-index', Math.max(read.readIndex, s.lastApplied));
    } else {
      waiting.push(read);
    }
  }
  if (waiting.length !== s.reads.length) s.reads = waiting;
}

function answer(s: RaftNode, op: ClientOp, ctx: NodeContext, how: string, index: number): void {
  const output = s.kv[op.key] ?? null;
  ctx.note('read', { client: op.client, key: op.key, output, index, how });
  ctx.reply(op.client, op.requestId, { ok: true, output });
}
