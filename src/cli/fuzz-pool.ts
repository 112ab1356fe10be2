/**
 * A pool of worker threads for the fuzzer. Tasks queue up and go to whichever worker is free;
 * shrink tasks jump the queue, since the output waits for them. Results come back as promises,
 * and the caller reads them in seed order, so what is printed does not depend on the pool's size.
 */
import { Worker } from 'node:worker_threads';
import type { FuzzOptions } from '../scenario/fuzz';
import type { FuzzTask, FuzzTaskResult } from './fuzz-tasks';

interface Queued { task: FuzzTask; done: (r: FuzzTaskResult) => void; fail: (e: Error) => void }

/** A worker that runs TypeScript under tsx (tsx src/cli/fuzz.ts), or the bundled JavaScript as it is (npm run fuzz). */
function startWorker(options: FuzzOptions): Worker {
  const entry = new URL(import.meta.url.endsWith('.ts') ? './fuzz-worker.ts' : './fuzz-worker.js', import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: { options } });
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData: { options } });
}

export class FuzzPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Queued>();
  private readonly queue: Queued[] = [];

  constructor(jobs: number, options: FuzzOptions) {
    for (let i = 0; i < jobs; i++) {
      const w = startWorker(options);
      w.on('message', (r: FuzzTaskResult) => {
        const q = this.busy.get(w)!;
        this.busy.delete(w);
        this.idle.push(w);
        q.done(r);
        this.dispatch();
      });
      w.on('error', (e) => {
        const q = this.busy.get(w);
        this.busy.delete(w);
        if (q) q.fail(e instanceof Error ? e : new Error(String(e)));
      });
      this.idle.push(w);
    }
  }

  run(task: FuzzTask): Promise<FuzzTaskResult> {
    return new Promise((done, fail) => {
      const q = { task, done, fail };
      if (task.type === 'shrink') this.queue.unshift(q);
      else this.queue.push(q);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const q = this.queue.shift()!;
      this.busy.set(w, q);
      w.postMessage(q.task);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.idle, ...this.busy.keys()].map((w) => w.terminate()));
  }
}
