// Worker-thread entry that grows the trees tree-pool.ts posts, over binned data shared through SharedArrayBuffers.

import { parentPort } from 'node:worker_threads';
import { treeBuffers } from './tree.js';
import { TreeTaskRunner, type TreeJob, type TreeTask } from './tree-tasks.js';

/** Messages from the pool: start a job (one fit), run one of its tasks, or drop it. */
export type TreeWorkerMessage = { type: 'job'; job: TreeJob } | { type: 'task'; task: TreeTask } | { type: 'end' };

const port = parentPort!;
let runner: TreeTaskRunner | null = null;

port.on('message', (message: TreeWorkerMessage) => {
  if (message.type === 'job') {
    runner = new TreeTaskRunner(message.job);
    return;
  }
  if (message.type === 'end') {
    runner = null;
    return;
  }
  try {
    if (!runner) throw new Error('tree worker: task received before its job');
    const result = runner.run(message.task);
    const transfer = treeBuffers(result.tree);
    if (result.rowValues) transfer.push(result.rowValues.buffer as ArrayBuffer);
    if (result.validationValues) transfer.push(result.validationValues.buffer as ArrayBuffer);
    port.postMessage({ result }, transfer);
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
