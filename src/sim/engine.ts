/**
 * The deterministic discrete-event engine. One queue ordered by (time, seq) holds message
 * deliveries and timers; the scenario's scripted events sit in their own sorted list and win
 * ties, so adding a user action at time t replays exactly like a fresh run with that event.
 * Everything random comes from streams split off the scenario's seed.
 */
import { InFlight } from './in-flight';
import { EventQueue, type Queued } from './queue';
import { Rng } from './rng';
import { TraceHash } from './hash';
import { NetworkState, DEFAULT_NETWORK } from './network';
import { msToUs, usToMs } from './time';
import { traceKindCode, type TraceKind, type TraceSink } from './trace';
import type {
  ClientOp, ClientResult, LeaderEvent, Message, NodeContext, NodeHandlers, NodeId, NodeRef, NoteData, Observer, ProtocolDef,
  Scenario, ScenarioEvent, Workload as WorkloadSpec, Violation,
} from './types';
import { Workload } from './workload';
import type { ClientHistoryEntry } from './client-history';
import { LockWorkload, type StorageSend } from './lock-workload';
import { forwardTarget, homeOf, type Hop } from './home';

const DELIVER = 0;
const TIMER = 1;
const CLIENT = 2;
const STORAGE = 3;
const HOP = 4;

/** What applyScripted returns for an event that did nothing (a node id is never negative). */
const IGNORED = -1;

interface QueueItem extends Queued {
  kind: typeof DELIVER | typeof TIMER | typeof CLIENT | typeof STORAGE | typeof HOP;
  node: NodeId;
  /** What arrives: the message (DELIVER), the timer's name (TIMER), the hop (HOP) or the storage write (STORAGE). */
  ref: Message | string | Hop | StorageSend | null;
  /** TIMER: the arming it belongs to. */
  gen: number;
}

/**
 * Every queue item has the same fields, built here alone: the heap's comparisons and the event loop
 * then see one object shape, where five kinds of literal made their property reads polymorphic.
 * (One field for what arrives, whatever its kind: a page's run keeps thousands of items in each
 * time-travel copy.)
 */
function queueItem(time: number, seq: number, kind: QueueItem['kind'], node: NodeId, ref: QueueItem['ref'], gen = 0): QueueItem {
  return { time, seq, kind, node, ref, gen };
}

/** A timer's record; `gen` 0 once it has fired (kept, not deleted: timers re-arm all the time, and a Map's delete and set cost more). */
interface ArmedTimer { gen: number; at: number; queuedAt: number }
const FIRED = 0;

export interface Stats {
  events: number;
  messagesSent: number;
  messagesDelivered: number;
  messagesDropped: number;
}

export interface SimOptions {
  /** Receives every trace record as it happens (the UI keeps them; the CLI does not). */
  onTrace?: TraceSink;
  /** Most violations kept; later ones still count in the hash but are not listed. */
  maxViolations?: number;
}

const MAX_VIOLATIONS = 100;
const stringCodes = new Map<string, number>();

/** Strings in the trace (message types, timer names) hash to a cached code. */
function codeOf(s: string): number {
  let c = stringCodes.get(s);
  if (c === undefined) {
    const h = new TraceHash();
    h.str(s);
    c = h.h1 ^ h.h2;
    stringCodes.set(s, c);
  }
  return c;
}

export class Simulation<S = unknown, C = unknown> {
  readonly scenario: Scenario;
  readonly protocol: ProtocolDef<S, C>;
  readonly config: C;
  readonly handlers: NodeHandlers<S>;
  readonly nodeIds: NodeId[];
  readonly bugs: ReadonlySet<string>;

  /** Virtual time in µs of the last processed event (or the run's end). */
  nowUs = 0;
  /** When the last event processed happened (µs); the clock (`nowUs`) may have run on past it. */
  lastEventUs = 0;
  stats: Stats = { events: 0, messagesSent: 0, messagesDelivered: 0, messagesDropped: 0 };
  violations: Violation[] = [];
  /** Node states, indexed by node id (index 0 unused). */
  nodes: S[] = [];
  up: boolean[] = [];
  timers: Map<string, ArmedTimer>[] = [];
  inFlight = new InFlight();
  network: NetworkState;
  observer: Observer<S>;
  workload: Workload | null = null;
  /** The lock clients and their storage, when the workload is `kind: "lock"` (then `workload` is null). */
  locks: LockWorkload | null = null;
  /** Per client, until when (ms) it is paused (the `pause` event). */
  pausedUntil: number[] = [];

