/**
 * Shrinking a failing run (QuickCheck, Hypothesis, delta debugging): try smaller versions of its
 * scenario — an earlier `until`, fewer script events, fewer nodes, plainer network and settings —
 * and keep each one that still fails the same way, until nothing more can go or the budget of
 * runs is spent. Deterministic: the same scenario always shrinks to the same result.
 */
import type { Scenario, ScenarioEvent } from '../sim/types';
import { PROTOCOLS } from '../protocols/registry';
import { buildReport, createSimulation, type Report } from './run';
import { validateScenario } from './schema';

/** How a run failed; a shrunk run must fail the same way. */
export type FailureKind =
  | { kind: 'invariant'; invariant: string }
  | { kind: 'linearizability' }
  | { kind: 'liveness' };

export interface Judgement {
  report: Report;
  violations: Report['violations'];
  linearizable: boolean | null;
  liveness: string | null;
}

/** The probe requests of a fuzzer scenario's liveness phase (see fuzz.ts). */
const probesOf = (s: Scenario): string[] =>
  s.events.flatMap((e) => (e.type === 'request' && e.command.startsWith('probe-') ? [e.command] : []));

/** Run a scenario to its end and judge it as the fuzzer does. */
export function judge(scenario: Scenario, checkLiveness: boolean): Judgement {
  const sim = createSimulation(scenario, { maxViolations: 10 });
  sim.runUntil(scenario.until!);
  const report = buildReport(sim);
  return {
    report, violations: report.violations,
    linearizable: typeof report.linearizable === 'boolean' ? report.linearizable : null,
    liveness: checkLiveness ? PROTOCOLS[scenario.protocol].fuzz.check(report, probesOf(scenario)) : null,
  };
}

/** The first way a judged run failed, or null if it passed. */
export function failureOf(j: Pick<Judgement, 'violations' | 'linearizable' | 'liveness'>): FailureKind | null {
  if (j.violations.length > 0) return { kind: 'invariant', invariant: j.violations[0].invariant };
  if (j.linearizable === false) return { kind: 'linearizability' };
  if (j.liveness !== null) return { kind: 'liveness' };
  return null;
}

/** Does this run fail the way `want` says (the invariant among its violations, or the same kind)? */
export const failsAlike = (j: Pick<Judgement, 'violations' | 'linearizable' | 'liveness'>, want: FailureKind): boolean => {
  switch (want.kind) {
    case 'invariant': return j.violations.some((v) => v.invariant === want.invariant);
    case 'linearizability': return j.linearizable === false;
    case 'liveness': return j.violations.length === 0 && j.liveness !== null;
  }
};

export const describeFailure = (f: FailureKind): string =>
  f.kind === 'invariant' ? `${f.invariant} violated` : f.kind === 'linearizability' ? 'history not linearizable' : 'no convergence after healing';

export interface ShrinkOptions {
  /** runs the shrinker may spend; each is one whole run of a candidate */
  maxRuns?: number;
  /** a liveness failure keeps its liveness phase, which starts here (ms) */
  healAt?: number;
}

export interface ShrinkResult {
  scenario: Scenario;
  failure: FailureKind;
  runs: number;
  /** script events before and after */
  eventsBefore: number;
  eventsAfter: number;
  /** when the shrunk run first violates its invariant (ms), to open it there; else its end */
  momentMs: number;
}

export const SHRINK_RUNS = 300;

