/**
 * The clients' history (every call, in call order) kept in columns: the run adds one call per
 * client request and keeps it to the end, so an object per call (with its boxed times) was
 * copied by every young-generation collection of a long run. Here a call is a few numbers and
 * string references in blocks that copies share (block-list.ts); the objects callers read are
 * built only when asked for, once per copy and call, and shared with later copies.
 */
import { BlockList, NumberBlockList } from './block-list';

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

export class ClientHistory {
  private numbers = new NumberBlockList();
  private strings = new BlockList<string | null>();
  /** The calls built as objects so far, in blocks shared by copies (a call built while open is replaced once answered). */
  private built = new BlockList<ClientHistoryEntry>();
  /** `built` as an array, this copy's own, extended as calls are built. */
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
    this.numbers.set(i * NUMBERS + 3, returnMs);
    if (i < this.built.length) {
      // (a new object: the one built while the call was open may be shared with a copy where it still is)
      const entry = this.build(i);
      this.built.set(i, entry);
      if (this.flat && i < this.flat.length) this.flat[i] = entry;
    }
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
    for (let i = this.built.length; i < count; i++) this.built.push(this.build(i));
    const flat = (this.flat ??= []);
    for (let i = flat.length; i < count; i++) flat.push(this.built.at(i)!);
    return flat;
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
    c.built = this.built.copy();
    return c;
  }
}
