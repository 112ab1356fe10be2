/**
 * Exhaustive search of a small cluster (TLC, DSLabs): breadth-first over the actions of one of the
 * two models of check-models.ts (`rounds`, the default: the faults and acts of a test script with
 * the network settling between them; `messages`: every ordering of single deliveries), so the
 * first counterexample found is a shortest one in that model, and it is a scenario like any other.
 * The runs are the real engine and protocol code.
 *
 * States are fingerprinted to skip those seen before (check-key.ts: the nodes' state, which are up,
 * the partition and duplication in force, the messages on the wire as a multiset and what the
 * invariant observer has recorded, under the least renaming of the nodes where the plug-in says
 * the protocol is symmetric). Reductions, each sound for safety (README, "Exhaustive search"):
 * - no `drop` actions: a run that drops a message has a twin that leaves it on the wire for good,
 *   with the same node states after every step, so the same violations; the twin is explored;
 * - identical messages on the wire (same sender, receiver and content) give one `deliver` action;
 * - node symmetry only where the plug-in declares it (Raft): Paxos ballots and Zab's votes order
 *   node ids, so renaming nodes changes what those protocols do.
 */
import type { Scenario, ScenarioEvent } from '../sim/types';
import type { Simulation } from '../sim/engine';
import { PROTOCOLS, type ProtocolName } from '../protocols/registry';
import { MODELS, counted, type CheckModel, type PathCounts } from './check-models';
import { encodeLink } from './link';
import { checkHistory, type CheckBudget } from './linearizability';
import { createSimulation } from './run';
import { stateKeys } from './check-key';
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

/** A path of the search: its actions and what they used of the bounds. */
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
  /** Run the last of `events` on a copy of `sim`, which has run the ones before it (those before its time). */
  const runOn = (sim: Simulation, events: ScenarioEvent[]): Simulation => {
    const next = sim.withScenario({ ...base, events });
    next.runUntil(model.settledBy(events.length));
    return next;
  };

  /**
   * Which state (after how many of `events`) the last of them runs on: the one after the action
   * before it, but for a mid-round request, which lands inside that action's round, the one before.
   */
  const from = (events: ScenarioEvent[]): number => {
    let j = events.length - 1;
    while (j > 0 && model.settledBy(j) >= events[j].at) j--;
    return j;
  };

  for (let depth = 1; depth <= o.depth && frontier.length > 0; depth++) {
    const next: Path[] = [];
    // A path's state is rebuilt when it is expanded. The frontier is in the order it was found, so
    // neighbours share long prefixes: `along[j]` holds the state after the last rebuilt path's
    // first j actions, and only what lies past the prefix the next one shares is run again.
    const along: Simulation[] = [rootSim];
    let last: ScenarioEvent[] = [];
    const rebuild = (events: ScenarioEvent[]): void => {
      let shared = 0;
      while (shared < last.length && shared < events.length && last[shared] === events[shared]) shared++;
      along.length = shared + 1;
      for (let i = shared; i < events.length; i++) along.push(runOn(along[from(events.slice(0, i + 1))], events.slice(0, i + 1)));
      last = events;
    };
    for (const parent of frontier) {
      rebuild(parent.events);
      const state = along[along.length - 1];
      for (const action of model.actions(state, depth - 1, parent.used, o, plugin)) {
        const events = [...parent.events, action];
        const sim = runOn(along[from(events)], events);
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
