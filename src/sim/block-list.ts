/**
 * A list whose copies share their blocks of 1,024 items. A long run's growing lists (a Raft
 * node's log, an observer's committed entries, the clients' history) reach hundreds of thousands
 * of items, and time travel copies the state at every checkpoint and on every seek: copying this
 * list costs one pointer per block, not one per item.
 *
 * Sharing rules: items below a copy's length never change under it. The list copied from may go
 * on pushing into its part-filled last block (past what the copy reads), while the copy copies
 * that block before its own first push into it; `set` copies a block it does not own first.
 */
const BITS = 10;
const SIZE = 1 << BITS;
/** Items per block. */
export const BLOCK_SIZE = SIZE;
const MASK = SIZE - 1;

export class BlockList<T> implements Iterable<T> {
  private blocks: T[][] = [];
  /** May this list push into its last block in place (else the next push into it copies it first)? */
  private mayPushLast = true;
  /** Per block: is it this list's alone (a block not marked may be shared with a copy: `set` copies it first)? */
  private own: boolean[] = [];
  private count = 0;

  /** A list holding `items`. */
  static of<T>(...items: T[]): BlockList<T> {
    return BlockList.from(items);
  }

  static from<T>(items: Iterable<T>): BlockList<T> {
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
      this.own[b] = true;
      this.mayPushLast = true;
    } else if (!this.mayPushLast) this.ownBlock(b);
    this.blocks[b].push(item);
    this.count++;
  }

  /** Replace item `i` (below the length), copying its block first unless it is this list's alone. */
  set(i: number, item: T): void {
    if (i < 0 || i >= this.count) throw new RangeError(`BlockList.set: index ${i} is outside 0..${this.count - 1}`);
    const b = i >>> BITS;
    if (!this.own[b]) this.ownBlock(b);
    this.blocks[b][i & MASK] = item;
  }

  /** Make block `b` this list's alone: a copy of the part of it this list holds. */
  private ownBlock(b: number): void {
    this.blocks[b] = this.blocks[b].slice(0, Math.min(SIZE, this.count - (b << BITS)));
    this.own[b] = true;
    if (b === this.blocks.length - 1) this.mayPushLast = true;
  }

  /** A copy sharing every block (this list may still push into its last one, the copy may not). */
  copy(): BlockList<T> {
    return this.prefix(this.count);
  }

  /** A copy of the first `n` items, sharing their blocks (a truncated log). */
  prefix(n: number): BlockList<T> {
    const c = new BlockList<T>();
    c.count = Math.max(0, Math.min(n, this.count));
    c.blocks = this.blocks.slice(0, (c.count + MASK) >>> BITS);
    c.mayPushLast = false;
    c.own = [];
    this.own = [];
    return c;
  }

  /** Items `from` (inclusive) to `to` (exclusive) as an array, like Array.prototype.slice with non-negative bounds. */
  slice(from = 0, to = this.count): T[] {
    const end = Math.min(to, this.count);
    const out: T[] = [];
    for (let i = Math.max(0, from); i < end; i++) out.push(this.blocks[i >>> BITS][i & MASK]);
    return out;
  }

  map<U>(f: (item: T, index: number) => U): U[] {
    const out: U[] = [];
    for (let i = 0; i < this.count; i++) out.push(f(this.blocks[i >>> BITS][i & MASK], i));
    return out;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.count; i++) yield this.blocks[i >>> BITS][i & MASK];
  }

  toArray(): T[] {
    return this.slice();
  }

  /** JSON sees the items, as it would an array (state signatures, the inspector). */
  toJSON(): T[] {
    return this.toArray();
  }
}

/**
 * A list of numbers in Float64Array blocks, shared by copies as BlockList's are: a number per
 * item and no object, where a list of records kept a heap object (and boxed its fractional
 * numbers) per item for the whole run, which every young-generation collection copied.
 */
export class NumberBlockList {
  private blocks: Float64Array[] = [];
  /** May this list push into its last block in place (else the next push into it copies it first)? */
  private mayPushLast = true;
  /** Per block: is it this list's alone (`set` copies a block not marked first)? */
  private own: boolean[] = [];
  private count = 0;

  get length(): number { return this.count; }

  /** Item `i`, or undefined past the end. */
  at(i: number): number | undefined {
    return i >= 0 && i < this.count ? this.blocks[i >>> BITS][i & MASK] : undefined;
  }

  /**
   * The block holding item `i` (below the length). Its items below this list's length never
   * change while another list shares it (a write copies it first), so what is derived from them
   * may be cached by the block and shared by every list that holds it.
   */
  blockOf(i: number): Float64Array {
    return this.blocks[i >>> BITS];
  }

  push(x: number): void {
    const b = this.count >>> BITS;
    if (b === this.blocks.length) {
      this.blocks.push(new Float64Array(SIZE));
      this.own[b] = true;
      this.mayPushLast = true;
    } else if (!this.mayPushLast) this.ownBlock(b);
    this.blocks[b][this.count & MASK] = x;
    this.count++;
  }

  /** Replace item `i` (below the length), copying its block first unless it is this list's alone. */
  set(i: number, x: number): void {
    if (i < 0 || i >= this.count) throw new RangeError(`NumberBlockList.set: index ${i} is outside 0..${this.count - 1}`);
    const b = i >>> BITS;
    if (!this.own[b]) this.ownBlock(b);
    this.blocks[b][i & MASK] = x;
  }

  private ownBlock(b: number): void {
    this.blocks[b] = this.blocks[b].slice();
    this.own[b] = true;
    if (b === this.blocks.length - 1) this.mayPushLast = true;
  }

  /** A copy sharing every block (this list may still push into its last one, the copy may not). */
  copy(): NumberBlockList {
    const c = new NumberBlockList();
    c.count = this.count;
    c.blocks = this.blocks.slice();
    c.mayPushLast = false;
    this.own = [];
    return c;
  }
}
