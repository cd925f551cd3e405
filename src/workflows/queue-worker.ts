// A `prodclass worker` process's work: takes chunks of batch jobs from the shared queue, classifies them, records what it found.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Worker, type Job } from 'bullmq';
import { ProdclassError } from '../core/errors.js';
import { imageFileName } from '../data/image-index.js';
import type { Product } from '../data/product.js';
import { warmUp } from '../models/classify-one.js';
import { loadModel } from '../models/model-store.js';
import { PredictionStore } from '../storage/prediction-store.js';
import type { Storage } from '../storage/storage.js';
import { inTransaction } from '../storage/transaction.js';
import { classify } from './batch-job.js';
import { CHUNK_QUEUE, chunkFiles, redisConnection, writeAtomic, type ChunkInput, type ChunkSummary, type ChunkTask } from './chunk-queue.js';
import { indexJobImages, jobPaths } from './job-folder.js';
import { localModelDir, MODEL_CACHE_DIR } from './model-folders.js';
import { resultLineFor } from './result-csv.js';
import { rowOutcomes } from './row-outcome.js';
import { defaultReviewThreshold, localModel, servedModel, type ServedModel } from './served-model.js';
import { withAdditions } from './taxonomy-additions.js';
import { SpotChecks } from './spot-checks.js';
import type { WorkerMetrics } from './worker-metrics.js';

export interface QueueWorkerOptions {
  storage: Storage;
  redisUrl: string;
  /** The var folder the API hosts write job folders into (shared with them). */
  varDir: string;
  /** Chunks classified at once by this process. */
  concurrency?: number;
  /** How long a chunk stays this worker's without a renewal: a killed worker's chunk goes to another after it. */
  lockMs?: number;
  /** Confidence under which a row counts as low-confidence (default: the model card's review threshold). */
  reviewThreshold?: number;
  /** Counts chunks and rows (the worker's --metrics-port serves them). */
  metrics?: WorkerMetrics;
  log(message: string): void;
}

/** A running worker: `close` lets the chunk in hand finish, then stops. */
export interface QueueWorker {
  /**
   * Settles once the active model is loaded and warmed (or could not be: the first chunk then loads its job's model).
   * Chunks are taken meanwhile; one that needs this model waits for the same load.
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts taking chunks. Each chunk's predictions replace any an earlier, interrupted attempt recorded for the same
 * rows (one transaction), then its result lines are written, then its summary, which marks it done: a chunk retried
 * after a worker died midway is counted and recorded once.
 */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const models = new Map<string, Promise<ServedModel>>();
  const loadServed = (id: string): Promise<ServedModel> => {
    let held = models.get(id);
    if (!held) {
      held = (async () => {
        const entry = await options.storage.models.get(id);
        // A folder this host lacks is fetched from the database (PostgreSQL) into the var folder's model cache.
        const dir = entry ? await localModelDir(options.storage, entry, join(options.varDir, MODEL_CACHE_DIR)) : null;
        if (!dir) throw new ProdclassError('MODEL_NOT_FOUND', `model ${id} has no folder this worker can load`);
        const loaded = await loadModel(dir);
        const taxonomy = withAdditions(loaded.taxonomy, await options.storage.categoryAdditions.list(id));
        return servedModel({ id, model: loaded.model, card: loaded.card, dir, taxonomy });
      })();
      held.catch(() => models.delete(id));
      models.set(id, held);
    }
    return held;
  };
  const worker = new Worker<ChunkTask>(CHUNK_QUEUE, (task: Job<ChunkTask>) => counted(task, () => runChunk(task.data, task.attemptsStarted > 1, loadServed, options), options.metrics), {
    connection: redisConnection(options.redisUrl),
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockMs ?? 30_000,
    stalledInterval: Math.max(500, Math.floor((options.lockMs ?? 30_000) / 2)),
    maxStalledCount: 3,
  });
  worker.on('failed', (task, error) => options.log(`chunk ${task?.id ?? '?'} failed: ${error.message}`));
  worker.on('error', (error) => options.log(`queue: ${error.message}`));
  return { ready: preload(options, loadServed), close: () => worker.close() };
}

