/**
 * Closed-loop clients (CONTRACT §1 "Client workload"): each picks a key, sends get or put to the
 * node it believes leads, follows redirects, and retries a silent request with the same id, so
 * the cluster can apply it at most once. The history it records feeds the linearizability check.
 */
import { ClientHistory, type ClientHistoryEntry } from './client-history';
import type { Rng } from './rng';
import { msToUs } from './time';
import { homeOf } from './home';
import type { ClientOp, ClientResult, NodeId, Workload as WorkloadSpec } from './types';

interface ClientState {
  target: NodeId;
  requestId: number;
  /** The request in flight and its call's index in the history. */
  pending: { op: ClientOp; at: number } | null;
  /** The wake-up this client is waiting for (ms); others are stale. */
  wakeAt: number | null;
  /** The last answer was a redirect: re-send to the named node instead of moving on. */
  redirected: boolean;
  /** The request in flight went to `target` because a redirect named it. */
  followed: boolean;
  /**
   * Per node, until when (ms) this client follows no redirect to it (see DISTRUST_MS).
   * Replaced, never written in place, so copies of the client may share it.
   */
  distrust: readonly number[];
  /** Requests that got no answer in time (each retry that follows counts), for the report's `availability`. */
  timedOut: number;
  /** a scripted call (scenario event `call`): it sends once, never retries and never calls again */
  oneShot?: boolean;
}

/** What a client got from the cluster (report `availability`): operations answered, requests timed out. */
export interface ClientAvailability { client: number; answered: number; timedOut: number }

/** How long a client waits for an answer before trying another node. */
const RETRY_AFTER_MS = 400;
/** Pause before re-sending to the node a redirect named. */
const REDIRECT_PAUSE_MS = 5;
/**
 * How long a client follows no redirect to a node that a redirect sent it to and that then let
 * its request time out.
 *
 * An old leader cut off with a follower still believes it leads: it takes requests and never
 * answers, and the follower still names it. A client that timed out on it moved on to the
 * follower, was sent straight back, and looped between the two for good while the majority
 * elected a leader it never asked. A client library (etcd's clientv3, for one) instead keeps away
 * for a while from an endpoint that failed it and rotates through the others. So here: once a
 * redirect has led this client to a timeout, it does not trust a redirect to that node again for
 * this long; it tries the next node in turn instead, as when no leader is named, and reaches the
 * majority's leader through its members' redirects. Another timeout on the node meanwhile extends
 * the distrust, and an answer from it ends it.
 *
 * A node that was only slow once (a leader that just changed term, a lost message) is followed
 * again as before: only a redirect that already failed is distrusted, so clients that never meet
 * one behave as they always did. The distrusted node is not skipped when the rotation reaches it,
 * so if it does lead after all the client gets there within one round of the ring. The window
 * outlasts a round through the nodes (each costing a timeout on the cut-off node) and is short
 * enough that a node that recovers, or is elected again, is trusted again within about a second.
 */
const DISTRUST_MS = 1000;

export interface WakeAction {
  send: { node: NodeId; op: ClientOp } | null;
  wakeAtMs: number | null;
}

export class Workload {
  /** Every call so far, in call order; a copy (a checkpoint, a seek) shares its blocks. */
  private calls = new ClientHistory();
  private clients: ClientState[] = [];
  private writes = 0;
  /** `k0`, `k1`…: one string per key, shared by every call (the history keeps a call's key for good). */
  private keyNames: string[] = [];

  constructor(private spec: WorkloadSpec, private nodeCount: number, private rng: Rng) {
    for (let c = 1; c <= spec.clients; c++) {
      this.clients[c] = {
        target: homeOf(c, nodeCount), requestId: 0, pending: null, wakeAt: null, redirected: false, followed: false, distrust: [], timedOut: 0,
      };
    }
  }

  /**
   * Every call so far, in call order (an open call's entry is replaced by its answered one).
   * The same array grows with the run; the first read after a copy gathers it (client-history.ts).
   */
  get history(): ClientHistoryEntry[] {
    return this.calls.entries();
  }

  initialWakeups(): { client: number; atMs: number }[] {
    const out: { client: number; atMs: number }[] = [];
    for (let c = 1; c <= this.spec.clients; c++) {
      const at = this.spec.from + this.draw();
      this.clients[c].wakeAt = at;
      out.push({ client: c, atMs: at });
    }
    return out;
  }

  /** Is this queued wake-up still the one the client waits for? */
  isCurrent(client: number, atUs: number): boolean {
    const w = this.clients[client]?.wakeAt;
    return w !== null && w !== undefined && msToUs(w) === atUs;
  }

  /** Push this client's wake-up to `atMs` (a pause): it resumes with the request it had. */
  defer(client: number, atMs: number): void {
    this.clients[client].wakeAt = atMs;
  }

