/**
 * Exhaustive search of a small cluster (TLC, DSLabs): breadth-first over every ordering of the
 * actions the scenario format can script — deliver or drop any message on the wire, fire a node's
 * election (or retry) timer, crash or restart a node, submit a client request to a node that
 * leads — so the first counterexample found is a shortest one, and it is a scenario like any other.
 *
 * The runs are the real engine and protocol code. Nothing happens on its own: messages take a
 * minute to arrive and timers longer, and each action is a scripted event one millisecond after
 * the last, so a path of the search is exactly the scenario that replays it.
 *
 * States are hashed to skip those seen before: the nodes' state, which are up, the messages on
 * the wire as a multiset (ids and send times left out) and what the invariant observer has
 * recorded as decided (times left out). Reductions, each sound for safety:
 * - no `drop` actions: a run that drops a message has a twin that leaves it on the wire for good,
 *   with the same node states after every step, so the same violations; the twin is explored;
 * - identical messages on the wire (same sender, receiver and content) give one `deliver` action;
 * - node symmetry is not applied: Paxos ballots order node ids, so renaming nodes changes what
 *   the protocol does; see the README.
 */
import type { Scenario, ScenarioEvent } from '../sim/types';
import type { Simulation } from '../sim/engine';
import { msToUs } from '../sim/time';
import type { KnobTable } from '../protocols/config';
import { PROTOCOLS, type ProtocolName } from '../protocols/registry';
import { encodeLink } from './link';
import { createSimulation } from './run';
import { validateScenario } from './schema';

export interface CheckOptions {
  protocol: ProtocolName;
  nodes: number;
  depth: number;
  bugs?: string[];
  /** client requests a path may make (each a new command) */
  maxRequests?: number;
  /** crashes a path may make */
  maxCrashes?: number;
  /** timer firings (elections, Paxos rounds) a path may make */
  maxTimeouts?: number;
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
  scenario: Scenario;
  url: string;
}

export interface CheckResult {
  protocol: ProtocolName;
  nodes: number;
  bugs: string[];
  /** distinct states reached */
  states: number;
  /** deepest level explored in full (with no counterexample in it, unless one was found there) */
  depthCompleted: number;
  statesPerSecond: number;
  elapsedMs: number;
  counterexample: Counterexample | null;
  /** true when maxStates stopped the search early */
  truncated: boolean;
}

export const CHECK_DEFAULTS = { maxRequests: 2, maxCrashes: 1, maxTimeouts: 3, maxStates: 2_000_000 } as const;

/** Slow enough that within a search's few dozen milliseconds nothing fires or arrives on its own. */
const FAR = { latency: { min: 60_000, max: 60_000 } };
/** Every timing knob of the protocol set this slow (3,000 s), so no timer fires on its own. */
function slowConfig(knobs: KnobTable): Record<string, unknown> {
  const slow = 3_000_000;
  const out: Record<string, unknown> = {};
  for (const [key, knob] of Object.entries(knobs)) {
    if (knob.kind === 'range') out[key] = { min: slow, max: slow };
    if (knob.kind === 'ms') out[key] = slow;
  }
  return out;
}

interface Node {
  sim: Simulation;
  events: ScenarioEvent[];
  requests: number;
  crashes: number;
  timeouts: number;
}

function baseScenario(o: CheckOptions): Scenario {
  const config = slowConfig(PROTOCOLS[o.protocol].knobs);
  return validateScenario({
    version: 1, protocol: o.protocol, nodes: o.nodes, seed: 1, until: o.depth + 1,
    network: { ...FAR, dropRate: 0, duplicateRate: 0 },
    ...(Object.keys(config).length > 0 ? { config } : {}),
    bugs: o.bugs ?? [],
    events: [],
    meta: { title: `exhaustive search, ${o.protocol}, ${o.nodes} nodes`, description: 'A shortest counterexample found by npm run check.' },
  });
}

const messageKey = (m: { from: number; to: number; type: string; payload: unknown }): string =>
  `${m.from}>${m.to}:${m.type}:${JSON.stringify(m.payload)}`;

const withoutTimes = (_key: string, value: unknown): unknown => (_key === 'time' ? undefined : value);

/** A node's state as text: maps and sets spelt out, observer and checkpoint bookkeeping left out. */
const notState = (key: string, value: unknown): unknown => {
  if (key === 'logDirtyFrom' || key === 'frozenLogLength') return undefined;
  if (value instanceof Map) return { map: [...value] };
  if (value instanceof Set) return { set: [...value] };
  return value;
};

