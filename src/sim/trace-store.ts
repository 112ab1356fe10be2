/**
 * The Timeline's trace, kept small: a 6-second run can write three million records, and one
 * object per record (with the messages and notes it holds) costs hundreds of megabytes.
 *
 * What searches need is kept in columns of typed arrays: per event, its first record and its time;
 * per record, its kind, node and the other end of its message. Whole records (messages, payloads,
 * notes) are not kept: the run is deterministic, so the records between two checkpoints are
 * rebuilt by replaying from the first of them, and the last few rebuilt stretches are cached.
 * Records written since the last checkpoint, and any before the first, are kept as they are.
 */
import type { TraceKind, TraceRecord } from './trace';
import { TRACE_KIND_CODE } from './trace';

/** Replays the records between checkpoint `mark` and the next one (`count` of them). */
export type RebuildRecords = (mark: number, count: number) => TraceRecord[];

const KIND_OF_CODE: TraceKind[] = [];
for (const [kind, code] of Object.entries(TRACE_KIND_CODE)) KIND_OF_CODE[code] = kind as TraceKind;
/** Flag beside the kind code: the record is about a scripted event that did nothing. */
const IGNORED = 0x80;
/** Rebuilt records kept for reuse by default (a chunk is the records between two checkpoints). */
const CACHED_RECORDS = 50_000;

type Numbers = Uint8Array | Uint32Array | Float64Array;

/** A growable column of numbers in fixed blocks: growing never copies, and at most one block is part-used. */
class Column<T extends Numbers> {
  private static readonly BITS = 14;
  private static readonly SIZE = 1 << Column.BITS;
  private blocks: T[] = [];
  length = 0;

  constructor(private readonly make: (size: number) => T) {}

  push(value: number): void {
    const block = this.length >>> Column.BITS;
    if (block === this.blocks.length) this.blocks.push(this.make(Column.SIZE));
    this.blocks[block][this.length & (Column.SIZE - 1)] = value;
    this.length++;
  }

  get(i: number): number { return this.blocks[i >>> Column.BITS][i & (Column.SIZE - 1)]; }

  set(i: number, value: number): void { this.blocks[i >>> Column.BITS][i & (Column.SIZE - 1)] = value; }

  truncate(length: number): void {
    this.length = length;
    this.blocks.length = Math.ceil(length / Column.SIZE);
  }
}

export class TraceStore {
  // per event (indexed by event number): where its records start, and when it happened
  private readonly eventFirst = new Column((n) => new Uint32Array(n));
  private readonly eventTime = new Column((n) => new Float64Array(n));
  /** Records whose time is not their event's (a scripted event that did nothing, logged with the next event). */
  private readonly ownTime = new Map<number, number>();
  // per record
  private readonly kinds = new Column((n) => new Uint8Array(n));
  private readonly nodes = new Column((n) => new Uint8Array(n));
  private readonly peers = new Column((n) => new Uint8Array(n));

  /** Where each checkpoint's records start, and the last message id sent before it. */
  private marks: number[] = [];
  private sentBefore: number[] = [];
  private lastSent = 0;
  /** Records before the first checkpoint (nothing to replay them from), and since the last one. */
  private first: TraceRecord[] = [];
  private tail: TraceRecord[] = [];
  private readonly cache = new Map<number, TraceRecord[]>();
  private cachedRecords = 0;
  private cuts = 0;

  constructor(private readonly rebuild: RebuildRecords, private readonly cacheLimit = CACHED_RECORDS) {}

  get length(): number { return this.kinds.length; }

  /** Changes when records are cut off (a fork rewrites the future): what was read from the store is stale. */
  get version(): number { return this.cuts; }

  push(r: TraceRecord): void {
    const i = this.length;
    const e = r.event;
    if (e >= this.eventFirst.length) {
      // events without records of their own start where the next one does
      while (this.eventFirst.length <= e) {
        this.eventFirst.push(i);
        this.eventTime.push(r.time);
      }
    } else if (r.time !== this.eventTime.get(e)) {
      // an earlier record of this event came at another moment: it keeps its own time
      for (let j = this.eventFirst.get(e); j < i; j++) if (!this.ownTime.has(j)) this.ownTime.set(j, this.eventTime.get(e));
      this.eventTime.set(e, r.time);
    }
    const msg = r.msg;
    this.kinds.push(TRACE_KIND_CODE[r.kind] | (r.data?.ignored === true ? IGNORED : 0));
    this.nodes.push(r.node);
    this.peers.push(msg ? (msg.from === r.node ? msg.to : msg.from) : 0);
    if (msg && r.kind === 'send') this.lastSent = msg.id;
    this.tail.push(r);
  }

  /** A checkpoint was taken: the records from here on can be rebuilt from it. */
  mark(): void {
    if (this.marks.length === 0) this.first = this.tail;
    else this.remember(this.marks.length - 1, this.tail);
    this.tail = [];
    this.marks.push(this.length);
    this.sentBefore.push(this.lastSent);
  }

  /** Keep only the records before checkpoint `mark` (whose state the run goes on from) and the checkpoints up to it. */
  cut(mark: number): void {
    const length = this.marks[mark];
    this.marks.length = mark + 1;
    this.sentBefore.length = mark + 1;
    this.lastSent = this.sentBefore[mark];
    this.tail = [];
    for (const chunk of [...this.cache.keys()]) if (chunk >= mark) this.forget(chunk);
    for (const i of this.ownTime.keys()) if (i >= length) this.ownTime.delete(i);
    const events = length === 0 ? 0 : this.event(length - 1) + 1;
    this.eventFirst.truncate(events);
    this.eventTime.truncate(events);
    this.kinds.truncate(length);
    this.nodes.truncate(length);
    this.peers.truncate(length);
    this.cuts++;
  }

