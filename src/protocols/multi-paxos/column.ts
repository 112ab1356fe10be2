/**
 * A growable array of per-slot facts, stored in fixed-size chunks that copies share until one of
 * them writes (copy-on-write per chunk). Copying costs one pointer per chunk, and a write copies
 * only the chunk it lands in, so time-travel checkpoints of a long run stay cheap although any
 * slot may still change (a late vote can reach an old slot).
 */
const SHIFT = 9;
const SIZE = 1 << SHIFT;
const MASK = SIZE - 1;

export class Column<T> {
  private chunks: T[][] = [];
  /** owned[k]: chunk k belongs to this copy alone, so it may be written in place */
  private owned: boolean[] = [];

  constructor(private readonly empty: T) {}

  get(i: number): T {
    const c = this.chunks[i >> SHIFT];
    return c === undefined ? this.empty : c[i & MASK];
  }

  set(i: number, v: T): void {
    const k = i >> SHIFT;
    let c = this.chunks[k];
    if (c === undefined) {
      while (this.chunks.length <= k) {
        this.chunks.push(new Array<T>(SIZE).fill(this.empty));
        this.owned.push(true);
      }
      c = this.chunks[k];
    } else if (!this.owned[k]) {
      c = this.chunks[k] = c.slice();
      this.owned[k] = true;
    }
    c[i & MASK] = v;
  }

  /** An independent copy; from now on both copy a chunk before writing to it. */
  copy(): Column<T> {
    this.owned.fill(false);
    const c = new Column<T>(this.empty);
    c.chunks = this.chunks.slice();
    c.owned = this.owned.slice();
    return c;
  }
}
