/** Number formatting shared by the views (numbers only; words come from the catalogues). */
export function formatTime(ms: number): string {
  return ms.toFixed(ms < 10_000 ? 1 : 0);
}

export function formatSpeed(x: number): string {
  if (x >= 1) return x.toFixed(x >= 10 ? 0 : 1);
  return x >= 0.01 ? x.toFixed(2) : x.toFixed(3);
}
