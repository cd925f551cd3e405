// Runs one-vs-rest tasks in this thread or across worker threads; the results are identical either way.

import type { Worker } from 'node:worker_threads';
import { borrowWorkers, prewarmWorkers, returnWorkers } from '../../core/warm-workers.js';
import { threadsFor } from '../../core/worker-script.js';
import { ProdclassError } from '../../core/errors.js';
import type { ProgressTask } from '../../core/progress.js';
import { DualCdMemory } from './dual-cd-memory.js';
import { OvrSolver, type OvrData, type OvrSpec, type OvrTask, type OvrTaskResult } from './one-vs-rest.js';
import type { OvrWorkerMessage } from './ovr-worker.js';

export interface PoolOptions {
  /** 1: this thread; n > 1: n worker threads (at most one per task); -1: one per available core. */
  nJobs: number;
  progress?: ProgressTask;
  signal?: AbortSignal;
}

export interface OvrRun {
  /** The results in task order. */
  results: OvrTaskResult[];
  /** nFeatures x nClasses, feature-major: the weights the all-rows tasks wrote (see `OvrSolver`). */
  featureMajor: Float32Array;
}

/**
 * Solves every task. Worker threads share the matrix through SharedArrayBuffers (copied once when it is not already
 * shared), take the next task as soon as they finish one, and write the weights into one shared output. They are
 * borrowed started and handed back idle after a run that ends well (see `borrowWorkers`); after an abort or a
 * failure they are terminated, since one may be mid-solve.
 * @throws the abort reason when `signal` aborts; ProdclassError INTERNAL when a worker fails.
 */
export async function runOvrTasks(data: OvrData, spec: OvrSpec, tasks: OvrTask[], options: PoolOptions): Promise<OvrRun> {
  const threads = threadsFor(options.nJobs, tasks.length);
  return threads === 1 ? runHere(data, spec, tasks, options) : runOnWorkers(data, spec, tasks, threads, options);
}

/** Starts the workers `runOvrTasks` would take for `nJobs` ahead of it, when it would take any (see `WarmsUp`). */
export function prewarmOvrWorkers(nJobs: number): void {
  const threads = threadsFor(nJobs, Number.MAX_SAFE_INTEGER);
  if (threads > 1) prewarmWorkers(import.meta.url, 'ovr-worker', threads);
}

