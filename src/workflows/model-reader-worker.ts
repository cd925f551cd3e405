// Worker-thread entry that reads and checks model folders at a low priority, for the prediction workers to load.

import { parentPort } from 'node:worker_threads';
import { runInBackground } from '../core/background-priority.js';
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

// Reading and hashing a model's weights is most of the work of a model switch (tens of megabytes).
runInBackground();

const port = parentPort!;
port.on('message', (job: ReadJob) => void read(job));

async function read(job: ReadJob): Promise<void> {
  try {
    // Shared memory: every prediction worker loads the model from these same bytes.
    const files = await readModelFiles(job.dir, { shared: true });
    port.postMessage({ id: job.id, files } satisfies ReadResult);
  } catch (error) {
    port.postMessage({ id: job.id, failure: toWorkerFailure(error) } satisfies ReadResult);
  }
}
