// A `prodclass worker` process's whole-job tasks: audits, index builds and retraining taken from the task queue.

import { hostname } from 'node:os';
import { join } from 'node:path';
import { WaitingError, Worker, type Job } from 'bullmq';
import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import type { JobRecord } from '../storage/job-store.js';
import type { Storage } from '../storage/storage.js';
import { rm } from 'node:fs/promises';
import { SIMILAR_INDEX_DIR } from '../models/similar/similar-index.js';
import { jobProgress, runAuditJob } from './audit/audit-job.js';
import { buildModelIndex, indexSettingsOf } from './model-index-build.js';
import { publishModelIndex } from './model-folders.js';
import { retrainFromFeedback } from './retrain.js';
import { redisConnection } from './chunk-queue.js';
import { loadRegisteredModel } from './registry-model.js';
import { DATA_CACHE_DIR, fetchLabelledData, type SharedData } from './shared-data.js';
import { fetchNextTaxonomy } from './shared-taxonomy.js';
import { photoFetcher } from './feedback-photos.js';
import { readNextTaxonomy, type NextTaxonomyFiles } from './next-taxonomy.js';
import { TASK_QUEUE, type TaskKind, type TaskMessage } from './task-queue.js';

export interface TaskWorkerOptions {
  storage: Storage;
  redisUrl: string;
  /** This worker's own var folder, a cache: model folders and data sets fetched from the database. */
  varDir: string;
  /** How this worker signs the jobs it runs (default hostname:pid). */
  name?: string;
  /**
   * How long a task stays this worker's without a renewal: a killed worker's task goes to another after it. Renewals
   * are timers, so a task that holds the event loop longer than this (a big audit's training) may be started twice;
   * its results are the same either way.
   */
  lockMs?: number;
  log(message: string): void;
}

/** What a task runs with: its job (its catalog's view of the storage) and where it reports progress. */
export interface TaskContext {
  storage: Storage;
  job: JobRecord;
  varDir: string;
  onProgress(progress: JsonObject): void;
  /** The worker's log: warnings that do not stop the task. */
  log(message: string): void;
  /** Aborted when the worker stops: a task that can stop midway does (another worker starts it again). */
  signal: AbortSignal;
  /** The model folders the task runs with (jobModel adds them): the worker's cache clean-up keeps them meanwhile. */
  heldDirs: Set<string>;
}

/** Runs one kind of task; resolves with the job's result. */
export type TaskRunner = (ctx: TaskContext) => Promise<JsonObject>;

/** The model a task's job names, loaded on this worker. @throws ProdclassError MODEL_NOT_FOUND when it names none. */
export async function jobModel(ctx: TaskContext): ReturnType<typeof loadRegisteredModel> {
  if (!ctx.job.modelId) throw new ProdclassError('MODEL_NOT_FOUND', `job ${ctx.job.id} names no model`);
  const served = await loadRegisteredModel(ctx.storage, ctx.job.modelId, ctx.varDir);
  if (served.dir) ctx.heldDirs.add(served.dir);
  return served;
}

/** The labelled data a task's job names, fetched into this worker's cache. @throws ProdclassError INVALID_INPUT when it names none. */
export function jobData(ctx: TaskContext): Promise<string> {
  const data = ctx.job.input.data as SharedData | undefined;
  if (!data) throw new ProdclassError('INVALID_INPUT', `job ${ctx.job.id} names no shared data set`);
  return fetchLabelledData(ctx.storage, data, join(ctx.varDir, DATA_CACHE_DIR));
}

const runAudit: TaskRunner = async (ctx) => {
  const [base, source] = await Promise.all([jobModel(ctx), jobData(ctx)]);
  return runAuditJob(ctx.job, { storage: ctx.storage, source, base, onProgress: ctx.onProgress, signal: ctx.signal });
};