  wake(client: number, nowMs: number): WakeAction {
    const c = this.clients[client];
    c.wakeAt = null;
    if (c.pending) {
      if (this.spec.home) {
        // a client with a home node asks it again, and only it
        c.timedOut++;
        return this.sendPending(c, nowMs);
      }
      if (!c.redirected) {
        c.timedOut++;
        // no answer in time: try the next node with the same request id; distrust this one if a
        // redirect sent us here, or it is distrusted already
        if (c.followed || this.distrusts(c, c.target, nowMs)) this.setDistrust(c, c.target, nowMs + DISTRUST_MS);
        c.target = (c.target % this.nodeCount) + 1;
        c.followed = false;
      }
      c.redirected = false;
      return this.sendPending(c, nowMs);
    }
    if (nowMs > this.spec.to) return { send: null, wakeAtMs: null };
    const k = this.rng.int(0, this.spec.keys - 1);
    const key = (this.keyNames[k] ??= `k${k}`);
    const isRead = this.rng.chance(this.spec.readRatio);
    c.requestId++;
    const value = isRead ? null : `v${++this.writes}`;
    const kind = isRead ? 'get' : 'put';
    const op: ClientOp = { client, requestId: c.requestId, op: kind, key, value };
    if (isRead && this.spec.reads === 'serializable') op.serializable = true;
    c.pending = { op, at: this.calls.add(client, kind, key, value, nowMs) };
    return this.sendPending(c, nowMs);
  }

  /** A scripted call: a client of its own (numbered after the workload's) sends one get or put to `node`. */
  call(node: NodeId, kind: 'get' | 'put', key: string, nowMs: number): ClientOp {
    const client = Math.max(this.clients.length, this.spec.clients + 1);
    const value = kind === 'get' ? null : `v${++this.writes}`;
    const op: ClientOp = { client, requestId: 1, op: kind, key, value };
    const at = this.calls.add(client, kind, key, value, nowMs);
    this.clients[client] = {
      target: node, requestId: 1, pending: { op, at }, wakeAt: null, redirected: false, followed: false, distrust: [], timedOut: 0, oneShot: true,
    };
    return op;
  }

  private sendPending(c: ClientState, nowMs: number): WakeAction {
    c.wakeAt = nowMs + RETRY_AFTER_MS;
    return { send: { node: c.target, op: c.pending!.op }, wakeAtMs: c.wakeAt };
  }

  /** A node answered. Returns when the client should wake next, or null for no change. */
  answer(client: number, requestId: number, node: NodeId, result: ClientResult, nowMs: number): number | null {
    const c = this.clients[client];
    if (!c?.pending || c.pending.op.requestId !== requestId) return null; // late duplicate answer
    if (result.ok) {
      this.calls.complete(c.pending.at, result.output, nowMs);
      c.pending = null;
      if (c.oneShot) return null;
      if (!this.spec.home) c.target = node;
      c.followed = false;
      if (c.distrust[node] !== undefined) this.setDistrust(c, node, undefined);
      c.wakeAt = nowMs + this.draw();
      return c.wakeAt;
    }
    if (c.oneShot) return null; // refused: the call stays open, as a client that gave up
    if (this.spec.home) return null; // no redirect followed: the request is asked again when it times out
    // follow the redirect, or move on to the next node when none was named or the one named failed us lately
    const hint = result.leaderHint;
    c.followed = hint !== null && hint !== node && !this.distrusts(c, hint, nowMs);
    c.target = c.followed ? hint! : (node % this.nodeCount) + 1;
    c.redirected = true;
    c.wakeAt = nowMs + REDIRECT_PAUSE_MS;
    return c.wakeAt;
  }

  /** Per client: operations answered and requests that timed out. */
  availability(): ClientAvailability[] {
    const out: ClientAvailability[] = [];
    // (scripted calls are clients of their own, numbered after the workload's)
    for (let c = 1; c < this.clients.length; c++) out.push({ client: c, answered: 0, timedOut: this.clients[c].timedOut });
    for (let i = 0; i < this.calls.length; i++) if (this.calls.answered(i)) out[this.calls.clientOf(i) - 1].answered++;
    return out;
  }

  private distrusts(c: ClientState, node: NodeId, nowMs: number): boolean {
    return (c.distrust[node] ?? -Infinity) > nowMs;
  }

  private setDistrust(c: ClientState, node: NodeId, untilMs: number | undefined): void {
    const next = c.distrust.slice();
    next[node] = untilMs as number;
    c.distrust = next;
  }

  private draw(): number {
    return this.rng.int(Math.round(this.spec.interval.min), Math.round(this.spec.interval.max));
  }

  /**
   * A copy: the history's blocks are shared (a copy's first write into a shared block copies it),
   * and each client's state is copied (its pending request is never changed in place).
   */
  clone(): Workload {
    const w = Object.create(Workload.prototype) as Workload;
    Object.assign(w, this);
    w.rng = this.rng.clone();
    w.calls = this.calls.copy();
    w.clients = this.clients.map((c) => c && { ...c });
    return w;
  }

  /** A checkpoint copy: a copy like any other (the history's blocks are shared either way). */
  freeze(): Workload {
    return this.clone();
  }
}
