/**
 * Building and running whole-cluster scenarios for tests: every scenario goes through the same
 * validation as a user's file, and a watched run steps the engine event by event so the oracles
 * can look at every intermediate state, not only the end.
 */
import { validateScenario } from '../../../src/scenario/schema';
import { createSimulation } from '../../../src/scenario/run';
import type { Simulation } from '../../../src/sim/engine';
import type { TraceRecord } from '../../../src/sim/trace';
import type { Scenario, ScenarioEvent } from '../../../src/sim/types';
import type { RaftNode } from '../../../src/protocols/raft/types';
import { CommitWatcher } from './oracles';

export type ScenarioInput = Omit<Partial<Scenario>, 'events'> & { events?: ScenarioEvent[] };

/** A valid Raft scenario; anything not given takes a plain default (5 nodes, seed 1). */
export function raftScenario(input: ScenarioInput = {}): Scenario {
  return validateScenario({ version: 1, protocol: 'raft', nodes: 5, seed: 1, events: [], ...input });
}

/** Elections only when the script says so: timers far beyond any test's horizon. */
export const SCRIPTED_ELECTIONS = { electionTimeout: { min: 1_000_000, max: 1_000_000 }, heartbeatInterval: 50 };

export interface WatchedRun {
  sim: Simulation<RaftNode>;
  trace: TraceRecord[];
  watcher: CommitWatcher;
}

/** Run a Raft scenario to `untilMs`, keeping the trace and checking commits after every event. */
export function runWatched(scenario: Scenario, untilMs: number): WatchedRun {
  const trace: TraceRecord[] = [];
  const sim = createSimulation(scenario, { onTrace: (r) => trace.push(r) }) as Simulation<RaftNode>;
  const watcher = new CommitWatcher();
  const limitUs = Math.round(untilMs * 1000);
  while (sim.nextTimeUs() <= limitUs && sim.step()) watcher.observe(sim);
  sim.runUntil(untilMs);
  return { sim, trace, watcher };
}

export const raftNodes = (sim: Simulation): RaftNode[] => sim.nodeIds.map((id) => sim.nodes[id] as RaftNode);

/** Up nodes that believe they lead, with their terms. */
export function leadersNow(sim: Simulation): { id: number; term: number }[] {
  return raftNodes(sim)
    .filter((s) => sim.up[s.id] && s.role === 'leader')
    .map((s) => ({ id: s.id, term: s.durable.currentTerm }));
}

/** The commands committed so far, as the engine's observer saw them first (index order). */
export function committedCommands(sim: Simulation): string[] {
  const report = sim.observer.report() as { committed: { command: string }[] };
  return report.committed.map((c) => c.command);
}

/** The committed log prefix of a node, as `term:command` strings. */
export const committedPrefix = (s: RaftNode): string[] =>
  s.durable.log.slice(0, s.commitIndex).map((e) => `${e.term}:${e.command}`);

/** `count` requests to the leader, `every` ms apart from `from`, named `${prefix}${i}`. */
export function requests(from: number, count: number, every: number, prefix = 'c'): ScenarioEvent[] {
  return Array.from({ length: count }, (_, i) => ({ at: from + i * every, type: 'request' as const, node: 'leader' as const, command: `${prefix}${i}` }));
}

/** Every event type without its time, for scripting step by step. */
type At<E> = E extends ScenarioEvent ? Omit<E, 'at'> : never;
export type Untimed = At<ScenarioEvent>;

/**
 * A cluster test in the 6.5840 manner: run to a moment, look at the state, add faults from then
 * on, run further. Since a run is a pure function of its scenario, each `runTo` replays from the
 * start with the events scripted so far; events after a moment never change what came before.
 */
export class ScriptedCluster {
  events: ScenarioEvent[] = [];
  last: WatchedRun | null = null;

  constructor(private readonly base: ScenarioInput) {}

  at(ms: number, ...events: Untimed[]): this {
    for (const e of events) this.events.push({ ...e, at: ms } as ScenarioEvent);
    return this;
  }

  scenario(): Scenario {
    return raftScenario({ ...this.base, events: [...(this.base.events ?? []), ...this.events] });
  }

  runTo(ms: number): WatchedRun {
    this.last = runWatched(this.scenario(), ms);
    return this.last;
  }

  /** The single up leader of the highest term (fails the test's expectations if there is none). */
  leader(): number {
    const sim = this.last!.sim;
    const id = sim.leader();
    if (id === null) throw new Error(`no leader at ${sim.timeMs} ms`);
    return id;
  }
}

/** When the command was first committed (ms), or null if it never was. */
export function commitTime(sim: Simulation, command: string): number | null {
  const report = sim.observer.report() as { committed: { command: string; time: number }[] };
  return report.committed.find((c) => c.command === command)?.time ?? null;
}
