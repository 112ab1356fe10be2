/** Checking protocol knobs from a scenario's `config`, shared by every protocol. */
import type { Text } from './explain';

export type KnobKind = 'range' | 'positive' | 'count';

/**
 * Timing knobs live in [1 ms, 1 hour]: below 1 ms a timer could fire again at the same virtual
 * microsecond and the run would never advance; an hour is the longest run (a timer set that far
 * is a way to say "never", which scripted lessons use).
 */
export const KNOB_MS = { min: 1, max: 3_600_000 } as const;
const MAX_COUNT = 10_000;

export function checkKnobs(raw: Record<string, unknown>, knobs: Record<string, KnobKind>): { field: string; reason: Text } | null {
  for (const [key, value] of Object.entries(raw)) {
    // only the table's own keys are knobs: "toString" or "__proto__" would otherwise be found on Object.prototype
    const kind = Object.hasOwn(knobs, key) ? knobs[key] : undefined;
    if (!kind) return { field: key, reason: {
      en: `unknown setting (known: ${Object.keys(knobs).join(', ')})`, zh: `未知的设置（已有：${Object.keys(knobs).join('、')}）`,
    } };
    const isMs = (v: unknown): v is number => typeof v === 'number' && v >= KNOB_MS.min && v <= KNOB_MS.max;
    const msReason = { en: `must be a number of ms from ${KNOB_MS.min} to ${KNOB_MS.max}`, zh: `必须是 ${KNOB_MS.min} 到 ${KNOB_MS.max} 的毫秒数` };
    if (kind === 'positive' && !isMs(value)) return { field: key, reason: msReason };
    if (kind === 'count' && !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_COUNT)) {
      return { field: key, reason: { en: `must be a whole number from 1 to ${MAX_COUNT}`, zh: `必须是 1 到 ${MAX_COUNT} 的整数` } };
    }
    if (kind === 'range') {
      const r = value as { min?: unknown; max?: unknown } | null;
      if (typeof r !== 'object' || r === null) return { field: key, reason: { en: 'must be an object { min, max } in ms', zh: '必须是以毫秒计的 { min, max } 对象' } };
      if (!isMs(r.min)) return { field: `${key}.min`, reason: msReason };
      if (!isMs(r.max)) return { field: `${key}.max`, reason: msReason };
      if (r.min > r.max) return { field: `${key}.min`, reason: { en: 'must not exceed max', zh: '不能大于 max' } };
    }
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
