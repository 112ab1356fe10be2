/**
 * User actions as scenario events. Each returns the events to add at the current moment, so
 * every button, key and menu item goes through the same path (store.act → Timeline.fork).
 */
import type { Simulation } from '../../sim/engine';
import type { UnscheduledEvent } from '../../sim/timeline';
import type { Range, Scenario } from '../../sim/types';
import { DEFAULT_NETWORK } from '../../sim/network';
import { HOLD_LATENCY_MS } from './store';

export const crash = (node: number): UnscheduledEvent[] => [{ type: 'crash', node }];
export const restart = (node: number): UnscheduledEvent[] => [{ type: 'restart', node }];
export const timeoutNow = (node: number): UnscheduledEvent[] => [{ type: 'timeout', node }];
/** The leader hands leadership to `to` (a protocol that takes `transfer` events: Raft's TimeoutNow). */
export const transfer = (to: number): UnscheduledEvent[] => [{ type: 'transfer', to }];

/** Can the leader of this run be asked to hand over to `to` now? */
export function canTransfer(sim: Simulation, to: number): boolean {
  const leader = sim.leader();
  return !!sim.protocol.events?.includes('transfer') && leader !== null && leader !== to && sim.up[to];
}

/** Hand leadership to the next up node after the leader in ring order (nothing without a leader). */
export function transferToNext(sim: Simulation): UnscheduledEvent[] {
  const leader = sim.leader();
  if (leader === null || !sim.protocol.events?.includes('transfer')) return [];
  const n = sim.nodeIds.length;
  for (let i = 1; i < n; i++) {
    const to = ((leader - 1 + i) % n) + 1;
    if (sim.up[to]) return transfer(to);
  }
  return [];
}

/**
 * Align the timers (RaftScope's A): every up node that does not lead times out at the same
 * moment, so they all stand at once and split the vote (in Paxos: every proposer retries at once).
 */
export function alignTimers(sim: Simulation): UnscheduledEvent[] {
  return sim.nodeIds
    .filter((id) => sim.up[id] && sim.protocol.leaderRank(sim.nodes[id]) === null)
    .map((id) => ({ type: 'timeout', node: id }) as UnscheduledEvent);
}
export const dropMessage = (message: number): UnscheduledEvent[] => [{ type: 'drop', message }];
export const deliverMessage = (message: number): UnscheduledEvent[] => [{ type: 'deliver', message }];
export const duplicateMessage = (message: number): UnscheduledEvent[] => [{ type: 'duplicate', message }];
export const heal = (): UnscheduledEvent[] => [{ type: 'heal' }];

/** A client command with a name that is new in this scenario (v1, v2, …). */
export function clientRequest(scenario: Scenario, node: number | 'leader'): UnscheduledEvent[] {
  const n = scenario.events.filter((e) => e.type === 'request').length + 1;
  return [{ type: 'request', node, command: `v${n}` }];
}

export function crashLeader(sim: Simulation): UnscheduledEvent[] {
  const leader = sim.leader();
  return leader === null ? [] : crash(leader);
}

export function restartAll(sim: Simulation): UnscheduledEvent[] {
  return sim.nodeIds.filter((id) => !sim.up[id]).map((id) => ({ type: 'restart', node: id }) as UnscheduledEvent);
}

/** Cut both directions of a link. */
export const cutLink = (a: number, b: number): UnscheduledEvent[] => [
  { type: 'link', from: a, to: b, dropRate: 1 }, { type: 'link', from: b, to: a, dropRate: 1 },
];

/** Give a link back to the network: its overrides go, so later network-wide changes reach it. */
export const restoreLink = (a: number, b: number): UnscheduledEvent[] => [
  { type: 'link', from: a, to: b, reset: true }, { type: 'link', from: b, to: a, reset: true },
];

export function setLink(a: number, b: number, latency: Range, dropRate: number): UnscheduledEvent[] {
  return [
    { type: 'link', from: a, to: b, dropRate, latency },
    { type: 'link', from: b, to: a, dropRate, latency },
  ];
}

export function partition(groups: number[][]): UnscheduledEvent[] {
  return [{ type: 'partition', groups: groups.filter((g) => g.length > 0) }];
}

/** The leader alone on one side (or S1 when there is no leader). */
export function isolateLeader(sim: Simulation): UnscheduledEvent[] {
  const leader = sim.leader() ?? 1;
  return partition([[leader], sim.nodeIds.filter((id) => id !== leader)]);
}

/** The first two fifths of the cluster (at least one node) against the rest. */
export function splitTwoThree(sim: Simulation): UnscheduledEvent[] {
  const n = sim.nodeIds.length;
  const small = Math.max(1, Math.floor((n * 2) / 5));
  return partition([sim.nodeIds.slice(0, small), sim.nodeIds.slice(small)]);
}

/** The leader with as many others as keeps it in a minority. */
export function minorityLeader(sim: Simulation): UnscheduledEvent[] {
  const leader = sim.leader() ?? 1;
  const n = sim.nodeIds.length;
  const minoritySize = Math.max(1, Math.ceil(n / 2) - 1);
  const others = sim.nodeIds.filter((id) => id !== leader);
  const minority = [leader, ...others.slice(0, minoritySize - 1)];
  return partition([minority, sim.nodeIds.filter((id) => !minority.includes(id))]);
}

export function setNetwork(change: { latency?: Range; dropRate?: number; duplicateRate?: number }): UnscheduledEvent[] {
  return [{ type: 'network', ...change }];
}

/** Step-by-step mode: hold every new message on the wire until the user delivers or drops it. */
export const holdMessages = (): UnscheduledEvent[] => setNetwork({ latency: { min: HOLD_LATENCY_MS, max: HOLD_LATENCY_MS } });

/** Leave step-by-step mode: back to the latency in force before it. */
export function releaseMessages(scenario: Scenario, atMs: number): UnscheduledEvent[] {
  let latency: Range = { ...DEFAULT_NETWORK.latency, ...scenario.network?.latency };
  for (const e of scenario.events) {
    if (e.type === 'network' && e.latency && e.at <= atMs && e.latency.min < HOLD_LATENCY_MS) latency = e.latency;
  }
  return setNetwork({ latency });
}
