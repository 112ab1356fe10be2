/**
 * Lock clients (workload `kind: "lock"`) and the storage the lock protects.
 *
 * Each client opens a session, acquires lock `L`, writes its fencing token to the storage, holds
 * the lock for a while, writes again as its work ends, and releases; then it acquires again with
 * the same session, or opens a new one once it learns its session expired. While its session
 * lives it sends keep-alives every third of the TTL. Like the key-value clients it talks to the
 * node it believes leads, follows redirects, and retries a silent request with the same id.
 *
 * The storage stands outside consensus: a write reaches it after one network delay. With fencing
 * on it rejects a token lower than the highest it has accepted; FencingOrder (the tokens it
 * accepts never decrease) is checked on every write it takes.
 */
import type { Rng } from './rng';
import { homeOf } from './home';
import { msToUs } from './time';
import type { ClientOp, ClientResult, NodeId, Workload as WorkloadSpec } from './types';

export const LOCK_NAME = 'L';
/** How long a client waits for an answer (other than to an acquire) before trying another node. */
const RETRY_AFTER_MS = 400;
const REDIRECT_PAUSE_MS = 5;

type Phase = 'idle' | 'opening' | 'acquiring' | 'holding' | 'releasing';

interface LockClient {
  phase: Phase;
  target: NodeId;
  requestId: number;
  keepAlives: number;
  session: number | null;
  token: number | null;
  /** The numbered request in flight and when it goes out again if unanswered. */
  pending: ClientOp | null;
  retryAt: number | null;
  /** The next send of `pending` goes to `target` as it is (a redirect, or a first send), not to the next node. */
  sendAsIs: boolean;
  /** When the client's next step (start, end of hold) is due. */
  nextAt: number | null;
  keepAliveAt: number | null;
  /** The keep-alive last sent got no answer yet: the next one goes to another node. */
  keepAliveUnanswered: boolean;
  /** The wake-up this client waits for; others are stale. */
  wakeAt: number | null;
  /** Index of the lock grant the client holds (in `locks`), or null. */
  held: number | null;
  /** When the session was last known renewed (for the page's TTL bar). */
  renewedAt: number | null;
}

/** A lock grant as its client saw it (report `locks`). */
export interface LockGrant { client: number; token: number; granted: number; released: number | null; expired: boolean }
/** A write the storage received (report `storage`). */
export interface StorageWrite { client: number; token: number; at: number; accepted: boolean }
/** A write on its way to the storage. */
export interface StorageSend { client: number; token: number; sentAt: number; arriveAt: number }

export interface LockAction {
  sends: { node: NodeId; op: ClientOp }[];
  writes: StorageSend[];
  wakeAtMs: number | null;
}

/** Is the deadline (ms) reached at `now` (ms)? Compared in the engine's integer µs, so float ms never miss. */
const due = (deadline: number | null, now: number): boolean => deadline !== null && msToUs(deadline) <= msToUs(now);

export class LockWorkload {
  clients: LockClient[] = [];
  locks: LockGrant[] = [];
  storage: StorageWrite[] = [];
  /** Writes on the wire to the storage, oldest first. */
  inFlight: StorageSend[] = [];
  /** The highest token the storage accepted (0: none yet). */
  highestAccepted = 0;
  readonly ttl: number;
  readonly fencing: boolean;

  /** `storageRng` draws each write's delay to the storage within `latency` (the network's). */
  constructor(private spec: WorkloadSpec, private nodeCount: number, private rng: Rng, private storageRng: Rng,
    private latency: { min: number; max: number }) {
    this.ttl = spec.ttl ?? 1000;
    this.fencing = spec.fencing ?? true;
    for (let c = 1; c <= spec.clients; c++) {
      this.clients[c] = {
        phase: 'idle', target: homeOf(c, nodeCount), requestId: 0, keepAlives: 0, session: null, token: null,
        pending: null, retryAt: null, sendAsIs: false, nextAt: null, keepAliveAt: null, keepAliveUnanswered: false, wakeAt: null,
        held: null, renewedAt: null,
      };
    }
  }

  initialWakeups(): { client: number; atMs: number }[] {
    const out: { client: number; atMs: number }[] = [];
    for (let c = 1; c <= this.spec.clients; c++) {
      const client = this.clients[c];
      client.nextAt = this.spec.from + this.gap();
      out.push({ client: c, atMs: this.schedule(client)! });
    }
    return out;
  }

  isCurrent(client: number, atUs: number): boolean {
    const w = this.clients[client]?.wakeAt;
    return w !== null && w !== undefined && msToUs(w) === atUs;
  }

