/** Running a scenario headless and building the report of CONTRACT §4. */
import { Simulation, type SimOptions } from '../sim/engine';
import type { Scenario } from '../sim/types';
import { PROTOCOLS } from '../protocols/registry';
import { encodeLink } from './link';
import { checkHistory } from './linearizability';

export const DEFAULT_UNTIL = 10_000;

export function createSimulation(scenario: Scenario, options: SimOptions = {}): Simulation {
  return new Simulation(scenario, PROTOCOLS[scenario.protocol], options);
}

export function runScenario(scenario: Scenario, untilMs?: number, options: SimOptions = {}): Simulation {
  const sim = createSimulation(scenario, options);
  sim.runUntil(untilMs ?? scenario.until ?? DEFAULT_UNTIL);
  return sim;
}

export interface Report {
  version: 1;
  protocol: string;
  time: number;
  url: string;
  traceHash: string;
  stats: { events: number; messagesSent: number; messagesDelivered: number; messagesDropped: number };
  violations: { time: number; invariant: string; detail: string }[];
  nodes: Record<string, unknown>[];
  [field: string]: unknown;
}

export function buildReport(sim: Simulation): Report {
  const report: Report = {
    version: 1,
    protocol: sim.scenario.protocol,
    time: sim.timeMs,
    url: encodeLink(sim.scenario),
    traceHash: sim.traceHash,
    stats: { ...sim.stats },
    violations: sim.violations.map(({ time, invariant, detail }) => ({ time, invariant, detail })),
    nodes: sim.nodeIds.map((id) => ({ id, up: sim.up[id], ...sim.protocol.reportNode(sim.nodes[id]) })),
    ...sim.observer.report(),
  };
  if (sim.locks) {
    report.locks = sim.locks.locks;
    report.storage = sim.locks.storage;
  }
  if (sim.workload) {
    report.availability = sim.workload.availability();
    report.history = sim.clientHistory;
    const verdict = checkHistory(sim.clientHistory);
    report.linearizable = verdict.linearizable;
    // why not, or why the check gave up (its budget: README, "Linearizability")
    if (verdict.reason !== null) report.linearizableReason = verdict.reason;
  }
  return report;
}
