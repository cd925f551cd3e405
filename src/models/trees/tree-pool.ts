// Grows trees in this thread or on worker threads kept for the whole fit; results are identical either way.

import type { Worker } from 'node:worker_threads';
import { startWorkerScript } from '../../core/worker-script.js';
import { ProdclassError } from '../../core/errors.js';
import type { ProgressTask } from '../../core/progress.js';
import { TreeTaskRunner, type TreeJob, type TreeTask, type TreeTaskResult } from './tree-tasks.js';
import type { TreeWorkerMessage } from './tree-worker.js';

export interface TreeRunOptions {
  progress?: ProgressTask;
  signal?: AbortSignal;
}

/** Workers not leased to a fit, kept (unref'd) so later fits in this process skip their start-up. */
const idleWorkers: Worker[] = [];

/**
 * The threads of one job (one fit). Every task carries its own seed, so which thread grows which tree, and in
 * what order, changes nothing. Workers read the binned data in place (SharedArrayBuffers). They are leased
 * for the whole fit (a boosting fit posts one batch per round) and returned to an idle set on `close`.
 */
export class TreePool {
  private runner: TreeTaskRunner | null = null;
  private readonly workers: Worker[];
  private readonly threads: number;

  private constructor(threads: number) {
    this.threads = threads;
    this.workers = threads === 1 ? [] : Array.from({ length: threads }, () => leaseWorker());
  }

  /**
   * Takes `threads` threads (workers start loading their code now, while the caller bins its data); `start`
   * then gives them the job.
   */
  static lease(threads: number): TreePool {
    return new TreePool(threads);
  }

  /** Hands the job to the threads. */
  start(job: TreeJob): this {
    if (this.threads === 1) this.runner = new TreeTaskRunner(job);
    for (const worker of this.workers) post(worker, { type: 'job', job });
    return this;
  }

  static open(job: TreeJob, threads: number): TreePool {
    return new TreePool(threads).start(job);
  }

  /**
   * Runs the tasks and returns their results in task order.
   * @throws the abort reason when `signal` aborts; ProdclassError INTERNAL when a worker fails.
   */
  async run(tasks: readonly TreeTask[], options: TreeRunOptions = {}): Promise<TreeTaskResult[]> {
    if (this.runner) {
      const results: TreeTaskResult[] = [];
      for (const task of tasks) {
        options.signal?.throwIfAborted();
        results.push(this.runner.run(task));
        options.progress?.tick();
        if (results.length % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      return results;
    }
    return this.runOnWorkers(tasks, options);
  }

  /** Returns the workers to the idle set (or ends them, after a failure). */
  async close(): Promise<void> {
    for (const worker of this.workers.splice(0)) {
      if (this.broken) {
        await worker.terminate();
        continue;
      }
      post(worker, { type: 'end' });
      worker.unref();
      idleWorkers.push(worker);
    }
  }

  private broken = false;

  private runOnWorkers(tasks: readonly TreeTask[], options: TreeRunOptions): Promise<TreeTaskResult[]> {
    const results: TreeTaskResult[] = new Array(tasks.length);
    if (tasks.length === 0) return Promise.resolve(results);
    let next = 0;
    let finished = 0;
    return new Promise<TreeTaskResult[]>((resolve, reject) => {
      let settled = false;
      const listeners: [Worker, (...args: any[]) => void, string][] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
      const stop = (error?: unknown): void => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener('abort', onAbort);
        for (const [worker, listener, event] of listeners) worker.off(event, listener);
        if (error === undefined) resolve(results);
        else {
          this.broken = true;
          for (const w of this.workers) void w.terminate();
          reject(error);
        }
      };
      const onAbort = (): void => stop(options.signal?.reason);
      if (options.signal?.aborted) return stop(options.signal.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      for (const worker of this.workers) {
        const slot = { task: -1 };
        const feed = (): void => {
          if (next >= tasks.length) return;
          slot.task = next++;
          post(worker, { type: 'task', task: tasks[slot.task] });
        };
        const onMessage = (message: { result?: TreeTaskResult; error?: string }): void => {
          if (settled) return;
          if (message.error !== undefined) return stop(new ProdclassError('INTERNAL', `tree worker failed: ${message.error}`));
          results[slot.task] = message.result!;
          finished++;
          options.progress?.tick();
          if (finished === tasks.length) return stop();
          feed();
        };
        const onError = (error: Error): void => stop(new ProdclassError('INTERNAL', `tree worker failed: ${error.message}`, { cause: error }));
        const onExit = (code: number): void => {
          if (!settled) stop(new ProdclassError('INTERNAL', `tree worker exited with code ${code}`));
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        listeners.push([worker, onMessage, 'message'], [worker, onError, 'error'], [worker, onExit, 'exit']);
        feed();
      }
    });
  }
}

function post(worker: Worker, message: TreeWorkerMessage): void {
  worker.postMessage(message);
}

function leaseWorker(): Worker {
  const worker = idleWorkers.pop() ?? startWorker();
  worker.ref();
  return worker;
}

function startWorker(): Worker {
  const worker = startWorkerScript(import.meta.url, 'tree-worker');
  // An idle worker that dies (killed, out of memory) must not take the process with it.
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    const i = idleWorkers.indexOf(worker);
    if (i >= 0) idleWorkers.splice(i, 1);
  });
  return worker;
}
