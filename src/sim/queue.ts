/** Binary min-heap of events ordered by (time, seq): ties break identically everywhere. */
export interface Queued {
  time: number; // virtual microseconds
  seq: number;
}

export class EventQueue<T extends Queued> {
  private heap: T[] = [];

  get size(): number { return this.heap.length; }
  peek(): T | undefined { return this.heap[0]; }
  items(): readonly T[] { return this.heap; }

  push(item: T): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  pop(): T | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  /** Copy for checkpoints: entries are immutable, so a shallow copy is a snapshot. */
  clone(): EventQueue<T> {
    const q = new EventQueue<T>();
    q.heap = this.heap.slice();
    return q;
  }
}

function less(a: Queued, b: Queued): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
