// Worker-thread entry that loads one model folder and classifies what prediction-pool.ts posts to it.

import { parentPort, workerData } from 'node:worker_threads';
import { toWorkerFailure, type WorkerFailure } from '../core/errors.js';
import { classifyOne, warmUp } from '../models/classify-one.js';
import { loadModel } from '../models/model-store.js';
import type { Explanation, ProductInput } from '../models/product-model.js';

export type PredictionJob =
  | { id: number; kind: 'classify'; input: ProductInput; explain: boolean; topTerms: number }
  | { id: number; kind: 'proba'; inputs: ProductInput[] };

export interface PredictionJobResult {
  id: number;
  /** Row-major probabilities, one row per input, in the model's class order. */
  proba?: Float32Array;
  explanation?: Explanation | null;
  failure?: WorkerFailure;
}

/** The first message of a worker: its model loaded (with its classes, to check against the main thread's), or why not. */
export interface PredictionWorkerReady {
  ready: true;
  classes?: Int32Array;
  failure?: WorkerFailure;
}

const { dir } = workerData as { dir: string };
const port = parentPort!;

try {
  const { model } = await loadModel(dir);
  // Ready means ready to answer at full speed: the pool only starts serving (or replaces the active model's pool) after this.
  await warmUp(model);
  port.postMessage({ ready: true, classes: model.classes } satisfies PredictionWorkerReady);
  port.on('message', (job: PredictionJob) => void run(job));

  async function run(job: PredictionJob): Promise<void> {
    try {
      const { proba, explanation } =
        job.kind === 'classify'
          ? await classifyOne(model, job.input, { explain: job.explain, topTerms: job.topTerms })
          : { proba: await model.predictProba(job.inputs), explanation: undefined };
      port.postMessage({ id: job.id, proba: proba.data, explanation } satisfies PredictionJobResult, [proba.data.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ id: job.id, failure: toWorkerFailure(error) } satisfies PredictionJobResult);
    }
  }
} catch (error) {
  port.postMessage({ ready: true, failure: toWorkerFailure(error) } satisfies PredictionWorkerReady);
}