  /** Push this client's wake-up to `atMs` (a pause): it resumes with every deadline it had. */
  defer(client: number, atMs: number): void {
    this.clients[client].wakeAt = atMs;
  }

  wake(client: number, now: number): LockAction {
    const c = this.clients[client];
    c.wakeAt = null;
    const action: LockAction = { sends: [], writes: [], wakeAtMs: null };
    if (due(c.nextAt, now)) {
      c.nextAt = null;
      this.step(client, c, now, action);
    }
    if (due(c.retryAt, now) && c.pending) {
      if (!c.sendAsIs) c.target = this.another(c); // no answer in time: try another node
      this.sendPending(c, now, action);
    }
    if (c.phase === 'idle' && now > this.spec.to) c.keepAliveAt = null; // done: the session is left to expire
    if (due(c.keepAliveAt, now) && c.session !== null) {
      if (c.keepAliveUnanswered) c.target = this.another(c);
      c.keepAliveUnanswered = true;
      action.sends.push({ node: c.target, op: this.op(client, c, 'keepalive', now, -++c.keepAlives) });
      c.keepAliveAt = now + Math.max(1, Math.floor(this.ttl / 3));
    }
    action.wakeAtMs = this.schedule(c);
    return action;
  }

  /** The client's own next step: start a round, or end its hold. */
  private step(client: number, c: LockClient, now: number, action: LockAction): void {
    if (c.phase === 'holding') {
      // the work ends: its last write, then the release. A client that was paused still believes it holds.
      this.write(client, c, now, action);
      c.phase = 'releasing';
      this.request(client, c, 'release', now, action);
      return;
    }
    if (c.phase !== 'idle' || now > this.spec.to) return;
    if (c.session === null) {
      c.phase = 'opening';
      this.request(client, c, 'open', now, action);
    } else {
      c.phase = 'acquiring';
      this.request(client, c, 'acquire', now, action);
    }
  }

  private request(client: number, c: LockClient, kind: ClientOp['op'], now: number, action: LockAction): void {
    c.pending = this.op(client, c, kind, now, ++c.requestId);
    this.sendPending(c, now, action);
  }

  private op(client: number, c: LockClient, kind: ClientOp['op'], now: number, requestId: number): ClientOp {
    const op: ClientOp = { client, requestId, op: kind, key: kind === 'acquire' || kind === 'release' ? LOCK_NAME : '', value: null, at: now };
    if (kind === 'open') op.ttl = this.ttl;
    else op.session = c.session!;
    return op;
  }

  private sendPending(c: LockClient, now: number, action: LockAction): void {
    // an acquire that waits in line is answered when granted, by whichever node then leads: no hurry to re-send it
    c.sendAsIs = false;
    c.retryAt = now + (c.pending!.op === 'acquire' ? Math.max(RETRY_AFTER_MS, this.ttl) : RETRY_AFTER_MS);
    action.sends.push({ node: c.target, op: c.pending! });
  }

  private write(client: number, c: LockClient, now: number, action: LockAction): void {
    const delay = this.storageRng.int(Math.round(this.latency.min), Math.round(this.latency.max));
    const w: StorageSend = { client, token: c.token!, sentAt: now, arriveAt: now + delay };
    this.inFlight = [...this.inFlight, w];
    action.writes.push(w);
  }

  /** A node answered. Returns when the client should wake next, or null for no change. */
  answer(client: number, requestId: number, node: NodeId, result: ClientResult, now: number): number | null {
    const c = this.clients[client];
    if (!c) return null;
    const keepAlive = requestId < 0;
    if (keepAlive ? requestId !== -c.keepAlives : c.pending?.requestId !== requestId) return null; // late or duplicate
    if (!result.ok) {
      if (this.spec.home) return null; // no redirect followed: asked again at the next retry or keep-alive
      c.target = result.leaderHint !== null && result.leaderHint !== node ? result.leaderHint : (node % this.nodeCount) + 1;
      if (keepAlive) c.keepAliveAt = now + REDIRECT_PAUSE_MS;
      else {
        c.retryAt = now + REDIRECT_PAUSE_MS;
        c.sendAsIs = true;
      }
      c.keepAliveUnanswered = false;
      return this.schedule(c);
    }
    if (!this.spec.home) c.target = node;
    if (keepAlive) {
      c.keepAliveUnanswered = false;
      if (result.output === 'expired') this.lost(c, now);
      else c.renewedAt = Math.max(c.renewedAt ?? 0, now);
      return this.schedule(c);
    }
    const output = result.output;
    c.pending = null;
    c.retryAt = null;
    if (output === 'expired') {
      this.lost(c, now);
      return this.schedule(c);
    }
    c.renewedAt = now;
    switch (c.phase) {
      case 'opening':
        c.session = Number(output);
        c.keepAliveAt = now + Math.max(1, Math.floor(this.ttl / 3));
        c.phase = 'acquiring';
        this.queueNow(client, c, 'acquire', now);
        break;
      case 'acquiring': {
        c.token = Number(output);
        c.held = this.locks.length;
        this.locks = [...this.locks, { client, token: c.token, granted: now, released: null, expired: false }];
        c.phase = 'holding';
        const action: LockAction = { sends: [], writes: [], wakeAtMs: null };
        this.write(client, c, now, action);
        this.pendingWrites.push(...action.writes);
        c.nextAt = now + this.draw(this.spec.hold ?? { min: 100, max: 300 });
        break;
      }
      case 'releasing':
        if (c.held !== null) this.setGrant(c.held, { released: now });
        c.held = null;
        c.token = null;
        c.phase = 'idle';
        c.nextAt = now + this.gap();
        break;
    }
    return this.schedule(c);
  }

