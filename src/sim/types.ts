/** Types shared by the engine and the protocol cores. The engine imports nothing else. */
import type { Rng } from './rng';

export type NodeId = number;

export interface Range { min: number; max: number }

/** A message on the wire: first-class data, so views can draw it and users can act on it. */
export interface Message<P = unknown> {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly type: string;
  readonly payload: P;
  readonly sentAt: number;    // virtual µs
  readonly deliverAt: number; // virtual µs
  /** Decided at send time (loss draw or a partition); the message still flies and dies on arrival. */
  readonly lost: boolean;
  /** Lost because a partition separated the two nodes when it was sent. */
  readonly cut: boolean;
  /** True for the extra copy made by the duplication draw. */
  readonly duplicate: boolean;
}

// ---- scenario events (validated by src/scenario, consumed here) ----
export type NodeRef = NodeId | 'leader';
export type ScenarioEvent =
  | { at: number; type: 'crash'; node: NodeRef }
  | { at: number; type: 'restart'; node: NodeRef }
  | { at: number; type: 'partition'; groups: NodeId[][] }
  | { at: number; type: 'heal' }
  | { at: number; type: 'request'; node: NodeRef; command: string }
  | { at: number; type: 'timeout'; node: NodeRef }
  /** `reset: true` first drops the direction's override (back to the network's defaults). */
  | { at: number; type: 'link'; from: NodeId; to: NodeId; dropRate?: number; latency?: Range; reset?: boolean }
  | { at: number; type: 'network'; latency?: Range; dropRate?: number; duplicateRate?: number }
  | { at: number; type: 'drop'; message: number }
  | { at: number; type: 'deliver'; message: number }
  /** (beyond CONTRACT §1) a copy of a message on the wire: a new id, the same content and arrival time */
  | { at: number; type: 'duplicate'; message: number }
  /** A workload client stops (a GC pause, a swapped-out VM) for `for` ms, then resumes where it was. */
  | { at: number; type: 'pause'; client: number; for: number }
  /** A client of its own calls `node` once (get or put of `key`; a put writes a new value) and never retries; it joins the history. */
  | { at: number; type: 'call'; node: NodeRef; op: 'get' | 'put'; key: string }

  /** (issue 13) the leader hands leadership to `to` (Raft: dissertation §3.10, TimeoutNow) */
  | { at: number; type: 'transfer'; to: NodeId }
  /** (Raft, issue 13) the leader moves the cluster to this voting configuration */
  | { at: number; type: 'reconfigure'; members: NodeId[] };

/** Scripted events a protocol handles itself, handed to the node that leads (ProtocolDef.leaderEvents). */
export type LeaderEvent = Extract<ScenarioEvent, { type: 'reconfigure' }>;

export interface NetworkSettings { latency: Range; dropRate: number; duplicateRate: number }

export interface Workload {
  /** `kv` (absent: the same) or `lock` (the coordination service's lock clients, src/sim/lock-workload.ts). */
  kind?: 'kv' | 'lock';
  clients: number;
  keys: number;
  interval: Range;
  readRatio: number;
  from: number;
  to: number;
  /** lock: the session TTL (ms, default 1000) */
  ttl?: number;
  /** lock: how long a client holds the lock (ms, default 100..300) */
  hold?: Range;
  /** lock: the storage rejects a token lower than the highest it accepted (default true) */
  fencing?: boolean;
  /** kv: how gets are answered: through the leader (`linearizable`, the default) or by the node asked, from its own state */
  reads?: 'linearizable' | 'serializable';
  /** Client c talks only to node ((c-1) mod nodes)+1, which forwards to its leader (src/sim/home.ts); default false. */
  home?: boolean;
}

export interface Scenario {
  version: 1;
  /** A protocol's name as src/protocols/registry.ts registers it (src/scenario checks it). */
  protocol: string;
  nodes: number;
  seed: number;
  until?: number;
  network?: Partial<NetworkSettings>;
  config?: Record<string, unknown>;
  bugs?: string[];
  events: ScenarioEvent[];
  workload?: Workload;
  meta?: { title?: string; description?: string; [k: string]: unknown };
}

// ---- what a protocol sees and does ----
export type NoteValue = number | string | boolean | null | NoteValue[];
export type NoteData = Record<string, NoteValue>;

export interface NodeContext {
  readonly id: NodeId;
  /** Every node id in the cluster, this one included, ascending. */
  readonly nodeIds: readonly NodeId[];
  readonly rng: Rng;
  /** Current virtual time in ms. */
  now(): number;
  send(to: NodeId, type: string, payload: unknown): void;
  /** (Re)arm the named timer `delayMs` from now; an armed timer of that name is replaced. */
  setTimer(name: string, delayMs: number): void;
  cancelTimer(name: string): void;
  /** Record a protocol-level happening (role change, vote, commit…) in the trace. */
  note(kind: string, data: NoteData): void;
  /** Is the named teaching bug switched on? */
  bug(name: string): boolean;
  /** Answer a workload client (the protocol's apply path). */
  reply(client: number, requestId: number, result: ClientResult): void;
}