export function shrink(original: Scenario, failure: FailureKind, options: ShrinkOptions = {}): ShrinkResult {
  const maxRuns = options.maxRuns ?? SHRINK_RUNS;
  const liveness = failure.kind === 'liveness';
  const healAt = options.healAt ?? Infinity;
  let best = original;
  let bestJudgement: Judgement | null = null;
  let runs = 0;

  /** Keep `candidate` if it is valid and still fails the same way. */
  const attempt = (candidate: Scenario): boolean => {
    if (runs >= maxRuns) return false;
    let valid: Scenario;
    try {
      valid = validateScenario(JSON.parse(JSON.stringify(candidate)));
    } catch {
      return false;
    }
    runs++;
    const j = judge(valid, liveness);
    if (!failsAlike(j, failure)) return false;
    best = valid;
    bestJudgement = j;
    return true;
  };
  const withEvents = (s: Scenario, events: ScenarioEvent[]): Scenario => ({ ...s, events });
  const untilOf = (s: Scenario): number => s.until!;

  // 1. end sooner: just after the violation, or as early as the history still fails
  if (failure.kind === 'invariant') {
    const j = judge(original, false);
    runs++;
    const t = j.violations.find((v) => v.invariant === failure.invariant)?.time;
    if (t !== undefined) cutAt(Math.floor(t) + 1);
  } else if (failure.kind === 'linearizability') {
    let lo = 0;
    let hi = untilOf(best);
    while (hi - lo > 50 && runs < maxRuns) {
      const mid = Math.floor((lo + hi) / 2);
      if (cutAt(mid)) hi = mid;
      else lo = mid;
    }
  }
  function cutAt(until: number): boolean {
    return attempt({ ...best, until, events: best.events.filter((e) => e.at <= until), ...workloadUntil(best, until) });
  }

  for (let round = 0; round < 8 && runs < maxRuns; round++) {
    const before = JSON.stringify(best);
    removeEvents();
    fewerNodes();
    plainerSettings();
    // with less going on, the violation may now come sooner
    const t = (bestJudgement as Judgement | null)?.violations.find((v) => failure.kind === 'invariant' && v.invariant === failure.invariant)?.time;
    if (t !== undefined && Math.floor(t) + 1 < untilOf(best)) cutAt(Math.floor(t) + 1);
    if (JSON.stringify(best) === before) break;
  }

  function removeEvents(): void {
    const fixed = (e: ScenarioEvent): boolean => liveness && e.at >= healAt;
    for (let chunk = Math.max(1, best.events.length >> 1); chunk >= 1 && runs < maxRuns; chunk >>= 1) {
      for (let i = 0; i < best.events.length && runs < maxRuns;) {
        const slice = best.events.slice(i, i + chunk);
        if (slice.some(fixed) || !attempt(withEvents(best, [...best.events.slice(0, i), ...best.events.slice(i + chunk)]))) i += chunk;
      }
    }
  }

  function fewerNodes(): void {
    for (let n = 1; n < best.nodes && runs < maxRuns; n++) {
      if (attempt(restrictNodes(best, n))) return;
    }
  }

  function plainerSettings(): void {
    const tries: ((s: Scenario) => Scenario | null)[] = [
      (s) => (s.network ? { ...s, network: undefined } : null),
      (s) => (s.network?.duplicateRate ? { ...s, network: { ...s.network, duplicateRate: 0 } } : null),
      (s) => (s.network?.dropRate ? { ...s, network: { ...s.network, dropRate: 0 } } : null),
      (s) => (s.config ? { ...s, config: undefined } : null),
      (s) => (s.workload && failure.kind !== 'linearizability' ? { ...s, workload: undefined } : null),
      (s) => {
        const events = s.events.map((e) => (e.type === 'link' && e.dropRate !== undefined && e.dropRate > 0 && e.dropRate < 1 ? { ...e, dropRate: 1 } : e));
        return JSON.stringify(events) === JSON.stringify(s.events) ? null : withEvents(s, events);
      },
    ];
    for (const t of tries) {
      const candidate = t(best);
      if (candidate && runs < maxRuns) attempt(candidate);
    }
  }

  const final = bestJudgement as Judgement | null ?? judge(best, liveness);
  const violation = final.violations.find((v) => failure.kind === 'invariant' && v.invariant === failure.invariant);
  const title = original.meta?.title;
  return {
    scenario: { ...best, meta: { ...best.meta, title: title ? `${title}, shrunk` : 'shrunk run', description: `${describeFailure(failure)}; shrunk from ${original.events.length} events and ${original.nodes} nodes.` } },
    failure, runs, eventsBefore: original.events.length, eventsAfter: best.events.length,
    momentMs: violation ? violation.time : untilOf(best),
  };
}

function workloadUntil(s: Scenario, until: number): Partial<Scenario> {
  return s.workload ? { workload: { ...s.workload, to: Math.min(s.workload.to, until) } } : {};
}

/** The scenario on nodes 1..n: events naming a node past n go, partitions lose those nodes. */
export function restrictNodes(s: Scenario, n: number): Scenario {
  const inside = (node: unknown): boolean => node === 'leader' || (typeof node === 'number' && node <= n);
  const events: ScenarioEvent[] = [];
  for (const e of s.events) {
    if ('node' in e && !inside(e.node)) continue;
    if (e.type === 'link' && (e.from > n || e.to > n)) continue;
    if (e.type === 'partition') {
      const groups = e.groups.map((g) => g.filter((id) => id <= n)).filter((g) => g.length > 0);
      events.push({ ...e, groups });
      continue;
    }
    events.push(e);
  }
  const config = s.config && 'members' in s.config ? undefined : s.config; // a membership list names nodes
  return { ...s, nodes: n, events, config };
}
