/**
 * Run until: the breakpoints teachers ask for. Each goal is a pure predicate of the moment shown,
 * made when the run starts (it remembers what was true then), so "a leader is elected" means a
 * new leader, not the one already on screen. The store checks it after every whole instant while
 * playing and stops on the first moment where it holds.
 */
import type { Simulation } from '../../sim/engine';
import { PROTOCOL_VIEWS } from '../protocols';

export type Goal = 'leader' | 'commit' | 'chosen' | 'violation';

/** The goals that make sense for a protocol, in menu order (declared by its view). */
export function goalsFor(protocol: string): readonly Goal[] {
  return PROTOCOL_VIEWS[protocol].runUntil;
}

/** Who leads, with what term or ballot ('' for nobody): a change of either is a new election. */
function leadership(sim: Simulation): string {
  const id = sim.leader();
  return id === null ? '' : `${id}@${sim.protocol.leaderRank(sim.nodes[id])}`;
}

/** How many entries or slots the cluster has decided so far. */
export function decidedCount(sim: Simulation): number {
  const observer = sim.observer as { committedCount?: () => number };
  if (typeof observer.committedCount === 'function') return observer.committedCount();
  const report = sim.observer.report() as { committed?: unknown[]; chosen?: unknown[] };
  return (report.committed ?? report.chosen ?? []).length;
}

/** The predicate for `goal`, measured against the state `from` (where the run starts). */
export function breakpoint(goal: Goal, from: Simulation): (sim: Simulation) => boolean {
  switch (goal) {
    case 'leader': {
      const before = leadership(from);
      return function newLeader(sim) { const now = leadership(sim); return now !== '' && now !== before; };
    }
    case 'commit':
    case 'chosen': {
      const before = decidedCount(from);
      return function moreDecided(sim) { return decidedCount(sim) > before; };
    }
    case 'violation': {
      const before = from.violations.length;
      return function newViolation(sim) { return sim.violations.length > before; };
    }
  }
}
