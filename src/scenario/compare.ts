/**
 * Compare mode: one fault script run on two protocols (or two configs) with the same seed, nodes,
 * network and scripted faults, clocks in step, and the figures a class compares: messages sent,
 * time to the first leader and to the first decision, request latency and time without a leader.
 */
import type { Simulation } from '../sim/engine';
import { msToUs } from '../sim/time';
import type { Scenario } from '../sim/types';
import { PROTOCOLS, type ProtocolName } from '../protocols/registry';
import { encodeLink } from './link';
import { DEFAULT_UNTIL, createSimulation } from './run';
import { ScenarioError, validateScenario } from './schema';

/**
 * The same run on another protocol: seed, nodes, network, workload, time and the fault script stay;
 * the knobs and teaching bugs are the first protocol's own, so they stay only on that protocol; acts
 * on one message by its id (drop, deliver, duplicate) name another message there, so they go.
 */
export function withProtocol(scenario: Scenario, protocol: ProtocolName): Scenario {
  if (protocol === scenario.protocol) return scenario;
  const { config: _config, bugs: _bugs, ...rest } = scenario;
  return validateScenario({
    ...rest,
    protocol,
    events: scenario.events.filter((e) => !('message' in e)),
    meta: { ...scenario.meta, title: `${scenario.meta?.title ?? 'run'} (${PROTOCOLS[protocol].title})` },
  });
}

export interface Latency { count: number; meanMs: number; medianMs: number; maxMs: number }

/** What one side of a comparison did, up to the moment measured. */
export interface Figures {
  protocol: string;
  events: number;
  messagesSent: number;
  messagesDelivered: number;
  messagesDropped: number;
  /** the first moment some up node believed it led; null if none did */
  firstLeaderMs: number | null;
  /** the first moment the cluster decided a value (committed or chosen); null if it decided none */
  firstDecidedMs: number | null;
  decided: number;
  /** scripted `request` events: from the request to the decision of its command */
  requestLatency: Latency | null;
  /** workload clients: from call to return of each completed operation */
  clientLatency: Latency | null;
  /** virtual ms without a leader after the first one was elected; null for protocols whose nodes propose on their own */
  unavailableMs: number | null;
  violations: { time: number; invariant: string }[];
}

function latency(samples: number[]): Latency | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    count: samples.length,
    meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    medianMs: round(median),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

/** The decisions of a run as (value, time), read from the report's `committed` or `chosen`. */
function decisions(report: Record<string, unknown>): { value: string; time: number }[] {
  const list = (report.committed ?? report.chosen ?? []) as { command?: unknown; value?: unknown; time: number }[];
  return list.map((d) => ({ value: String(d.command ?? d.value), time: d.time }));
}

/** A moment the cluster gained (`led`) or lost its last leader. */
export interface LeaderChange { time: number; led: boolean }

/**
 * Steps a run to `untilMs`, noting each moment the cluster gains or loses a leader (what the
 * end state forgets). The run is the same as `runUntil`'s: same events, same trace hash.
 */
export function runNotingLeaders(sim: Simulation, untilMs: number, changes: LeaderChange[] = []): LeaderChange[] {
  const note = (): void => {
    const led = sim.leader() !== null;
    const last = changes[changes.length - 1];
    if ((last?.led ?? false) !== led) changes.push({ time: sim.timeMs, led });
  };
  const limit = msToUs(untilMs);
  note();
  while (sim.nextTimeUs() <= limit && sim.step(limit)) note();
  sim.runUntil(untilMs);
  return changes;
}

/** The figures of `sim` as it stands, with the leader changes of its run (those after it are left out). */
export function figuresOf(sim: Simulation, changes: readonly LeaderChange[]): Figures {
  const now = sim.timeMs;
  const report = sim.observer.report();
  const decided = decisions(report);
  const decidedAt = new Map<string, number>();
  for (const d of decided) if (!decidedAt.has(d.value)) decidedAt.set(d.value, d.time);
  const requestSamples: number[] = [];
  for (const e of sim.scenario.events) {
    if (e.type !== 'request' || e.at > now) continue;
    const at = decidedAt.get(e.command);
    if (at !== undefined && at >= e.at) requestSamples.push(at - e.at);
  }
  const clientSamples = sim.clientHistory.flatMap((h) => (h.return === null ? [] : [h.return - h.call]));
  // time without a leader, from the first one on
  const leads = PROTOCOLS[sim.scenario.protocol]?.requests !== 'proposer';
  let firstLeaderMs: number | null = null;
  let unavailable = 0;
  let since: number | null = null;
  for (const c of changes) {
    if (c.time > now) break;
    if (c.led && firstLeaderMs === null) firstLeaderMs = c.time;
    if (firstLeaderMs === null) continue;
    if (!c.led) since = c.time;
    else if (since !== null) { unavailable += c.time - since; since = null; }
  }
  if (since !== null) unavailable += now - since;
  return {
    protocol: sim.scenario.protocol,
    events: sim.stats.events,
    messagesSent: sim.stats.messagesSent,
    messagesDelivered: sim.stats.messagesDelivered,
    messagesDropped: sim.stats.messagesDropped,
    firstLeaderMs: leads ? firstLeaderMs : null,
    firstDecidedMs: decided.length ? Math.min(...decided.map((d) => d.time)) : null,
    decided: decided.length,
    requestLatency: latency(requestSamples),
    clientLatency: latency(clientSamples),
    unavailableMs: leads && firstLeaderMs !== null ? Math.round(unavailable * 1000) / 1000 : null,
    violations: sim.violations.map(({ time, invariant }) => ({ time, invariant })),
  };
}

export interface CompareSide extends Figures { url: string; traceHash: string }

export interface CompareReport {
  version: 1;
  time: number;
  seed: number;
  nodes: number;
  sides: [CompareSide, CompareSide];
}

/** Refuses two scenarios that are not one script: the seed and the cluster size must agree. */
function checkSameRun(a: Scenario, b: Scenario): void {
  for (const field of ['seed', 'nodes'] as const) {
    if (a[field] !== b[field]) {
      throw new ScenarioError(`second scenario: ${field}`, {
        en: `must equal the first scenario's (${a[field]}), so that both runs draw the same`,
        zh: `必须与第一个场景相同（${a[field]}），两次运行才会抽取相同的随机数`,
      });
    }
  }
}

/** Runs both scenarios to `untilMs` (default: the first one's `until`) and compares them. */
export function compareRuns(a: Scenario, b: Scenario, untilMs?: number): CompareReport {
  checkSameRun(a, b);
  const until = untilMs ?? a.until ?? DEFAULT_UNTIL;
  const side = (s: Scenario): CompareSide => {
    const sim = createSimulation(s);
    const changes = runNotingLeaders(sim, until);
    return { ...figuresOf(sim, changes), url: encodeLink(s), traceHash: sim.traceHash };
  };
  return { version: 1, time: until, seed: a.seed, nodes: a.nodes, sides: [side(a), side(b)] };
}
