// Worker-thread entry that holds model folders by key and classifies what prediction-pool.ts posts to it.

import { parentPort } from 'node:worker_threads';
import { toWorkerFailure, type WorkerFailure } from '../core/errors.js';
import type { ModelFolderFiles } from '../core/model-folder.js';
import { classifyOne, warmUp } from '../models/classify-one.js';
import { loadModel } from '../models/model-store.js';
import type { Explanation, ProductInput, ProductModel } from '../models/product-model.js';

export type PredictionJob =
  | { id: number; kind: 'load'; key: number; dir: string; files?: ModelFolderFiles; warmUpRounds: number }
  | { id: number; kind: 'drop'; key: number }
  | { id: number; kind: 'classify'; key: number; input: ProductInput; explain: boolean; topTerms: number }
  | { id: number; kind: 'proba'; key: number; inputs: ProductInput[] };

export interface PredictionJobResult {
  id: number;
  /** Row-major probabilities, one row per input, in the model's class order. */
  proba?: Float32Array;
  explanation?: Explanation | null;
  /** Of a load: the loaded model's classes and card id, for the pool to check against what it expects. */
  loaded?: { classes: Int32Array; modelId: string };
  failure?: WorkerFailure;
}

const port = parentPort!;
// A worker keeps one thread's JIT warm across models: loading the next model here rather than in a fresh thread
// skips the thread's start, its module imports and its first slow runs (about 1 s on two cores, under load).
const models = new Map<number, ProductModel>();

port.on('message', (job: PredictionJob) => void run(job));

async function run(job: PredictionJob): Promise<void> {
  try {
    port.postMessage(...(await answer(job)));
  } catch (error) {
    port.postMessage({ id: job.id, failure: toWorkerFailure(error) } satisfies PredictionJobResult);
  }
}

async function answer(job: PredictionJob): Promise<[PredictionJobResult, ArrayBuffer[]?]> {
  if (job.kind === 'load') {
    const { model, card } = await loadModel(job.dir, job.files);
    // Ready means ready to answer at full speed: what the model builds on first use is built now.
    await warmUp(model, job.warmUpRounds);
    models.set(job.key, model);
    // A copy: the classes are a view of the weights, and posting a view clones the whole buffer it views (80 MB).
    return [{ id: job.id, loaded: { classes: model.classes.slice(), modelId: card.modelId } }];
  }
  if (job.kind === 'drop') {
    models.delete(job.key);
    return [{ id: job.id }];
  }
  const model = models.get(job.key);
  if (!model) throw new Error(`model ${job.key} is not loaded in this worker`);
  const { proba, explanation } =
    job.kind === 'classify'
      ? await classifyOne(model, job.input, { explain: job.explain, topTerms: job.topTerms })
      : { proba: await model.predictProba(job.inputs), explanation: undefined };
  return [{ id: job.id, proba: proba.data, explanation }, [proba.data.buffer as ArrayBuffer]];
}
