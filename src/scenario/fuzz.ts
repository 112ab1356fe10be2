/**
 * Swarm fuzzing (TigerBeetle's VOPR, FoundationDB's simulation): one seed draws a fault mix, and
 * from it a whole scenario: a safety phase full of faults, then a liveness phase that heals the
 * network and restarts every node, after which the cluster must converge within a budget.
 * A failure is reproduced by its scenario alone: the share link replays it exactly.
 */
import { Rng } from '../sim/rng';
import type { NodeId, Scenario, ScenarioEvent, Workload } from '../sim/types';
import type { KnobTable } from '../protocols/config';
import { PROTOCOLS, type ProtocolName } from '../protocols/registry';
import { encodeLink } from './link';
import { buildReport, createSimulation, type Report } from './run';
import { validateScenario } from './schema';
import { SHAPES, drawShape, type ShapeName } from './fuzz-shapes';

export interface FuzzOptions {
  protocol: ProtocolName;
  /** teaching bugs to switch on in every generated scenario */
  bugs?: string[];
  /** cluster size; drawn from 3..7 per seed when left out */
  nodes?: number;
  /** virtual ms of the safety phase (faults) */
  safetyMs?: number;
  /** virtual ms the cluster gets to converge once everything is healed */
  livenessMs?: number;
  /**
   * How seeds draw their scenarios. 1: random faults only (the draws the golden file pins);
   * 2 (the default): the same, and on most seeds one of the shapes of fuzz-shapes.ts in a quiet
   * window of its own, in place of the random faults there and of the client workload; on half the
   * others with a workload, a standing partition (see drawStanding) in place of the late faults.
   */
  swarm?: 1 | 2;
  /**
   * Lock clients instead of key-value ones: every seed runs the coordination service's lock
   * workload (drawn from a stream of its own, with client pauses in the swarm), and FencingOrder
   * is at stake. `fencing` says whether the storage fences.
   */
  lock?: { fencing: boolean };
}

export const FUZZ_DEFAULTS = { safetyMs: 6000, livenessMs: 4000, swarm: 2 } as const;
/** Share of swarm-2 seeds that get a shape. */
const SHAPE_CHANCE = 0.6;

/** The fault mix of one seed: each kind is on or off, and how often it strikes (swarm testing). */
export interface SwarmMix {
  /** relative weights of each action in the safety phase; 0 = this seed never does it */
  weights: Record<FaultKind, number>;
  /** ms between two actions, drawn uniformly */
  gap: { min: number; max: number };
  network: { latency: { min: number; max: number }; dropRate: number; duplicateRate: number };
  workload: Workload | null;
  /** a partition that stands to the end of the workload phase, or null (see drawStanding) */
  standing: StandingPartition | null;
}

const FAULT_KINDS = ['crash', 'restart', 'bounce', 'partition', 'heal', 'link', 'network', 'timeout', 'request'] as const;
export type FaultKind = typeof FAULT_KINDS[number];

/** Latency and loss the liveness phase restores: the project's defaults. */
const CALM = { latency: { min: 10, max: 30 }, dropRate: 0, duplicateRate: 0 };
const PROBE_EVERY_MS = 400;

export interface FuzzCase {
  /** the shape this seed plays (swarm 2), or null */
  shape: ShapeName | null;
  seed: number;
  scenario: Scenario;
  mix: SwarmMix;
  /** when the liveness phase begins (ms) */
  healAt: number;
  probes: string[];
}

