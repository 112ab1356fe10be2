/**
 * The replicated state machine every log-based protocol applies its committed commands to: a
 * key-value map with per-client sessions so a retried request applies at most once (Raft thesis
 * §6.3), and, once a client uses it, the coordination service of `service.ts`.
 */
import type { ClientOp, NodeContext } from '../sim/types';
import {
  advance, applyServiceOp, cloneService, emptyService, isServiceOp, keyChanged, type Answer, type ServiceState,
} from './service';

/** The last request applied for a client and its output; `waiting` while that request has no answer yet. */
export interface SessionRecord { requestId: number; output: string | null; waiting?: true }

export interface KvStore {
  kv: Record<string, string>;
  sessions: Record<number, SessionRecord>;
  /** The coordination service: absent until the first service op (key-value runs never have one). */
  service?: ServiceState;
}

export const emptyKvStore = (): KvStore => ({ kv: {}, sessions: {} });

/** An independent copy (the maps hold strings and frozen session records only). */
export const cloneKvStore = (s: KvStore): KvStore => {
  const copy: KvStore = { kv: { ...s.kv }, sessions: { ...s.sessions } };
  if (s.service) copy.service = cloneService(s.service);
  return copy;
};

/**
 * A keep-alive is named by a negative request id: it is idempotent, so it needs no at-most-once
 * record, and it may be in flight beside the client's one numbered request (a waiting acquire).
 */
export const isKeepAlive = (op: ClientOp): boolean => op.requestId < 0;

/** The answer a client already got for this request, or undefined if it has none yet. */
export function appliedOutput(s: KvStore, op: ClientOp): string | null | undefined {
  if (isKeepAlive(op)) return undefined;
  const done = s.sessions[op.client];
  return done && done.requestId === op.requestId && !done.waiting ? done.output : undefined;
}

/** A retried request this store applied already: answer it with its first output; true if so. */
export function replyIfApplied(s: KvStore, op: ClientOp | null, ctx: Pick<NodeContext, 'reply'>): boolean {
  const output = op ? appliedOutput(s, op) : undefined;
  if (output === undefined) return false;
  ctx.reply(op!.client, op!.requestId, { ok: true, output });
  return true;
}

/**
 * A serializable read (etcd's --consistency=s): the node asked answers from its own applied
 * state, whatever its role, without asking anyone. It may be stale. True if it answered.
 */
export function replyIfSerializable(s: KvStore, op: ClientOp | null, ctx: Pick<NodeContext, 'reply' | 'note'>): boolean {
  if (!op?.serializable) return false;
  const output = s.kv[op.key] ?? null;
  ctx.note('serializable-read', { client: op.client, key: op.key, output });
  ctx.reply(op.client, op.requestId, { ok: true, output });
  return true;
}

/** Has this request (or a later one of its client) been applied here? Keep-alives never count as applied. */
export function isApplied(s: KvStore, op: ClientOp): boolean {
  return !isKeepAlive(op) && (s.sessions[op.client]?.requestId ?? 0) >= op.requestId;
}

/**
 * Apply a client operation once: a request the session has seen returns its first output.
 * Returns undefined while the request waits (a queued acquire, a watch); answers to other
 * requests that this op brings about (a grant, a watch firing) are pushed onto `answers`.
 */
export function applyOp(s: KvStore, op: ClientOp, answers: Answer[] = []): string | null | undefined {
  const service = s.service ?? (isServiceOp(op) ? (s.service = emptyService()) : undefined);
  if (service) advance(service, op, answers);
  if (isKeepAlive(op)) {
    const output = applyServiceOp(service!, op, (k) => s.kv[k] ?? null, answers);
    settle(s, answers);
    return output;
  }
  const session = s.sessions[op.client];
  if (session && session.requestId >= op.requestId) return session.waiting ? undefined : session.output;
  let output: string | null | undefined;
  switch (op.op) {
    case 'put':
      s.kv[op.key] = op.value ?? '';
      if (service) keyChanged(service, op.key, op.value ?? '', answers);
      output = null;
      break;
    case 'get':
      output = s.kv[op.key] ?? null;
      break;
    case 'cas': {
      const ok = (s.kv[op.key] ?? null) === (op.expect ?? null);
      if (ok) {
        s.kv[op.key] = op.value ?? '';
        if (service) keyChanged(service, op.key, op.value ?? '', answers);
      }
      output = ok ? 'ok' : 'failed';
      break;
    }
    default:
      output = applyServiceOp(service!, op, (k) => s.kv[k] ?? null, answers);
  }
  s.sessions[op.client] = output === undefined ? { requestId: op.requestId, output: null, waiting: true } : { requestId: op.requestId, output };
  settle(s, answers);
  return output;
}

/** A grant or a watch answers a request that waited: a retry of that request now gets the answer. */
function settle(s: KvStore, answers: readonly Answer[]): void {
  for (const a of answers) {
    const waiting = s.sessions[a.client];
    if (waiting?.waiting && waiting.requestId === a.requestId) s.sessions[a.client] = { requestId: a.requestId, output: a.output };
  }
}

/** Reused by applyAndAnswer: most ops answer nobody else, so no array is made per op. */
const scratch: Answer[] = [];

/**
 * Apply a committed op; the replica that leads answers its client (unless the op waits) and
 * every waiting request the op completed.
 */
export function applyAndAnswer(s: KvStore, op: ClientOp, ctx: NodeContext, leads: boolean): void {
  if (scratch.length > 0) scratch.length = 0; // (setting the length is a call into the runtime)
  const output = applyOp(s, op, scratch);
  if (!leads) return;
  if (output !== undefined) ctx.reply(op.client, op.requestId, { ok: true, output });
  for (const a of scratch) ctx.reply(a.client, a.requestId, { ok: true, output: a.output });
}
