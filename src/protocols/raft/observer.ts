/**
 * Raft's safety properties (Figure 3 of the paper), checked after every event. Each check only
 * looks at what the event changed, so the cost does not grow with the log.
 */
import type { NodeId, Observer, Violation } from '../../sim/types';
import type { Entry, RaftNode } from './types';

export const RAFT_INVARIANTS = [
  'ElectionSafety', 'LeaderAppendOnly', 'LogMatching', 'LeaderCompleteness', 'StateMachineSafety',
  'TermMonotonic', 'CommitIndexMonotonic',
] as const;

interface Committed { index: number; term: number; command: string; time: number; entry: Entry }

/** Record a violation, saying what happened in English and in Chinese. */
type Fail = (invariant: string, detail: string, detailZh: string) => void;

export class RaftObserver implements Observer<RaftNode> {
  leaders: { term: number; node: NodeId; time: number }[] = [];
  committed: Committed[] = []; // committed[i - 1] is index i
  private leaderOfTerm = new Map<number, NodeId>();
  /**
   * LogMatching registry: for each index, the first (term, entry, previous term) seen there, in
   * arrays that only grow (so checkpoints share them), plus the rare later terms in `seenMore`.
   */
  private seenTerm: number[] = [0];
  private seenEntry: (Entry | null)[] = [null];
  private seenPrev: number[] = [0];
  private seenMore = new Map<number, { entry: Entry; prevTerm: number }>();
  /** on a frozen checkpoint copy: how much of the shared arrays is its own */
  private frozenLengths: { seen: number; committed: number } | null = null;
  private lastTerm: number[];
  private lastCommit: number[];
  private leaderLen: number[]; // log length when last seen as leader in `leaderTerm`
  private leaderTerm: number[];
  private out: Violation[] | null = null;
  private time = 0;
  /** bound once: hot paths call it without allocating a closure per event */
  private failFn = (invariant: string, detail: string, detailZh: string): void => {
    (this.out ??= []).push({ time: this.time, invariant, detail, detailZh });
  };

  constructor(private nodeCount: number) {
    this.lastTerm = new Array(nodeCount + 1).fill(0);
    this.lastCommit = new Array(nodeCount + 1).fill(0);
    this.leaderLen = new Array(nodeCount + 1).fill(0);
    this.leaderTerm = new Array(nodeCount + 1).fill(0);
  }

  onRestart(node: NodeId): void {
    this.lastCommit[node] = 0;
    this.leaderTerm[node] = 0;
  }

  afterEvent(nodes: readonly RaftNode[], up: readonly boolean[], id: NodeId | null, time: number): Violation[] | null {
    if (id === null || !up[id]) return null;
    const s = nodes[id];
    const d = s.durable;
    this.out = null;
    this.time = time;
    const fail = this.failFn;

    if (d.currentTerm < this.lastTerm[id]) {
      fail('TermMonotonic', `S${id}'s term went back from ${this.lastTerm[id]} to ${d.currentTerm}.`,
        `S${id} 的任期从 ${this.lastTerm[id]} 倒退到了 ${d.currentTerm}。`);
    }
    this.lastTerm[id] = d.currentTerm;

    // LogMatching: an (index, term) pair always names the same entry with the same predecessor term
    if (s.logDirtyFrom !== Infinity) {
      const log = d.log;
      for (let i = s.logDirtyFrom; i <= log.length; i++) {
        const e = log[i - 1];
        const prevTerm = i > 1 ? log[i - 2].term : 0;
        const first = this.firstSeen(i, e, prevTerm);
        if (first !== null && (first.entry.command !== e.command || first.prevTerm !== prevTerm)) {
          fail('LogMatching', `S${id}'s entry ${i} of term ${e.term} differs from another log's entry with the same index and term.`,
            `S${id} 的第 ${i} 条日志（任期 ${e.term}）与另一份日志中索引和任期都相同的条目不一样。`);
        }
      }
      // LeaderAppendOnly: a leader never rewrites what it already had
      if (s.role === 'leader' && this.leaderTerm[id] === d.currentTerm && s.logDirtyFrom <= this.leaderLen[id]) {
        fail('LeaderAppendOnly', `Leader S${id} rewrote its log from index ${s.logDirtyFrom} in term ${d.currentTerm}.`,
          `领导者 S${id} 在任期 ${d.currentTerm} 中从索引 ${s.logDirtyFrom} 起改写了自己的日志。`);
      }
      s.logDirtyFrom = Infinity;
    }

    if (s.role === 'leader') {
      if (this.leaderTerm[id] !== d.currentTerm) this.onNewLeader(s, time, fail);
      this.leaderTerm[id] = d.currentTerm;
      this.leaderLen[id] = d.log.length;
    } else {
      this.leaderTerm[id] = 0;
    }

    // StateMachineSafety: every node commits the same entry at an index; the first one records it
    if (s.commitIndex < this.lastCommit[id]) {
      fail('CommitIndexMonotonic', `S${id}'s commitIndex went back from ${this.lastCommit[id]} to ${s.commitIndex} while it was up.`,
        `S${id} 在运行期间 commitIndex 从 ${this.lastCommit[id]} 倒退到了 ${s.commitIndex}。`);
    }
    for (let i = this.lastCommit[id] + 1; i <= s.commitIndex; i++) {
      const e = d.log[i - 1];
      const known = this.committed[i - 1];
      if (!known) {
        this.committed.push({ index: i, term: e.term, command: e.command, time, entry: e });
        this.checkLeadersHave(nodes, up, i, e, d.currentTerm, time, fail);
      } else if (known.term !== e.term || known.command !== e.command) {
        fail('StateMachineSafety',
          `S${id} committed "${e.command}" (term ${e.term}) at index ${i}, but "${known.command}" (term ${known.term}) was already committed there.`,
          `S${id} 在索引 ${i} 提交了 "${e.command}"（任期 ${e.term}），但那里早已提交了 "${known.command}"（任期 ${known.term}）。`);
      }
    }
    this.lastCommit[id] = s.commitIndex;
    return this.out;
  }

