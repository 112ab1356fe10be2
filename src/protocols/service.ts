/**
 * The coordination service (Chubby, ZooKeeper, etcd) that runs as the replicated state machine
 * beside the key-value map: sessions with a TTL, locks whose fencing token is the revision at
 * which they were granted, and one-shot watches on keys.
 *
 * Every replica applies the same ops in the same order, so everything here must follow from the
 * ops alone. Time is no exception: a service op carries its client's call time (`at`), and the
 * service's clock is the largest such time applied so far. Before an op takes effect, every
 * session whose last op is older than its TTL at that clock expires and gives up what it held, as
 * an etcd lease revoked by its leader does; any op of a session renews it.
 *
 * A lock is a queue, as in etcd's and ZooKeeper's lock recipes: the head holds it, and each waiter
 * watches the one before it. When the head goes (released, or its session expired) the next
 * waiter is granted at that revision; the grant is an answer to the waiter's pending acquire,
 * which the replica that leads sends (see `Answer`). Nothing polls.
 */
import type { ClientOp } from '../sim/types';

export interface ServiceSession { id: number; client: number; ttl: number; lastSeen: number }
export interface LockHolder { session: number; client: number; token: number }
/** A queued acquire, answered when it reaches the head of the queue. */
export interface Waiter { session: number; client: number; requestId: number }
export interface LockState { holder: LockHolder | null; waiters: Waiter[] }
/** A pending watch: answered by the first change of its key after revision `after`. */
export interface Watch { client: number; requestId: number; after: number }

/** What happened to a lock, in the order the service applied it (for views and checks). */
export interface LockEvent {
  lock: string;
  kind: 'grant' | 'release' | 'expire';
  session: number;
  client: number;
  revision: number;
  /** the service clock (ms) when it happened */
  at: number;
}

export interface ServiceState {
  /** Bumped by every change (a put, a session opened or expired, a lock granted or released). */
  revision: number;
  /** The largest client call time applied so far (ms). */
  clock: number;
  sessions: Map<number, ServiceSession>;
  locks: Map<string, LockState>;
  /** The revision of each key's last change (counted from the service's first op). */
  modRevision: Map<string, number>;
  watches: Map<string, Watch[]>;
  events: LockEvent[];
}

/** An answer produced at apply for a request other than the one applied (a grant, a watch firing). */
export interface Answer { client: number; requestId: number; output: string | null }

export const SERVICE_OPS = ['open', 'keepalive', 'acquire', 'release', 'close', 'watch'] as const;
export type ServiceOpKind = (typeof SERVICE_OPS)[number];

/** Outputs a client reads. A token or a session id is a decimal revision. */
export const EXPIRED = 'expired';
export const OK = 'ok';
export const NOT_HELD = 'not-held';

export const emptyService = (): ServiceState => ({
  revision: 0, clock: 0, sessions: new Map(), locks: new Map(), modRevision: new Map(), watches: new Map(), events: [],
});

export function cloneService(s: ServiceState): ServiceState {
  return {
    revision: s.revision,
    clock: s.clock,
    sessions: new Map([...s.sessions].map(([id, x]) => [id, { ...x }])),
    locks: new Map([...s.locks].map(([name, l]) => [name, { holder: l.holder, waiters: l.waiters.slice() }])),
    modRevision: new Map(s.modRevision),
    watches: new Map([...s.watches].map(([key, w]) => [key, w.slice()])),
    events: s.events.slice(),
  };
}

/** (Every op a key-value store applies asks this first: the key-value ops answer without a search.) */
export const isServiceOp = (op: ClientOp): boolean =>
  op.op !== 'get' && op.op !== 'put' && op.op !== 'cas' && (SERVICE_OPS as readonly string[]).includes(op.op);

/**
 * Move the service clock to the op's call time and expire what that leaves behind, then renew
 * the op's own session. Grants this causes are pushed onto `answers`.
 */
export function advance(st: ServiceState, op: ClientOp, answers: Answer[]): void {
  if (op.at === undefined) return;
  if (op.at > st.clock) st.clock = op.at;
  for (const session of [...st.sessions.values()]) {
    if (session.lastSeen + session.ttl < st.clock) expire(st, session, answers);
  }
  const own = op.session === undefined ? undefined : st.sessions.get(op.session);
  if (own && op.at > own.lastSeen) own.lastSeen = op.at;
}

