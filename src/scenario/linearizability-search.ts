/**
 * Wing & Gong's search for a linearization of one register, as Lowe improved it and Porcupine
 * runs it. Calls and returns sit in one time-ordered list; the search linearizes a call (takes it
 * out of the list, with its return) when the register allows it, and backtracks when it meets a
 * return whose operation is still waiting. Each (set of operations linearized, register value)
 * it reaches is remembered, so no situation is explored twice. It works whatever the values
 * written; past its budget it gives up and answers `null`, with the reason.
 */
import type { CheckBudget, CheckVerdict, HistoryOp } from './linearizability';

/**
 * Search one key's history. `valueId` numbers every value written (0: the initial nothing);
 * every read returns one of them; `read` holds the values some read returned. When it finds a
 * linearization and `witness` is given, the operations that take effect are put in it, in order.
 */
export function searchRegister(key: string, all: readonly HistoryOp[], valueId: ReadonlyMap<string | null, number>, read: ReadonlySet<string | null>, budget: CheckBudget, witness?: HistoryOp[]): CheckVerdict {
  // completed operations in call order, then the unanswered writes someone read (see Memo)
  const byCall = (a: HistoryOp, b: HistoryOp): number => a.call - b.call;
  const ops = [
    ...all.filter((h) => h.return !== null).sort(byCall),
    ...all.filter((h) => h.return === null && read.has(h.value)).sort(byCall),
  ];
  const n = ops.length;
  if (n === 0) return { linearizable: true, reason: null, steps: 0 };

  // the entry list: 2i is operation i's call, 2i+1 its return; calls sort before returns at equal times
  const time = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) { time[2 * i] = ops[i].call; time[2 * i + 1] = ops[i].return ?? Infinity; }
  const order = new Int32Array(2 * n).map((_, e) => e);
  order.sort((a, b) => (time[a] < time[b] ? -1 : time[a] > time[b] ? 1 : (a & 1) - (b & 1) || a - b));
  const next = new Int32Array(2 * n + 1); // index 2n is the head; -1 ends the list
  const prev = new Int32Array(2 * n + 1);
  const head = 2 * n;
  let last = head;
  for (const e of order) { next[last] = e; prev[e] = last; last = e; }
  next[last] = -1;

  const isPut = new Uint8Array(n);
  const arg = new Int32Array(n); // the value a put writes, or a get must see
  const pending = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = ops[i];
    isPut[i] = o.op === 'put' ? 1 : 0;
    arg[i] = valueId.get(o.op === 'put' ? o.value : o.output)!;
    pending[i] = o.return === null ? 1 : 0;
  }

  const memo = new Memo(ops, budget.memoBytes);
  const lift = (c: number): void => {
    next[prev[c]] = next[c]; if (next[c] >= 0) prev[next[c]] = prev[c];
    const r = c + 1;
    next[prev[r]] = next[r]; if (next[r] >= 0) prev[next[r]] = prev[r];
  };
  const unlift = (c: number): void => {
    const r = c + 1;
    next[prev[r]] = r; if (next[r] >= 0) prev[next[r]] = r;
    next[prev[c]] = c; if (next[c] >= 0) prev[next[c]] = c;
  };

  const stackCall = new Int32Array(n); // the call entries linearized, in order
  const stackValue = new Int32Array(n); // the register's value before each
  let depth = 0;
  let value = 0;
  let steps = 0;
  let entry = next[head];
  while (entry >= 0) {
    const i = entry >> 1;
    if ((entry & 1) === 0) {
      if (++steps > budget.steps) {
        return { linearizable: null, steps, reason: `key ${key}: the search gave up after ${budget.steps.toLocaleString('en-US')} steps over ${n} operations (budget)` };
      }
      const ok = isPut[i] === 1 || arg[i] === value;
      if (ok) {
        const after = isPut[i] ? arg[i] : value;
        memo.add(i);
        if (memo.remember(after)) {
          if (memo.full()) {
            return { linearizable: null, steps, reason: `key ${key}: the search gave up with ${memo.size.toLocaleString('en-US')} situations remembered, past its ${Math.round(budget.memoBytes / 1048576)} MB memory budget` };
          }
          stackCall[depth] = entry; stackValue[depth] = value; depth++;
          value = after;
          lift(entry);
          entry = next[head];
          continue;
        }
        memo.remove(i);
      }
      entry = next[entry];
    } else {
      // every operation that completed is linearized: those never answered may simply not happen
      if (pending[i]) break;
      if (depth === 0) {
        return { linearizable: false, steps, reason: `key ${key}: no order of its ${n} operations explains what every read returned` };
      }
      depth--;
      const c = stackCall[depth];
      value = stackValue[depth];
      memo.remove(c >> 1);
      unlift(c);
      entry = next[c];
    }
  }
  if (witness) for (let d = 0; d < depth; d++) witness.push(ops[stackCall[d] >> 1]);
  return { linearizable: true, reason: null, steps };
}

const fmix32 = (x: number): number => {
  x ^= x >>> 16; x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13; x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
};

