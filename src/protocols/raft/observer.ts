/**
 * Raft's safety properties (Figure 3 of the paper), checked after every event. Each check only
 * looks at what the event changed, so the cost does not grow with the log.
 */
import type { NodeId, Observer, Violation } from '../../sim/types';
import type { Entry, RaftNode, Snapshot } from './types';
import { entryAt, lastIndex, logStart, termAt } from './log';
import { DIGEST_START, digestAfter } from './snapshot';
import { BlockList, NumberBlockList } from '../../sim/block-list';

export const RAFT_INVARIANTS = [
  'ElectionSafety', 'LeaderAppendOnly', 'LogMatching', 'LeaderCompleteness', 'StateMachineSafety',
  'TermMonotonic', 'CommitIndexMonotonic', 'CommitQuorum',
] as const;

/** Record a violation, saying what happened in English and in Chinese. */
type Fail = (invariant: string, detail: string, detailZh: string) => void;

/** A node's entry at `index`, or one a snapshot dropped in the current event (the observer looks once). */
function entryOf(s: RaftNode, index: number): Entry | undefined {
  const e = entryAt(s, index);
  if (e || !s.compacted || index <= s.compacted.start) return e;
  return s.compacted.log[index - s.compacted.start - 1];
}

/** The term of the entry before `index` (one a snapshot dropped in the current event included). */
function termBefore(s: RaftNode, index: number): number {
  const t = termAt(s, index - 1);
  if (t >= 0) return t;
  const c = s.compacted!;
  return index - 1 === c.start ? c.startTerm : c.log[index - 2 - c.start].term;
}

export class RaftObserver implements Observer<RaftNode> {
  leaders: { term: number; node: NodeId; time: number }[] = [];
  /**
   * What the cluster committed: `.at(i - 1)` is index i's entry, the time it was first known
   * committed, and the digest of entries 1..i (as a node's snapshot sums up what it applied). In
   * blocks shared by copies (time travel copies the observer at every checkpoint and seek), and no
   * object per index: these lists hold one item per command for the whole run.
   */
  private committed = new BlockList<Entry>();
  private committedTime = new NumberBlockList();
  private committedDigest = new NumberBlockList();
  private leaderOfTerm = new Map<number, NodeId>();
  /**
   * LogMatching registry: for each index, the first (term, entry, previous term) seen there, in
   * lists that only grow (so copies share them), plus the rare later terms in `seenMore`.
   */
  private seenTerm = BlockList.of<number>(0);
  private seenEntry = BlockList.of<Entry | null>(null);
  private seenPrev = BlockList.of<number>(0);
  private seenMore = new Map<number, { entry: Entry; prevTerm: number }>();
  private lastTerm: number[];
  private lastCommit: number[];
  private leaderLen: number[]; // log length when last seen as leader in `leaderTerm`
  private leaderTerm: number[];
  /** the snapshot each node had when last seen (checked once when it changes) */
  private lastSnapshot: (Snapshot | null)[];
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
    this.lastSnapshot = new Array(nodeCount + 1).fill(null);
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
      const last = lastIndex(s);
      // (entries a snapshot dropped in this very event are checked too)
      for (let i = Math.max(s.logDirtyFrom, (s.compacted?.start ?? logStart(s)) + 1); i <= last; i++) {
        const e = entryOf(s, i)!;
        const prevTerm = termBefore(s, i);
        if (!this.matchesFirstSeen(i, e, prevTerm)) {
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
      this.leaderLen[id] = lastIndex(s);
    } else {
      this.leaderTerm[id] = 0;
    }

    // StateMachineSafety: every node commits the same entry at an index; the first one records it
    if (s.commitIndex < this.lastCommit[id]) {
      fail('CommitIndexMonotonic', `S${id}'s commitIndex went back from ${this.lastCommit[id]} to ${s.commitIndex} while it was up.`,
        `S${id} 在运行期间 commitIndex 从 ${this.lastCommit[id]} 倒退到了 ${s.commitIndex}。`);
    }
    if (s.role === 'leader' && s.commitIndex > this.lastCommit[id]) this.checkCommitQuorum(nodes, s, fail);
    const snap = d.snapshot ?? null;
    for (let i = this.lastCommit[id] + 1; i <= s.commitIndex; i++) {
      // an entry a snapshot dropped in this very event is still at hand; one installed from a leader is not
      const e = entryOf(s, i);
      const known = this.committed.at(i - 1);
      if (!e) {
        if (!known) break; // (cannot be: a snapshot holds only what some leader committed first)
        continue; // inside an installed snapshot: its digest is checked below
      }
      if (!known) {
        this.committedDigest.push(digestAfter(i > 1 ? this.committedDigest.at(i - 2)! : DIGEST_START, e));
        this.committed.push(e);
        this.committedTime.push(time);
        this.checkLeadersHave(nodes, up, i, e, d.currentTerm, time, fail);
      } else if (known.term !== e.term || known.command !== e.command) {
        fail('StateMachineSafety',
          `S${id} committed "${e.command}" (term ${e.term}) at index ${i}, but "${known.command}" (term ${known.term}) was already committed there.`,
          `S${id} 在索引 ${i} 提交了 "${e.command}"（任期 ${e.term}），但那里早已提交了 "${known.command}"（任期 ${known.term}）。`);
      }
    }
    this.lastCommit[id] = s.commitIndex;
    s.compacted = null;
    if (snap !== this.lastSnapshot[id]) {
      this.lastSnapshot[id] = snap;
      if (snap) this.checkSnapshot(id, snap, fail);
    }
    return this.out;
  }

