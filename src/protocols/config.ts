/**
 * Protocol knobs: each protocol declares its table (one kind per config key, the defaults being its
 * `defaultConfig`), and the schema, the setup form and the fuzzer read that table.
 */
import type { NodeId, Range } from '../sim/types';
import type { Text } from './explain';

/**
 * - `range`: `{ min, max }` in ms; `ms`: a duration in ms; `count`: a whole number from 1;
 * - `whole`: a whole number from 0 (0 usually meaning "off"); `members`: distinct node ids of the cluster (null: all);
 * - `boolean`: on or off; `enum`: one of `values`.
 * `fuzz` (boolean and enum only): the swarm fuzzer may draw a value other than the default.
 */
export type Knob =
  | { readonly kind: 'range' }
  | { readonly kind: 'ms' }
  | { readonly kind: 'count' }
  | { readonly kind: 'whole' }
  | { readonly kind: 'members' }
  | { readonly kind: 'boolean'; readonly fuzz?: boolean }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly fuzz?: boolean };

export type KnobKind = Knob['kind'];

/** The kinds a config value of type V may be declared with. */
type KnobFor<V> =
  [V] extends [boolean] ? Extract<Knob, { kind: 'boolean' }>
  : [V] extends [Range] ? Extract<Knob, { kind: 'range' }>
  : [V] extends [number] ? Extract<Knob, { kind: 'ms' | 'count' | 'whole' }>
  : [Exclude<V, null>] extends [readonly NodeId[]] ? Extract<Knob, { kind: 'members' }>
  : [V] extends [string] ? { readonly kind: 'enum'; readonly values: readonly V[]; readonly fuzz?: boolean }
  : never;

/** One knob per key of the config C, of a kind its type allows (any knobs when C is not known). */
export type KnobTable<C = unknown> = unknown extends C ? Readonly<Record<string, Knob>> : { readonly [K in keyof C]-?: KnobFor<C[K]> };

/**
 * Timing knobs live in [1 ms, 1 hour]: below 1 ms a timer could fire again at the same virtual
 * microsecond and the run would never advance; an hour is the longest run (a timer set that far
 * is a way to say "never", which scripted lessons use).
 */
export const KNOB_MS = { min: 1, max: 3_600_000 } as const;
export const MAX_COUNT = 10_000;

const isMs = (v: unknown): v is number => typeof v === 'number' && v >= KNOB_MS.min && v <= KNOB_MS.max;
const msReason = { en: `must be a number of ms from ${KNOB_MS.min} to ${KNOB_MS.max}`, zh: `必须是 ${KNOB_MS.min} 到 ${KNOB_MS.max} 的毫秒数` };

/** Why `value` is not a valid setting of `knob` (field relative to the knob) in a cluster of `nodes`, or null. */
function knobError(knob: Knob, value: unknown, nodes: number): { field: string; reason: Text } | null {
  switch (knob.kind) {
    case 'whole':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_COUNT ? null
        : { field: '', reason: { en: `must be a whole number from 0 to ${MAX_COUNT}`, zh: `必须是 0 到 ${MAX_COUNT} 的整数` } };
    case 'members': {
      if (value === null) return null; // every node
      if (!Array.isArray(value) || value.length === 0) {
        return { field: '', reason: { en: 'must be a non-empty list of node numbers', zh: '必须是非空的节点编号列表' } };
      }
      const bad = value.findIndex((n) => !Number.isInteger(n) || n < 1);
      if (bad >= 0) return { field: `[${bad}]`, reason: { en: 'must be a node number (from 1)', zh: '必须是节点编号（从 1 开始）' } };
      const error = checkMembers(value as number[], nodes);
      return error ? { field: error.at, reason: error.reason } : null;
    }
    case 'ms': return isMs(value) ? null : { field: '', reason: msReason };
    case 'count':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_COUNT ? null
        : { field: '', reason: { en: `must be a whole number from 1 to ${MAX_COUNT}`, zh: `必须是 1 到 ${MAX_COUNT} 的整数` } };
    case 'boolean':
      return typeof value === 'boolean' ? null : { field: '', reason: { en: 'must be true or false', zh: '必须是 true 或 false' } };
    case 'enum': {
      const names = knob.values.map((v) => `"${v}"`);
      return typeof value === 'string' && knob.values.includes(value) ? null
        : { field: '', reason: { en: `must be one of ${names.join(', ')}`, zh: `必须是 ${names.join('、')} 之一` } };
    }
    case 'range': {
      const r = value as { min?: unknown; max?: unknown } | null;
      if (typeof r !== 'object' || r === null) return { field: '', reason: { en: 'must be an object { min, max } in ms', zh: '必须是以毫秒计的 { min, max } 对象' } };
      if (!isMs(r.min)) return { field: '.min', reason: msReason };
      if (!isMs(r.max)) return { field: '.max', reason: msReason };
      if (r.min > r.max) return { field: '.min', reason: { en: 'must not exceed max', zh: '不能大于 max' } };
      return null;
    }
  }
}

/** The first bad knob of a scenario's `config` (of a cluster of `nodes`) and why, or null when every one is valid. */
export function checkKnobs(raw: Record<string, unknown>, knobs: KnobTable, nodes = Infinity): { field: string; reason: Text } | null {
  for (const [key, value] of Object.entries(raw)) {
    // only the table's own keys are knobs: "toString" or "__proto__" would otherwise be found on Object.prototype
    const knob = Object.hasOwn(knobs, key) ? knobs[key] : undefined;
    if (!knob) return { field: key, reason: {
      en: `unknown setting (known: ${Object.keys(knobs).join(', ')})`, zh: `未知的设置（已有：${Object.keys(knobs).join('、')}）`,
    } };
    const error = knobError(knob, value, nodes);
    if (error) return { field: key + error.field, reason: error.reason };
  }
  return null;
}

/**
 * A protocol's config: its defaults overlaid by the scenario's knobs (already checked), one level
 * deep so a range given as { min } alone keeps the default max.
 */
export function withDefaults<C extends object>(defaults: C, raw: Record<string, unknown> | undefined): C {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(raw ?? {})) {
    const base = Object.hasOwn(out, key) ? out[key] : undefined;
    const merged = typeof base === 'object' && base !== null && typeof value === 'object' && value !== null ? { ...base, ...value } : value;
    // defined, not assigned: assigning a key named "__proto__" would replace the config's prototype
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out as C;
}

/**
 * A list of member node ids (a configuration): each one a node of the cluster, none twice.
 * Returns where in the list the first problem is ("[2]") and why, or null.
 */
export function checkMembers(members: readonly number[], nodes: number): { at: string; reason: Text } | null {
  const seen = new Set<number>();
  for (let i = 0; i < members.length; i++) {
    const n = members[i];
    if (n > nodes) return { at: `[${i}]`, reason: { en: `node ${n} does not exist (the cluster has ${nodes} nodes)`, zh: `节点 ${n} 不存在（集群只有 ${nodes} 个节点）` } };
    if (seen.has(n)) return { at: `[${i}]`, reason: { en: `node ${n} is listed twice`, zh: `节点 ${n} 被列出了两次` } };
    seen.add(n);
  }
  return null;
}
