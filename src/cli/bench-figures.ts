/** A benchmark figure: runs, median, spread, and whether it meets its target. */
export interface Figure {
  name: string;
  what: string;
  unit: string;
  target: number;
  /** 'min': the figure must be at least the target; 'max': at most */
  kind: 'min' | 'max';
  runs: number[];
  median: number;
  spread: [number, number];
  met: boolean;
  note?: string;
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const percentile = (xs: number[], p: number): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

export function figure(name: string, what: string, unit: string, kind: 'min' | 'max', target: number, runs: number[], note?: string): Figure {
  const med = median(runs);
  return {
    name, what, unit, target, kind, runs: runs.map((r) => round(r)), median: round(med),
    spread: [round(Math.min(...runs)), round(Math.max(...runs))],
    met: kind === 'min' ? med >= target : med <= target, note,
  };
}
const round = (x: number): number => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 100) / 100);