  private queue = new EventQueue<QueueItem>();
  private seq = 0;
  private nextMessageId = 1;
  private timerGen = 0;
  private scripted: ScenarioEvent[];
  private cursor = 0;
  private hash = new TraceHash();
  private networkRng: Rng;
  /** Draws for the hops between home nodes and leaders (src/sim/home.ts); null unless the workload has `home`. */
  private homeRng: Rng | null;
  private contexts: NodeContext[] = [];
  private nodeRngs: Rng[] = [];
  private onTrace?: TraceSink;
  private maxViolations: number;
  private seenViolations = new Set<string>();

  constructor(scenario: Scenario, protocol: ProtocolDef<S, C>, options: SimOptions = {}) {
    this.scenario = scenario;
    this.protocol = protocol;
    this.config = protocol.parseConfig(scenario.config);
    this.handlers = protocol.build(this.config);
    this.bugs = new Set(scenario.bugs ?? []);
    this.onTrace = options.onTrace;
    this.maxViolations = options.maxViolations ?? MAX_VIOLATIONS;
    this.nodeIds = Array.from({ length: scenario.nodes }, (_, i) => i + 1);
    this.network = new NetworkState({
      ...DEFAULT_NETWORK,
      ...scenario.network,
      latency: { ...DEFAULT_NETWORK.latency, ...scenario.network?.latency },
    });
    this.networkRng = Rng.stream(scenario.seed, 'network');
    this.homeRng = scenario.workload?.home ? Rng.stream(scenario.seed, 'home') : null;
    this.scripted = inScriptOrder(scenario.events);
    this.observer = protocol.createObserver(scenario.nodes);
    this.nodes.length = scenario.nodes + 1;
    for (const id of this.nodeIds) {
      this.nodeRngs[id] = Rng.stream(scenario.seed, `node-${id}`);
      this.contexts[id] = this.makeContext(id);
      this.up[id] = true;
      this.timers[id] = new Map();
      this.nodes[id] = this.handlers.create(this.contexts[id]);
    }
    if (scenario.workload?.kind === 'lock') {
      this.locks = new LockWorkload(scenario.workload, scenario.nodes, Rng.stream(scenario.seed, 'workload'),
        Rng.stream(scenario.seed, 'storage'), this.network.settings.latency);
      for (const item of this.locks.initialWakeups()) this.pushClient(item.client, msToUs(item.atMs));
    } else if (scenario.workload) {
      this.workload = new Workload(scenario.workload, scenario.nodes, Rng.stream(scenario.seed, 'workload'));
      for (const item of this.workload.initialWakeups()) this.pushClient(item.client, msToUs(item.atMs));
    }
    for (const id of this.nodeIds) this.handlers.start(this.nodes[id], this.contexts[id]);
  }

  // ---------------------------------------------------------------- running

  /** Virtual µs of the next event, or Infinity when nothing is left. */
  nextTimeUs(): number {
    const q = this.queue.peek();
    const s = this.scripted[this.cursor];
    const st = s ? msToUs(s.at) : Infinity;
    return Math.min(q ? q.time : Infinity, st);
  }

  /**
   * Process one event. Returns false when nothing is left to do, or when the next live event is
   * later than `limitUs`: a stale queue head (a cancelled or pushed-back timer) must not let
   * runUntil slip an event from after its limit into the state at the limit.
   */
  step(limitUs = Infinity): boolean {
    for (;;) {
      const s = this.scripted[this.cursor];
      const q = this.queue.peek();
      if (!s && !q) return false;
      if (Math.min(s ? msToUs(s.at) : Infinity, q ? q.time : Infinity) > limitUs) return false;
      if (s && (!q || msToUs(s.at) <= q.time)) {
        this.cursor++;
        this.nowUs = Math.max(this.nowUs, msToUs(s.at));
        this.stats.events++;
        const touched = this.applyScripted(s);
        if (touched === IGNORED) {
          this.stats.events--; // it did nothing: not an event, and the run is as if it were not there
          continue;
        }
        this.after(touched);
        return true;
      }
      this.queue.pop();
      if (this.processQueued(q!)) return true;
    }
  }

