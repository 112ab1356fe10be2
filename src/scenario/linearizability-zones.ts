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

interface Cluster {
  value: string | null;
  /** earliest return (ms); -Infinity for the initial value, which is there from the start */
  s: number;
  /** latest call (ms) */
  f: number;
}

const ok: CheckVerdict = { linearizable: true, reason: null, steps: 0 };
const fails = (key: string, why: string): CheckVerdict => ({ linearizable: false, reason: `key ${key}: ${why}`, steps: 0 });

/**
 * `ops`: one key's operations; every read returned, and returned a value written (or nothing);
 * no two writes wrote the same value.
 */
export function checkZones(key: string, ops: readonly HistoryOp[]): CheckVerdict {
  const clusters = new Map<string | null, Cluster>([[null, { value: null, s: -Infinity, f: -Infinity }]]);
  const writes = new Map<string | null, HistoryOp>();
  const read = new Set<string | null>();
  for (const o of ops) if (o.op === 'get') read.add(o.output);
  for (const o of ops) {
    // a write never answered and never read may as well not have happened
    if (o.op !== 'put' || (o.return === null && !read.has(o.value))) continue;
    writes.set(o.value, o);
    clusters.set(o.value, { value: o.value, s: o.return ?? Infinity, f: o.call });
  }
  for (const o of ops) {
    if (o.op !== 'get') continue;
    const w = writes.get(o.output);
    if (w && o.return! < w.call) {
      return fails(key, `client ${o.client} read ${showValue(o.output)} by ${o.return} ms, before it was written (from ${w.call} ms)`);
    }
    const c = clusters.get(o.output)!;
    c.s = Math.min(c.s, o.return!);
    c.f = Math.max(c.f, o.call);
  }

  const forward: Cluster[] = [];
  const backward: Cluster[] = [];
  for (const c of clusters.values()) (c.s < c.f ? forward : backward).push(c);
  forward.sort((a, b) => a.s - b.s);
  const during = (c: Cluster): string => `${showValue(c.value)} from ${c.s === -Infinity ? 'the start' : `${c.s} ms`} to ${c.f} ms`;
  for (let i = 1; i < forward.length; i++) {
    // zones sorted by start are disjoint when each starts after the one before ends
    if (forward[i].s < forward[i - 1].f) {
      return fails(key, `the value had to be ${during(forward[i - 1])} and ${during(forward[i])}, overlapping times`);
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
      return fails(key, `${showValue(b.value)} was written and read within ${b.f}–${b.s} ms, while the value had to be ${during(a)}`);
    }
  }
  return ok;
}
