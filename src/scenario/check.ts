/**
 * Exhaustive search of a small cluster (TLC, DSLabs): breadth-first over the actions of one of the
 * two models of check-models.ts (`rounds`, the default: the faults and acts of a test script with
 * the network settling between them; `messages`: every ordering of single deliveries), so the
 * first counterexample found is a shortest one in that model, and it is a scenario like any other.
 * The runs are the real engine and protocol code.
 *
 * States are hashed to skip those seen before: the nodes' state, which are up, the partition and
 * duplication in force, the messages on the wire as a multiset (ids and send times left out) and
 * what the invariant observer has recorded as decided (times left out). Reductions, each sound
 * for safety:
 * - no `drop` actions: a run that drops a message has a twin that leaves it on the wire for good,
 *   with the same node states after every step, so the same violations; the twin is explored;
 * - identical messages on the wire (same sender, receiver and content) give one `deliver` action;
 * - node symmetry is not applied: Paxos ballots and Zab's votes order node ids, so renaming nodes
 *   changes what those protocols do; see the README.
 */
import type { Scenario, ScenarioEvent } from '../sim/types';
import type { Simulation } from '../sim/engine';
import type { ProtocolPlugin } from '../protocols/plugin';
import { PROTOCOLS, type ProtocolName } from '../protocols/registry';
import { MODELS, counted, type CheckModel, type PathCounts } from './check-models';
import { TraceHash } from '../sim/hash';
import { encodeLink } from './link';
import { checkHistory, type CheckBudget } from './linearizability';
import { createSimulation } from './run';
import { validateScenario } from './schema';

export interface CheckOptions {
  protocol: ProtocolName;
  nodes: number;
  depth: number;
  bugs?: string[];
  /** the action model (check-models.ts); rounds by default */
  model?: CheckModel;
  /** client requests a path may make (each a new command) */
  maxRequests?: number;
  /** crashes a path may make */
  maxCrashes?: number;
  /** timer firings (elections, Paxos rounds) a path may make */
  maxTimeouts?: number;
  /** rounds: times a path may switch on duplication of every message (0 or 1) */
  maxDuplicates?: number;
  /** rounds: partition changes (cut one node off, heal) a path may make */
  maxPartitions?: number;
  /**
   * client reads a path may make (0 by default). Above 0, requests and reads are client calls of
   * one key, the state takes in the clients' history, and a history that is not linearizable is a
   * counterexample (invariant `Linearizability`), decided within HISTORY_BUDGET
   */
  maxReads?: number;
  /** actions of the protocol's own (its plug-in's search profile: Raft's reconfigure) a path may take */
  maxExtras?: number;
  /** rounds: requests a path may send mid-round, to whichever node leads then (0 by default) */
  maxMidRequests?: number;
  /** knobs set for this search over the model's timings (a read mode, a shorter election timeout) */
  config?: Record<string, unknown>;
  /** stop after this many states (a safety net for large depths) */
  maxStates?: number;
  /** called after each depth completes */
  onDepth?: (p: CheckProgress) => void;
  /** a clock in ms for the figures (the CLI passes one; the core reads none) */
  now?: () => number;
}

export interface CheckProgress {
  depth: number;
  states: number;
  frontier: number;
  elapsedMs: number;
}

export interface Counterexample {
  invariant: string;
  detail: string;
  depth: number;
  /** when the invariant broke (virtual ms): the moment the link opens at */
  atMs: number;
  scenario: Scenario;
  url: string;
}

export interface CheckResult {
  protocol: ProtocolName;
  nodes: number;
  bugs: string[];
  model: CheckModel;
  /** distinct states reached */
  states: number;
  /** deepest level explored in full (with no counterexample in it, unless one was found there) */
  depthCompleted: number;
  statesPerSecond: number;
  elapsedMs: number;
  counterexample: Counterexample | null;
  /** true when maxStates stopped the search early */
  truncated: boolean;
  /** histories the checker could not decide within its budget (counted as no violation) */
  undecided: number;
}

