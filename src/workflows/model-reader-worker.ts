// Worker-thread entry that reads and checks model folders at a low priority, for the prediction workers to load.

import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { toWorkerFailure, type WorkerFailure } from '../core/errors.js';
import { readModelFiles, type ModelFolderFiles } from '../core/model-folder.js';

export interface ReadJob {
  id: number;
  dir: string;
}

export interface ReadResult {
  id: number;
  files?: ModelFolderFiles;
  failure?: WorkerFailure;
}

/**
 * How much nicer than the server this thread runs. Reading and hashing a model's weights is most of the work of a
 * model switch (tens of megabytes); at this niceness the kernel lets it run only on time the threads answering
 * requests leave, so a switch under load lengthens instead of stalling predictions. Linux sets niceness per thread.
 */
const READER_NICENESS = 10;

try {
  setPriority(0, READER_NICENESS);
} catch {
  // Not permitted here: the folder is read at the server's priority, as before.
}

const port = parentPort!;
port.on('message', (job: ReadJob) => void read(job));

async function read(job: ReadJob): Promise<void> {
  try {
    const files = await readModelFiles(job.dir);
    port.postMessage({ id: job.id, files } satisfies ReadResult, [files.weights.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id: job.id, failure: toWorkerFailure(error) } satisfies ReadResult);
  }
}
