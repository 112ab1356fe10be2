/**
 * A protocol as a plug-in: the engine's ProtocolDef plus what the generic layers read from the
 * protocol's folder instead of naming it: its knobs, how requests reach it, and its fuzz profile.
 */
import type { Rng } from '../sim/rng';
import type { NetworkSettings, ProtocolDef, ScenarioEvent, Workload } from '../sim/types';
import type { KnobTable } from './config';
import type { Text } from './explain';

/**
 * Who takes a request (a scenario `request` event, a workload client, the fuzzer's probes):
 * - `leader`: only the leader; other nodes refuse and name the leader they know of;
 * - `any`: any node, forwarding to the leader it knows of;
 * - `proposer`: each node proposes the value itself, and no client workload is served.
 */
export type RequestPath = 'leader' | 'any' | 'proposer';

/** The report's parts a fuzz profile reads (CONTRACT §4). */
export interface FuzzReport {
  nodes: Record<string, unknown>[];
  [field: string]: unknown;
}

/** What the swarm fuzzer needs to know: above all, what "the cluster converged" means. */
export interface FuzzProfile {
  /** After the liveness phase (every fault healed, probe requests sent): null when converged, else why not. */
  check(report: FuzzReport, probes: readonly string[]): string | null;
  /** Number knobs worth varying, drawn from the seed's fuzz stream; {} for defaults. */
  drawConfig?(rng: Rng): Record<string, unknown>;
  /**
   * Events of the protocol's own worth scripting in the safety phase, and a client workload that
   * exercises its switches (used when the seed plays no shape), drawn from a stream of their own.
   * `config` holds the switches already drawn; the knobs returned override them (a teaching bug
   * that lives in one mode asks for that mode).
   */
  drawFeatures?(rng: Rng, seed: FeatureSeed): FeatureDraw;
  /**
   * Swarm 2 on: features of the protocol's own that change the cluster itself (Raft: snapshots,
   * membership changes), drawn from a stream of their own. `scripted`: the seed plays a shape, a
   * standing partition or a lock workload, which need the voting set as it is.
   */
  drawExtras?(rng: Rng, seed: FuzzSeed): FuzzExtras;
}

export interface FeatureSeed { bugs: readonly string[]; nodes: number; safetyMs: number; config: Readonly<Record<string, unknown>> }
export interface FeatureDraw {
  config: Record<string, unknown>;
  events: ScenarioEvent[];
  workload: Workload | null;
  /** the seed's bug shows only through that workload: the seed plays no shape (which would take it away) */
  workloadNeeded?: boolean;
}

/** What a seed's extras may depend on. */
export interface FuzzSeed { nodes: number; safetyMs: number; network: NetworkSettings; scripted: boolean }

/** A protocol's own features for one seed; random faults inside `window` are left out (as for shapes). */
export interface FuzzExtras {
  config: Record<string, unknown>;
  events: ScenarioEvent[];
  window?: { from: number; to: number };
}

export interface ProtocolPlugin<S = any, C = any> extends ProtocolDef<S, C> {
  /** Its name in English prose (CLI messages, warnings); the page's name is in its view. */
  readonly title: string;
  /** One entry per key of `defaultConfig`: how the schema checks it, the setup form edits it, the fuzzer draws it. */
  readonly knobs: KnobTable<C>;
  /** A check across knobs, after each knob alone passed its table's check (optional). */
  checkConfig?(raw: Record<string, unknown>): { field: string; reason: Text } | null;
  readonly requests: RequestPath;
  readonly fuzz: FuzzProfile;
  /** What the exhaustive search (src/scenario/check.ts) needs to know (optional). */
  readonly search?: SearchProfile;
}

/** Bounds of an exhaustive search (src/scenario/check.ts's CheckOptions; unset ones take its defaults). */
export interface SearchBounds {
  model?: 'rounds' | 'messages';
  nodes?: number;
  maxRequests?: number;
  maxCrashes?: number;
  maxTimeouts?: number;
  maxPartitions?: number;
  maxDuplicates?: number;
  maxReads?: number;
  maxExtras?: number;
  maxMidRequests?: number;
  config?: Record<string, unknown>;
}

/** A teaching bug, the invariant it breaks, and the depth at which the search finds it within its bounds. */
export interface SearchCase extends SearchBounds {
  bug: string;
  invariant: string;
  depth: number;
}

/** How the exhaustive search reads a node's state. */
export interface SearchProfile {
  /**
   * Fields of a node's state that hold a moment (ms) and are only ever compared with a moment a
   * timeout away. The search sets every timeout far out, so such a field means only "set" or "not
   * set" there, and two states that differ only in its value are one state.
   */
  moments?: readonly string[];
  /**
   * Set when renaming the nodes of a state gives a state the protocol treats the same way (no
   * decision depends on the order of node ids), given that every node starts alike: the fields of
   * states, messages and the observer's report that hold node ids, so the search can rename them.
   */
  /**
   * Actions of the protocol's own (a path may take `maxExtras` of them) open to a state with these
   * nodes (`up` by id), scripted at `at`.
   */
  actions?(nodes: readonly unknown[], up: readonly boolean[], nodeIds: readonly number[], at: number): ScenarioEvent[];
  /**
   * The protocol's teaching bugs as the search finds them: each with the bounds that keep the
   * search small and the depth of its shortest counterexample (src/scenario/check-cases.ts
   * collects them; the tests prove each, the README measures them, the page searches with them).
   */
  cases?: readonly SearchCase[];
  /** With no bug, the search completes this depth clean, at the default bounds and these. */
  clean?: SearchBounds & { depth: number };
  symmetry?: {
    /** a field holding one node id (or null) */
    ids: readonly string[];
    /** a list of node ids in ascending order, whose order means nothing */
    idLists: readonly string[];
    /** an array indexed by node id */
    byId: readonly string[];
  };
}

/** The values the cluster decided, in order, read from the report (`committed` or `chosen`). */
export function decidedValues(report: FuzzReport): string[] {
  if (Array.isArray(report.committed)) return (report.committed as { command: string }[]).map((c) => c.command);
  if (Array.isArray(report.chosen)) return (report.chosen as { value: unknown }[]).map((c) => String(c.value));
  return [];
}

/** The usual liveness check: some probe request of the liveness phase was decided. */
export function probeDecided(report: FuzzReport, probes: readonly string[]): string | null {
  const decided = new Set(decidedValues(report));
  return probes.some((p) => decided.has(p)) ? null : `none of the ${probes.length} probe requests of the liveness phase was decided`;
}

/**
 * Knobs of a leader-based log protocol worth fuzzing: half the seeds keep the defaults, the others
 * draw a batch size (small batches make followers lag and leaders back up) and election timings
 * with heartbeats well inside the timeout.
 */
export function drawBatchAndTimings(rng: Rng, batchKnob: string): Record<string, unknown> {
  if (rng.chance(0.5)) return {};
  const min = rng.int(100, 300);
  return {
    [batchKnob]: rng.int(1, 8),
    electionTimeout: { min, max: min + rng.int(50, 300) },
    heartbeatInterval: rng.int(20, Math.floor(min / 2)),
  };
}