  /** Run every event at or before `untilMs`, then set the clock to `untilMs`. */
  runUntil(untilMs: number): void {
    const limit = msToUs(untilMs);
    while (this.nextTimeUs() <= limit && this.step(limit)) { /* keep going */ }
    if (limit > this.nowUs) this.nowUs = limit;
  }

  /** Run until `count` events have been processed in total (or nothing is left). */
  runEvents(count: number): void {
    while (this.stats.events < count && this.step()) { /* keep going */ }
  }

  /** What a copy of this state has to copy, roughly: the messages on the wire and the queued items. */
  get footprint(): number { return this.inFlight.size + this.queue.size; }

  get timeMs(): number { return usToMs(this.nowUs); }
  get traceHash(): string { return this.hash.hex(); }
  get clientHistory(): ClientHistoryEntry[] { return this.workload ? this.workload.history : []; }

  /** The node that believes it leads with the highest term or ballot, or null. */
  leader(): NodeId | null {
    let best: NodeId | null = null;
    let bestRank = -Infinity;
    for (const id of this.nodeIds) {
      if (!this.up[id]) continue;
      const r = this.protocol.leaderRank(this.nodes[id]);
      if (r !== null && r > bestRank) { best = id; bestRank = r; }
    }
    return best;
  }

  /** When the named timer of a node fires next (ms), or null when it is not armed. */
  timerDeadline(node: NodeId, name: string): number | null {
    const t = this.timers[node]?.get(name);
    return t && t.gen !== FIRED ? usToMs(t.at) : null;
  }

  // ---------------------------------------------------------------- events

  private processQueued(item: QueueItem): boolean {
    if (item.kind === TIMER) {
      const name = item.ref as string;
      const armed = this.timers[item.node].get(name);
      if (!armed || armed.gen !== item.gen) return false; // cancelled, or re-armed earlier
      if (armed.at > item.time) {
        // pushed back since it was queued: requeue once at the new deadline
        armed.queuedAt = armed.at;
        this.queue.push(queueItem(armed.at, this.seq++, TIMER, item.node, name, item.gen));
        return false;
      }
      armed.gen = FIRED;
      this.nowUs = item.time;
      this.stats.events++;
      this.record('timer', item.node, name);
      this.handlers.onTimer(this.nodes[item.node], name, this.contexts[item.node]);
      this.after(item.node);
      return true;
    }
    if (item.kind === CLIENT) {
      const clients = this.locks ?? this.workload!;
      if (!clients.isCurrent(item.node, item.time)) return false; // superseded wake-up
      const paused = this.pausedUntil[item.node];
      if (paused !== undefined && msToUs(paused) > item.time) {
        // a paused client does nothing: its wake-up waits for the end of the pause
        clients.defer(item.node, paused);
        this.pushClient(item.node, msToUs(paused));
        return false;
      }
      this.nowUs = item.time;
      this.stats.events++;
      this.after(this.locks ? this.lockClientWake(item.node) : this.clientWake(item.node));
      return true;
    }
    if (item.kind === STORAGE) {
      this.nowUs = item.time;
      this.stats.events++;
      this.after(null, this.storageArrive(item.ref as StorageSend));
      return true;
    }
    if (item.kind === HOP) {
      this.nowUs = item.time;
      this.stats.events++;
      this.after(this.hopArrive(item.ref as Hop));
      return true;
    }
    const msg = item.ref as Message;
    if (!this.inFlight.delete(msg.id)) return false; // already dropped or delivered by the user
    this.nowUs = item.time;
    this.stats.events++;
    this.after(this.arrive(msg, false));
    return true;
  }

  /** A message reaches its destination (or dies on the way). Returns the node touched. */
  private arrive(msg: Message, forced: boolean): NodeId | null {
    let reason: string | null = null;
    if (!this.up[msg.to]) reason = 'down';
    else if (!forced && msg.lost) reason = msg.cut ? 'partition' : 'loss';
    else if (!forced && this.network.separated(msg.from, msg.to)) reason = 'partition';
    if (reason !== null) {
      this.stats.messagesDropped++;
      this.record('drop', msg.to, msg.type, msg, { reason });
      return null;
    }
    this.stats.messagesDelivered++;
    this.record('deliver', msg.to, msg.type, msg);
    this.handlers.onMessage(this.nodes[msg.to], msg, this.contexts[msg.to]);
    return msg.to;
  }

