/**
 * The exhaustive search's state fingerprint (check.ts): a 64-bit hash of what a state is, as TLC
 * keeps fingerprints. A state is the nodes' state, which are up, the partition and duplication in
 * force, the messages on the wire as a multiset (ids and send times left out) and what the
 * invariant observer has recorded (times left out); with reads, the clients' history too.
 *
 * The state is walked and fed to the hash directly (no text is built): maps and sets by their
 * entries, moments as set or not (SearchProfile.moments), node ids renamed where the protocol is
 * symmetric, and bookkeeping for the observer and checkpoints left out. Under symmetry the
 * fingerprint is the least over the renamings worth trying (candidateRenamings), so two states
 * that are renamings of each other get one fingerprint.
 */
import type { Simulation } from '../sim/engine';
import type { ProtocolPlugin } from '../protocols/plugin';
import { TraceHash } from '../sim/hash';

/** Symmetry is applied up to this many nodes. */
const SYMMETRY_MAX_NODES = 5;

/** Fields of a node's state that are not state: the observer's and a checkpoint's bookkeeping. */
const BOOKKEEPING: ReadonlySet<string> = new Set(['logDirtyFrom', 'frozenLogLength']);
/** The observer's report, moreover, without the times things happened. */
const REPORT_BOOKKEEPING: ReadonlySet<string> = new Set([...BOOKKEEPING, 'time']);

// tags that keep one shape's words apart from another's
const NULL = 0x7f7f7f7f;
const TRUE = 0x11;
const FALSE = 0x22;
const ARRAY = 0x4a4a4a4a;
const OBJECT = 0x0b0b0b0b;
const MAP = 0x3c3c3c3c;
const SET = 0x5e5e5e5e;
const END = 0x0e0e0e0e;
const STRING = 0x5a5a5a5a;

/** What a field's name says of its value, as bits (one lookup per field). */
const MOMENT = 1;
const ID = 2;
const ID_LIST = 4;
const BY_ID = 8;
const SKIPPED = 16;

/** The field names a walk treats apart: each name's hash code and its roles, looked up once. */
class Fields {
  private names = new Map<string, { code: number; roles: number }>();

  constructor(
    private moments: ReadonlySet<string>,
    private sym: { ids: readonly string[]; idLists: readonly string[]; byId: readonly string[] } | null,
    private skip: ReadonlySet<string>,
  ) {}

  of(name: string): { code: number; roles: number } {
    let n = this.names.get(name);
    if (n === undefined) {
      let code = 0x811c9dc5;
      for (let i = 0; i < name.length; i++) code = Math.imul(code ^ name.charCodeAt(i), 0x01000193);
      const sym = this.sym;
      const roles = (this.moments.has(name) ? MOMENT : 0) | (this.skip.has(name) ? SKIPPED : 0)
        | (sym?.ids.includes(name) ? ID : 0) | (sym?.idLists.includes(name) ? ID_LIST : 0) | (sym?.byId.includes(name) ? BY_ID : 0);
      n = { code, roles };
      this.names.set(name, n);
    }
    return n;
  }
}

/** A moment as the search tells it: set or not. */
const setOrNot = (v: unknown): unknown => (Array.isArray(v) ? v.map(setOrNot) : typeof v === 'number' ? 1 : v);

/**
 * Feeds `value` (a field with these `roles`, 0 for an element) to `h` under one renaming of the
 * nodes (`to[id]`); `to` null walks blind to names (ids as 0, lists of ids as their length, arrays
 * by id as their sorted values), the same words whatever the nodes are called.
 */
function walk(h: TraceHash, f: Fields, roles: number, value: unknown, to: readonly number[] | null): void {
  if (value === null || value === undefined) { h.word(NULL); return; }
  switch (typeof value) {
    case 'number': {
      if (roles & MOMENT) h.word(1);
      else h.num(roles & ID ? (to ? to[value] : 0) : value);
      return;
    }
    case 'string': h.word(STRING); h.str(value); return;
    case 'boolean': h.word(value ? TRUE : FALSE); return;
    case 'object': break;
    default: return;
  }
  if (Array.isArray(value)) {
    let a: unknown[] = value;
    if (roles & ID_LIST) {
      if (!to) { h.word(ARRAY); h.word(a.length); h.word(END); return; }
      a = (a as number[]).map((n) => to[n]).sort((x, y) => x - y);
    } else if (roles & BY_ID) {
      if (to) {
        const out: unknown[] = [];
        for (let i = 0; i < a.length; i++) if (i in a) out[to[i] ?? i] = a[i];
        a = out;
      } else {
        // the values present, in order: where they sit (and so the array's length) names nodes
        const present: unknown[] = [];
        for (let i = 0; i < a.length; i++) if (i in a && a[i] !== undefined) present.push(a[i]);
        a = present.sort((x, y) => ((x as number | null) ?? -1) - ((y as number | null) ?? -1));
      }
    }
    if (roles & MOMENT) a = setOrNot(a) as unknown[];
    h.word(ARRAY);
    h.word(a.length);
    for (let i = 0; i < a.length; i++) walk(h, f, 0, a[i], to);
    h.word(END);
    return;
  }
  // a value that says how it is written (a log kept in blocks) is walked as it says
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') { walk(h, f, roles, json.call(value), to); return; }
  if (value instanceof Map) {
    h.word(MAP);
    for (const [k, v] of value) { walk(h, f, 0, k, to); walk(h, f, 0, v, to); }
    h.word(END);
    return;
  }
  if (value instanceof Set) {
    h.word(SET);
    for (const v of value) walk(h, f, 0, v, to);
    h.word(END);
    return;
  }
  h.word(OBJECT);
  const o = value as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (v === undefined || typeof v === 'function') continue;
    const name = f.of(k);
    if (name.roles & SKIPPED) continue;
    h.word(name.code);
    walk(h, f, name.roles, v, to);
  }
  h.word(END);
}

