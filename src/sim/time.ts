/**
 * Virtual time is kept in integer microseconds inside the engine, so event ordering and
 * latency draws are exact; scenarios, reports and the UI speak milliseconds.
 */
export const US_PER_MS = 1000;
export const msToUs = (ms: number): number => Math.round(ms * US_PER_MS);
export const usToMs = (us: number): number => us / US_PER_MS;