  private applyScripted(e: ScenarioEvent): NodeId | null | typeof IGNORED {
    switch (e.type) {
      case 'crash': {
        const id = this.resolve(e.node);
        if (id === null || !this.up[id]) return this.noop(e, id);
        this.record('fault', id, 'crash');
        this.up[id] = false;
        this.timers[id].clear();
        this.nodes[id] = this.handlers.crash(this.nodes[id], this.contexts[id]);
        return id;
      }
      case 'restart': {
        const id = this.resolve(e.node);
        if (id === null || this.up[id]) return this.noop(e, id);
        this.record('fault', id, 'restart');
        this.up[id] = true;
        this.observer.onRestart(id);
        this.handlers.start(this.nodes[id], this.contexts[id]);
        return id;
      }
      case 'partition':
        this.network.partition(e.groups, this.scenario.nodes);
        this.record('fault', 0, 'partition', undefined, { groups: e.groups });
        return null;
      case 'heal':
        this.network.heal();
        this.record('fault', 0, 'heal');
        return null;
      case 'request': {
        const id = this.resolve(e.node);
        if (id === null || !this.up[id]) return this.noop(e, id);
        this.record('request', id, 'request', undefined, { command: e.command });
        this.handlers.onRequest(this.nodes[id], e.command, this.contexts[id], null, this.cursor - 1);
        return id;
      }
      case 'timeout': {
        const id = this.resolve(e.node);
        if (id === null || !this.up[id]) return this.noop(e, id);
        this.record('fault', id, 'timeout');
        this.handlers.onTimeoutNow(this.nodes[id], this.contexts[id]);
        return id;
      }
      case 'link': {
        const change: NoteData = { from: e.from, to: e.to };
        if (e.reset) change.reset = true;
        if (e.dropRate !== undefined) change.dropRate = e.dropRate;
        if (e.latency) change.latency = [e.latency.min, e.latency.max];
        if (e.reset) this.network.resetLink(e.from, e.to);
        this.network.setLink(e.from, e.to, { dropRate: e.dropRate, latency: e.latency });
        this.record('fault', 0, 'link', undefined, change);
        return null;
      }
      case 'network': {
        const s = this.network.settings;
        if (e.latency) s.latency = { ...e.latency };
        if (e.dropRate !== undefined) s.dropRate = e.dropRate;
        if (e.duplicateRate !== undefined) s.duplicateRate = e.duplicateRate;
        this.record('fault', 0, 'network', undefined, {
          latency: [s.latency.min, s.latency.max], dropRate: s.dropRate, duplicateRate: s.duplicateRate,
        });
        return null;
      }
      case 'drop': {
        const msg = this.inFlight.get(e.message);
        if (!msg) return this.noop(e, null);
        this.inFlight.delete(msg.id);
        this.stats.messagesDropped++;
        this.record('drop', msg.to, msg.type, msg, { reason: 'user' });
        return null;
      }
      case 'deliver': {
        const msg = this.inFlight.get(e.message);
        if (!msg) return this.noop(e, null);
        this.inFlight.delete(msg.id);
        return this.arrive(msg, true);
      }
      case 'pause': {
        if (!this.locks && !this.workload) return this.noop(e, null);
        const until = e.at + e.for;
        if (until > (this.pausedUntil[e.client] ?? 0)) this.pausedUntil[e.client] = until;
        this.record('fault', 0, 'pause', undefined, { client: e.client, for: e.for });
        return null;
      }
      case 'call': {
        if (this.locks) return this.noop(e, null);
        const id = this.resolve(e.node);
        if (id === null) return this.noop(e, id);
        // a scenario without a workload gets clients of its own for its calls
        this.workload ??= new Workload(SCRIPTED_CALLS, this.scenario.nodes, Rng.stream(this.scenario.seed, 'workload'));
        const op = this.workload.call(id, e.op, e.key, usToMs(this.nowUs));
        this.record('request', id, op.op, undefined, { client: op.client, requestId: op.requestId, key: op.key, value: op.value });
        if (!this.up[id]) return id;
        this.handlers.onRequest(this.nodes[id], encodeOp(op), this.contexts[id], op);
        return id;
      }
      case 'transfer': {
        const id = this.leader();
        if (id === null || !this.handlers.onTransfer) return this.noop(e, id);
        this.record('fault', id, 'transfer', undefined, { to: e.to });
        this.handlers.onTransfer(this.nodes[id], e.to, this.contexts[id]);
        return id;
      }
      case 'reconfigure': {
        const id = this.leader();
        if (id === null || !this.handlers.onLeaderEvent) return this.noop(e, null);
        this.record('fault', id, e.type, undefined, leaderEventData(e));
        this.handlers.onLeaderEvent(this.nodes[id], e, this.contexts[id]);
        return id;
      }
      case 'duplicate': {
        // a copy that arrives with the original (held too, in step-by-step mode); no random draw,
        // so nothing else in the run shifts
        const msg = this.inFlight.get(e.message);
        if (!msg) return this.noop(e, null);
        this.record('fault', msg.from, 'duplicate', msg);
        this.enqueueMessage(msg.from, msg.to, msg.type, msg.payload, msg.deliverAt - this.nowUs, msg.lost, msg.cut, true);
        return null;
      }
    }
  }

