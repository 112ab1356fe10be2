/**
 * Seeded, splittable PRNG (sfc32 core). Integer-only draws, so Node and every browser
 * produce the same sequence. Each subsystem splits its own stream off the root seed, so
 * drawing more in one stream never shifts another.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    // splitmix-style scramble of (seed, stream) into four words of state
    this.a = mix32(seed ^ 0x9e3779b9);
    this.b = mix32(seed + Math.imul(stream + 1, 0x85ebca6b));
    this.c = mix32(this.b ^ Math.imul(stream + 0x632be5ab, 0xc2b2ae35));
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A new independent stream derived from this generator's seed material and a label. */
  static stream(seed: number, label: string | number): Rng {
    return new Rng(seed >>> 0, typeof label === 'number' ? label : hashLabel(label));
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    const span = hi - lo + 1;
    if (span <= 1) return lo;
    if (span <= 0x100000000) return lo + (this.nextUint32() % span);
    // wide spans: combine two draws (53 bits are plenty for virtual microseconds)
    const high = this.nextUint32() % Math.ceil(span / 0x100000000);
    return lo + ((high * 0x100000000 + this.nextUint32()) % span);
  }

  /** True with probability `p` (0..1), decided with integer arithmetic on a 2^32 grid. */
  chance(p: number): boolean {
    if (p <= 0) { this.nextUint32(); return false; }
    if (p >= 1) { this.nextUint32(); return true; }
    return this.nextUint32() < Math.floor(p * 0x100000000);
  }

  /** The ids 1..n in a random order (Fisher–Yates, drawing from the last place down). */
  shuffledIds(n: number): number[] {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
    return ids;
  }

  state(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }

  clone(): Rng {
    const r = Object.create(Rng.prototype) as Rng;
    r.a = this.a; r.b = this.b; r.c = this.c; r.d = this.d;
    return r;
  }
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) | 0;
}

function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