  /** Number of the engine event that wrote record `i`. */
  event(i: number): number {
    let lo = 0;
    let hi = this.eventFirst.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.eventFirst.get(mid) <= i) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  time(i: number): number {
    if (this.ownTime.size > 0) {
      const own = this.ownTime.get(i);
      if (own !== undefined) return own;
    }
    return this.eventTime.get(this.event(i));
  }

  kind(i: number): TraceKind { return KIND_OF_CODE[this.kinds.get(i) & ~IGNORED]; }

  /** Is record `i` about a scripted event that did nothing? */
  ignored(i: number): boolean { return (this.kinds.get(i) & IGNORED) !== 0; }

  /** Does record `i` concern `node`: where it happened, or the other end of its message? */
  involves(i: number, node: number): boolean { return this.nodes.get(i) === node || this.peers.get(i) === node; }

  /** How many records the first `events` events wrote. */
  countUpToEvent(events: number): number {
    if (events < 0) return 0;
    return events + 1 < this.eventFirst.length ? this.eventFirst.get(events + 1) : this.length;
  }

  /** The first record at or after `ms` (the records are in time order). */
  firstAtTime(ms: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.time(mid) < ms) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** Record `i` whole, rebuilt by replay if need be. */
  at(i: number): TraceRecord {
    if (i < 0 || i >= this.length) throw new RangeError(`no trace record ${i} (of ${this.length})`);
    const chunk = this.chunkOf(i);
    const offset = i - this.start(chunk);
    const known = this.held(chunk) ?? this.cached(chunk);
    return (known && offset < known.length ? known : this.records(chunk, true))[offset];
  }

  /**
   * The first records of checkpoint `mark`'s stretch, written by a replay from it that stopped
   * early (a seek): kept like rebuilt ones, unless more of the stretch is known already.
   */
  keep(mark: number, records: TraceRecord[]): void {
    if (mark >= this.marks.length - 1 || records.length > this.marks[mark + 1] - this.marks[mark]) return;
    const known = this.cached(mark);
    if (known && known.length >= records.length) return;
    if (known) this.forget(mark);
    this.remember(mark, records);
  }

  /** Records `from` to `to` (exclusive), whole; stretches not cached are rebuilt without filling the cache. */
  slice(from: number, to: number): TraceRecord[] {
    const out: TraceRecord[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.length);) {
      const chunk = this.chunkOf(i);
      const start = this.start(chunk);
      const records = this.held(chunk) ?? this.records(chunk, false);
      const end = Math.min(to, start + records.length);
      for (; i < end; i++) out.push(records[i - start]);
    }
    return out;
  }

  /** The record of the send of message `id`, or null. */
  sendOf(id: number): TraceRecord | null {
    if (id < 1 || id > this.lastSent) return null;
    // ids count up in send order: the chunk is the last one that starts before the send
    let lo = -1;
    let hi = this.sentBefore.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.sentBefore[mid] < id) lo = mid; else hi = mid - 1;
    }
    const from = this.start(lo);
    const to = lo + 1 < this.marks.length ? this.marks[lo + 1] : this.length;
    for (let i = from; i < to; i++) {
      if (this.kinds.get(i) !== TRACE_KIND_CODE.send) continue;
      const r = this.at(i);
      if (r.msg!.id === id) return r;
    }
    return null;
  }

  /** The checkpoint whose stretch holds record `i` (-1: before the first). */
  private chunkOf(i: number): number {
    let lo = -1;
    let hi = this.marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.marks[mid] <= i) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** Where the stretch of checkpoint `chunk` starts. */
  private start(chunk: number): number { return chunk < 0 ? 0 : this.marks[chunk]; }

  /** The records of a stretch kept as written: before the first checkpoint, or since the last. */
  private held(chunk: number): TraceRecord[] | null {
    if (chunk === this.marks.length - 1) return this.tail;
    return chunk < 0 ? this.first : null;
  }

  /** Cached records of a stretch (maybe only its first ones), now the most recently used. */
  private cached(chunk: number): TraceRecord[] | undefined {
    const records = this.cache.get(chunk);
    if (records) {
      this.cache.delete(chunk);
      this.cache.set(chunk, records);
    }
    return records;
  }

  /** Every record of a closed stretch, from the cache or rebuilt (and then cached if `keep`). */
  private records(chunk: number, keep: boolean): TraceRecord[] {
    const count = this.marks[chunk + 1] - this.marks[chunk];
    const cached = this.cached(chunk);
    if (cached && cached.length === count) return cached;
    const records = this.rebuild(chunk, count);
    if (records.length !== count) throw new Error(`replay from checkpoint ${chunk} wrote ${records.length} records, not ${count}`);
    if (keep) {
      if (cached) this.forget(chunk);
      this.remember(chunk, records);
    }
    return records;
  }

  private forget(chunk: number): void {
    const records = this.cache.get(chunk);
    if (!records) return;
    this.cache.delete(chunk);
    this.cachedRecords -= records.length;
  }

  private remember(chunk: number, records: TraceRecord[]): void {
    this.cache.set(chunk, records);
    this.cachedRecords += records.length;
    for (const [old, dropped] of this.cache) {
      if (this.cachedRecords <= this.cacheLimit || old === chunk) break;
      this.cache.delete(old);
      this.cachedRecords -= dropped.length;
    }
  }
}