/** A search's histories are a few calls long: a budget far below the page's, so that none can stall it. */
export const HISTORY_BUDGET: CheckBudget = { steps: 100_000, memoBytes: 16 * 1024 * 1024 };

export const CHECK_DEFAULTS = {
  model: 'rounds', maxRequests: 2, maxCrashes: 1, maxTimeouts: 3, maxDuplicates: 0, maxPartitions: 3, maxReads: 0, maxExtras: 0, maxMidRequests: 0, maxStates: 2_000_000,
} as const satisfies Partial<CheckOptions>;

/** A path of the search: its actions and what they used of the bounds (its state is rebuilt when expanded). */
interface Path {
  events: ScenarioEvent[];
  used: PathCounts;
}

function baseScenario(o: CheckOptions & { model: CheckModel }): Scenario {
  const model = MODELS[o.model];
  const config = { ...model.config(PROTOCOLS[o.protocol].knobs), ...o.config };
  return validateScenario({
    version: 1, protocol: o.protocol, nodes: o.nodes, seed: 1, until: model.settledBy(o.depth) + 1,
    network: model.network,
    ...(Object.keys(config).length > 0 ? { config } : {}),
    bugs: o.bugs ?? [],
    events: [],
    meta: { title: `exhaustive search, ${o.protocol}, ${o.nodes} nodes`, description: 'A shortest counterexample found by npm run check.' },
  });
}

/** A moment as the search tells it: set or not (see SearchProfile.moments). */
const setOrNot = (v: unknown): unknown => (Array.isArray(v) ? v.map(setOrNot) : typeof v === 'number' ? 1 : v);

type Replacer = (key: string, value: unknown) => unknown;

/**
 * How a state is written as text under one renaming of the nodes (`to[id]`): maps and sets spelt
 * out, moments as set or not, node ids renamed, observer and checkpoint bookkeeping left out.
 * `to` null writes a node blind to names (ids as 0, lists of ids as their length, arrays by id
 * as their sorted values), the same text whatever the nodes are called.
 */
function stateText(fields: Fields, to: readonly number[] | null): Replacer {
  const { moments, ids, idLists, byId } = fields;
  // (under every renaming, the identity too, so that lists of ids are always in order)
  const renamed = fields.symmetric;
  return (key, value) => {
    if (value === null || typeof value !== 'object') {
      if (typeof value !== 'number') return value;
      const v = renamed && ids.has(key) ? (to ? to[value] : 0) : value;
      return moments.has(key) ? 1 : v;
    }
    if (key === 'logDirtyFrom' || key === 'frozenLogLength') return undefined;
    let v: unknown = value;
    if (Array.isArray(v)) {
      if (renamed && idLists.has(key)) v = to ? v.map((n: number) => to[n]).sort((a, b) => a - b) : v.length;
      else if (renamed && byId.has(key)) {
        v = to ? v.reduce((out: unknown[], x, i) => { out[to[i] ?? i] = x; return out; }, [])
          : v.slice().sort((a, b) => (a ?? -1) - (b ?? -1));
      }
      return moments.has(key) ? setOrNot(v) : v;
    }
    if (v instanceof Map) return { map: [...v] };
    if (v instanceof Set) return { set: [...v] };
    return v;
  };
}

/** The field names a state's text treats apart, as sets. */
interface Fields {
  moments: ReadonlySet<string>;
  symmetric: boolean;
  ids: ReadonlySet<string>;
  idLists: ReadonlySet<string>;
  byId: ReadonlySet<string>;
}

/**
 * The renamings worth trying for a state: nodes sorted by their text blind to names, each group
 * of nodes with equal texts in every order (two states that are renamings of each other get the
 * same list, renamed, so the least text over it is the same).
 */