/**
 * The situations the search has seen: (operations linearized, register value). The set is a
 * bitset over the completed operations in call order, then the unanswered ones. Since the search
 * linearizes early calls first, the completed part is nearly always "all of them up to some
 * point, and a few past it", so a situation is stored compactly: the first operation not yet
 * linearized, the words from there to the last one linearized, and the unanswered part whole.
 * Its hash is kept up to date as each operation comes and goes (Zobrist hashing).
 */
class Memo {
  private readonly completed: number;
  private readonly pendingBase: number;
  private readonly pendingWords: number;
  private readonly bits: Int32Array;
  private readonly zobrist: Int32Array;
  private hash = 0;
  private lowestUnset = 0;
  private highestSet = -1;
  /** hash table of record offsets + 1 (0: empty), with each record's hash beside it */
  private table = new Int32Array(1024);
  private tableHash = new Int32Array(1024);
  /** records back to back: value, lowestUnset, window length, window words, pending words */
  private data = new Int32Array(1024);
  private used = 0;
  size = 0;

  constructor(ops: readonly HistoryOp[], private readonly maxBytes: number) {
    let completed = 0;
    while (completed < ops.length && ops[completed].return !== null) completed++;
    this.completed = completed;
    this.pendingBase = ((completed + 31) >>> 5) << 5;
    this.pendingWords = (ops.length - completed + 31) >>> 5;
    this.bits = new Int32Array((this.pendingBase >>> 5) + this.pendingWords);
    this.zobrist = new Int32Array(ops.length);
    for (let i = 0; i < ops.length; i++) this.zobrist[i] = fmix32(i + 0x9e3779b9) || 1;
  }

  private bit(i: number): number { return i < this.completed ? i : this.pendingBase + (i - this.completed); }

  add(i: number): void {
    const b = this.bit(i);
    this.bits[b >>> 5] |= 1 << (b & 31);
    this.hash ^= this.zobrist[i];
    if (i >= this.completed) return;
    if (i > this.highestSet) this.highestSet = i;
    while (this.lowestUnset < this.completed && this.bits[this.lowestUnset >>> 5] & (1 << (this.lowestUnset & 31))) this.lowestUnset++;
  }

  remove(i: number): void {
    const b = this.bit(i);
    this.bits[b >>> 5] &= ~(1 << (b & 31));
    this.hash ^= this.zobrist[i];
    if (i >= this.completed) return;
    if (i < this.lowestUnset) this.lowestUnset = i;
    if (i === this.highestSet) {
      let h = i - 1;
      while (h >= 0 && !(this.bits[h >>> 5] & (1 << (h & 31)))) h--;
      this.highestSet = h;
    }
  }

  private windowWords(): number {
    return this.highestSet < this.lowestUnset ? 0 : (this.highestSet >>> 5) - (this.lowestUnset >>> 5) + 1;
  }

  private matches(at: number, value: number): boolean {
    const d = this.data;
    if (d[at] !== value || d[at + 1] !== this.lowestUnset) return false;
    const len = this.windowWords();
    if (d[at + 2] !== len) return false;
    let p = at + 3;
    const lo = this.lowestUnset >>> 5;
    for (let w = 0; w < len; w++) if (d[p++] !== this.bits[lo + w]) return false;
    const pb = this.pendingBase >>> 5;
    for (let w = 0; w < this.pendingWords; w++) if (d[p++] !== this.bits[pb + w]) return false;
    return true;
  }

  /** Remember the current set with this value; false if it was seen before. */
  remember(value: number): boolean {
    const h = this.hash ^ fmix32(value);
    let mask = this.table.length - 1;
    let slot = h & mask;
    for (let at = this.table[slot]; at !== 0; at = this.table[slot]) {
      if (this.tableHash[slot] === h && this.matches(at - 1, value)) return false;
      slot = (slot + 1) & mask;
    }
    const len = this.windowWords();
    const need = 3 + len + this.pendingWords;
    if (this.used + need > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, this.used + need));
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.used;
    const d = this.data;
    d[at] = value; d[at + 1] = this.lowestUnset; d[at + 2] = len;
    d.set(this.bits.subarray(this.lowestUnset >>> 5, (this.lowestUnset >>> 5) + len), at + 3);
    const pb = this.pendingBase >>> 5;
    d.set(this.bits.subarray(pb, pb + this.pendingWords), at + 3 + len);
    this.used += need;
    this.table[slot] = at + 1;
    this.tableHash[slot] = h;
    if (++this.size * 2 > this.table.length) {
      // open addressing, kept at most half full
      const oldTable = this.table;
      const oldHash = this.tableHash;
      this.table = new Int32Array(oldTable.length * 2);
      this.tableHash = new Int32Array(oldTable.length * 2);
      mask = this.table.length - 1;
      for (let s = 0; s < oldTable.length; s++) {
        if (oldTable[s] === 0) continue;
        let t = oldHash[s] & mask;
        while (this.table[t] !== 0) t = (t + 1) & mask;
        this.table[t] = oldTable[s];
        this.tableHash[t] = oldHash[s];
      }
    }
    return true;
  }

  /** Past the memory budget (the records and the hash table)? */
  full(): boolean { return (this.used + 2 * this.table.length) * 4 > this.maxBytes; }
}