async function runHere(data: OvrData, spec: OvrSpec, tasks: OvrTask[], options: PoolOptions): Promise<OvrRun> {
  const here = placed(data, 1);
  const lent = lendScratch(here, 1);
  const featureMajor = new Float32Array(data.nFeatures * spec.nClasses);
  try {
    const solver = new OvrSolver(here, spec, featureMajor, lent?.offsets[0]);
    const results: OvrTaskResult[] = [];
    const warmOf = new Map<number, WarmStart>();
    for (const task of tasks) {
      options.signal?.throwIfAborted();
      const result = solver.solve(withWarmStart(task, warmOf));
      rememberWarmStart(result, warmOf);
      results.push(result);
      options.progress?.tick();
      // Let timers (progress rendering, abort handlers) run between tasks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { results, featureMajor };
  } finally {
    lent?.giveBack();
  }
}

function runOnWorkers(data: OvrData, spec: OvrSpec, tasks: OvrTask[], threads: number, options: PoolOptions): Promise<OvrRun> {
  const shared: OvrData = { ...placed(data, threads), yIndex: toShared(data.yIndex) };
  const lent = lendScratch(shared, threads);
  const featureMajor = new Float32Array(new SharedArrayBuffer(data.nFeatures * spec.nClasses * Float32Array.BYTES_PER_ELEMENT));
  const results: OvrTaskResult[] = new Array(tasks.length);
  const workers = borrowWorkers(import.meta.url, 'ovr-worker', threads);
  const post = (worker: Worker, message: OvrWorkerMessage): void => worker.postMessage(message);
  let next = 0;
  let finished = 0;

  return new Promise<OvrRun>((resolve, reject) => {
    let settled = false;
    const stop = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (error === undefined) {
        // Every task is answered, so no worker is solving: they and the scratch regions can go back at once.
        for (const worker of workers) post(worker, { type: 'end' });
        returnWorkers(import.meta.url, 'ovr-worker', workers);
        lent?.giveBack();
        resolve({ results, featureMajor });
        return;
      }
      // The scratch regions go back only once no worker can write to them (an aborted one may be mid-solve).
      void Promise.allSettled(workers.map((w) => w.terminate())).then(() => {
        lent?.giveBack();
        reject(error);
      });
    };
    const onAbort = (): void => stop(options.signal?.reason);
    if (options.signal?.aborted) return stop(options.signal.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });

    // A fold task waits for its problem's all-rows solution (its warm start); an idle worker waits with it.
    const warmOf = new Map<number, WarmStart>();
    const waiting: [Worker, { task: number }][] = [];
    const feed = (worker: Worker, slot: { task: number }): void => {
      if (next >= tasks.length) return;
      const task = tasks[next];
      if (task.fold >= 0 && needsWarmStart(tasks, task) && !warmOf.has(task.problem)) {
        waiting.push([worker, slot]);
        return;
      }
      slot.task = next++;
      post(worker, { type: 'task', task: withWarmStart(task, warmOf) });
    };
    for (const [t, worker] of workers.entries()) {
      post(worker, { type: 'run', data: shared, spec, featureMajor, ...(lent ? { scratchAt: lent.offsets[t] } : {}) });
      const slot = { task: -1 };
      worker.on('message', (message: { result?: OvrTaskResult; error?: string }) => {
        if (settled) return;
        if (message.error !== undefined) return stop(new ProdclassError('INTERNAL', `linear-svc worker failed: ${message.error}`));
        const result = message.result!;
        results[slot.task] = result;
        rememberWarmStart(result, warmOf);
        finished++;
        options.progress?.tick();
        if (finished === tasks.length) return stop();
        feed(worker, slot);
        for (const [idle, idleSlot] of waiting.splice(0)) feed(idle, idleSlot);
      });
      worker.on('error', (error) => stop(new ProdclassError('INTERNAL', `linear-svc worker failed: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        if (!settled && code !== 0) stop(new ProdclassError('INTERNAL', `linear-svc worker exited with code ${code}`));
      });
      feed(worker, slot);
    }
    touchPages(featureMajor, () => settled);
  });
}

/**
 * Faults in the pages of `out` from this thread while the workers solve, a slice per turn of the event loop so that
 * their messages are answered between slices. A fresh page costs about 14 us to fault in on our 2-core VMs (3.7 ms a
 * megabyte), so a 243-class output over 68,000 features took 250 ms, paid by whichever thread wrote it first. Each
 * page is touched by an atomic compare-and-exchange of zero with zero, which never overwrites a weight a worker has
 * written meanwhile.
 */
function touchPages(out: Float32Array, done: () => boolean): void {
  const words = new Int32Array(out.buffer, out.byteOffset, out.length);
  const PAGE = 1024;
  const SLICE = 256 * PAGE;
  let at = 0;
  const step = (): void => {
    if (done()) return;
    const end = Math.min(words.length, at + SLICE);
    for (; at < end; at += PAGE) Atomics.compareExchange(words, at, 0, 0);
    if (at < words.length) setImmediate(step);
  };
  setImmediate(step);
}

/** Whether `task`'s problem is also solved on every row in this batch (so it has a warm start to wait for). */
function needsWarmStart(tasks: readonly OvrTask[], task: OvrTask): boolean {
  return tasks.some((t) => t.fold < 0 && t.problem === task.problem);
}

type WarmStart = NonNullable<OvrTask['warm']>;

/** Keeps an all-rows result's solution as its problem's warm start. */
function rememberWarmStart(result: OvrTaskResult, warmOf: Map<number, WarmStart>): void {
  if (result.alpha && result.wBias !== undefined) warmOf.set(result.problem, { alpha: result.alpha, wBias: result.wBias, ...(result.w ? { w: result.w } : {}) });
}

/** A fold task with its problem's all-rows solution attached, when it is known. */
function withWarmStart(task: OvrTask, warmOf: ReadonlyMap<number, WarmStart>): OvrTask {
  const warm = task.fold >= 0 ? warmOf.get(task.problem) : undefined;
  return warm ? { ...task, warm } : task;
}

/**
 * `data` with its matrix in a shared WebAssembly memory with room for `threads` solvers (as it is or a copy), so that
 * the passes run in WebAssembly; beyond wasm32's 4 GiB, in SharedArrayBuffers, and the passes run in TypeScript.
 */
function placed(data: OvrData, threads: number): OvrData {
  const nRows = data.yIndex.length;
  if (data.memory && DualCdMemory.of(data.memory).canLend(threads, nRows, data.nFeatures)) return data;
  const { indptr, indices, data: values } = data;
  const wasm = DualCdMemory.place([indptr, indices, values], threads, nRows, data.nFeatures);
  if (!wasm) return { ...data, indptr: toShared(indptr), indices: toShared(indices), data: toShared(values), memory: undefined };
  const [i, j, v] = wasm.views;
  return { ...data, indptr: i as Int32Array, indices: j as Int32Array, data: v as Float32Array, memory: wasm.memory.memory };
}

/** Scratch regions for `count` solvers over `data`'s memory (none when its passes run in TypeScript), and their return. */
function lendScratch(data: OvrData, count: number): { offsets: number[]; giveBack: () => void } | null {
  if (!data.memory) return null;
  const memory = DualCdMemory.of(data.memory);
  const nRows = data.yIndex.length;
  const offsets = memory.lendScratch(count, nRows, data.nFeatures);
  return { offsets, giveBack: () => memory.giveBack(offsets, nRows, data.nFeatures) };
}

function toShared<T extends Int32Array | Float32Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Ctor = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}