/** The scenario a seed stands for. Pure: the same seed and options give the same scenario. */
export function generateCase(seed: number, options: FuzzOptions): FuzzCase {
  const rng = Rng.stream(seed, 'fuzz');
  const safetyMs = options.safetyMs ?? FUZZ_DEFAULTS.safetyMs;
  const livenessMs = options.livenessMs ?? FUZZ_DEFAULTS.livenessMs;
  const nodes = options.nodes ?? rng.int(3, 7);
  let mix = drawMix(rng, options.protocol, safetyMs);
  const protocol = PROTOCOLS[options.protocol];
  let config = protocol.fuzz.drawConfig?.(rng) ?? {};
  // (a fault drawn near the end may spill past it: the liveness phase must start clean)
  let events = safetyEvents(rng, mix, nodes, safetyMs).filter((e) => e.at < safetyMs);
  let shape: ShapeName | null = null;
  const swarm = options.swarm ?? FUZZ_DEFAULTS.swarm;
  // switches the protocol lets the fuzzer flip, from a stream of their own (none flip in swarm 1)
  if (swarm >= 2) config = { ...config, ...drawSwitches(Rng.stream(seed, 'fuzz-knobs'), protocol.knobs) };
  // and the protocol's own events and a workload for its switches, from another
  let featureWorkload: Workload | null = null;
  let shapesAllowed = true;
  if (swarm >= 2 && protocol.fuzz.drawFeatures) {
    const f = protocol.fuzz.drawFeatures(Rng.stream(seed, 'fuzz-features'), { bugs: options.bugs ?? [], nodes, safetyMs, config });
    config = { ...config, ...f.config };
    events = [...events, ...f.events];
    featureWorkload = f.workload;
    shapesAllowed = !f.workloadNeeded;
  }
  if (swarm >= 2 && shapesAllowed) {
    // drawn from a stream of its own, so the random faults around it are those of swarm 1
    const shapeRng = Rng.stream(seed, 'fuzz-shape');
    if (shapeRng.chance(SHAPE_CHANCE)) {
      const name = SHAPES[shapeRng.int(0, SHAPES.length - 1)];
      const at = shapeRng.int(0, Math.floor(safetyMs / 2));
      const cut = events.flatMap((e) => (e.type === 'link' && e.at < at ? [[e.from, e.to] as [NodeId, NodeId]] : []));
      const s = drawShape(shapeRng, name, nodes, at, mix.network, [...new Map(cut.map((l) => [l.join('>'), l])).values()]);
      if (s.to < safetyMs) {
        events = [...events.filter((e) => e.at < s.from || e.at > s.to), ...s.events];
        mix = { ...mix, workload: null };
        shape = name;
      }
    }
  }
  if (shape === null && featureWorkload) mix = { ...mix, workload: featureWorkload };
  // a seed with a workload and no shape may end its faults early with a standing partition
  if (swarm >= 2 && shape === null) {
    mix = { ...mix, standing: drawStanding(seed, mix, nodes, safetyMs) };
    if (mix.standing) {
      const faultsEnd = mix.standing.at - STANDING_SETTLE_MS;
      events = events.filter((e) => e.at < faultsEnd);
      settle(events, faultsEnd, nodes);
      events.push({ at: mix.standing.at, type: 'partition', groups: mix.standing.groups });
    }
  }

  // features of the protocol's own (Raft: snapshots, membership changes), from a stream of their
  // own; a seed that plays a shape, a standing partition or a lock workload keeps its voting set
  if (swarm >= 2 && protocol.fuzz.drawExtras) {
    const scripted = shape !== null || mix.standing !== null || options.lock !== undefined;
    const extras = protocol.fuzz.drawExtras(Rng.stream(seed, 'fuzz-extras'), { nodes, safetyMs, network: mix.network, scripted });
    config = { ...config, ...extras.config };
    const w = extras.window;
    events = [...(w ? events.filter((e) => e.at < w.from || e.at > w.to) : events), ...extras.events];
  }
  let workload = mix.workload;
  if (options.lock) {
    const drawn = drawLockWorkload(seed, options.lock.fencing, safetyMs);
    workload = drawn.workload;
    events.push(...drawn.pauses);
  }

  // liveness phase: calm network, no partition, no link overrides, every node up
  const healAt = safetyMs;
  settle(events, healAt, nodes);
  // probes go to the leader when only a leader takes requests, else to every node in turn (a
  // proposer that has not yet learned the outcome runs a round and so learns it), leaving a second
  // to finish the last one
  const probes: string[] = [];
  const every = Math.max(50, Math.min(PROBE_EVERY_MS, Math.floor((livenessMs - 1000) / nodes)));
  for (let t = healAt + every; t <= healAt + livenessMs - 1000; t += every) {
    const command = `probe-${probes.length + 1}`;
    const node = protocol.requests === 'leader' ? 'leader' : 1 + (probes.length % nodes);
    probes.push(command);
    events.push({ at: t, type: 'request', node, command });
  }

  const scenario = validateScenario({
    version: 1, protocol: options.protocol, nodes, seed, until: healAt + livenessMs,
    network: mix.network,
    ...(Object.keys(config).length > 0 ? { config } : {}),
    bugs: options.bugs ?? [],
    events: dedupeLinks(events),
    ...(workload ? { workload } : {}),
    meta: { title: `fuzz seed ${seed}`, description: describeCase(options.protocol, mix.standing, healAt) },
  });
  return { seed, scenario, mix, healAt, probes, shape };
}

