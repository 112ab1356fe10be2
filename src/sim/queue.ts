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

  // Sifting moves a hole instead of swapping pairs: a destructuring swap allocates an array per
  // step in optimised code, which was a third of the engine's allocation.
  push(item: T): void {
    const h = this.heap;
    let i = h.length;
    h.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p];
      if (!less(item, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = item;
  }

  pop(): T | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && less(h[r], h[l]) ? r : l;
        const child = h[c];
        if (!less(child, last)) break;
        h[i] = child;
        i = c;
      }
      h[i] = last;
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