function stateKey(sim: Simulation): string {
  const nodes = sim.nodeIds.map((id) => (sim.up[id] ? '' : '!') + JSON.stringify(sim.nodes[id], notState));
  const wire = sim.messagesInFlight().filter((m) => !m.lost).map(messageKey).sort();
  return `${nodes.join('|')}#${wire.join('|')}#${JSON.stringify(sim.observer.report(), withoutTimes)}`;
}

function actions(n: Node, o: Required<Pick<CheckOptions, 'maxRequests' | 'maxCrashes' | 'maxTimeouts'>>): ScenarioEvent[] {
  const { sim } = n;
  const at = n.events.length + 1;
  // where only a leader takes requests, one sent elsewhere is refused: no new state to search
  const leaderOnly = PROTOCOLS[sim.protocol.name].requests === 'leader';
  const out: ScenarioEvent[] = [];
  const seen = new Set<string>();
  for (const m of sim.messagesInFlight()) {
    if (m.lost) continue;
    const key = messageKey(m);
    if (seen.has(key)) continue; // identical copies: delivering either gives the same state
    seen.add(key);
    if (!sim.up[m.to]) continue; // a down node loses it: the same as never delivering it
    out.push({ at, type: 'deliver', message: m.id });
  }
  for (const id of sim.nodeIds) {
    if (!sim.up[id]) {
      out.push({ at, type: 'restart', node: id });
      continue;
    }
    if (n.timeouts < o.maxTimeouts && sim.protocol.leaderRank(sim.nodes[id]) === null) out.push({ at, type: 'timeout', node: id });
    if (n.crashes < o.maxCrashes) out.push({ at, type: 'crash', node: id });
    if (n.requests < o.maxRequests && (sim.protocol.leaderRank(sim.nodes[id]) !== null || !leaderOnly)) {
      out.push({ at, type: 'request', node: id, command: `c${n.requests + 1}` });
    }
  }
  return out;
}

export function check(options: CheckOptions): CheckResult {
  const o = { ...CHECK_DEFAULTS, ...options };
  const protocol = PROTOCOLS[o.protocol];
  for (const b of o.bugs ?? []) {
    if (!protocol.bugs.includes(b)) throw new Error(`bug: unknown bug "${b}" for ${o.protocol} (known: ${protocol.bugs.join(', ')})`);
  }
  const base = baseScenario(o);
  const now = o.now ?? ((): number => 0);
  const started = now();
  const root: Node = { sim: createSimulation(base, { maxViolations: 1 }), events: [], requests: 0, crashes: 0, timeouts: 0 };
  const seen = new Set<string>([stateKey(root.sim)]);
  let frontier: Node[] = [root];
  let depthCompleted = 0;
  let truncated = false;
  const result = (counterexample: Counterexample | null): CheckResult => {
    const elapsedMs = now() - started;
    return {
      protocol: o.protocol, nodes: o.nodes, bugs: o.bugs ?? [], states: seen.size, depthCompleted,
      statesPerSecond: Math.round(seen.size / Math.max(elapsedMs / 1000, 1e-3)), elapsedMs: Math.round(elapsedMs),
      counterexample, truncated,
    };
  };

  for (let depth = 1; depth <= o.depth && frontier.length > 0; depth++) {
    const next: Node[] = [];
    for (const parent of frontier) {
      for (const action of actions(parent, o)) {
        const events = [...parent.events, action];
        const sim = parent.sim.withScenario({ ...base, events });
        sim.step(msToUs(action.at));
        const key = stateKey(sim);
        if (seen.has(key)) continue;
        seen.add(key);
        if (sim.violations.length > 0) {
          depthCompleted = depth - 1;
          const v = sim.violations[0];
          const scenario = validateScenario({ ...base, until: depth + 1, events });
          return result({ invariant: v.invariant, detail: v.detail, depth, scenario, url: encodeLink(scenario, depth) });
        }
        next.push({
          sim, events,
          requests: parent.requests + (action.type === 'request' ? 1 : 0),
          crashes: parent.crashes + (action.type === 'crash' ? 1 : 0),
          timeouts: parent.timeouts + (action.type === 'timeout' ? 1 : 0),
        });
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