/** Builds the index in this worker's own folder and publishes it with the model's stored files: no model folder is written. */
const runIndex: TaskRunner = async (ctx) => {
  const [base, source] = await Promise.all([jobModel(ctx), jobData(ctx)]);
  const staging = join(ctx.varDir, 'index-builds', ctx.job.id);
  await rm(staging, { recursive: true, force: true });
  try {
    const settings = indexSettingsOf(ctx.job.input.settings);
    const result = await buildModelIndex(base, source, staging, settings, jobProgress(ctx.onProgress));
    await publishModelIndex(ctx.storage, base.id, base.dir!, join(staging, SIMILAR_INDEX_DIR));
    return result;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
};

/**
 * Retrains as the server's child process does, on the shared feedback and the fetched data (and, for a model that reads
 * photos, the feedback's photos; onto a new taxonomy version, its uploaded files): all fetched from the database into
 * this worker's var folder. The new model's folder is written there too and stored in the database, and activating it
 * (when it passes the gate) is recorded in the registry, which every API host follows (NOTIFY).
 */
const runRetrain: TaskRunner = async (ctx) => {
  const [base, source, nextTaxonomy] = await Promise.all([jobModel(ctx), jobData(ctx), jobNextTaxonomy(ctx)]);
  return retrainFromFeedback({
    storage: ctx.storage,
    varDir: ctx.varDir,
    modelsDir: join(ctx.varDir, 'models', ctx.storage.catalog),
    base,
    dataDir: source,
    recordedSource: base.card.data?.source,
    activate: async (id) => {
      await ctx.storage.models.setActive(id);
    },
    onStage: (stage) => ctx.onProgress({ stage }),
    nextTaxonomy: nextTaxonomy && (await readNextTaxonomy(nextTaxonomy)),
    // The feedback's photos were uploaded to API hosts: a model that reads them gets them from the database.
    fetchPhotos: base.modalities.includes('image') ? photoFetcher(ctx.storage, ctx.varDir, (warning) => ctx.log(`retrain job ${ctx.job.id}: ${warning}`)) : undefined,
  });
};

/**
 * The new taxonomy version a retraining job moves to, its files fetched from the database into this worker's cache;
 * undefined for a retraining that keeps its taxonomy.
 * @throws ProdclassError INVALID_INPUT when the job names a version but no stored files; as fetchNextTaxonomy.
 */
async function jobNextTaxonomy(ctx: TaskContext): Promise<NextTaxonomyFiles | undefined> {
  const files = ctx.job.input.nextTaxonomy as unknown as NextTaxonomyFiles | undefined;
  if (!files) return undefined;
  const shared = ctx.job.input.taxonomyData as SharedData | undefined;
  if (!shared) throw new ProdclassError('INVALID_INPUT', `job ${ctx.job.id} names a new taxonomy version but no stored files; upload it again`);
  return fetchNextTaxonomy(ctx.storage, files, shared, join(ctx.varDir, DATA_CACHE_DIR));
}

/** A running task worker: `close` gives up the task in hand, which another worker then takes (its lock lapses). */
export interface TaskWorker {
  close(): Promise<void>;
  /** The model folders of the task in hand (none between tasks). */
  modelDirs(): string[];
}

/**
 * Starts taking tasks, one at a time, of any catalog. The task's job record is its state: running with this worker's
 * name in its progress, then done with the result or failed with the message, which every API host serves.
 */
export function startTaskWorker(options: TaskWorkerOptions, runners: Partial<Record<TaskKind, TaskRunner>> = {}): TaskWorker {
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const table: Partial<Record<TaskKind, TaskRunner>> = { audit: runAudit, index: runIndex, retrain: runRetrain, ...runners };
  let closing = false;
  const stopping = new AbortController();
  const heldDirs = new Set<string>();
  const handle = async (task: Job<TaskMessage>, token?: string) => {
    const { kind, jobId, catalog } = task.data;
    const storage = options.storage.forCatalog(catalog);
    const job = await storage.jobs.get(jobId);
    if (!job) throw new ProdclassError('NOT_FOUND', `no job "${jobId}" in catalog "${catalog}" of the database`);
    // Ended already: the worker that ran it died between recording the end and telling the queue.
    if (job.status === 'done' || job.status === 'failed') return;
    const run = table[kind];
    // Which worker, and which start of the task (a dead worker's start counts): in every progress note and the result.
    const signed = (fields: JsonObject): JsonObject => ({ ...fields, worker: name, attempt: task.attemptsStarted });
    await storage.jobs.update(job.id, { status: 'running', progress: signed({}) });
    options.log(`${kind} job ${job.id} of catalog "${catalog}" started (attempt ${task.attemptsStarted})`);
    try {
      if (!run) throw new ProdclassError('INVALID_INPUT', `this worker does not run ${kind} tasks; upgrade it`);
      // Progress notes are not awaited (a task reports often); a failure to record one does not stop it.
      const onProgress = (progress: JsonObject) => void storage.jobs.update(job.id, { progress: signed(progress) }).catch(() => {});
      const result = await run({ storage, job, varDir: options.varDir, onProgress, log: options.log, signal: stopping.signal, heldDirs });
      await storage.jobs.update(job.id, { status: 'done', result: signed(result), message: null });
      options.log(`${kind} job ${job.id} done`);
    } catch (error) {
      if (closing) {
        // A worker stopping hands the task back (or, its connection gone, lets its lock lapse): its job is not failed,
        // and the queue must not count it done.
        await task.moveToWait(token).catch(() => {});
        throw new WaitingError();
      }
      options.log(`${kind} job ${job.id} failed: ${(error as Error).message}`);
      await storage.jobs.update(job.id, { status: 'failed', message: (error as Error).message });
    } finally {
      // One task at a time (concurrency 1): its folders are the only ones held.
      heldDirs.clear();
    }
  };
  const lockMs = options.lockMs ?? 60_000;
  const worker = new Worker<TaskMessage>(TASK_QUEUE, handle, {
    connection: redisConnection(options.redisUrl),
    concurrency: 1,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
    maxStalledCount: 2,
  });
  worker.on('error', (error) => options.log(`task queue: ${error.message}`));
  return {
    modelDirs: () => [...heldDirs],
    close: async () => {
      closing = true;
      stopping.abort(new ProdclassError('CONFLICT', 'the worker is stopping'));
      // Not waiting for a task in hand (an audit may take minutes): its lock lapses and another worker takes it.
      await worker.close(true);
    },
  };
}