  /**
   * StateMachineSafety for restored state: a snapshot (taken or installed) must be the state of
   * the committed prefix it stands for, entry for entry (by the digest of the applied entries).
   */
  private checkSnapshot(id: NodeId, snap: Snapshot, fail: Fail): void {
    const known = this.committed.at(snap.index - 1);
    if (!known) {
      fail('StateMachineSafety', `S${id} holds a snapshot up to index ${snap.index}, beyond what the cluster committed (${this.committed.length}).`,
        `S${id} 持有到索引 ${snap.index} 的快照，超出了集群已提交的范围（${this.committed.length}）。`);
    } else if (known.term !== snap.term || this.committedDigest.at(snap.index - 1) !== snap.digest) {
      fail('StateMachineSafety', `S${id}'s snapshot up to index ${snap.index} (term ${snap.term}) is not the state of the committed entries 1–${snap.index}.`,
        `S${id} 到索引 ${snap.index}（任期 ${snap.term}）的快照与已提交条目 1–${snap.index} 得到的状态不一致。`);
    }
  }

  /**
   * A leader commits only what a majority of its configuration stores (of both sets while joint,
   * §4.3): counted in the followers' actual logs, so a server outside the configuration, or one
   * that only said it stored the entry, never makes the quorum.
   */
  private checkCommitQuorum(nodes: readonly RaftNode[], s: RaftNode, fail: Fail): void {
    const n = s.commitIndex;
    const term = termAt(s, n);
    const c = s.config;
    for (const set of c.outgoing ? [c.voters, c.outgoing] : [c.voters]) {
      let stored = 0;
      for (const v of set) {
        const other = nodes[v];
        if (v === s.id || n <= logStart(other) || termAt(other, n) === term) stored++;
      }
      if (stored < Math.floor(set.length / 2) + 1) {
        fail('CommitQuorum', `Leader S${s.id} committed index ${n}, but only ${stored} of the voters ${set.map((v) => `S${v}`).join(', ')} store it.`,
          `领导者 S${s.id} 提交了索引 ${n}，但投票成员 ${set.map((v) => `S${v}`).join('、')} 中只有 ${stored} 个存有它。`);
        return;
      }
    }
  }