/**
 * The boolean and enum knobs a protocol marks `fuzz`, each drawn: on or off, or one of its values.
 * Number knobs are the protocol's own `drawConfig`'s business.
 */
export function drawSwitches(rng: Rng, knobs: KnobTable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, knob] of Object.entries(knobs)) {
    if (knob.kind === 'boolean' && knob.fuzz) out[key] = rng.chance(0.5);
    if (knob.kind === 'enum' && knob.fuzz) out[key] = knob.values[rng.int(0, knob.values.length - 1)];
  }
  return out;
}

function drawMix(rng: Rng, protocol: ProtocolName, safetyMs: number): SwarmMix {
  // each kind is switched on with probability 1/2, with a weight from 1 to 8 when on
  const weights = {} as Record<FaultKind, number>;
  for (const k of FAULT_KINDS) weights[k] = rng.chance(0.5) ? rng.int(1, 8) : 0;
  if (weights.crash > 0 && weights.restart === 0) weights.restart = weights.crash; // crashes alone only shrink the cluster
  if (weights.request === 0) weights.request = 1; // something to commit, so safety is at stake
  const gapMin = rng.int(5, 100);
  const maxLatency = rng.int(15, 200);
  const network = {
    latency: { min: rng.int(1, Math.min(10, maxLatency)), max: maxLatency },
    dropRate: rng.chance(0.5) ? rng.int(0, 30) / 100 : 0,
    duplicateRate: rng.chance(0.5) ? rng.int(0, 30) / 100 : 0,
  };
  const useWorkload = PROTOCOLS[protocol].requests !== 'proposer' && rng.chance(0.3);
  const workload: Workload | null = useWorkload
    ? {
      clients: rng.int(1, 3), keys: rng.int(1, 3), interval: { min: 20, max: rng.int(50, 300) },
      readRatio: rng.int(0, 10) / 10, from: 0, to: safetyMs,
    }
    : null;
  return { weights, gap: { min: gapMin, max: gapMin + rng.int(20, 400) }, network, workload, standing: null };
}

/**
 * A lock workload and its clients' pauses, from a stream of their own: 2 or 3 clients, a TTL, and
 * one to three pauses, some longer than the TTL (a client that wakes to a lock it no longer holds).
 */
function drawLockWorkload(seed: number, fencing: boolean, safetyMs: number): { workload: Workload; pauses: ScenarioEvent[] } {
  const rng = Rng.stream(seed, 'fuzz-lock');
  const clients = rng.int(2, 3);
  const ttl = rng.int(300, 1500);
  const holdMin = rng.int(20, 200);
  const workload: Workload = {
    kind: 'lock', clients, keys: 1, interval: { min: 20, max: rng.int(50, 300) }, readRatio: 0, from: 0, to: safetyMs,
    ttl, hold: { min: holdMin, max: holdMin + rng.int(0, 400) }, fencing,
  };
  const pauses: ScenarioEvent[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    pauses.push({ at: rng.int(0, safetyMs - 1), type: 'pause', client: rng.int(1, clients), for: rng.int(Math.floor(ttl / 2), ttl * 4) });
  }
  return { workload, pauses };
}

