/**
 * The two action models of the exhaustive search (check.ts). Each says how a run is set up, when
 * action k happens, how far the run goes after it, and which actions a state offers. Either way a
 * path of the search is a list of scripted events, so it replays as an ordinary scenario.
 *
 * - `messages`: nothing happens on its own (messages take a minute, timers far longer); an action
 *   is one scripted event one millisecond after the last: deliver one message on the wire, fire a
 *   node's election (or retry) timer, crash or restart a node, submit a request. Every ordering of
 *   deliveries is explored, so schedules are long: a message and its answer are two steps.
 * - `rounds`: the network settles between actions. Messages take 1 ms, every fixed-interval timer
 *   (a knob of kind `ms`: heartbeats, accept retries) fires every 10 ms and every randomized one
 *   (kind `range`: elections, Paxos retries) is far away, and an action is followed by 50 ms in
 *   which the nodes that can reach each other finish talking. The actions are the faults and acts
 *   of a test script: fire a node's timer, crash or restart a node, cut one node off from the rest
 *   or heal, submit a request, duplicate every message from now on. An election, a replication or
 *   a catch-up is then one step, so Figure 8 is nine.
 *
 * With reads allowed, requests and reads are client calls (get and put of one key) whose history
 * the search checks for linearizability.
 */
import type { NetworkSettings, NodeRef, ScenarioEvent } from '../sim/types';
import type { Simulation } from '../sim/engine';
import type { KnobTable } from '../protocols/config';
import type { ProtocolPlugin } from '../protocols/plugin';

export type CheckModel = 'rounds' | 'messages';
export const CHECK_MODELS: readonly CheckModel[] = ['rounds', 'messages'];

/** What a path has used of its bounds. */
export interface PathCounts {
  requests: number;
  crashes: number;
  timeouts: number;
  duplicates: number;
  partitions: number;
  reads: number;
  extras: number;
  midRequests: number;
}

export interface Bounds {
  maxRequests: number;
  maxCrashes: number;
  maxTimeouts: number;
  maxDuplicates: number;
  maxPartitions: number;
  /** reads a path may make; above 0, requests and reads are client calls and the history is checked */
  maxReads: number;
  /** actions of the protocol's own (its search profile's) a path may take */
  maxExtras: number;
  /** rounds: requests a path may send in the middle of a round, to whichever node leads then */
  maxMidRequests: number;
}

/** The one key the calls of a search read and write. */
const KEY = 'k0';

export interface ActionModel {
  network: Partial<NetworkSettings>;
  config(knobs: KnobTable): Record<string, unknown>;
  /** when action k (1, 2, …) happens, ms */
  at(k: number): number;
  /** how far the run goes after action k (0: the start), ms */
  settledBy(k: number): number;
  /** the actions open to a state reached by k actions */
  actions(sim: Simulation, k: number, used: PathCounts, bounds: Bounds, plugin: ProtocolPlugin): ScenarioEvent[];
}

/** Far enough (3,000 s) that within a search nothing fires on its own. */
const FAR_MS = 3_000_000;

/** Every knob of the kinds given set to `value` (a range to [value, value]). */
function timings(knobs: KnobTable, range: number, ms: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, knob] of Object.entries(knobs)) {
    if (knob.kind === 'range') out[key] = { min: range, max: range };
    if (knob.kind === 'ms') out[key] = ms;
  }
  return out;
}

const messageKey = (m: { from: number; to: number; type: string; payload: unknown }): string =>
  `${m.from}>${m.to}:${m.type}:${JSON.stringify(m.payload)}`;

/** A client write to `node`: a request with a new command, or a `put` call when the history is checked. */
function put(at: number, node: NodeRef, used: PathCounts, b: Bounds): ScenarioEvent {
  return b.maxReads > 0 ? { at, type: 'call', node, op: 'put', key: KEY } : { at, type: 'request', node, command: `c${used.requests + used.midRequests + 1}` };
}

/** Timeouts, crashes, restarts and requests: the node actions both models share. */
function nodeActions(sim: Simulation, at: number, used: PathCounts, b: Bounds, plugin: ProtocolPlugin): ScenarioEvent[] {
  // where only a leader takes requests, one sent elsewhere is refused: no new state to search
  const leaderOnly = plugin.requests === 'leader';
  const out: ScenarioEvent[] = [];
  for (const id of sim.nodeIds) {
    if (!sim.up[id]) {
      out.push({ at, type: 'restart', node: id });
      continue;
    }
    const leads = sim.protocol.leaderRank(sim.nodes[id]) !== null;
    if (used.timeouts < b.maxTimeouts && !leads) out.push({ at, type: 'timeout', node: id });
    if (used.crashes < b.maxCrashes) out.push({ at, type: 'crash', node: id });
    if (used.requests < b.maxRequests && (leads || !leaderOnly)) out.push(put(at, id, used, b));
    if (used.reads < b.maxReads && (leads || !leaderOnly)) out.push({ at, type: 'call', node: id, op: 'get', key: KEY });
  }
  if (used.extras < b.maxExtras) out.push(...plugin.search?.actions?.(sim.nodes, sim.up, sim.nodeIds, at) ?? []);
  return out;
}