  /**
   * A scripted event that cannot apply now does nothing (CONTRACT §1): no event is counted and
   * nothing is hashed. The event log still hears why, in a record that goes with the next event.
   */
  private noop(e: ScenarioEvent, node: NodeId | null): typeof IGNORED {
    let why: string;
    if ('message' in e) why = 'no-message';
    else if (e.type === 'pause') why = 'no-client';
    else if (node === null) why = 'no-leader'; // "node": "leader" with nobody leading
    else if (e.type === 'restart') why = 'already-up';
    else if (e.type === 'crash') why = 'already-down';
    else why = 'node-down';
    this.onTrace?.({ event: this.stats.events, time: usToMs(this.nowUs), kind: 'fault', node: node ?? 0, what: e.type, data: { ignored: true, why } });
    return IGNORED;
  }

  private resolve(ref: NodeRef): NodeId | null {
    return ref === 'leader' ? this.leader() : ref;
  }

  /** After each event: run the invariant observer on what changed; `more`: violations found outside it. */
  private after(node: NodeId | null, more: Violation[] | null = null): void {
    this.lastEventUs = this.nowUs;
    let found = this.observer.afterEvent(this.nodes, this.up, node, usToMs(this.nowUs));
    if (more) found = found ? found.concat(more) : more;
    if (!found) return;
    for (const v of found) {
      const data: NoteData = { detail: v.detail };
      this.record('violation', node ?? 0, v.invariant, undefined, data);
      // the Chinese text is for the page's event log: added after hashing, so every language hashes alike
      if (v.detailZh) data.detailZh = v.detailZh;
      const key = `${v.invariant}|${v.detail}`;
      if (this.seenViolations.has(key)) continue;
      this.seenViolations.add(key);
      if (this.violations.length < this.maxViolations) this.violations.push(v);
    }
  }

  // ---------------------------------------------------------------- trace

  private record(kind: TraceKind, node: NodeId, what: string, msg?: Message, data?: NoteData): void {
    const h = this.hash;
    h.word(traceKindCode(kind));
    h.int(this.nowUs);
    h.word(node);
    h.word(codeOf(what));
    if (msg) {
      h.word(msg.id);
      h.word(msg.from);
      h.word(msg.to);
      h.int(msg.deliverAt);
    }
    if (data) h.value(data);
    if (this.onTrace) {
      this.onTrace({ event: this.stats.events, time: usToMs(this.nowUs), kind, node, what, msg, data });
    }
  }

  // ---------------------------------------------------------------- node context

  private makeContext(id: NodeId): NodeContext {
    const sim = this;
    return {
      id,
      nodeIds: this.nodeIds,
      // a value, not a getter: an object literal with a getter is slow to build, and a copy builds
      // its contexts anew after its generators (node generators are never replaced otherwise)
      rng: this.nodeRngs[id],
      now: () => usToMs(sim.nowUs),
      send: (to, type, payload) => sim.send(id, to, type, payload),
      setTimer: (name, delayMs) => sim.setTimer(id, name, delayMs),
      cancelTimer: (name) => { sim.timers[id].delete(name); },
      note: (kind, data) => sim.record('note', id, kind, undefined, data),
      bug: (name) => sim.bugs.has(name),
      reply: (client, requestId, result) => sim.clientReply(id, client, requestId, result),
    };
  }