  /** Writes started by an answer (not by a wake-up): the engine takes them after each answer. */
  pendingWrites: StorageSend[] = [];

  takeWrites(): StorageSend[] {
    if (this.pendingWrites.length === 0) return this.pendingWrites;
    const out = this.pendingWrites;
    this.pendingWrites = [];
    return out;
  }

  /** The next numbered request goes out at the client's next wake-up, which is now. */
  private queueNow(client: number, c: LockClient, kind: ClientOp['op'], now: number): void {
    c.pending = this.op(client, c, kind, now, ++c.requestId);
    c.retryAt = now;
    c.sendAsIs = true;
  }

  /** The client learned its session expired: what it held is gone; it starts over with a new session. */
  private lost(c: LockClient, now: number): void {
    if (c.held !== null) this.setGrant(c.held, { expired: true });
    c.held = null;
    c.token = null;
    c.session = null;
    c.pending = null;
    c.retryAt = null;
    c.keepAliveAt = null;
    c.keepAliveUnanswered = false;
    c.phase = 'idle';
    c.nextAt = now + this.gap();
  }

  /** Grants are shared with checkpoint copies: replace one, never edit it. */
  private setGrant(i: number, change: Partial<LockGrant>): void {
    this.locks = this.locks.slice();
    this.locks[i] = { ...this.locks[i], ...change };
  }

  /** A write reaches the storage. Returns the accepted write that broke FencingOrder, if any. */
  arrive(w: StorageSend): { write: StorageWrite; previous: number } | null {
    this.inFlight = this.inFlight.filter((x) => x !== w);
    const accepted = !this.fencing || w.token >= this.highestAccepted;
    const write: StorageWrite = { client: w.client, token: w.token, at: w.arriveAt, accepted };
    this.storage = [...this.storage, write];
    const previous = this.highestAccepted;
    if (!accepted) return null;
    if (w.token > this.highestAccepted) this.highestAccepted = w.token;
    return w.token < previous ? { write, previous } : null;
  }

  /** The node to ask after one failed to answer: the next one, or the client's home again. */
  private another(c: LockClient): NodeId {
    return this.spec.home ? c.target : (c.target % this.nodeCount) + 1;
  }

  /** The earliest of the client's deadlines becomes its one wake-up. */
  private schedule(c: LockClient): number | null {
    let at = Infinity;
    for (const t of [c.nextAt, c.pending ? c.retryAt : null, c.session !== null ? c.keepAliveAt : null]) {
      if (t !== null && t < at) at = t;
    }
    if (at === Infinity) return (c.wakeAt = null);
    if (c.wakeAt !== null && c.wakeAt <= at) return null; // already due earlier
    return (c.wakeAt = at);
  }

  private gap(): number { return this.draw(this.spec.interval); }

  private draw(r: { min: number; max: number }): number {
    return this.rng.int(Math.round(r.min), Math.round(r.max));
  }

  /** A live copy (the arrays are replaced, never edited, so they may be shared; client records are copied). */
  clone(): LockWorkload {
    const w = Object.create(LockWorkload.prototype) as LockWorkload;
    Object.assign(w, this);
    w.clients = this.clients.map((c) => c && { ...c });
    w.pendingWrites = this.pendingWrites.slice();
    w.rng = this.rng.clone();
    w.storageRng = this.storageRng.clone();
    return w;
  }
}
