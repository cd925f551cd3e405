// Worker threads kept between jobs: a job borrows started workers and hands them back idle, so that the next job in
// the process does not pay for starting them again.

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorkerScript } from './worker-script.js';

/** Idle workers kept per script, at most: one per core (two on one core, where `nJobs: 2` still takes two). */
const KEPT = Math.max(2, availableParallelism());

/** Idle workers per script (its URL). */
const idle = new Map<string, Worker[]>();

/** Drops what a job or the idle pool listened for, so that the next owner starts clean. */
function forget(worker: Worker): void {
  for (const event of ['message', 'messageerror', 'error', 'exit', 'online']) worker.removeAllListeners(event);
}

function poolOf(callerUrl: string, name: string): Worker[] {
  const key = new URL(`./${name}`, callerUrl).href;
  let pool = idle.get(key);
  if (!pool) idle.set(key, (pool = []));
  return pool;
}

/**
 * `count` started workers running `name` (see `startWorkerScript`): idle ones first, new ones for the rest. Starting
 * two cost a 200-row SVM fit 80 ms compiled and 240 ms from the TypeScript sources (loading their modules), once per
 * fit before: every trial of a search, every fold of an audit, every retraining in a server started its own. The
 * caller owns them until it gives them back (`returnWorkers`) or terminates them.
 */
export function borrowWorkers(callerUrl: string, name: string, count: number): Worker[] {
  const workers = poolOf(callerUrl, name).splice(0, count);
  for (const worker of workers) {
    forget(worker);
    worker.ref();
  }
  while (workers.length < count) workers.push(startWorkerScript(callerUrl, name));
  return workers;
}

/**
 * Takes back workers whose job is over (none of them busy, each told to drop what the job lent it), keeping up to
 * KEPT idle (an idle worker holds its isolate, about 10 MB, and nothing of the job's data). Idle workers
 * do not keep the process alive, and one that exits while idle leaves the pool.
 */
export function returnWorkers(callerUrl: string, name: string, workers: readonly Worker[]): void {
  const pool = poolOf(callerUrl, name);
  for (const worker of workers) {
    forget(worker);
    if (pool.length >= KEPT) {
      void worker.terminate();
      continue;
    }
    const leave = (): void => {
      const at = pool.indexOf(worker);
      if (at >= 0) pool.splice(at, 1);
    };
    worker.once('exit', leave);
    worker.once('error', leave);
    worker.unref();
    pool.push(worker);
  }
}

/** Starts idle workers for `name` until `count` are waiting, so that a job about to come finds them started. */
export function prewarmWorkers(callerUrl: string, name: string, count: number): void {
  const pool = poolOf(callerUrl, name);
  const missing = Math.min(count, KEPT) - pool.length;
  if (missing > 0) returnWorkers(callerUrl, name, Array.from({ length: missing }, () => startWorkerScript(callerUrl, name)));
}

/** How many workers for `name` wait idle. */
export function idleWorkerCount(callerUrl: string, name: string): number {
  return poolOf(callerUrl, name).length;
}