  private send(from: NodeId, to: NodeId, type: string, payload: unknown): void {
    const net = this.network;
    const link = net.link(from, to);
    const latency = link?.latency ?? net.settings.latency;
    const rng = this.networkRng;
    // always the same number of draws per send, so changing a rate shifts nothing else
    const delay = rng.int(msToUs(latency.min), msToUs(latency.max));
    const cut = net.separated(from, to);
    const lost = rng.chance(link?.dropRate ?? net.settings.dropRate) || cut;
    const duplicated = rng.chance(net.settings.duplicateRate);
    this.enqueueMessage(from, to, type, payload, delay, lost, cut, false);
    if (duplicated) {
      const delay2 = rng.int(msToUs(latency.min), msToUs(latency.max));
      this.enqueueMessage(from, to, type, payload, delay2, lost, cut, true);
    }
  }

  private enqueueMessage(from: NodeId, to: NodeId, type: string, payload: unknown, delayUs: number,
    lost: boolean, cut: boolean, duplicate: boolean): void {
    const msg: Message = {
      id: this.nextMessageId++, from, to, type, payload, sentAt: this.nowUs,
      deliverAt: this.nowUs + delayUs, lost, cut, duplicate,
    };
    this.stats.messagesSent++;
    this.inFlight.add(msg);
    this.record('send', from, type, msg);
    this.queue.push(queueItem(msg.deliverAt, this.seq++, DELIVER, to, msg));
  }

  /**
   * Timers are re-armed constantly (a follower on every heartbeat), so a later deadline only
   * updates the armed record; the queued entry requeues itself when it comes up early. Only an
   * earlier deadline needs a new queue entry.
   */
  private setTimer(node: NodeId, name: string, delayMs: number): void {
    const at = this.nowUs + msToUs(delayMs);
    const armed = this.timers[node].get(name);
    if (armed && armed.gen !== FIRED && armed.queuedAt <= at) {
      armed.at = at;
      return;
    }
    const gen = ++this.timerGen;
    if (armed) { armed.gen = gen; armed.at = at; armed.queuedAt = at; } else this.timers[node].set(name, { gen, at, queuedAt: at });
    this.queue.push(queueItem(at, this.seq++, TIMER, node, name, gen));
  }

  // ---------------------------------------------------------------- workload clients

  private pushClient(client: number, atUs: number): void {
    this.queue.push(queueItem(atUs, this.seq++, CLIENT, client, null));
  }

  /** A client wakes: it sends (or re-sends) a request. Returns the node it touched. */
  private clientWake(client: number): NodeId | null {
    const w = this.workload!;
    const action = w.wake(client, usToMs(this.nowUs));
    let touched: NodeId | null = null;
    if (action.send) {
      const { node, op } = action.send;
      // the client hands its request straight to the node (no network hop)
      const data: NoteData = { client: op.client, requestId: op.requestId, key: op.key, value: op.value };
      if (op.serializable) data.serializable = true;
      this.record('request', node, op.op, undefined, data);
      if (this.up[node]) touched = this.takeRequest(node, op);
    }
    if (action.wakeAtMs !== null) this.pushClient(client, msToUs(action.wakeAtMs));
    return touched;
  }

  /** A node gets a client's request; a home node may hand it on to its leader. Returns the node touched. */
  private takeRequest(node: NodeId, op: ClientOp): NodeId | null {
    if (this.homeRng) {
      const s = this.nodes[node];
      const to = forwardTarget(node, op, this.protocol.leaderRank(s) !== null, this.protocol.leaderHint(s));
      if (to !== node) {
        this.sendHop({ from: node, to, client: op.client, op, requestId: op.requestId, result: null, lost: false });
        return null;
      }
    }
    this.handlers.onRequest(this.nodes[node], encodeOp(op), this.contexts[node], op);
    return node;
  }

  /** A request or an answer leaves for the other end of a home hop (always the same draws per hop). */
  private sendHop(h: Hop): void {
    const net = this.network;
    const link = net.link(h.from, h.to);
    const latency = link?.latency ?? net.settings.latency;
    const rng = this.homeRng!;
    const delay = rng.int(msToUs(latency.min), msToUs(latency.max));
    const lost = rng.chance(link?.dropRate ?? net.settings.dropRate) || net.separated(h.from, h.to);
    this.record('note', h.from, h.op ? 'forward-request' : 'forward-answer', undefined, { client: h.client, requestId: h.requestId, to: h.to });
    this.queue.push(queueItem(this.nowUs + delay, this.seq++, HOP, h.to, { ...h, lost }));
  }

