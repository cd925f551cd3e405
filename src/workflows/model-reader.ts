// A low-priority thread that reads and checks model folders, so that the threads answering requests only rebuild them.

import type { Worker } from 'node:worker_threads';
import { fromWorkerFailure, ProdclassError } from '../core/errors.js';
import type { ModelFolderFiles } from '../core/model-folder.js';
import { startWorkerScript } from '../core/worker-script.js';
import type { ReadJob, ReadResult } from './model-reader-worker.js';

/** Reads model folders (`readModelFiles`) in a thread of its own, at a lower priority than the server's threads. */
export class ModelReader {
  private readonly pending = new Map<number, { resolve: (files: ModelFolderFiles) => void; reject: (error: unknown) => void }>();
  private nextId = 0;
  private failed: unknown;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (result: ReadResult) => {
      const waiting = this.pending.get(result.id);
      this.pending.delete(result.id);
      if (result.failure) waiting?.reject(fromWorkerFailure(result.failure));
      else waiting?.resolve(result.files!);
    });
    const fail = (error: unknown) => {
      this.failed ??= error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) => fail(new ProdclassError('INTERNAL', `the model reader thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => fail(new ProdclassError('INTERNAL', `the model reader thread exited with code ${code}`)));
  }

  /** @throws ProdclassError INTERNAL when the thread cannot start. */
  static async start(): Promise<ModelReader> {
    const worker = startWorkerScript(import.meta.url, 'model-reader-worker');
    await new Promise<void>((resolve, reject) => {
      worker.once('online', resolve);
      worker.once('error', (error) => reject(new ProdclassError('INTERNAL', `the model reader thread could not start: ${error.message}`, { cause: error })));
    });
    return new ModelReader(worker);
  }

  /**
   * The folder's files, read and checked; the weights lie in a SharedArrayBuffer, which every thread it is posted to
   * sees without a copy (models only read their arrays, and copy one before they would change it).
   * @throws ProdclassError as readModelFiles; INTERNAL once the thread has failed or stopped.
   */
  read(dir: string): Promise<ModelFolderFiles> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    const job: ReadJob = { id: this.nextId++, dir };
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject });
      this.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.failed ??= new ProdclassError('CONFLICT', 'the model reader is stopping');
    await this.worker.terminate();
  }
}
