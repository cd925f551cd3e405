// Worker-thread entry that solves one-vs-rest tasks posted by ovr-pool.ts over data shared through SharedArrayBuffers.

import { parentPort } from 'node:worker_threads';
import { OvrSolver, type OvrData, type OvrSpec, type OvrTask } from './one-vs-rest.js';

/** What ovr-pool.ts posts: a run's shared data, its tasks one at a time, then the run's end. */
export type OvrWorkerMessage =
  | { type: 'run'; data: OvrData; spec: OvrSpec; featureMajor: Float32Array; scratchAt?: number }
  | { type: 'task'; task: OvrTask }
  | { type: 'end' };

const port = parentPort!;
let solver: OvrSolver | null = null;

port.on('message', (message: OvrWorkerMessage) => {
  if (message.type === 'run') {
    solver = new OvrSolver(message.data, message.spec, message.featureMajor, message.scratchAt);
    return;
  }
  // An idle worker (kept for the next run) holds nothing of the last one's data.
  if (message.type === 'end') {
    solver = null;
    return;
  }
  try {
    if (!solver) throw new Error('a task came before its run');
    const result = solver.solve(message.task);
    // Arrays on SharedArrayBuffers (warm starts) are shared as they are; the others move without a copy.
    const transfer = [result.w, result.validationScores, result.alpha].flatMap((a) => (a && a.buffer instanceof ArrayBuffer ? [a.buffer] : []));
    port.postMessage({ result }, transfer);
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
