// A `prodclass worker` process's work: takes chunks of batch jobs from the shared queue, classifies them, records what it found.

import { Worker, type Job } from 'bullmq';
import { ProdclassError } from '../core/errors.js';
import type { Product } from '../data/product.js';
import { warmUp } from '../models/classify-one.js';
import { DEFAULT_CATALOG } from '../storage/catalog-scope.js';
import type { Storage } from '../storage/storage.js';
import { classify } from './batch-job.js';
import { catalogResultWriter } from './catalog-result-writer.js';
import { CHUNK_QUEUE, redisConnection, type ChunkInput, type ChunkSummary, type ChunkTask } from './chunk-queue.js';
import { resultLineFor } from './result-csv.js';
import { rowOutcomes, type FiledRow } from './row-outcome.js';
import { findChunkPhotos } from './chunk-photos.js';
import { PredictionPool } from './prediction-pool.js';
import { defaultReviewThreshold, localModel } from './served-model.js';
import { workerModelLoader, type WorkerModelLoader } from './worker-models.js';
import { SpotChecks } from './spot-checks.js';
import type { WorkerMetrics } from './worker-metrics.js';

export interface QueueWorkerOptions {
  storage: Storage;
  redisUrl: string;
  /**
   * This worker's own var folder, a cache: the model folders and the photos of jobs it fetched from the database. No
   * other host reads it.
   */
  varDir: string;
  /**
   * Chunks taken at once by this process (default 2): while one chunk is classified, the next is read and the previous
   * recorded, so the prediction threads do not wait on the database or the queue between chunks.
   */
  concurrency?: number;
  /** Threads that classify (one per core is the CLI's default); 0 or absent classifies in the worker's own thread. */
  predictWorkers?: number;
  /** How long a chunk stays this worker's without a renewal: a killed worker's chunk goes to another after it. */
  lockMs?: number;
  /** Confidence under which a row counts as low-confidence (default: the model card's review threshold). */
  reviewThreshold?: number;
  /** Counts chunks and rows (the worker's --metrics-port serves them). */
  metrics?: WorkerMetrics;
  log(message: string): void;
}

/** Chunks a worker takes at once unless told: one classified while the one before it is recorded. */
export const DEFAULT_CONCURRENCY = 2;

/** A running worker: `close` lets the chunk in hand finish, then stops. */
export interface QueueWorker {
  /**
   * Settles once the active model is loaded and warmed (or could not be: the first chunk then loads its job's model).
   * Chunks are taken meanwhile; one that needs this model waits for the same load.
   */
  ready: Promise<void>;
  close(): Promise<void>;
  /** The folders of the models this worker has loaded (it keeps each): the cache clean-up leaves them. */
  modelDirs(): string[];
}

/**
 * Starts taking chunks, of any catalog's jobs. Each chunk's predictions, result lines and summary (which marks it done)
 * are recorded in one transaction: a chunk retried after a worker died midway is counted and recorded once.
 */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const pool = options.predictWorkers ? PredictionPool.start(options.predictWorkers).catch((error: Error) => {
    options.log(`classifying without prediction threads: ${error.message}`);
    return null;
  }) : Promise.resolve(null);
  const loader = pool.then((p) => workerModelLoader(options.varDir, p, options.log));
  const loadedDirs = new Set<string>();
  const loadServed: WorkerModelLoader = async (storage, id) => {
    const served = await (await loader)(storage, id);
    if (served.dir) loadedDirs.add(served.dir);
    return served;
  };
  const worker = new Worker<ChunkTask>(CHUNK_QUEUE, (task: Job<ChunkTask>) => counted(task, () => runChunk(task.data, loadServed, options), options.metrics), {
    connection: redisConnection(options.redisUrl),
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    lockDuration: options.lockMs ?? 30_000,
    stalledInterval: Math.max(500, Math.floor((options.lockMs ?? 30_000) / 2)),
    maxStalledCount: 3,
  });
  worker.on('failed', (task, error) => options.log(`chunk ${task?.id ?? '?'} failed: ${error.message}`));
  worker.on('error', (error) => options.log(`queue: ${error.message}`));
  return {
    modelDirs: () => [...loadedDirs],
    ready: preload(options, loadServed),
    close: async () => {
      await worker.close();
      await (await pool)?.close();
    },
  };
}