export type ClientResult =
  | { ok: true; output: string | null }
  | { ok: false; leaderHint: NodeId | null };

/** A client operation carried as a request's command by the workload generator. */
export interface ClientOp {
  client: number;
  /** Negative for a keep-alive (idempotent, outside the at-most-once record). */
  requestId: number;
  /** get/put (the kv workload), cas, and the coordination service's ops (src/protocols/service.ts). */
  op: 'get' | 'put' | 'cas' | 'open' | 'keepalive' | 'acquire' | 'release' | 'close' | 'watch';
  /** The key, or the lock's name. */
  key: string;
  value: string | null;
  /** cas: the value expected (null: absent); watch: the revision after which a change is reported. */
  expect?: string | null;
  /** Service ops: the client's call time (ms); the service's session clock follows it. */
  at?: number;
  /** The session the op belongs to (its id is the revision that opened it). */
  session?: number;
  /** open: the session's TTL (ms). */
  ttl?: number;
  /** get: answered by the node asked from its own applied state, not through the leader (etcd's --consistency=s). */
  serializable?: true;
}

/** A broken invariant: `detail` says what happened in English (the report's), `detailZh` in Chinese. */
export interface Violation { time: number; invariant: string; detail: string; detailZh?: string }

/** Global observer: checks invariants after every event and records what was decided. */
export interface Observer<S> {
  /** Called after each event that touched node `node` (null: no node state changed). */
  afterEvent(nodes: readonly S[], up: readonly boolean[], node: NodeId | null, timeMs: number): Violation[] | null;
  /** The node restarted: per-node monotonic checks start over. */
  onRestart(node: NodeId): void;
  clone(): Observer<S>;
  /** A checkpoint copy that is only ever cloned, never run: it may share append-only data. */
  freeze?(): Observer<S>;
  /** Protocol-specific report fields (leaders/committed or chosen). */
  report(): Record<string, unknown>;
}

/** The per-run handlers of a protocol, built once from its config (etcd raft's `step`). */
export interface NodeHandlers<S> {
  create(ctx: NodeContext): S;
  /** Boot or restart: arm timers. */
  start(s: S, ctx: NodeContext): void;
  /** The node as it comes back after a crash: durable state only (teaching bugs may lose more). */
  crash(s: S, ctx: NodeContext): S;
  onMessage(s: S, msg: Message, ctx: NodeContext): void;
  onTimer(s: S, name: string, ctx: NodeContext): void;
  /**
   * A request: a workload client's `op`, or (op null) a scenario `request` event, whose
   * `scriptIndex` is its position in the run's time-ordered script. That index is unique in the
   * run and the same on every replay and after a fork (a fork only adds events after those
   * done), so a protocol can name the request by it; a node's own counters restart with it.
   */
  onRequest(s: S, command: string, ctx: NodeContext, op: ClientOp | null, scriptIndex?: number): void;
  /** Scenario `timeout`: the node's election or retry timer fires now. */
  onTimeoutNow(s: S, ctx: NodeContext): void;
  /** Scenario `transfer`, given to the leader: hand leadership to `to` (protocols that list 'transfer' in `events`). */
  onTransfer?(s: S, to: NodeId, ctx: NodeContext): void;
  /** A protocol's own scripted event (one of ProtocolDef.leaderEvents), given to the leader. */
  onLeaderEvent?(s: S, e: LeaderEvent, ctx: NodeContext): void;
}

export interface ProtocolDef<S = any, C = any> {
  readonly name: string;
  readonly bugs: readonly string[];
  readonly invariants: readonly string[];
  readonly timers: readonly string[];
  /** Scenario event types beyond CONTRACT §1 that this protocol acts on (e.g. 'transfer'); the schema refuses them elsewhere. */
  readonly events?: readonly string[];
  readonly defaultConfig: C;
  /** Fill in defaults for knobs the scenario left out (src/scenario checks them against the protocol's knob table). */
  parseConfig(raw: Record<string, unknown> | undefined): C;
  build(config: C): NodeHandlers<S>;
  /** A live, independent copy (also of a frozen checkpoint copy). */
  clone(s: S): S;
  /** A checkpoint copy that is only ever cloned, never run: it may share append-only data. */
  freeze?(s: S): S;
  /** Rank of this node's claim to lead (term or ballot), or null if it does not believe it leads. */
  leaderRank(s: S): number | null;
  /** The node's believed leader, for workload clients. */
  leaderHint(s: S): NodeId | null;
  reportNode(s: S): Record<string, unknown>;
  createObserver(nodeCount: number): Observer<S>;
}