/** How nodes and messages are walked, and how the observer's report is. */
interface Walks { nodes: Fields; report: Fields }

/** A 64-bit fingerprint as one number-like pair, ordered as (h1, h2) unsigned. */
interface Print { hi: number; lo: number }
const print = (h: TraceHash): Print => ({ hi: h.h1 >>> 0, lo: h.h2 >>> 0 });
const less = (a: Print, b: Print): boolean => a.hi < b.hi || (a.hi === b.hi && a.lo < b.lo);

/** One node's words blind to names: which nodes may be renamed into one another. */
function blindPrint(sim: Simulation, f: Walks, id: number): string {
  const h = new TraceHash();
  h.word(sim.up[id] ? TRUE : FALSE);
  walk(h, f.nodes, 0, sim.nodes[id], null);
  return `${h.h1 >>> 0}:${h.h2 >>> 0}`;
}

/**
 * The renamings worth trying for a state: nodes sorted by their print blind to names, each group
 * of nodes with equal prints in every order (two states that are renamings of each other get the
 * same list, renamed, so the least fingerprint over it is the same).
 */
function candidateRenamings(sim: Simulation, f: Walks): number[][] {
  const sig = new Map(sim.nodeIds.map((id) => [id, blindPrint(sim, f, id)]));
  const order = sim.nodeIds.slice().sort((a, b) => (sig.get(a)! < sig.get(b)! ? -1 : sig.get(a)! > sig.get(b)! ? 1 : a - b));
  let out: number[][] = [[0]];
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && sig.get(order[j]) === sig.get(order[i])) j++;
    const group = order.slice(i, j);
    out = out.flatMap((to) => orderings(group).map((g) => { const t = to.slice(); g.forEach((id, k) => { t[id] = i + k + 1; }); return t; }));
    i = j;
  }
  return out;
}

function orderings<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => orderings([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** The state's fingerprint under one renaming. */
function printUnder(sim: Simulation, report: unknown, f: Walks, to: readonly number[]): Print {
  const h = new TraceHash();
  const byPlace: number[] = [];
  for (const id of sim.nodeIds) byPlace[to[id]] = id;
  for (let p = 1; p < byPlace.length; p++) {
    const id = byPlace[p];
    h.word(sim.up[id] ? TRUE : FALSE);
    walk(h, f.nodes, 0, sim.nodes[id], to);
  }
  // the wire as a multiset: each message's own print, sorted
  const wire: Print[] = [];
  for (const m of sim.messagesInFlight()) {
    if (m.lost) continue;
    const w = new TraceHash();
    w.word(to[m.from]);
    w.word(to[m.to]);
    w.str(m.type);
    walk(w, f.nodes, 0, m.payload, to);
    wire.push(print(w));
  }
  wire.sort((a, b) => a.hi - b.hi || a.lo - b.lo);
  h.word(END);
  h.word(wire.length);
  for (const w of wire) { h.word(w.hi); h.word(w.lo); }
  const groupOf = sim.network.groupOf;
  if (groupOf !== null) {
    h.str(sim.nodeIds.map((a) => sim.nodeIds.filter((b) => groupOf[b] === groupOf[a]).map((b) => to[b]).sort().join(',')).sort().join('/'));
  } else h.word(NULL);
  h.num(sim.network.settings.duplicateRate);
  walk(h, f.report, 0, report, to);
  return print(h);
}

/**
 * The fingerprint function of a search: under the renaming of nodes that gives the least print
 * when the protocol is symmetric; `exactMoments` counts moments in full; `withHistory` adds what
 * the clients saw, in call order, with times (real-time order is what linearizability reads).
 */
export function stateKeys(plugin: ProtocolPlugin, nodes: number, exactMoments: boolean, withHistory: boolean, symmetric: boolean): (sim: Simulation) => string {
  const sym = symmetric && nodes <= SYMMETRY_MAX_NODES ? plugin.search?.symmetry ?? null : null;
  const moments = new Set(exactMoments ? [] : plugin.search?.moments);
  const f: Walks = { nodes: new Fields(moments, sym, BOOKKEEPING), report: new Fields(moments, sym, REPORT_BOOKKEEPING) };
  const identity = Array.from({ length: nodes + 1 }, (_, i) => i);
  return (sim) => {
    const report = sim.observer.report();
    let least: Print | null = null;
    for (const to of sym ? candidateRenamings(sim, f) : [identity]) {
      const p = printUnder(sim, report, f, to);
      if (least === null || less(p, least)) least = p;
    }
    let key = `${least!.hi.toString(16)}.${least!.lo.toString(16)}`;
    if (withHistory) {
      const h = new TraceHash();
      h.str(JSON.stringify(sim.clientHistory));
      key += `.${h.hex()}`;
    }
    return key;
  };
}
