// Worker-thread entry that solves one-vs-rest tasks posted by ovr-pool.ts over data shared through SharedArrayBuffers.

import { parentPort, workerData } from 'node:worker_threads';
import { OvrSolver, type OvrData, type OvrSpec, type OvrTask } from './one-vs-rest.js';

const { data, spec, featureMajor, scratchAt } = workerData as { data: OvrData; spec: OvrSpec; featureMajor: Float32Array; scratchAt?: number };
const solver = new OvrSolver(data, spec, featureMajor, scratchAt);
const port = parentPort!;

port.on('message', (task: OvrTask) => {
  try {
    const result = solver.solve(task);
    // Arrays on SharedArrayBuffers (warm starts) are shared as they are; the others move without a copy.
    const transfer = [result.w, result.validationScores, result.alpha].flatMap((a) => (a && a.buffer instanceof ArrayBuffer ? [a.buffer] : []));
    port.postMessage({ result }, transfer);
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
