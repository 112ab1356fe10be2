/**
 * An append-only list whose copies share their full blocks of 1,024 items. A long run's
 * registries (an observer's committed entries, one per log index) grow to hundreds of thousands
 * of items, and time travel copies the state at every checkpoint and on every seek: copying this
 * list costs one pointer per block, not one per item. Items below a copy's length never change:
 * the list copied from may go on pushing into its part-filled last block (past what the copy
 * reads), while the copy copies that block before its own first push into it.
 */
const BITS = 10;
const SIZE = 1 << BITS;
const MASK = SIZE - 1;

export class BlockList<T> implements Iterable<T> {
  private blocks: T[][] = [];
  /** May this list push into its last block in place (else the next push into it copies it first)? */
  private mayPushLast = true;
  private count = 0;

  /** A list holding `items`. */
  static of<T>(...items: T[]): BlockList<T> {
    const list = new BlockList<T>();
    for (const item of items) list.push(item);
    return list;
  }

  get length(): number { return this.count; }

  /** Item `i`, or undefined past the end. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.count ? this.blocks[i >>> BITS][i & MASK] : undefined;
  }

  push(item: T): void {
    const b = this.count >>> BITS;
    if (b === this.blocks.length) {
      this.blocks.push([]);
      this.mayPushLast = true;
    } else if (!this.mayPushLast) {
      this.blocks[b] = this.blocks[b].slice(0, this.count & MASK);
      this.mayPushLast = true;
    }
    this.blocks[b].push(item);
    this.count++;
  }

  /** A copy sharing every block (this list may still push into its last one, the copy may not). */
  copy(): BlockList<T> {
    const c = new BlockList<T>();
    c.blocks = this.blocks.slice();
    c.count = this.count;
    c.mayPushLast = false;
    return c;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.count; i++) yield this.blocks[i >>> BITS][i & MASK];
  }

  toArray(): T[] {
    return [...this];
  }
}
