/**
 * The messages on the wire, by id. Ids are handed out in send order and most messages live a few
 * dozen events, so the live ids form a short window: a ring indexed by id serves it without the
 * rehashing a Map does under constant insertion and deletion (a sixth of the engine's allocation).
 * The ring grows to keep a long-lived message; past MAX_RING slots, the rare message that outlives
 * the window moves to a small overflow map instead.
 */
import type { Message } from './types';

const FIRST_RING = 64;
const MAX_RING = 4096;

export class InFlight {
  private ring: (Message | undefined)[] = new Array<Message | undefined>(FIRST_RING).fill(undefined);
  private mask = FIRST_RING - 1;
  private overflow = new Map<number, Message>();
  private count = 0;
  /** The highest id ever added: live ids in the ring lie in (newest - ring size, newest]. */
  private newest = 0;

  get size(): number { return this.count; }

  get(id: number): Message | undefined {
    const m = this.ring[id & this.mask];
    if (m !== undefined && m.id === id) return m;
    return this.overflow.size > 0 ? this.overflow.get(id) : undefined;
  }

  has(id: number): boolean { return this.get(id) !== undefined; }

  /** Add a message; ids must come in increasing order (they are handed out in send order). */
  add(msg: Message): void {
    if (msg.id <= this.newest) throw new Error(`in-flight ids must increase: ${msg.id} after ${this.newest}`);
    let old = this.ring[msg.id & this.mask];
    while (old !== undefined && this.ring.length < MAX_RING) {
      this.grow();
      old = this.ring[msg.id & this.mask];
    }
    if (old !== undefined) this.overflow.set(old.id, old);
    this.ring[msg.id & this.mask] = msg;
    this.newest = msg.id;
    this.count++;
  }

  /** Remove the message with this id; false when it is not on the wire. */
  delete(id: number): boolean {
    const slot = id & this.mask;
    const m = this.ring[slot];
    if (m !== undefined && m.id === id) {
      this.ring[slot] = undefined;
      this.count--;
      return true;
    }
    if (this.overflow.size > 0 && this.overflow.delete(id)) {
      this.count--;
      return true;
    }
    return false;
  }

  /** Every message on the wire, in id order (= send order). */
  values(): Message[] {
    const out: Message[] = [];
    if (this.count === 0) return out;
    if (this.overflow.size > 0) out.push(...[...this.overflow.values()].sort((a, b) => a.id - b.id));
    for (let id = Math.max(1, this.newest - this.mask); id <= this.newest; id++) {
      const m = this.ring[id & this.mask];
      if (m !== undefined && m.id === id) out.push(m);
    }
    return out;
  }

  /** A copy for another Simulation (messages are immutable, so they are shared). */
  clone(): InFlight {
    const c = new InFlight();
    c.ring = this.ring.slice();
    c.mask = this.mask;
    c.overflow = new Map(this.overflow);
    c.count = this.count;
    c.newest = this.newest;
    return c;
  }

  private grow(): void {
    const size = this.ring.length * 2;
    const ring = new Array<Message | undefined>(size).fill(undefined);
    const mask = size - 1;
    for (const m of this.ring) if (m !== undefined) ring[m.id & mask] = m;
    this.ring = ring;
    this.mask = mask;
  }
}