  /** A hop arrives: the leader takes the forwarded request, or the home node passes the answer to its client. */
  private hopArrive(h: Hop): NodeId | null {
    const reason = !this.up[h.to] ? 'down' : h.lost || this.network.separated(h.from, h.to) ? 'cut' : null;
    if (reason !== null) {
      this.record('note', h.to, 'forward-lost', undefined, { client: h.client, requestId: h.requestId, from: h.from, reason });
      return null;
    }
    if (h.op) {
      this.record('note', h.to, 'forwarded', undefined, { client: h.client, requestId: h.requestId, from: h.from });
      this.handlers.onRequest(this.nodes[h.to], encodeOp(h.op), this.contexts[h.to], h.op);
      return h.to;
    }
    this.answerClient(h.to, h.client, h.requestId, h.result!);
    return null;
  }

  /** A node answers a client; under `home` an answer from another node goes back through the client's home. */
  private clientReply(node: NodeId, client: number, requestId: number, result: ClientResult): void {
    if (this.homeRng) {
      const home = homeOf(client, this.scenario.nodes);
      if (node !== home) {
        this.sendHop({ from: node, to: home, client, op: null, requestId, result, lost: false });
        return;
      }
    }
    this.answerClient(node, client, requestId, result);
  }

  private answerClient(node: NodeId, client: number, requestId: number, result: ClientResult): void {
    const clients = this.locks ?? this.workload;
    if (!clients) return;
    const paused = this.pausedUntil[client];
    if (paused !== undefined && paused > usToMs(this.nowUs)) return; // a paused process hears nothing
    const wakeAt = clients.answer(client, requestId, node, result, usToMs(this.nowUs));
    if (wakeAt !== null) this.pushClient(client, msToUs(wakeAt));
    if (this.locks) for (const w of this.locks.takeWrites()) this.sendToStorage(w);
  }

  /** A lock client wakes: keep-alives, requests and storage writes go out. Returns the node it touched. */
  private lockClientWake(client: number): NodeId | null {
    const action = this.locks!.wake(client, usToMs(this.nowUs));
    let touched: NodeId | null = null;
    for (const { node, op } of action.sends) {
      const data: NoteData = { client: op.client, requestId: op.requestId, key: op.key };
      if (op.session !== undefined) data.session = op.session;
      this.record('request', node, op.op, undefined, data);
      if (!this.up[node]) continue;
      touched = this.takeRequest(node, op) ?? touched;
    }
    for (const w of action.writes) this.sendToStorage(w);
    if (action.wakeAtMs !== null) this.pushClient(client, msToUs(action.wakeAtMs));
    return touched;
  }

  /** A write leaves for the storage, outside the cluster: it arrives after its drawn delay. */
  private sendToStorage(w: StorageSend): void {
    this.record('note', 0, 'storage-send', undefined, { client: w.client, token: w.token });
    this.queue.push(queueItem(msToUs(w.arriveAt), this.seq++, STORAGE, 0, w));
  }

  /** The storage takes or refuses a write; an accepted token lower than one before it breaks FencingOrder. */
  private storageArrive(w: StorageSend): Violation[] | null {
    const broke = this.locks!.arrive(w);
    const accepted = this.locks!.storage[this.locks!.storage.length - 1].accepted;
    this.record('note', 0, 'storage-write', undefined, { client: w.client, token: w.token, accepted });
    if (!broke) return null;
    const time = usToMs(this.nowUs);
    return [{
      time, invariant: 'FencingOrder',
      detail: `the storage accepted client ${w.client}'s write with token ${w.token} after it had accepted token ${broke.previous}: `
        + 'a client whose lock had passed to another wrote anyway (fencing is off)',
      detailZh: `存储在接受过令牌 ${broke.previous} 的写入之后，又接受了客户端 ${w.client} 令牌为 ${w.token} 的写入：`
        + '锁已经转给别人的客户端仍然写了进去（未开启 fencing）',
    }];
  }

  // ---------------------------------------------------------------- time travel

  /** A deep, live copy of the whole run state; the trace sink is not carried over. */
  clone(options: SimOptions = {}): Simulation<S, C> {
    return this.copy(false, options);
  }