/** Heal the network, calm it, undo every link override so far and restart every node, at `at`. */
function settle(events: ScenarioEvent[], at: number, nodes: number): void {
  events.push({ at, type: 'heal' });
  events.push({ at, type: 'network', ...CALM });
  for (const e of events.slice()) {
    if (e.type === 'link') events.push({ at, type: 'link', from: e.from, to: e.to, dropRate: 0, latency: CALM.latency });
  }
  for (let n = 1; n <= nodes; n++) events.push({ at, type: 'restart', node: n });
}

function describeCase(protocol: ProtocolName, standing: StandingPartition | null, healAt: number): string {
  const phases = standing
    ? `faults until ${standing.at - STANDING_SETTLE_MS} ms, from ${standing.at} ms the partition ${JSON.stringify(standing.groups)} until ${healAt} ms`
    : `faults until ${healAt} ms`;
  return `Generated by npm run fuzz (${protocol}); ${phases}, then healed.`;
}

/**
 * A standing partition (swarm option, for seeds with a workload): the faults stop early, everything
 * is healed and restarted, and once the cluster has settled under a leader the largest minority is
 * cut from the majority for the rest of the workload phase. Often the leader is in the minority
 * with a follower that still names it, and keeps believing it leads. The clients may ask any node,
 * so a majority that works must serve every one of them: each must complete an operation in the
 * last STANDING_CHECK_MS before the heal. Drawn from a stream of its own, so a seed's other draws
 * (its whole scenario when this is off) stay as they were.
 */
export interface StandingPartition {
  at: number;
  /** [minority, majority] */
  groups: NodeId[][];
}

/** Calm before the partition, for a leader to be elected and known. */
const STANDING_SETTLE_MS = 1000;
/** The partition stands this long at least: a majority election, and clients finding the leader. */
const STANDING_MIN_MS = 3500;
/** Every client must complete an operation within this last stretch of the standing partition. */
export const STANDING_CHECK_MS = 1500;

function drawStanding(seed: number, mix: SwarmMix, nodes: number, safetyMs: number): StandingPartition | null {
  if (!mix.workload || nodes < 3 || safetyMs < STANDING_SETTLE_MS + STANDING_MIN_MS) return null;
  const rng = Rng.stream(seed, 'standing-partition');
  if (!rng.chance(0.5)) return null;
  // the minority is a run of neighbours in ring order (S4, S5, S1 of five), the order in which a
  // client tries the nodes: a client that gives up on a cut-off leader asks its neighbour next
  const first = rng.int(1, nodes);
  const ids = Array.from({ length: nodes }, (_, i) => ((first - 1 + i) % nodes) + 1);
  const minority = Math.floor((nodes - 1) / 2);
  const at = rng.int(STANDING_SETTLE_MS, safetyMs - STANDING_MIN_MS);
  return { at, groups: [ids.slice(0, minority).sort((a, b) => a - b), ids.slice(minority).sort((a, b) => a - b)] };
}

/** null when every client completed an operation late in the standing partition, else who did not. */
export function standingProgress(report: Report, c: FuzzCase): string | null {
  const standing = c.mix.standing;
  if (!standing || !c.mix.workload) return null;
  const from = c.healAt - STANDING_CHECK_MS;
  const served = new Set<number>();
  for (const h of (report.history ?? []) as { client: number; return: number | null }[]) {
    if (h.return !== null && h.return >= from && h.return <= c.healAt) served.add(h.client);
  }
  const stalled: string[] = [];
  for (let client = 1; client <= c.mix.workload.clients; client++) if (!served.has(client)) stalled.push(`client ${client}`);
  if (stalled.length === 0) return null;
  return `${stalled.join(', ')} completed no operation from ${from} to ${c.healAt} ms, `
    + `while the majority ${JSON.stringify(standing.groups[1])} stood apart from ${JSON.stringify(standing.groups[0])} since ${standing.at} ms`;
}