  /**
   * Does `e` (with the term before it) match the entry first seen at (index, term)? The first one
   * seen there is registered and matches itself. (No object is built per call: it runs for every
   * entry every node appends.)
   */
  private matchesFirstSeen(index: number, e: Entry, prevTerm: number): boolean {
    if (index >= this.seenTerm.length) {
      // a log only grows one index at a time, so the arrays stay dense (a gap, were there one,
      // gets placeholders that match no entry)
      while (index > this.seenTerm.length) {
        this.seenTerm.push(-1);
        this.seenEntry.push(null);
        this.seenPrev.push(-1);
      }
      this.seenTerm.push(e.term);
      this.seenEntry.push(e);
      this.seenPrev.push(prevTerm);
      return true;
    }
    if (this.seenTerm.at(index) === e.term) return this.seenEntry.at(index)!.command === e.command && this.seenPrev.at(index) === prevTerm;
    const key = index * 0x200000 + e.term;
    const more = this.seenMore.get(key);
    if (more) return more.entry.command === e.command && more.prevTerm === prevTerm;
    this.seenMore.set(key, { entry: e, prevTerm });
    return true;
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
    const start = logStart(s);
    for (let index = start + 1; index <= this.committed.length; index++) {
      // (a snapshot's content is checked when it is taken or installed)
      const c = this.committed.at(index - 1)!;
      if (c.term >= term) continue;
      const mine = entryAt(s, index);
      if (!mine || mine.term !== c.term || mine.command !== c.command) {
        fail('LeaderCompleteness',
          `S${s.id} became leader of term ${term} without entry ${index} ("${c.command}", term ${c.term}), which was committed.`,
          `S${s.id} 成为任期 ${term} 的领导者，却没有已提交的第 ${index} 条（"${c.command}"，任期 ${c.term}）。`);
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
      if (!up[n] || s.role !== 'leader' || s.durable.currentTerm <= commitTerm || index <= logStart(s)) continue;
      const mine = entryAt(s, index);
      if (!mine || mine.term !== e.term || mine.command !== e.command) {
        fail('LeaderCompleteness', `Leader S${n} of term ${s.durable.currentTerm} lacks entry ${index} ("${e.command}"), committed at ${time} ms.`,
          `任期 ${s.durable.currentTerm} 的领导者 S${n} 缺少在 ${time} 毫秒提交的第 ${index} 条（"${e.command}"）。`);
      }
    }
  }

  /** How many log indexes the cluster has committed (as first known by a leader). */
  committedCount(): number {
    return this.committed.length;
  }

  /** The entry the cluster committed at `index` (1-based), with the time it was first known committed. */
  committedAt(index: number): { term: number; command: string; time: number; entry: Entry } | undefined {
    const entry = this.committed.at(index - 1);
    return entry && { term: entry.term, command: entry.command, time: this.committedTime.at(index - 1)!, entry };
  }

  clone(): RaftObserver {
    return this.copy();
  }

  /** A checkpoint copy is a copy like any other: the growing lists share their blocks. */
  freeze(): RaftObserver {
    return this.copy();
  }

  private copy(): RaftObserver {
    const c = Object.create(RaftObserver.prototype) as RaftObserver;
    Object.assign(c, this);
    c.leaders = this.leaders.slice();
    c.committed = this.committed.copy();
    c.committedTime = this.committedTime.copy();
    c.committedDigest = this.committedDigest.copy();
    c.seenTerm = this.seenTerm.copy();
    c.seenEntry = this.seenEntry.copy();
    c.seenPrev = this.seenPrev.copy();
    c.leaderOfTerm = new Map(this.leaderOfTerm);
    c.seenMore = new Map(this.seenMore);
    c.lastTerm = this.lastTerm.slice();
    c.lastCommit = this.lastCommit.slice();
    c.leaderLen = this.leaderLen.slice();
    c.leaderTerm = this.leaderTerm.slice();
    c.lastSnapshot = this.lastSnapshot.slice();
    c.failFn = (invariant: string, detail: string, detailZh: string): void => {
      (c.out ??= []).push({ time: c.time, invariant, detail, detailZh });
    };
    return c;
  }

  report(): Record<string, unknown> {
    return {
      leaders: this.leaders,
      committed: this.committed.map(({ term, command }, i) => ({ index: i + 1, term, command, time: this.committedTime.at(i)! })),
    };
  }
}
