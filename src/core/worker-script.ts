// Starts a worker thread from a script beside the calling module, whether it runs compiled or from TypeScript sources.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Threads an `nJobs` hyperparameter stands for (-1: one per core), never more than there are tasks, at least 1. */
export function threadsFor(nJobs: number, tasks: number): number {
  const wanted = nJobs === -1 ? availableParallelism() : nJobs;
  return Math.max(1, Math.min(wanted, tasks));
}

/**
 * A worker running `name` (without extension) in the folder of `callerUrl` (the caller's `import.meta.url`):
 * the compiled `.js` directly, or from the TypeScript sources (vitest, tsx) the `.ts` through tsx's tsImport,
 * since Node 20 workers ignore `--import tsx` in execArgv.
 */
export function startWorkerScript(callerUrl: string, name: string, workerData?: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(callerUrl)}));`;
  return new Worker(bootstrap, { eval: true, workerData });
}
