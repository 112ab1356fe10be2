/**
 * A worker thread of `npm run fuzz --jobs N`: runs the seeds and shrinks the failures it is sent,
 * one task at a time, and posts each result back. The same code runs whatever N is.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runSeedTask, type FuzzTask } from './fuzz-tasks';

parentPort!.on('message', (task: FuzzTask) => {
  parentPort!.postMessage(runSeedTask(task, workerData.options));
});
