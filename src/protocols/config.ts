/** Checking protocol knobs from a scenario's `config`, shared by every protocol. */
export type KnobKind = 'range' | 'positive' | 'count';

export function checkKnobs(raw: Record<string, unknown>, knobs: Record<string, KnobKind>): { field: string; reason: string } | null {
  for (const [key, value] of Object.entries(raw)) {
    const kind = knobs[key];
    if (!kind) return { field: key, reason: `unknown setting (known: ${Object.keys(knobs).join(', ')})` };
    const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
    if (kind === 'positive' && !isPositive(value)) return { field: key, reason: 'must be a positive number of ms' };
    if (kind === 'count' && !(Number.isInteger(value) && (value as number) >= 1)) {
      return { field: key, reason: 'must be a whole number of at least 1' };
    }
    if (kind === 'range') {
      const r = value as { min?: unknown; max?: unknown } | null;
      if (typeof r !== 'object' || r === null) return { field: key, reason: 'must be an object { min, max } in ms' };
      if (!isPositive(r.min)) return { field: `${key}.min`, reason: 'must be a positive number of ms' };
      if (!isPositive(r.max)) return { field: `${key}.max`, reason: 'must be a positive number of ms' };
      if (r.min > r.max) return { field: `${key}.min`, reason: 'must not exceed max' };
    }
  }
  return null;
}
