/**
 * The replicated key-value state machine every log-based protocol applies its committed commands
 * to, with per-client sessions so a retried request applies at most once (Raft thesis §6.3).
 */
import type { ClientOp } from '../sim/types';

export interface KvStore {
  kv: Record<string, string>;
  /** The last request applied for each client and its output. */
  sessions: Record<number, { requestId: number; output: string | null }>;
}

export const emptyKvStore = (): KvStore => ({ kv: {}, sessions: {} });

/** An independent copy (the maps hold strings and frozen session records only). */
export const cloneKvStore = (s: KvStore): KvStore => ({ kv: { ...s.kv }, sessions: { ...s.sessions } });

/** The answer a client already got for this request, or undefined if it was not applied yet. */
export function appliedOutput(s: KvStore, op: ClientOp): string | null | undefined {
  const done = s.sessions[op.client];
  return done && done.requestId === op.requestId ? done.output : undefined;
}

/** Apply a client operation once: a request the session has seen returns its first output. */
export function applyOp(s: KvStore, op: ClientOp): string | null {
  const session = s.sessions[op.client];
  if (session && session.requestId >= op.requestId) return session.output;
  let output: string | null;
  if (op.op === 'put') {
    s.kv[op.key] = op.value ?? '';
    output = null;
  } else {
    output = s.kv[op.key] ?? null;
  }
  s.sessions[op.client] = { requestId: op.requestId, output };
  return output;
}