export const messagesModel: ActionModel = {
  network: { latency: { min: 60_000, max: 60_000 }, dropRate: 0, duplicateRate: 0 },
  config: (knobs) => timings(knobs, FAR_MS, FAR_MS),
  at: (k) => k,
  settledBy: (k) => k,
  actions(sim, k, used, bounds, plugin) {
    const at = k + 1;
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
    return [...out, ...nodeActions(sim, at, used, bounds, plugin)];
  },
};

const ROUND_MS = 30;
const PULSE_MS = 10;
/** When a mid-round request may land after its round's action: every millisecond of the first ten, in which an election and its handshakes run. */
const MID_ROUND_MS = Array.from({ length: 9 }, (_, i) => i + 1);

export const roundsModel: ActionModel = {
  network: { latency: { min: 1, max: 1 }, dropRate: 0, duplicateRate: 0 },
  config: (knobs) => timings(knobs, FAR_MS, PULSE_MS),
  at: (k) => k * ROUND_MS,
  settledBy: (k) => (k + 1) * ROUND_MS - 1,
  actions(sim, k, used, bounds, plugin) {
    const at = (k + 1) * ROUND_MS;
    const out = nodeActions(sim, at, used, bounds, plugin);
    const groupOf = sim.network.groupOf;
    // cut a largest minority off from the rest (one node of three, two of five)
    for (const cut of used.partitions < bounds.maxPartitions ? subsets(sim.nodeIds, Math.floor((sim.nodeIds.length - 1) / 2)) : []) {
      const rest = sim.nodeIds.filter((n) => !cut.includes(n));
      const same = (ns: readonly number[]): boolean => ns.every((n) => groupOf![n] === groupOf![ns[0]]);
      const already = groupOf !== null && same(cut) && same(rest) && groupOf[cut[0]] !== groupOf[rest[0]];
      if (!already) out.push({ at, type: 'partition', groups: [cut, rest] });
    }
    if (groupOf !== null && used.partitions < bounds.maxPartitions) out.push({ at, type: 'heal' });
    if (used.duplicates < bounds.maxDuplicates && sim.network.settings.duplicateRate === 0) out.push({ at, type: 'network', duplicateRate: 1 });
    // a request that lands while the last action's round is still running (an election or a
    // handshake half done), to whichever node leads at that moment; replayed from the state
    // before that action (check.ts)
    if (k >= 1 && used.midRequests < bounds.maxMidRequests) for (const d of MID_ROUND_MS) out.push(put(k * ROUND_MS + d, 'leader', used, bounds));
    return out;
  },
};

/** The subsets of `items` of `size` elements, in order. */
function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((x, i) => subsets(items.slice(i + 1), size - 1).map((rest) => [x, ...rest]));
}

export const MODELS: Record<CheckModel, ActionModel> = { rounds: roundsModel, messages: messagesModel };

/** The event types the models script themselves; any other is a plug-in's own action. */
const MODEL_ACTIONS: ReadonlySet<string> = new Set(['crash', 'restart', 'partition', 'heal', 'request', 'timeout', 'network', 'call', 'deliver']);

/** The path's counts after one more action. */
export function counted(used: PathCounts, e: ScenarioEvent): PathCounts {
  // the model's own requests name a node; only a mid-round one names whoever leads then
  const mid = (e.type === 'request' || e.type === 'call') && e.node === 'leader';
  return {
    midRequests: used.midRequests + (mid ? 1 : 0),
    requests: used.requests + (!mid && (e.type === 'request' || (e.type === 'call' && e.op === 'put')) ? 1 : 0),
    reads: used.reads + (e.type === 'call' && e.op === 'get' ? 1 : 0),
    extras: used.extras + (MODEL_ACTIONS.has(e.type) ? 0 : 1),
    crashes: used.crashes + (e.type === 'crash' ? 1 : 0),
    timeouts: used.timeouts + (e.type === 'timeout' ? 1 : 0),
    duplicates: used.duplicates + (e.type === 'network' ? 1 : 0),
    partitions: used.partitions + (e.type === 'partition' || e.type === 'heal' ? 1 : 0),
  };
}
