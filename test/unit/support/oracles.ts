/**
 * Oracles for whole-cluster Raft tests, written apart from the engine's own invariant observer
 * so that the two check each other: they read node states and the trace, nothing else.
 */
import type { Simulation } from '../../../src/sim/engine';
import type { TraceRecord } from '../../../src/sim/trace';
import type { RaftNode } from '../../../src/protocols/raft/types';

/** Election Safety from the trace: at most one node ever became leader in any term. */
export function leadersPerTermProblems(trace: readonly TraceRecord[]): string[] {
  const leaderOf = new Map<number, number>();
  const problems: string[] = [];
  for (const r of trace) {
    if (r.kind !== 'note' || r.what !== 'role' || r.data?.role !== 'leader') continue;
    const term = r.data.term as number;
    const other = leaderOf.get(term);
    if (other === undefined) leaderOf.set(term, r.node);
    else if (other !== r.node) problems.push(`S${other} and S${r.node} both led term ${term}`);
  }
  return problems;
}

/** Every leader elected, in order, from the trace. */
export function electedLeaders(trace: readonly TraceRecord[]): { term: number; node: number; time: number }[] {
  return trace
    .filter((r) => r.kind === 'note' && r.what === 'role' && r.data?.role === 'leader')
    .map((r) => ({ term: r.data!.term as number, node: r.node, time: r.time }));
}

/** Log Matching over committed prefixes: any two nodes agree on every index both have committed. */
export function committedPrefixProblems(sim: Simulation): string[] {
  const problems: string[] = [];
  const nodes = sim.nodeIds.map((id) => sim.nodes[id] as RaftNode);
  for (const a of nodes) {
    for (const b of nodes) {
      if (a.id >= b.id) continue;
      const n = Math.min(a.commitIndex, b.commitIndex);
      for (let i = 0; i < n; i++) {
        const x = a.durable.log.at(i)!;
        const y = b.durable.log.at(i)!;
        if (x.term !== y.term || x.command !== y.command) {
          problems.push(`S${a.id} and S${b.id} committed different entries at index ${i + 1}`);
          break;
        }
      }
    }
  }
  return problems;
}

/**
 * Watches a run event by event: remembers every entry any node ever reported committed, flags a
 * node committing something else at a known index, checks each newly elected leader holds all
 * that was committed before, and at the end that every committed entry still lives on a majority.
 */
export class CommitWatcher {
  /** committed[i - 1]: the entry committed at index i, as "term:command" */
  committed: string[] = [];
  problems: string[] = [];
  private leaderTerm = new Map<number, number>();

  observe(sim: Simulation): void {
    for (const id of sim.nodeIds) {
      if (!sim.up[id]) continue;
      const s = sim.nodes[id] as RaftNode;
      if (s.role === 'leader' && this.leaderTerm.get(id) !== s.durable.currentTerm) {
        this.leaderTerm.set(id, s.durable.currentTerm);
        const missing = this.committed.findIndex((key, i) => !sameEntry(s, i + 1, key));
        if (missing >= 0) this.flag(`S${id} became leader of term ${s.durable.currentTerm} without committed entry ${missing + 1}`);
      }
      for (let i = 1; i <= s.commitIndex; i++) {
        const e = s.durable.log.at(i - 1)!;
        const key = `${e.term}:${e.command}`;
        const known = this.committed[i - 1];
        if (known === undefined) this.committed[i - 1] = key;
        else if (known !== key) this.flag(`S${id} committed ${key} at index ${i} where ${known} was committed`);
      }
    }
  }

  private flag(problem: string): void {
    if (!this.problems.includes(problem)) this.problems.push(problem);
  }

  /** Committed entries that no longer live on a majority of logs (up or down). */
  lostProblems(sim: Simulation): string[] {
    const majority = Math.floor(sim.nodeIds.length / 2) + 1;
    const out: string[] = [];
    this.committed.forEach((key, i) => {
      const holders = sim.nodeIds.filter((id) => sameEntry(sim.nodes[id] as RaftNode, i + 1, key)).length;
      if (holders < majority) out.push(`committed entry ${i + 1} (${key}) is on only ${holders} logs`);
    });
    return out;
  }
}

function sameEntry(s: RaftNode, index: number, key: string): boolean {
  const e = s.durable.log.at(index - 1);
  return e !== undefined && `${e.term}:${e.command}` === key;
}

/** All the safety oracles at once: an empty list means the run looked safe. */
export function safetyProblems(sim: Simulation, trace: readonly TraceRecord[], watcher: CommitWatcher): string[] {
  return [...leadersPerTermProblems(trace), ...committedPrefixProblems(sim), ...watcher.problems, ...watcher.lostProblems(sim)];
}
