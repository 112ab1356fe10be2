/**
 * The "Find a failure" panel's Web Worker: runs the search off the main thread, so the page keeps
 * animating, and posts its progress and its answer. Stopping is the page terminating the worker.
 */
import { findFailure, type FindProgress, type FindRequest, type FindResult } from '../../scenario/find-failure';

export type FromWorker =
  | { type: 'progress'; progress: FindProgress }
  | { type: 'done'; result: FindResult }
  | { type: 'error'; message: string };

/** The worker's global scope (the project compiles against the DOM's types, not the worker's). */
const scope = self as unknown as { onmessage: ((e: MessageEvent<FindRequest>) => void) | null; postMessage(m: FromWorker): void };

scope.onmessage = (e: MessageEvent<FindRequest>) => {
  const post = (m: FromWorker): void => scope.postMessage(m);
  try {
    post({ type: 'done', result: findFailure(e.data, (progress) => post({ type: 'progress', progress })) });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