/**
 * Loads and warms the active model before the first chunk arrives: the model's first use builds its n-gram tables and
 * compiles its hot loops (about 2 s of a batch's first chunk on a busy 2-core machine), which the API host's prediction
 * threads likewise pay at start-up rather than in a job.
 */
async function preload(options: QueueWorkerOptions, loadServed: (id: string) => Promise<ServedModel>): Promise<void> {
  try {
    const active = await options.storage.models.active();
    if (!active) return;
    const served = await loadServed(active.id);
    if (!served.modalities.includes('image')) await warmUp(await localModel(served));
  } catch (error) {
    options.log(`the active model was not loaded ahead: ${(error as Error).message}`);
  }
}

async function counted(task: Job<ChunkTask>, run: () => Promise<ChunkSummary>, metrics: WorkerMetrics | undefined): Promise<void> {
  if (!metrics) {
    await run();
    return;
  }
  metrics.chunksTaken.inc();
  // BullMQ counts every start, one after a stalled (dead) worker's included: a second start is a retry.
  if (task.attemptsStarted > 1) metrics.chunksRetried.inc();
  const stopTimer = metrics.chunkSeconds.startTimer();
  try {
    const summary = await run();
    metrics.chunksDone.inc();
    metrics.rows.inc({ outcome: 'done' }, summary.rowsDone);
    metrics.rows.inc({ outcome: 'failed' }, summary.rowsFailed);
  } catch (error) {
    metrics.chunksFailed.inc();
    throw error;
  } finally {
    stopTimer();
  }
}

/**
 * Classifies and records one chunk. `retried`: an earlier start of this chunk (a worker that died or failed midway) may
 * have recorded its predictions, which this one replaces.
 */
async function runChunk(task: ChunkTask, retried: boolean, loadServed: (id: string) => Promise<ServedModel>, options: QueueWorkerOptions): Promise<ChunkSummary> {
  const job = await options.storage.jobs.get(task.jobId);
  if (!job) throw new ProdclassError('NOT_FOUND', `no job "${task.jobId}" in the database`);
  if (!job.modelId) throw new ProdclassError('MODEL_NOT_FOUND', `job ${job.id} names no model`);
  const served = await loadServed(job.modelId);
  const paths = jobPaths(options.varDir, job.id);
  const files = chunkFiles(paths.dir, task.chunk);
  // Done already (a chunk queued again after Redis lost its record of it): its rows are recorded, its part written.
  if (existsSync(files.summary)) return JSON.parse(await readFile(files.summary, 'utf8')) as ChunkSummary;
  const input = JSON.parse(await readFile(files.input, 'utf8')) as ChunkInput;
  const readsImages = served.modalities.includes('image');
  const images = readsImages ? await indexJobImages(paths) : new Map<string, string>();
  const imageOf = (p: Product) => images.get(imageFileName(p)) ?? null;
  const threshold = task.lowConfidence ?? options.reviewThreshold ?? defaultReviewThreshold(served.card);
  const { ranked, paths: treePaths } = await classify(
    served,
    input.rows.map((r) => r.product),
    imageOf,
  );
  const summary: ChunkSummary = { rowsDone: 0, rowsFailed: 0, counts: {}, lowConfidence: 0, errors: [] };
  const spotChecks = task.spotChecks && new SpotChecks(task.spotChecks.share, task.spotChecks.seed);
  const outcome = { served, jobId: job.id, varDir: options.varDir, threshold, imageOf, spotChecks, perCategory: task.perCategory ?? false };
  const { text, records } = rowOutcomes(input.rows, ranked, summary, outcome, resultLineFor(served), treePaths);
  const indices = input.rows.map((r) => r.product.index);
  await inTransaction(options.storage.db, async (trx) => {
    // Only on a retry: the delete reads every row the job has recorded so far (the index is on job_id), which made a
    // job's chunks cost more the later they came, quadratic in its size, to remove rows that a first start never finds.
    if (retried && indices.length > 0) await trx.deleteFrom('predictions').where('job_id', '=', job.id).where('row_index', 'in', indices).execute();
    await new PredictionStore(trx).insertMany(records, new Date().toISOString());
  });
  await mkdir(dirname(files.part), { recursive: true });
  await writeAtomic(files.part, text);
  await writeAtomic(files.summary, JSON.stringify(summary));
  return summary;
}