function safetyEvents(rng: Rng, mix: SwarmMix, nodes: number, safetyMs: number): ScenarioEvent[] {
  const events: ScenarioEvent[] = [];
  const total = FAULT_KINDS.reduce((sum, k) => sum + mix.weights[k], 0);
  const down = new Set<NodeId>();
  const anyNode = (): NodeId => rng.int(1, nodes);
  let requests = 0;
  for (let at = rng.int(0, mix.gap.max); at < safetyMs; at += rng.int(mix.gap.min, mix.gap.max)) {
    let pick = rng.int(1, total);
    let kind: FaultKind = 'request';
    for (const k of FAULT_KINDS) {
      pick -= mix.weights[k];
      if (pick <= 0) { kind = k; break; }
    }
    switch (kind) {
      case 'crash': {
        // aim at the leader half of the time: that is where the interesting bugs hide
        const node = rng.chance(0.5) ? 'leader' : anyNode();
        if (node !== 'leader') down.add(node);
        events.push({ at, type: 'crash', node });
        break;
      }
      case 'restart': {
        const candidates = [...down];
        const node = candidates.length > 0 ? candidates[rng.int(0, candidates.length - 1)] : anyNode();
        down.delete(node);
        events.push({ at, type: 'restart', node });
        break;
      }
      case 'bounce': {
        // a quick crash and restart, as a process supervisor would do: it lands amid elections
        const node = anyNode();
        events.push({ at, type: 'crash', node }, { at: at + rng.int(1, 60), type: 'restart', node });
        break;
      }
      case 'partition':
        events.push({ at, type: 'partition', groups: drawPartition(rng, nodes) });
        break;
      case 'heal':
        events.push({ at, type: 'heal' });
        break;
      case 'link': {
        const from = anyNode();
        const to = ((from + rng.int(0, nodes - 2)) % nodes) + 1; // another node
        events.push({ at, type: 'link', from, to, dropRate: rng.chance(0.5) ? 1 : rng.int(0, 100) / 100 });
        break;
      }
      case 'network':
        events.push({
          at, type: 'network', dropRate: rng.int(0, 40) / 100, duplicateRate: rng.int(0, 40) / 100,
          latency: { min: rng.int(1, 10), max: rng.int(10, 250) },
        });
        break;
      case 'timeout': {
        // half the time two nodes at once: a split vote, where each voter's single vote matters
        const node = anyNode();
        events.push({ at, type: 'timeout', node });
        if (nodes > 1 && rng.chance(0.5)) events.push({ at, type: 'timeout', node: (node % nodes) + 1 });
        // and sometimes a voter restarts mid-election, between two candidates' requests
        if (mix.weights.bounce > 0 && rng.chance(0.5)) {
          const voter = anyNode();
          const crashAt = at + rng.int(1, mix.network.latency.max);
          events.push({ at: crashAt, type: 'crash', node: voter }, { at: crashAt + rng.int(1, 20), type: 'restart', node: voter });
        }
        break;
      }
      case 'request':
        events.push({ at, type: 'request', node: rng.chance(0.8) ? 'leader' : anyNode(), command: `w${++requests}` });
        break;
    }
  }
  return events;
}

