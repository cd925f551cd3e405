// Worker-thread entry that solves one-vs-rest tasks posted by ovr-pool.ts over data shared through SharedArrayBuffers.

import { parentPort, workerData } from 'node:worker_threads';
import { OvrSolver, type OvrData, type OvrSpec, type OvrTask } from './one-vs-rest.js';

const { data, spec, scratchAt } = workerData as { data: OvrData; spec: OvrSpec; scratchAt?: number };
const solver = new OvrSolver(data, spec, scratchAt);
const port = parentPort!;

port.on('message', (task: OvrTask) => {
  try {
    const result = solver.solve(task);
    const transfer: ArrayBuffer[] = [];
    if (result.w) transfer.push(result.w.buffer as ArrayBuffer);
    if (result.validationScores) transfer.push(result.validationScores.buffer as ArrayBuffer);
    if (result.alpha) transfer.push(result.alpha.buffer as ArrayBuffer);
    port.postMessage({ result }, transfer);
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