/**
 * Loads and warms the active model before the first chunk arrives: the model's first use builds its n-gram tables and
 * compiles its hot loops (about 2 s of a batch's first chunk on a busy 2-core machine), which the API host's prediction
 * threads likewise pay at start-up rather than in a job.
 */
async function preload(options: QueueWorkerOptions, loadServed: WorkerModelLoader): Promise<void> {
  try {
    const active = await options.storage.models.active();
    if (!active) return;
    const served = await loadServed(options.storage, active.id);
    // Pooled models are warmed by their threads as they load (PredictionPool.load).
    if (!served.pool && !served.modalities.includes('image')) await warmUp(await localModel(served));
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
 * Classifies and records one chunk: its rows, and the photos they name, fetched from the database; its predictions, result
 * lines and summary recorded in one transaction, which records nothing when another start of the chunk (a worker thought
 * dead that was not) recorded it first. A start after a worker died midway finds nothing of the dead one's.
 */
async function runChunk(task: ChunkTask, loadServed: WorkerModelLoader, options: QueueWorkerOptions): Promise<ChunkSummary> {
  // The job's catalog: its model and its predictions are that catalog's.
  const storage = options.storage.forCatalog(task.catalog ?? DEFAULT_CATALOG);
  const job = await storage.jobs.get(task.jobId);
  if (!job) throw new ProdclassError('NOT_FOUND', `no job "${task.jobId}" in catalog "${storage.catalog}" of the database`);
  if (!job.modelId) throw new ProdclassError('MODEL_NOT_FOUND', `job ${job.id} names no model`);
  // Done already (a chunk queued again after Redis lost its record of it): its rows are recorded, its part stored.
  const done = await storage.jobChunks.summary(job.id, task.chunk);
  if (done !== null) return JSON.parse(done) as ChunkSummary;
  const served = await loadServed(storage, job.modelId);
  const stored = await storage.jobChunks.input(job.id, task.chunk);
  if (stored === undefined) throw new ProdclassError('NOT_FOUND', `chunk ${task.chunk} of job ${job.id} is not in the database (the job was cleaned up?)`);
  const input = JSON.parse(stored) as ChunkInput;
  const products = input.rows.map((r) => r.product);
  // The photos this chunk's rows name, into this worker's own var folder: uploaded ones from the database, URLs fetched.
  const photos = served.modalities.includes('image') ? await findChunkPhotos(storage, job.id, products, options.varDir, task.catalogLayout ? { allowPrivate: task.photos?.allowPrivate ?? false } : null) : null;
  const imageOf = (p: Product) => photos?.imageOf(p) ?? null;
  const threshold = task.lowConfidence ?? options.reviewThreshold ?? defaultReviewThreshold(served.card);
  const { ranked, paths: treePaths } = await classify(served, products, imageOf);
  const summary: ChunkSummary = { rowsDone: 0, rowsFailed: 0, counts: {}, lowConfidence: 0, errors: [] };
  const spotChecks = task.spotChecks && new SpotChecks(task.spotChecks.share, task.spotChecks.seed);
  const indexIdOf = task.indexIds && ((p: Product) => (task.indexIds === 'column' && p.id ? p.id : `${job.id}:${p.index}`));
  const outcome = { served, jobId: job.id, varDir: options.varDir, threshold, imageOf, spotChecks, perCategory: task.perCategory ?? false, indexIdOf };
  const catalog = task.catalogLayout && catalogResultWriter(task.catalogLayout, served.taxonomy);
  const write = catalog ? (row: FiledRow) => catalog.line(input.rows[row.position].values ?? [], row) : resultLineFor(served);
  const { text, records, filed } = rowOutcomes(input.rows, ranked, summary, outcome, write, treePaths);
  if (task.indexIds) summary.filed = filed;
  if (photos?.report) summary.photos = photos.report;
  const part = catalog ? catalog.encode(text) : Buffer.from(text, 'utf8');
  const createdAt = new Date().toISOString();
  const recorded = await storage.transaction(async (stores) => {
    // The chunk first: on PostgreSQL a second start's transaction waits here for the first's, then finds it done.
    if (!(await stores.jobChunks.complete(job.id, task.chunk, part, JSON.stringify(summary)))) return false;
    await stores.predictions.insertMany(records, createdAt);
    return true;
  });
  if (!recorded) return JSON.parse((await storage.jobChunks.summary(job.id, task.chunk))!) as ChunkSummary;
  return summary;
}
