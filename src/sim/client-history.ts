/**
 * The clients' history (every call, in call order) kept in columns: the run adds one call per
 * client request and keeps it to the end, so an object per call (with its boxed times) was
 * copied by every young-generation collection of a long run. Here a call is a few numbers and
 * string references in blocks that copies share (block-list.ts); the objects callers read are
 * built only when asked for, and kept by the block of numbers they were built from, so every
 * copy holding that block (the moments a seek rebuilds from one checkpoint) reads the same ones.
 */
import { BLOCK_SIZE, BlockList, NumberBlockList } from './block-list';

export interface ClientHistoryEntry {
  client: number;
  op: 'get' | 'put';
  key: string;
  value: string | null;
  output: string | null;
  call: number;
  return: number | null;
}

/** Numbers per call: client, operation (0 get, 1 put), call time, return time (NaN while open). */
const NUMBERS = 4;
/** Strings per call: key, value, output. */
const STRINGS = 3;
/** Calls per block of numbers. */
const CALLS_PER_BLOCK = BLOCK_SIZE / NUMBERS;
/** The calls built as objects, by the block of numbers they were read from (slot: the call's place in its block). */
const builtByBlock = new WeakMap<Float64Array, ClientHistoryEntry[]>();

export class ClientHistory {
  private numbers = new NumberBlockList();
  private strings = new BlockList<string | null>();
  /** Every call as an object, this copy's own array, extended as calls are added. */
  private flat: ClientHistoryEntry[] | null = null;

  get length(): number { return this.numbers.length / NUMBERS; }

  /** Record a call; returns its index. */
  add(client: number, op: 'get' | 'put', key: string, value: string | null, callMs: number): number {
    const n = this.numbers;
    n.push(client); n.push(op === 'put' ? 1 : 0); n.push(callMs); n.push(NaN);
    const s = this.strings;
    s.push(key); s.push(value); s.push(null);
    return this.length - 1;
  }

  /** The answer to call `i`. */
  complete(i: number, output: string | null, returnMs: number): void {
    this.strings.set(i * STRINGS + 2, output);
    // (a write into a block another copy holds copies it first: this block is now this copy's
    // alone, and so is what is built from it)
    this.numbers.set(i * NUMBERS + 3, returnMs);
    // (only this copy can have built objects from a block it alone holds, and it has read none yet)
    if (this.flat === null) return;
    const built = builtByBlock.get(this.numbers.blockOf(i * NUMBERS));
    const slot = this.slotOf(i);
    if (built?.[slot] !== undefined) built[slot] = this.build(i);
    if (i < this.flat.length) this.flat[i] = built?.[slot] ?? this.build(i);
  }

  /** Has call `i` been answered? */
  answered(i: number): boolean {
    return !Number.isNaN(this.numbers.at(i * NUMBERS + 3)!);
  }

  clientOf(i: number): number {
    return this.numbers.at(i * NUMBERS)!;
  }

  /** Every call so far, in call order: the same array grows with the run (the first read after a copy builds it). */
  entries(): ClientHistoryEntry[] {
    const count = this.length;
    const flat = (this.flat ??= []);
    let block: Float64Array | null = null;
    let built: ClientHistoryEntry[] = [];
    for (let i = flat.length; i < count; i++) {
      const b = this.numbers.blockOf(i * NUMBERS);
      if (b !== block) {
        block = b;
        const known = builtByBlock.get(b);
        if (known) built = known; else builtByBlock.set(b, built = []);
      }
      const slot = this.slotOf(i);
      flat.push(built[slot] ??= this.build(i));
    }
    return flat;
  }

  /** A call's place in its block of numbers. */
  private slotOf(i: number): number {
    return i % CALLS_PER_BLOCK;
  }

  private build(i: number): ClientHistoryEntry {
    const n = this.numbers, s = this.strings;
    const returned = n.at(i * NUMBERS + 3)!;
    return {
      client: n.at(i * NUMBERS)!, op: n.at(i * NUMBERS + 1) === 1 ? 'put' : 'get',
      key: s.at(i * STRINGS)!, value: s.at(i * STRINGS + 1)!, output: s.at(i * STRINGS + 2)!,
      call: n.at(i * NUMBERS + 2)!, return: Number.isNaN(returned) ? null : returned,
    };
  }

  /** A copy sharing every block (see BlockList): a copy's first write into a shared block copies it. */
  copy(): ClientHistory {
    const c = new ClientHistory();
    c.numbers = this.numbers.copy();
    c.strings = this.strings.copy();
    return c;
  }
}