  /** The entry first seen at (index, term), or null after registering `e` as that first one. */
  private firstSeen(index: number, e: Entry, prevTerm: number): { entry: Entry; prevTerm: number } | null {
    if (index >= this.seenTerm.length) {
      // a log only grows one index at a time, so the arrays stay dense
      this.seenTerm.push(e.term);
      this.seenEntry.push(e);
      this.seenPrev.push(prevTerm);
      return null;
    }
    if (this.seenTerm[index] === e.term) return { entry: this.seenEntry[index]!, prevTerm: this.seenPrev[index] };
    const key = index * 0x200000 + e.term;
    const more = this.seenMore.get(key);
    if (more) return more;
    this.seenMore.set(key, { entry: e, prevTerm });
    return null;
  }

  private onNewLeader(s: RaftNode, time: number, fail: Fail): void {
    const term = s.durable.currentTerm;
    const other = this.leaderOfTerm.get(term);
    if (other !== undefined && other !== s.id) {
      fail('ElectionSafety', `S${s.id} and S${other} were both elected leader in term ${term}.`, `S${s.id} 和 S${other} 都在任期 ${term} 当选了领导者。`);
    } else if (other === undefined) {
      this.leaderOfTerm.set(term, s.id);
    }
    // every election won, a second winner of a term too (the report shows what the checker caught)
    if (other !== s.id) this.leaders.push({ term, node: s.id, time });
    // LeaderCompleteness: the new leader holds every entry committed in earlier terms
    for (const c of this.committed) {
      if (c.term >= term) continue;
      const mine = s.durable.log[c.index - 1];
      if (!mine || mine.term !== c.term || mine.command !== c.command) {
        fail('LeaderCompleteness',
          `S${s.id} became leader of term ${term} without entry ${c.index} ("${c.command}", term ${c.term}), which was committed.`,
          `S${s.id} 成为任期 ${term} 的领导者，却没有已提交的第 ${c.index} 条（"${c.command}"，任期 ${c.term}）。`);
        return;
      }
    }
  }

  /**
   * A newly committed entry must also be in the logs of leaders of terms after the one it was
   * committed in (not after the entry's own term: a stale leader elected before an old entry was
   * committed indirectly may rightly lack it).
   */
  private checkLeadersHave(nodes: readonly RaftNode[], up: readonly boolean[], index: number, e: Entry, commitTerm: number,
    time: number, fail: Fail): void {
    for (let n = 1; n <= this.nodeCount; n++) {
      const s = nodes[n];
      if (!up[n] || s.role !== 'leader' || s.durable.currentTerm <= commitTerm) continue;
      const mine = s.durable.log[index - 1];
      if (!mine || mine.term !== e.term || mine.command !== e.command) {
        fail('LeaderCompleteness', `Leader S${n} of term ${s.durable.currentTerm} lacks entry ${index} ("${e.command}"), committed at ${time} ms.`,
          `任期 ${s.durable.currentTerm} 的领导者 S${n} 缺少在 ${time} 毫秒提交的第 ${index} 条（"${e.command}"）。`);
      }
    }
  }

  /** How many log indexes the cluster has committed (as first known by a leader). */
  committedCount(): number {
    return this.frozenLengths?.committed ?? this.committed.length;
  }

  /** The entry the cluster committed at `index` (1-based), with the time it was first known committed. */
  committedAt(index: number): { term: number; command: string; time: number } | undefined {
    return index <= this.committedCount() ? this.committed[index - 1] : undefined;
  }

  clone(): RaftObserver {
    const c = this.copy();
    const seenLen = this.frozenLengths?.seen ?? this.seenTerm.length;
    c.committed = this.committed.slice(0, this.frozenLengths?.committed ?? this.committed.length);
    c.seenTerm = this.seenTerm.slice(0, seenLen);
    c.seenEntry = this.seenEntry.slice(0, seenLen);
    c.seenPrev = this.seenPrev.slice(0, seenLen);
    c.frozenLengths = null;
    return c;
  }

  /** Checkpoint copy: shares the append-only arrays, remembering how much of them is its own. */
  freeze(): RaftObserver {
    const c = this.copy();
    c.frozenLengths = this.frozenLengths ?? { seen: this.seenTerm.length, committed: this.committed.length };
    return c;
  }

  private copy(): RaftObserver {
    const c = Object.create(RaftObserver.prototype) as RaftObserver;
    Object.assign(c, this);
    c.leaders = this.leaders.slice();
    c.leaderOfTerm = new Map(this.leaderOfTerm);
    c.seenMore = new Map(this.seenMore);
    c.lastTerm = this.lastTerm.slice();
    c.lastCommit = this.lastCommit.slice();
    c.leaderLen = this.leaderLen.slice();
    c.leaderTerm = this.leaderTerm.slice();
    c.failFn = (invariant: string, detail: string, detailZh: string): void => {
      (c.out ??= []).push({ time: c.time, invariant, detail, detailZh });
    };
    return c;
  }

  report(): Record<string, unknown> {
    return {
      leaders: this.leaders,
      committed: this.committed.map(({ index, term, command, time }) => ({ index, term, command, time })),
    };
  }
}
