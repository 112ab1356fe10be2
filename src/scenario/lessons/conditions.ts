/**
 * Named conditions a lesson step can wait for. Each reads only what the contract's report shows
 * (CONTRACT §4: node fields, leaders, committed, chosen), so it works on any fork of the run.
 */
import type { Simulation } from '../../sim/engine';
import type { KvStore } from '../../protocols/kv-store';
import { lockView } from '../../protocols/service';
import type { Condition } from './types';

interface Decided { committed?: { command: string }[]; chosen?: { slot: number; value: string }[]; leaders?: { term: number }[] }

const decided = (sim: Simulation): Decided => sim.observer.report() as Decided;
const upNodes = (sim: Simulation) => sim.nodeIds.filter((id) => sim.up[id]);
const nodeView = (sim: Simulation, id: number) => sim.protocol.reportNode(sim.nodes[id]);

// ---------------------------------------------------------------- leaders (Raft, Multi-Paxos)

/** Some up node believes it leads. */
export function leaderExists(sim: Simulation): boolean {
  return sim.leader() !== null;
}

/** An up node leads a Raft term of at least `term` (a new election was won). */
export function leaderOfTermAtLeast(term: number): Condition {
  return function leaderOfTermAtLeastN(sim) {
    const id = sim.leader();
    return id !== null && (nodeView(sim, id).term as number) >= term;
  };
}

/** The node that leads is not `node` (a different server took over). */
export function leaderOtherThan(node: number): Condition {
  return function leaderOtherThanNode(sim) {
    const id = sim.leader();
    return id !== null && id !== node;
  };
}

// ---------------------------------------------------------------- Raft logs

/** At least `count` log entries are committed in the cluster. */
export function committedAtLeast(count: number): Condition {
  return function committedAtLeastN(sim) {
    return (decided(sim).committed?.length ?? 0) >= count;
  };
}

/** An entry with this command is committed. */
export function commandCommitted(command: string): Condition {
  return function commandIsCommitted(sim) {
    return (decided(sim).committed ?? []).some((c) => c.command === command);
  };
}

/** Every up node has committed at least `count` entries (followers learned the commit index). */
export function everyUpNodeCommitted(count: number): Condition {
  return function everyUpNodeCommittedN(sim) {
    return upNodes(sim).every((id) => (nodeView(sim, id).commitIndex as number) >= count);
  };
}

/** Every node is up, and all logs and commit indexes are identical. */
export function allLogsMatch(sim: Simulation): boolean {
  if (upNodes(sim).length !== sim.nodeIds.length) return false;
  const views = sim.nodeIds.map((id) => nodeView(sim, id));
  const first = JSON.stringify([views[0].log, views[0].commitIndex]);
  return views.every((v) => JSON.stringify([v.log, v.commitIndex]) === first);
}

// ---------------------------------------------------------------- Raft membership and snapshots

type Members = number[] | { old: number[]; new: number[] };
const membersOf = (sim: Simulation, id: number) => nodeView(sim, id).members as Members;
/** The node has committed every entry in its log (logStart counts those a snapshot dropped). */
const committedWholeLog = (sim: Simulation, id: number) => {
  const v = nodeView(sim, id);
  return (v.commitIndex as number) >= (v.logStart as number) + (v.log as unknown[]).length;
};

/** The leader's configuration is exactly these voters, not joint, and it has committed its whole log (the configuration entry too). */
export function leaderConfigCommitted(voters: readonly number[]): Condition {
  return function leaderConfigIsCommitted(sim) {
    const id = sim.leader();
    if (id === null) return false;
    const m = membersOf(sim, id);
    return Array.isArray(m) && m.join() === voters.join() && committedWholeLog(sim, id);
  };
}

/** The leader is in a joint configuration (C_old,new). */
export function leaderJoint(sim: Simulation): boolean {
  const id = sim.leader();
  return id !== null && !Array.isArray(membersOf(sim, id));
}

/** The node is a follower outside the configuration it knows is committed: it was removed and stays idle. */
export function nodeLeftCluster(node: number): Condition {
  return function nodeHasLeft(sim) {
    const m = membersOf(sim, node);
    return nodeView(sim, node).role === 'follower' && Array.isArray(m) && !m.includes(node) && committedWholeLog(sim, node);
  };
}

// ---------------------------------------------------------------- Paxos

/** A proposer holds promises from a majority and is asking acceptors to accept (phase 2). */
export function proposerInPhase2(sim: Simulation): boolean {
  return sim.protocol.name === 'paxos' && sim.leader() !== null;
}

/** A value has been chosen (a majority accepted it in one ballot; slot 0 for Basic Paxos). */
export function valueChosen(sim: Simulation): boolean {
  return (decided(sim).chosen?.length ?? 0) > 0;
}

/** Every up node has learned the chosen value. */
export function everyUpNodeLearned(sim: Simulation): boolean {
  return upNodes(sim).every((id) => nodeView(sim, id).learned != null);
}

/** Each of these nodes is up and has learned the chosen value. */
export function nodesLearned(nodes: readonly number[]): Condition {
  return function nodesHaveLearned(sim) {
    return nodes.every((id) => sim.up[id] && nodeView(sim, id).learned != null);
  };
}

// ---------------------------------------------------------------- Multi-Paxos

/** At least `count` slots are chosen. */
export function slotsChosenAtLeast(count: number): Condition {
  return function slotsChosenAtLeastN(sim) {
    return (decided(sim).chosen?.length ?? 0) >= count;
  };
}

/** Every slot below `count` is chosen (no gap left in the first `count` slots). */
export function firstSlotsChosen(count: number): Condition {
  return function firstSlotsAreChosen(sim) {
    const slots = new Set((decided(sim).chosen ?? []).map((c) => c.slot));
    for (let s = 0; s < count; s++) if (!slots.has(s)) return false;
    return true;
  };
}

/** This slot is chosen. */
export function slotChosen(slot: number): Condition {
  return function slotIsChosen(sim) {
    return (decided(sim).chosen ?? []).some((c) => c.slot === slot);
  };
}

/** Every up node knows that each of the first `count` slots is chosen. */
export function everyUpNodeKnowsSlots(count: number): Condition {
  return function everyUpNodeKnowsFirstSlots(sim) {
    return upNodes(sim).every((id) => {
      const slots = (nodeView(sim, id).slots ?? []) as { status: string }[];
      return slots.length >= count && slots.slice(0, count).every((x) => x.status === 'chosen');
    });
  };
}

// ---------------------------------------------------------------- clients and the lock service

/** The node that leads now has granted lock `name` to `client` (the service's record, not the client's belief). */
export function lockHeldBy(client: number, name = 'L'): Condition {
  return function lockHeldByClient(sim) {
    const id = sim.leader();
    const service = id === null ? undefined : (sim.nodes[id] as KvStore).service;
    return lockView(service, name).holder?.client === client;
  };
}

/** `client` has had a read answered with `output` (a value written earlier, perhaps long ago). */
export function clientReadAnswered(client: number, output: string, after = 0): Condition {
  return function clientReadAnsweredWith(sim) {
    return sim.clientHistory.some((e) => e.client === client && e.op === 'get' && e.output === output && e.return !== null && e.call >= after);
  };
}