/** Apply one service op. Returns its output, or undefined when it waits (a queued acquire, a watch). */
export function applyServiceOp(st: ServiceState, op: ClientOp, valueOf: (key: string) => string | null,
  answers: Answer[]): string | null | undefined {
  switch (op.op) {
    case 'open': {
      const id = ++st.revision;
      st.sessions.set(id, { id, client: op.client, ttl: op.ttl ?? 0, lastSeen: op.at ?? st.clock });
      return String(id);
    }
    case 'keepalive':
      return live(st, op) ? OK : EXPIRED;
    case 'acquire':
      return live(st, op) ? acquire(st, op, answers) : EXPIRED;
    case 'release': {
      if (!live(st, op)) return EXPIRED;
      return leave(st, op.key, op.session!, 'release', answers) ? OK : NOT_HELD;
    }
    case 'close': {
      const session = live(st, op);
      if (!session) return EXPIRED;
      drop(st, session, 'release', answers);
      return OK;
    }
    case 'watch': {
      const after = Number(op.expect ?? 0);
      const rev = st.modRevision.get(op.key) ?? 0;
      if (rev > after) return watchOutput(rev, valueOf(op.key));
      const list = st.watches.get(op.key) ?? [];
      list.push({ client: op.client, requestId: op.requestId, after });
      st.watches.set(op.key, list);
      return undefined;
    }
    default:
      throw new Error(`not a service op: ${op.op}`);
  }
}

/** A key changed (a put or a successful compare-and-set): a new revision, and its watches fire in order. */
export function keyChanged(st: ServiceState, key: string, value: string | null, answers: Answer[]): void {
  const rev = ++st.revision;
  st.modRevision.set(key, rev);
  const list = st.watches.get(key);
  if (!list) return;
  st.watches.delete(key);
  for (const w of list) answers.push({ client: w.client, requestId: w.requestId, output: watchOutput(rev, value) });
}

/** A watch reports `<revision>:<value>` (empty value: the key is absent). */
export const watchOutput = (rev: number, value: string | null): string => `${rev}:${value ?? ''}`;

/** The session the op names, if it is still live. */
function live(st: ServiceState, op: ClientOp): ServiceSession | undefined {
  return op.session === undefined ? undefined : st.sessions.get(op.session);
}

function acquire(st: ServiceState, op: ClientOp, answers: Answer[]): string | undefined {
  const lock = st.locks.get(op.key) ?? { holder: null, waiters: [] };
  st.locks.set(op.key, lock);
  const holder = lock.holder;
  if (holder && holder.session === op.session) return String(holder.token); // already its own
  const queued = lock.waiters.findIndex((w) => w.session === op.session);
  if (queued >= 0) {
    // a new request of the same waiter: answer that one (waiters are shared by copies: replace, never edit)
    lock.waiters[queued] = { ...lock.waiters[queued], requestId: op.requestId };
    return undefined;
  }
  if (holder === null && lock.waiters.length === 0) return String(grant(st, op.key, lock, op.session!, op.client));
  lock.waiters.push({ session: op.session!, client: op.client, requestId: op.requestId });
  ++st.revision; // the waiter's own key, as in the recipes: its place in line is a revision
  return undefined;
}

/** The head of the queue gets the lock at a new revision: its token. */
function grantNext(st: ServiceState, name: string, lock: LockState, answers: Answer[]): void {
  const next = lock.waiters.shift();
  if (!next) return;
  const token = grant(st, name, lock, next.session, next.client);
  answers.push({ client: next.client, requestId: next.requestId, output: String(token) });
}

function grant(st: ServiceState, name: string, lock: LockState, session: number, client: number): number {
  const token = ++st.revision;
  lock.holder = { session, client, token };
  st.events.push({ lock: name, kind: 'grant', session, client, revision: token, at: st.clock });
  return token;
}

/** The session leaves the lock (as holder or waiter). Returns whether it was there. */
function leave(st: ServiceState, name: string, session: number, kind: 'release' | 'expire', answers: Answer[]): boolean {
  const lock = st.locks.get(name);
  if (!lock) return false;
  const holder = lock.holder;
  if (holder && holder.session === session) {
    const rev = ++st.revision;
    st.events.push({ lock: name, kind, session, client: holder.client, revision: rev, at: st.clock });
    lock.holder = null;
    grantNext(st, name, lock, answers); // the successor's watch on its predecessor fires
    return true;
  }
  const i = lock.waiters.findIndex((w) => w.session === session);
  if (i < 0) return false;
  const [gone] = lock.waiters.splice(i, 1); // its successor now watches the one before it
  ++st.revision;
  if (kind === 'expire') answers.push({ client: gone.client, requestId: gone.requestId, output: EXPIRED });
  return true;
}

function drop(st: ServiceState, session: ServiceSession, kind: 'release' | 'expire', answers: Answer[]): void {
  st.sessions.delete(session.id);
  for (const name of st.locks.keys()) leave(st, name, session.id, kind, answers);
}

function expire(st: ServiceState, session: ServiceSession, answers: Answer[]): void {
  ++st.revision;
  drop(st, session, 'expire', answers);
}

/** Who holds the lock now, and the waiters in line (each watching the one before it). */
export function lockView(st: ServiceState | undefined, name: string): LockState {
  return st?.locks.get(name) ?? { holder: null, waiters: [] };
}
