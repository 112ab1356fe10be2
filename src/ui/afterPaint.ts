/**
 * Work that can wait until the browser has painted the frame it would otherwise delay: the
 * panels drawn after the cluster (views/Deferred.tsx), the address bar, the lessons' and the
 * library's chunks. `afterPaint(f)` runs f in the first task after the next frame is rendered
 * (a message posted from requestAnimationFrame is delivered after that frame's paint), and returns
 * a function that cancels it. `whenIdle(f)` waits for an idle moment instead (the address bar's
 * clock, the work done ahead for the paused page: state/idleWhilePaused.ts).
 */

type Schedule = (f: () => void) => () => void;

function nextFrameThenTask(f: () => void): () => void {
  let cancelled = false;
  const run = () => { if (!cancelled) f(); };
  if (typeof requestAnimationFrame !== 'function' || typeof MessageChannel !== 'function') {
    const t = setTimeout(run, 0);
    return () => { cancelled = true; clearTimeout(t); };
  }
  const frame = requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); run(); };
    channel.port2.postMessage(0);
  });
  return () => { cancelled = true; cancelAnimationFrame(frame); };
}

let schedule: Schedule = nextFrameThenTask;

/**
 * Runs `f` when the page is idle, at the latest after `timeoutMs` (soon, where the browser cannot
 * tell); returns a function that cancels it. `f` is told how much of the idle time is left (ms;
 * 0 where the browser cannot tell).
 */
export function whenIdle(f: (timeLeft: () => number) => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback((deadline) => f(() => deadline.timeRemaining()), { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const t = setTimeout(() => f(() => 0), 0);
  return () => clearTimeout(t);
}

export function afterPaint(f: () => void): () => void {
  return schedule(f);
}

// ---- the page's first paint, as a store for useSyncExternalStore (every waiting panel renders in one go) ----
let painted = false;
const waiting = new Set<() => void>();
let pending: (() => void) | null = null;

/** Has the page painted its first frame? */
export const pagePainted = (): boolean => painted;

/** Be told once the page has painted its first frame (nothing if it already has). */
export function onFirstPaint(listener: () => void): () => void {
  if (painted) return () => undefined;
  waiting.add(listener);
  pending ??= afterPaint(() => {
    painted = true;
    pending = null;
    for (const l of [...waiting]) l();
    waiting.clear();
  });
  return () => { waiting.delete(listener); };
}

/**
 * Component tests in jsdom, which has no frames to wait for, run the waiting work at once, so a
 * test sees the whole page after each render as a user does after each frame.
 */
export function runAfterPaintAtOnce(): void {
  schedule = (f) => { f(); return () => undefined; };
  painted = true;
}
