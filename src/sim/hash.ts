/**
 * Incremental 64-bit trace hash built from two 32-bit lanes with Math.imul, so it is
 * identical in Node and every browser. Fields are fed one by one; no strings are built.
 */
export class TraceHash {
  h1 = 0x811c9dc5 | 0;
  h2 = 0x2545f491 | 0;

  int(x: number): void {
    // split values wider than 32 bits (microsecond times) into two words
    const lo = x | 0;
    const hi = Math.floor(x / 0x100000000) | 0;
    this.word(lo);
    if (hi !== 0) this.word(hi ^ 0x5bd1e995);
  }

  /** Any number: integers as such, fractions (rates, latencies) by their IEEE-754 bits. */
  num(x: number): void {
    if (Number.isSafeInteger(x)) { this.int(x); return; }
    FLOAT_VIEW.setFloat64(0, x, true);
    this.word(0x3ff00000);
    this.word(FLOAT_VIEW.getInt32(0, true));
    this.word(FLOAT_VIEW.getInt32(4, true));
  }

  word(w: number): void {
    this.h1 = Math.imul(this.h1 ^ w, 0x01000193);
    this.h1 ^= this.h1 >>> 13;
    this.h2 = Math.imul(this.h2 ^ w, 0x5bd1e995);
    this.h2 = Math.imul(this.h2 ^ (this.h2 >>> 15), 0x27d4eb2d);
  }

  str(s: string): void {
    this.word(s.length);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
  }

  value(v: unknown): void {
    if (v === null || v === undefined) this.word(0x7f7f7f7f);
    else if (typeof v === 'number') this.num(v);
    else if (typeof v === 'boolean') this.word(v ? 0x11 : 0x22);
    else if (typeof v === 'string') this.str(v);
    else if (Array.isArray(v)) { this.word(v.length); for (const x of v) this.value(x); }
    else {
      // key order is the order the core built the object in, which is deterministic
      for (const k in v as object) { this.word(codeOfKey(k)); this.value((v as Record<string, unknown>)[k]); }
    }
  }

  hex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  clone(): TraceHash {
    const t = new TraceHash();
    t.h1 = this.h1; t.h2 = this.h2;
    return t;
  }
}

const keyCodes = new Map<string, number>();
/** Object keys repeat endlessly (term, index…): hash each once. */
function codeOfKey(k: string): number {
  let c = keyCodes.get(k);
  if (c === undefined) {
    c = 0x811c9dc5;
    for (let i = 0; i < k.length; i++) c = Math.imul(c ^ k.charCodeAt(i), 0x01000193);
    keyCodes.set(k, c);
  }
  return c;
}

const FLOAT_VIEW = new DataView(new ArrayBuffer(8));