/** Jepsen's shapes: one node alone, a random majority/minority split, or three groups. */
function drawPartition(rng: Rng, nodes: number): NodeId[][] {
  const ids = Array.from({ length: nodes }, (_, i) => i + 1);
  for (let i = ids.length - 1; i > 0; i--) { // Fisher–Yates with the seeded stream
    const j = rng.int(0, i);
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  switch (rng.int(0, 2)) {
    case 0: return [[ids[0]], ids.slice(1)];
    case 1: {
      const cut = rng.int(1, nodes - 1);
      return [ids.slice(0, cut), ids.slice(cut)];
    }
    default: {
      const a = rng.int(1, Math.max(1, nodes - 2));
      const b = rng.int(a + 1, Math.max(a + 1, nodes - 1));
      return [ids.slice(0, a), ids.slice(a, b), ids.slice(b)].filter((g) => g.length > 0);
    }
  }
}

/** The liveness phase resets each changed link once. */
function dedupeLinks(events: ScenarioEvent[]): ScenarioEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    if (e.type !== 'link' || e.dropRate !== 0) return true;
    const key = `${e.at}|${e.from}|${e.to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface FuzzOutcome {
  seed: number;
  scenario: Scenario;
  /** share fragment that replays this run */
  url: string;
  violations: Report['violations'];
  /** why the cluster did not converge in the liveness phase, or a standing partition's majority served not every client; or null */
  liveness: string | null;
  /** false when the workload history is not linearizable; null without a workload */
  linearizable: boolean | null;
  traceHash: string;
  events: number;
  /** when the liveness phase began (ms) */
  healAt: number;
}

const joinReasons = (...reasons: (string | null)[]): string | null => reasons.filter((r) => r !== null).join('; ') || null;

export const failed = (o: FuzzOutcome): boolean => o.violations.length > 0 || o.liveness !== null || o.linearizable === false;

/** Generate the scenario of a seed, run it to its end, and judge it. */
export function runFuzzCase(seed: number, options: FuzzOptions): FuzzOutcome {
  const c = generateCase(seed, options);
  const sim = createSimulation(c.scenario, { maxViolations: 10 });
  sim.runUntil(c.scenario.until!);
  const report = buildReport(sim);
  return {
    seed, scenario: c.scenario, url: encodeLink(c.scenario), violations: report.violations,
    // (lock clients keep no history: a standing partition's progress is judged on key-value clients only)
    liveness: joinReasons(options.lock ? null : standingProgress(report, c), PROTOCOLS[options.protocol].fuzz.check(report, c.probes)),
    linearizable: typeof report.linearizable === 'boolean' ? report.linearizable : null,
    traceHash: report.traceHash, events: report.stats.events, healAt: c.healAt,
  };
}

export interface FuzzSummary {
  protocol: ProtocolName;
  bugs: string[];
  seeds: number;
  firstSeed: number;
  failures: FuzzOutcome[];
  /** runs with an invariant violated */
  safetyFailures: number;
  livenessFailures: number;
  linearizabilityFailures: number;
  events: number;
}

export function emptySummary(options: FuzzOptions, firstSeed: number): FuzzSummary {
  return {
    protocol: options.protocol, bugs: options.bugs ?? [], seeds: 0, firstSeed, failures: [],
    safetyFailures: 0, livenessFailures: 0, linearizabilityFailures: 0, events: 0,
  };
}

/** Count one seed's outcome into the summary (seeds are counted in order). */
export function tally(summary: FuzzSummary, outcome: FuzzOutcome): void {
  summary.seeds++;
  summary.events += outcome.events;
  if (outcome.violations.length > 0) summary.safetyFailures++;
  if (outcome.liveness !== null) summary.livenessFailures++;
  if (outcome.linearizable === false) summary.linearizabilityFailures++;
  if (failed(outcome)) summary.failures.push(outcome);
}

/** Run `seeds` consecutive seeds from `firstSeed`; stops early after `stopAfter` failures. */
export function fuzz(options: FuzzOptions & { seeds: number; firstSeed?: number; stopAfter?: number; onCase?: (o: FuzzOutcome) => void }): FuzzSummary {
  const protocol = PROTOCOLS[options.protocol];
  for (const b of options.bugs ?? []) {
    if (!protocol.bugs.includes(b)) throw new Error(`bug: unknown bug "${b}" for ${options.protocol} (known: ${protocol.bugs.join(', ')})`);
  }
  const firstSeed = options.firstSeed ?? 1;
  const summary = emptySummary(options, firstSeed);
  for (let i = 0; i < options.seeds; i++) {
    const outcome = runFuzzCase((firstSeed + i) >>> 0, options);
    tally(summary, outcome);
    options.onCase?.(outcome);
    if (options.stopAfter !== undefined && summary.failures.length >= options.stopAfter) break;
  }
  return summary;
}