function candidateRenamings(sim: Simulation, blind: Replacer): number[][] {
  const sig = new Map(sim.nodeIds.map((id) => [id, (sim.up[id] ? '' : '!') + JSON.stringify(sim.nodes[id], blind)]));
  const order = sim.nodeIds.slice().sort((a, b) => (sig.get(a)! < sig.get(b)! ? -1 : sig.get(a)! > sig.get(b)! ? 1 : 0));
  let out: number[][] = [[0]];
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && sig.get(order[j]) === sig.get(order[i])) j++;
    const group = order.slice(i, j);
    out = out.flatMap((to) => orderings(group).map((g) => { const t = to.slice(); g.forEach((id, k) => { t[id] = i + k + 1; }); return t; }));
    i = j;
  }
  return out;
}

function orderings<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => orderings([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** Symmetry is applied up to this many nodes. */
const SYMMETRY_MAX_NODES = 5;

/** The state as text under one renaming: nodes, which are up, the partition, duplication, the wire and the observer's report. */
function textUnder(sim: Simulation, report: unknown, text: Replacer, to: readonly number[]): string {
  const nodes: string[] = [];
  for (const id of sim.nodeIds) nodes[to[id]] = (sim.up[id] ? '' : '!') + JSON.stringify(sim.nodes[id], text);
  const wire = sim.messagesInFlight().filter((m) => !m.lost)
    .map((m) => `${to[m.from]}>${to[m.to]}:${m.type}:${JSON.stringify(m.payload, text)}`).sort();
  const groupOf = sim.network.groupOf;
  const groups = groupOf === null ? '' : sim.nodeIds.map((a) => sim.nodeIds.filter((b) => groupOf[b] === groupOf[a]).map((b) => to[b]).sort().join(','))
    .sort().join('/');
  return `${nodes.join('|')}#${wire.join('|')}#${groups}/${sim.network.settings.duplicateRate}#${JSON.stringify(report, (k, v) => (k === 'time' ? undefined : text(k, v)))}`;
}

/**
 * The state's fingerprint: a 64-bit hash of its text (TLC keeps fingerprints too), under the
 * renaming of nodes that gives the least text when the protocol is symmetric.
 */
function stateKeys(plugin: ProtocolPlugin, nodes: number, exactMoments: boolean, withHistory: boolean, symmetric: boolean): (sim: Simulation) => string {
  const sym = symmetric && nodes <= SYMMETRY_MAX_NODES ? plugin.search?.symmetry ?? null : null;
  const fields: Fields = {
    moments: new Set(exactMoments ? [] : plugin.search?.moments), symmetric: sym !== null, ids: new Set(sym?.ids), idLists: new Set(sym?.idLists), byId: new Set(sym?.byId),
  };
  const blind = stateText(fields, null);
  const identity = Array.from({ length: nodes + 1 }, (_, i) => i);
  return (sim) => {
    let least: string | null = null;
    const report = sim.observer.report();
    for (const to of sym ? candidateRenamings(sim, blind) : [identity]) {
      const t = textUnder(sim, report, stateText(fields, to), to);
      if (least === null || t < least) least = t;
    }
    const hash = new TraceHash();
    hash.str(least!);
    // what the clients saw, in call order, with times (real-time order is what linearizability reads)
    if (withHistory) hash.str(JSON.stringify(sim.clientHistory));
    return hash.hex();
  };
}

export function check(options: CheckOptions): CheckResult {
  const o = { ...CHECK_DEFAULTS, ...options };
  const plugin = PROTOCOLS[o.protocol];
  const model = MODELS[o.model];
  for (const b of o.bugs ?? []) {
    if (!plugin.bugs.includes(b)) throw new Error(`bug: unknown bug "${b}" for ${o.protocol} (known: ${plugin.bugs.join(', ')})`);
  }
  const base = baseScenario(o);
  const withHistory = o.maxReads > 0;
  // a timing set for this search is compared with the moments, which then count in full
  const exactMoments = Object.keys(o.config ?? {}).some((k) => ['range', 'ms'].includes(plugin.knobs[k]?.kind ?? ''));
  // a voting set of some nodes: a restarted node takes it as the scenario wrote it, not renamed
  const membersSet = Object.keys(o.config ?? {}).some((k) => plugin.knobs[k]?.kind === 'members');
  const stateKey = stateKeys(plugin, o.nodes, exactMoments, withHistory, !(membersSet && o.maxCrashes > 0));
  let undecided = 0;
  /** The state's verdict: the engine's first violation, else (with reads) the history's. */
  const verdict = (sim: Simulation): { invariant: string; detail: string; time: number } | null => {
    if (sim.violations.length > 0) return sim.violations[0];
    if (!withHistory) return null;
    const h = checkHistory(sim.clientHistory, { budget: HISTORY_BUDGET });
    if (h.linearizable === null) undecided++;
    if (h.linearizable !== false) return null;
    // the link opens when the last answer came
    const time = Math.max(...sim.clientHistory.map((e) => e.return ?? e.call));
    return { invariant: 'Linearizability', detail: h.reason ?? '', time };
  };
  const now = o.now ?? ((): number => 0);
  const started = now();
  const rootSim = createSimulation(base, { maxViolations: 1 });
  rootSim.runUntil(model.settledBy(0));
  const seen = new Set<string>([stateKey(rootSim)]);
  let frontier: Path[] = [{ events: [], used: { requests: 0, crashes: 0, timeouts: 0, duplicates: 0, partitions: 0, reads: 0, extras: 0, midRequests: 0 } }];
  let depthCompleted = 0;
  let truncated = false;
  const result = (counterexample: Counterexample | null): CheckResult => {
    const elapsedMs = now() - started;
    return {
      protocol: o.protocol, nodes: o.nodes, bugs: o.bugs ?? [], model: o.model, states: seen.size, depthCompleted,
      statesPerSecond: Math.round(seen.size / Math.max(elapsedMs / 1000, 1e-3)), elapsedMs: Math.round(elapsedMs),
      counterexample, truncated, undecided,
    };
  };
  /**
   * Run one more action: `along[j]` is the state after j actions; the run goes on from the last of
   * them that is still before the new action (the one before it, but for a mid-round request,
   * which lands inside the round of the action before).
   */
  const extend = (along: readonly Simulation[], events: ScenarioEvent[]): Simulation => {
    const at = events[events.length - 1].at;
    let j = events.length - 1;
    while (j > 0 && model.settledBy(j) >= at) j--;
    const next = along[j].withScenario({ ...base, events });
    next.runUntil(model.settledBy(events.length));
    return next;
  };

  for (let depth = 1; depth <= o.depth && frontier.length > 0; depth++) {
    const next: Path[] = [];
    // The frontier is in the order it was found, so neighbours share long prefixes: keep the
    // states along the last path rebuilt, and rebuild only past the prefix the next one shares.
    const along: Simulation[] = [rootSim];
    let last: ScenarioEvent[] = [];
    for (const parent of frontier) {
      let shared = 0;
      while (shared < last.length && last[shared] === parent.events[shared]) shared++;
      along.length = shared + 1;
      for (let i = shared; i < parent.events.length; i++) along.push(extend(along, parent.events.slice(0, i + 1)));
      last = parent.events;
      const state = along[along.length - 1];
      for (const action of model.actions(state, depth - 1, parent.used, o, plugin)) {
        const events = [...parent.events, action];
        const sim = extend(along, events);
        const key = stateKey(sim);
        if (seen.has(key)) continue;
        seen.add(key);
        const v = verdict(sim);
        if (v !== null) {
          depthCompleted = depth - 1;
          const scenario = validateScenario({ ...base, until: model.settledBy(depth) + 1, events });
          return result({ invariant: v.invariant, detail: v.detail, depth, atMs: v.time, scenario, url: encodeLink(scenario, v.time) });
        }
        next.push({ events, used: counted(parent.used, action) });
        if (seen.size >= o.maxStates) {
          truncated = true;
          return result(null);
        }
      }
    }
    frontier = next;
    depthCompleted = depth;
    o.onDepth?.({ depth, states: seen.size, frontier: frontier.length, elapsedMs: now() - started });
  }
  return result(null);
}
