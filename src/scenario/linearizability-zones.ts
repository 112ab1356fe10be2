/**
 * Linearizability of one register whose writes all carry their own values, in O(n log n): the
 * zones of Gibbons & Korach ("Testing shared memories", 1997) as Golab, Li and Shah state them
 * ("Analyzing consistency properties for fun and profit", PODC 2011).
 *
 * Since each value is written once, every read names the write it saw. A write and the reads of
 * its value form a cluster, and in any linearization a cluster's operations sit side by side:
 * the write, then its reads, before the next write. Let s be the earliest return in a cluster
 * and f its latest call. If s < f, the register must hold the cluster's value from s to f at
 * least: the cluster's forward zone. Otherwise the cluster can fit anywhere in [f, s]: its
 * backward zone. The history is linearizable exactly when no read returned before its write was
 * called, no two forward zones overlap, and no backward zone lies inside a forward zone.
 *
 * Times compare as Porcupine's closed intervals do: a return and a call at the same instant are
 * concurrent, so at equal times a call counts as earlier than a return.
 */
import { showValue, type CheckVerdict, type HistoryOp } from './linearizability';

export interface Cluster {
  value: string | null;
  /** earliest return (ms); -Infinity for the initial value, which is there from the start */
  s: number;
  /** latest call (ms) */
  f: number;
  /** the operations that set s and f (null for the initial value's start) */
  sOp: HistoryOp | null;
  fOp: HistoryOp | null;
  /** the write of the value (null for the initial value) */
  write: HistoryOp | null;
}

/** What the zones found: every cluster when they fit, else why not and the operations that say so. */
export type ZoneAnalysis =
  | { ok: true; clusters: ReadonlyMap<string | null, Cluster> }
  | { ok: false; why: string; ops: HistoryOp[] };

const ok: CheckVerdict = { linearizable: true, reason: null, steps: 0 };

/**
 * `ops`: one key's operations; every read returned, and returned a value written (or nothing);
 * no two writes wrote the same value.
 */
export function checkZones(key: string, ops: readonly HistoryOp[]): CheckVerdict {
  const a = analyseZones(ops);
  return a.ok ? ok : { linearizable: false, reason: `key ${key}: ${a.why}`, steps: 0 };
}

/** The zones of one key's history (the same preconditions as checkZones). */
export function analyseZones(ops: readonly HistoryOp[]): ZoneAnalysis {
  const clusters = new Map<string | null, Cluster>([[null, { value: null, s: -Infinity, f: -Infinity, sOp: null, fOp: null, write: null }]]);
  const read = new Set<string | null>();
  for (const o of ops) if (o.op === 'get') read.add(o.output);
  for (const o of ops) {
    // a write never answered and never read may as well not have happened
    if (o.op !== 'put' || (o.return === null && !read.has(o.value))) continue;
    clusters.set(o.value, { value: o.value, s: o.return ?? Infinity, f: o.call, sOp: o, fOp: o, write: o });
  }
  for (const o of ops) {
    if (o.op !== 'get') continue;
    const c = clusters.get(o.output)!;
    const w = c.write;
    if (w && o.return! < w.call) {
      return { ok: false, why: `client ${o.client} read ${showValue(o.output)} by ${o.return} ms, before it was written (from ${w.call} ms)`, ops: [w, o] };
    }
    if (o.return! < c.s) { c.s = o.return!; c.sOp = o; }
    if (o.call > c.f) { c.f = o.call; c.fOp = o; }
  }

  const forward: Cluster[] = [];
  const backward: Cluster[] = [];
  for (const c of clusters.values()) (c.s < c.f ? forward : backward).push(c);
  forward.sort((a, b) => a.s - b.s);
  const during = (c: Cluster): string => `${showValue(c.value)} from ${c.s === -Infinity ? 'the start' : `${c.s} ms`} to ${c.f} ms`;
  for (let i = 1; i < forward.length; i++) {
    // zones sorted by start are disjoint when each starts after the one before ends
    if (forward[i].s < forward[i - 1].f) {
      return { ok: false, why: `the value had to be ${during(forward[i - 1])} and ${during(forward[i])}, overlapping times`, ops: zoneOps(forward[i - 1], forward[i]) };
    }
  }
  for (const b of backward) {
    if (b.s === -Infinity) continue; // the initial value, never read: it comes first and is overwritten at once
    // the only forward zone that could hold [f, s] is the last one starting before f
    let lo = 0;
    let hi = forward.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (forward[mid].s < b.f) lo = mid + 1;
      else hi = mid;
    }
    const a = lo > 0 ? forward[lo - 1] : null;
    if (a && b.s < a.f) {
      return { ok: false, why: `${showValue(b.value)} was written and read within ${b.f}–${b.s} ms, while the value had to be ${during(a)}`, ops: zoneOps(a, b) };
    }
  }
  return { ok: true, clusters };
}

/** The operations that fix two clusters' zones, with their writes: a set that cannot be ordered. */
function zoneOps(a: Cluster, b: Cluster): HistoryOp[] {
  const out = new Set<HistoryOp>();
  for (const c of [a, b]) for (const o of [c.write, c.sOp, c.fOp]) if (o) out.add(o);
  return [...out];
}

/**
 * A linearization of a history the zones accept: clusters in order of where their zone begins
 * (a backward zone at its latest call, ahead of a forward zone starting at the same instant), each
 * its write and then its reads by return. Zones that fit leave every operation of a later cluster
 * called no later than every return of an earlier one, so this order keeps real time.
 */
export function zonesOrder(ops: readonly HistoryOp[], clusters: ReadonlyMap<string | null, Cluster>): HistoryOp[] {
  const reads = new Map<string | null, HistoryOp[]>();
  for (const o of ops) {
    if (o.op !== 'get') continue;
    const list = reads.get(o.output);
    if (list) list.push(o); else reads.set(o.output, [o]);
  }
  const start = (c: Cluster): number => Math.min(c.s, c.f);
  const sorted = [...clusters.values()].sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : Number(a.s < a.f) - Number(b.s < b.f)));
  const out: HistoryOp[] = [];
  for (const c of sorted) {
    if (c.write) out.push(c.write);
    const r = reads.get(c.value);
    if (r) out.push(...r.sort((x, y) => x.return! - y.return!));
  }
  return out;
}
