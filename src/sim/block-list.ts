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

/**
 * The sharing rules, whatever a block holds: which blocks this list may write in place, and what
 * a copy shares. The lists below read and write items themselves, each in code of its own, so
 * every read of an item sees one kind of block.
 */
abstract class SharedBlocks<B> {
  protected blocks: B[] = [];
  /** May this list push into its last block in place (else the next push into it copies it first)? */
  private mayPushLast = true;
  /** Per block: is it this list's alone (a block not marked may be shared with a copy: `set` copies it first)? */
  private own: boolean[] = [];
  protected count = 0;

  get length(): number { return this.count; }

  /** A new, empty block. */
  protected abstract newBlock(): B;
  /** This list's own copy of a block it holds `held` items of. */
  protected abstract copyBlock(block: B, held: number): B;

  /** The block the next push writes into (at `count & MASK`), this list's to write in place. */
  protected blockForPush(): B {
    const b = this.count >>> BITS;
    if (b === this.blocks.length) {
      this.blocks.push(this.newBlock());
      this.own[b] = true;
      this.mayPushLast = true;
    } else if (!this.mayPushLast) this.ownBlock(b);
    return this.blocks[b];
  }

  /** The block holding item `i` (below the length), this list's to write in place. */
  protected blockForSet(i: number): B {
    if (i < 0 || i >= this.count) throw new RangeError(`set: index ${i} is outside 0..${this.count - 1}`);
    const b = i >>> BITS;
    if (!this.own[b]) this.ownBlock(b);
    return this.blocks[b];
  }

  /** Make block `b` this list's alone. */
  private ownBlock(b: number): void {
    this.blocks[b] = this.copyBlock(this.blocks[b], Math.min(SIZE, this.count - (b << BITS)));
    this.own[b] = true;
    if (b === this.blocks.length - 1) this.mayPushLast = true;
  }

  /** Make `c` hold the first `n` items of this list, sharing their blocks (this list may still push into its last one, `c` may not). */
  protected shareInto<L extends SharedBlocks<B>>(c: L, n: number): L {
    c.count = Math.max(0, Math.min(n, this.count));
    c.blocks = this.blocks.slice(0, (c.count + MASK) >>> BITS);
    c.mayPushLast = false;
    c.own = [];
    this.own = [];
    return c;
  }
}

export class BlockList<T> extends SharedBlocks<T[]> implements Iterable<T> {
  /** A list holding `items`. */
  static of<T>(...items: T[]): BlockList<T> {
    return BlockList.from(items);
  }

  static from<T>(items: Iterable<T>): BlockList<T> {
    const list = new BlockList<T>();
    for (const item of items) list.push(item);
    return list;
  }

  /** Item `i`, or undefined past the end. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.count ? this.blocks[i >>> BITS][i & MASK] : undefined;
  }

  push(item: T): void {
    this.blockForPush().push(item);
    this.count++;
  }

  /** Replace item `i` (below the length), copying its block first unless it is this list's alone. */
  set(i: number, item: T): void {
    this.blockForSet(i)[i & MASK] = item;
  }

  protected newBlock(): T[] { return []; }

  /** (the part of it this list holds: a push appends to the array) */
  protected copyBlock(block: T[], held: number): T[] { return block.slice(0, held); }

  /** A copy sharing every block (this list may still push into its last one, the copy may not). */
  copy(): BlockList<T> {
    return this.prefix(this.count);
  }

  /** A copy of the first `n` items, sharing their blocks (a truncated log). */
  prefix(n: number): BlockList<T> {
    return this.shareInto(new BlockList<T>(), n);
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
export class NumberBlockList extends SharedBlocks<Float64Array> {
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
    this.blockForPush()[this.count & MASK] = x;
    this.count++;
  }

  /** Replace item `i` (below the length), copying its block first unless it is this list's alone. */
  set(i: number, x: number): void {
    this.blockForSet(i)[i & MASK] = x;
  }

  protected newBlock(): Float64Array { return new Float64Array(SIZE); }

  /** (whole: a push writes by index) */
  protected copyBlock(block: Float64Array): Float64Array { return block.slice(); }

  /** A copy sharing every block (this list may still push into its last one, the copy may not). */
  copy(): NumberBlockList {
    return this.shareInto(new NumberBlockList(), this.count);
  }
}