  /**
   * A checkpoint: a copy that is only ever cloned, never stepped, so it may share append-only
   * data (logs, committed lists, client history) with this run instead of copying it.
   */
  freeze(): Simulation<S, C> {
    return this.copy(true, {});
  }

  private copy(frozen: boolean, options: SimOptions): Simulation<S, C> {
    // a spread, not Object.assign onto a bare object: assigning some thirty properties one by one
    // turns the copy into a dictionary, slower to read on every step and to copy again
    const c = Object.setPrototypeOf({ ...this }, Simulation.prototype) as Simulation<S, C>;
    const m = c as unknown as Record<string, unknown>;
    const p = this.protocol;
    const copyNode = frozen && p.freeze ? p.freeze : p.clone;
    c.stats = { ...this.stats };
    c.violations = this.violations.slice();
    c.nodes = this.nodes.map((s, i) => (i === 0 ? s : copyNode(s)));
    c.up = this.up.slice();
    c.timers = this.timers.map((t) => new Map([...t].map(([k, v]) => [k, { ...v }])));
    c.inFlight = this.inFlight.clone();
    c.network = this.network.clone();
    c.observer = frozen && this.observer.freeze ? this.observer.freeze() : this.observer.clone();
    c.workload = this.workload ? (frozen ? this.workload.freeze() : this.workload.clone()) : null;
    c.locks = this.locks ? this.locks.clone() : null;
    c.pausedUntil = this.pausedUntil.slice();
    m.queue = this.queue.clone();
    m.hash = this.hash.clone();
    m.networkRng = this.networkRng.clone();
    m.homeRng = this.homeRng ? this.homeRng.clone() : null;
    m.nodeRngs = this.nodeRngs.map((r) => r.clone());
    m.seenViolations = new Set(this.seenViolations);
    m.onTrace = options.onTrace;
    m.contexts = [];
    for (const id of this.nodeIds) (m.contexts as NodeContext[])[id] = c.makeContext(id);
    return c;
  }

  /**
   * A copy of this state under a scenario that differs only in events not yet reached
   * (a fork): the processed prefix of the script is identical, so the cursor stays valid.
   * `frozen` makes it a checkpoint copy (see freeze), which must never be stepped.
   */
  withScenario(scenario: Scenario, frozen = false): Simulation<S, C> {
    const c = this.copy(frozen, {});
    const m = c as unknown as Record<string, unknown>;
    m.scenario = scenario;
    m.scripted = inScriptOrder(scenario.events);
    return c;
  }

  /** Set (or clear) the trace sink, e.g. after restoring a checkpoint. */
  setTraceSink(sink: TraceSink | undefined): void { this.onTrace = sink; }

  /** Messages on the wire now, in id order. */
  messagesInFlight(): Message[] {
    return this.inFlight.values();
  }
}

/** The workload of a scenario that has scripted calls and no clients of its own. */
const SCRIPTED_CALLS: WorkloadSpec = { clients: 0, keys: 1, interval: { min: 1, max: 1 }, readRatio: 0, from: 0, to: 0 };

/** Scripted events in the order they apply: by time, ties in array order (a stable sort). */
function inScriptOrder(events: readonly ScenarioEvent[]): ScenarioEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map((x) => x.e);
}

/** What the trace records of a protocol's own event: its fields but the time and type. */
function leaderEventData(e: LeaderEvent): NoteData {
  const data: NoteData = {};
  for (const [k, v] of Object.entries(e)) if (k !== 'at' && k !== 'type') data[k] = v as NoteData[string];
  return data;
}

/** Workload operations travel as commands; the protocol may read the structured op too. */
/** `get <key>` for each key read so far: one string per key, as every log keeps its reads' commands. */
const getCommands = new Map<string, string>();

export function encodeOp(op: ClientOp): string {
  switch (op.op) {
    case 'put': return `put ${op.key}=${op.value}`;
    case 'get': {
      let command = getCommands.get(op.key);
      if (command === undefined) getCommands.set(op.key, command = `get ${op.key}`);
      return command;
    }
    case 'cas': return `cas ${op.key} ${op.expect ?? '∅'}→${op.value}`;
    case 'open': return `open ttl=${op.ttl}`;
    case 'watch': return `watch ${op.key}@${op.expect ?? 0}`;
    case 'acquire': case 'release': return `${op.op} ${op.key} s${op.session}`;
    default: return `${op.op} s${op.session}`;
  }
}
