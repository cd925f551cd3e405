// Runs the application's long jobs one at a time, in order, and picks up the ones a stop or crash interrupted.

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import type { JobRecord } from '../storage/job-store.js';
import type { Storage } from '../storage/storage.js';
import { auditSource, jobProgress, runAuditJob } from './audit/audit-job.js';
import { runBatchJob } from './batch-job.js';
import { runQueuedBatchJob } from './chunk-queue.js';
import { shareManifest, sharesResult } from './shared-result.js';
import { jobPaths } from './job-folder.js';
import type { ModelService } from './model-service.js';
import { retrainFromFeedback } from './retrain.js';
import { RetrainProcess } from './retrain-process.js';
import { extractZipImages, type ZipLimits } from './zip-images.js';
import { readNextTaxonomy, type NextTaxonomyFiles } from './next-taxonomy.js';
import type { SpotChecks } from './spot-checks.js';
import type { CatalogIndexes } from './catalog-index.js';
import { shareLabelledData } from './shared-data.js';
import { shareNextTaxonomy } from './shared-taxonomy.js';
import { DEFAULT_INDEX_SETTINGS, indexSettingsOf, runLocalIndexJob, type IndexSettings } from './model-index-build.js';
import { submitQueuedTask, type TaskKind } from './task-queue.js';

export interface JobQueueOptions {
  storage: Storage;
  /** This host among those sharing the database (hostname:varDir): it records and resumes its own jobs only. */
  host: string;
  models: ModelService;
  varDir: string;
  /** Where retrained models are written. */
  modelsDir: string;
  /** Original data for retraining, when not the folder the active model's card names. */
  dataDir?: string;
  /** Rows per batch checkpoint. */
  chunkSize: number;
  /** Redis of the shared work queue: batches are spread over `prodclass worker` processes (see runBatch). */
  redisUrl?: string | null;
  /** Confidence under which a batch row counts as low-confidence. */
  reviewThreshold(): number;
  /** Which automatically filed batch rows also go to review (none without). */
  spotChecks?: SpotChecks;
  /** Each category's own threshold applies too (see filingDecision). */
  perCategoryThresholds?: boolean;
  /** The similarity indexes that batch rows filed automatically join. */
  indexes?: CatalogIndexes;
  zipLimits: ZipLimits;
  /** Catalog batches fetch photo URLs on loopback and private addresses too. */
  allowPrivatePhotos?: boolean;
  /** Retrain in a child process when the active model has a folder (default true). */
  retrainInChild?: boolean;
  /** Start that child process now rather than at the first retraining (a server that may retrain while it serves). */
  retrainProcessReady?: boolean;
  log(message: string): void;
}

/** A new taxonomy version to retrain onto, as files of the job's folder (paths relative to it). */
export type RetrainTaxonomyFiles = NextTaxonomyFiles;

export class JobQueue {
  private readonly waiting: string[] = [];
  private current: { id: string; controller: AbortController } | null = null;
  private draining: Promise<void> | null = null;
  private closed = false;

  private readonly retrainProcess = new RetrainProcess();

  constructor(private readonly options: JobQueueOptions) {
    if (options.retrainInChild !== false && options.retrainProcessReady) this.retrainProcess.start();
  }

  get host(): string {
    return this.options.host;
  }

  /**
   * Whether whole-job tasks (audits) go to the shared task queue for `prodclass worker` processes: with Redis and
   * PostgreSQL, where a worker reaches the job, its model and its data.
   */
  get queuesTasks(): boolean {
    return Boolean(this.options.redisUrl) && this.options.storage.backend === 'postgres';
  }

  /** Queues interrupted jobs again: batch jobs resume from their checkpoint; a retraining cut short is marked failed. */
  async resume(): Promise<void> {
    for (const job of await this.options.storage.jobs.unfinished(this.options.host)) {
      // The task queue's: a worker runs it, and the queue hands it to another if that one dies.
      if (job.input.task === true) continue;
      if (job.kind === 'retrain' && job.status === 'running') {
        await this.options.storage.jobs.update(job.id, { status: 'failed', message: 'interrupted: the server stopped during retraining; start it again' });
      } else {
        if (job.status === 'running') this.options.log(`resuming batch job ${job.id} from row ${String(job.progress.rowsRead ?? 0)}`);
        this.enqueue(job.id);
      }
    }
  }

  enqueue(id: string): void {
    if (this.closed) return;
    this.waiting.push(id);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** @throws ProdclassError CONFLICT when a retraining is already queued or running. */
  async checkNoRetrainPending(): Promise<void> {
    const pending = (await this.options.storage.jobs.unfinished()).find((job) => job.kind === 'retrain');
    if (pending) throw new ProdclassError('CONFLICT', `retraining job ${pending.id} is already ${pending.status}; wait for it (GET /api/jobs/${pending.id})`);
  }

  /**
   * Queues a retraining; with `nextTaxonomy`, onto that new version of the taxonomy (files already in the job's
   * folder, named relative to it; `id` is then that folder's job id; `changes` counts what changes, for the job's view).
   * With the task queue, a worker runs it: the version's files go to the database first, and the folder is removed.
   * @throws ProdclassError CONFLICT when one is already queued or running; INVALID_INPUT for `nextTaxonomy` without `id`.
   */
  async submitRetrain(request: { id?: string; nextTaxonomy?: RetrainTaxonomyFiles; changes?: Record<string, number> } = {}): Promise<JobRecord> {
    await this.checkNoRetrainPending();
    const input: JsonObject = request.nextTaxonomy
      ? { nextTaxonomy: JSON.parse(JSON.stringify(request.nextTaxonomy)) as JsonObject, taxonomyChange: { ...request.changes } }
      : {};
    // The original data's photos are not shared (only its text files are): a model that reads them retrains here.
    if (this.queuesTasks && !this.options.models.active.modalities.includes('image')) {
      if (request.nextTaxonomy) {
        // The worker reads the version from the database: this host's copy of the upload is not needed after.
        if (!request.id) throw new ProdclassError('INVALID_INPUT', "a new taxonomy version's files need the id of the job folder holding them");
        const dir = jobPaths(this.options.varDir, request.id).dir;
        input.taxonomyData = await shareNextTaxonomy(this.options.storage, dir, request.nextTaxonomy);
        await rm(dir, { recursive: true, force: true });
      }
      return this.submitTask('retrain', input, request.id);
    }
    const job = await this.options.storage.jobs.create({ id: request.id ?? crypto.randomUUID(), kind: 'retrain', modelId: this.options.models.active.id, input, host: this.options.host });
    this.enqueue(job.id);
    return job;
  }

  /**
   * Queues an audit (see `runAuditJob`) of the labelled data the server explores, or of `upload`: a labelled catalog
   * file received for this job (under `id`, its folder's name).
   * @throws ProdclassError CONFLICT when one is already queued or running.
   */
  async submitAudit(upload?: { id: string; path: string }): Promise<JobRecord> {
    const pending = (await this.options.storage.jobs.unfinished()).find((job) => job.kind === 'audit');
    if (pending) throw new ProdclassError('CONFLICT', `audit job ${pending.id} is already ${pending.status}; wait for it (GET /api/jobs/${pending.id})`);
    if (this.queuesTasks) return this.submitTask('audit', upload ? { uploaded: basename(upload.path) } : {}, upload?.id, upload?.path);
    const input: JsonObject = upload ? { source: upload.path, uploaded: basename(upload.path) } : {};
    const job = await this.options.storage.jobs.create({ id: upload?.id ?? crypto.randomUUID(), kind: 'audit', modelId: this.options.models.active.id, input, host: this.options.host });
    this.enqueue(job.id);
    return job;
  }

  /**
   * Queues a build of the active model's similarity index from the catalog's labelled data (on a worker with the task
   * queue, here otherwise).
   * @throws ProdclassError DATA_NOT_FOUND when the data is not on this host; CONFLICT when a build is already queued or running.
   */
  async submitIndex(settings: IndexSettings = DEFAULT_INDEX_SETTINGS): Promise<JobRecord> {
    const pending = (await this.options.storage.jobs.unfinished()).find((job) => job.kind === 'index');
    if (pending) throw new ProdclassError('CONFLICT', `index job ${pending.id} is already ${pending.status}; wait for it (GET /api/jobs/${pending.id})`);
    // No data here: said now, rather than by a job that fails.
    auditSource(this.options.models.active, this.options.dataDir);
    if (this.queuesTasks) return this.submitTask('index', { settings });
    const job = await this.options.storage.jobs.create({ id: crypto.randomUUID(), kind: 'index', modelId: this.options.models.active.id, input: { settings }, host: this.options.host });
    this.enqueue(job.id);
    return job;
  }

  /**
   * Records a job of `kind` (under `id` when given) on the active model, its labelled data (the catalog's, or `source`)
   * stored in the database, and puts it on the task queue.
   */
  private async submitTask(kind: TaskKind, input: JsonObject = {}, id?: string, source?: string): Promise<JobRecord> {
    const { storage, models, host, redisUrl, dataDir } = this.options;
    // The data goes to the database first (once per content), so that a worker on any host reads it.
    const data = await shareLabelledData(storage, source ?? auditSource(models.active, dataDir));
    return submitQueuedTask(storage, redisUrl!, { id, kind, modelId: models.active.id, host, input: { ...input, task: true, data } });
  }

  /**
   * Stops taking jobs. A running batch stops at its next checkpoint (it resumes on the next start) and is waited
   * for; a running retraining cannot stop midway, so it is marked failed at once and not waited for.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    const current = this.current;
    if (current) current.controller.abort(new ProdclassError('CONFLICT', 'the server is stopping'));
    // After the abort, so that a retraining it runs fails as stopped by the server, not as a dead child.
    this.retrainProcess.close();
    if (!current) return;
    if ((await this.options.storage.jobs.get(current.id))?.kind === 'retrain') {
      await this.options.storage.jobs.update(current.id, { status: 'failed', message: 'interrupted: the server stopped during retraining; start it again' });
      return;
    }
    await this.draining;
  }

  private async drain(): Promise<void> {
    for (let id = this.waiting.shift(); id !== undefined && !this.closed; id = this.waiting.shift()) {
      const job = await this.options.storage.jobs.get(id);
      if (!job || job.status === 'done' || job.status === 'failed') continue;
      const controller = new AbortController();
      this.current = { id, controller };
      try {
        await this.options.storage.jobs.update(id, { status: 'running' });
        const result =
          job.kind === 'batch'
            ? await this.runBatch(job, controller.signal)
            : job.kind === 'audit'
              ? await this.runAudit(job, controller.signal)
              : job.kind === 'index'
                ? await this.runIndex(job)
                : await this.runRetrain(job, controller.signal);
        // A retraining that outlived close() was already marked failed, and the database may be closed by now.
        if (this.closed && job.kind === 'retrain') continue;
        await this.options.storage.jobs.update(id, { status: 'done', result, message: null });
      } catch (error) {
        if (controller.signal.aborted) {
          if (job.kind === 'batch') this.options.log(`job ${id} interrupted; it resumes on the next start`);
        } else if (this.closed) {
          this.options.log(`job ${id} stopped with the server: ${(error as Error).message}`);
        } else {
          this.options.log(`job ${id} failed: ${(error as Error).message}`);
          await this.options.storage.jobs.update(id, { status: 'failed', message: (error as Error).message });
        }
      } finally {
        this.current = null;
      }
    }
  }

  private async runBatch(job: JobRecord, signal: AbortSignal): Promise<JsonObject> {
    const { storage, varDir } = this.options;
    const paths = jobPaths(varDir, job.id);
    const served = await this.options.models.load(job.modelId ?? this.options.models.active.id).catch((error: unknown) => {
      throw new ProdclassError('MODEL_NOT_FOUND', `the job's model ${job.modelId} is no longer available: ${(error as Error).message}`, { cause: error });
    });
    const readsImages = served.modalities.includes('image');
    const notKept = Number(job.input.imagesNotKept ?? 0);
    if (existsSync(paths.zip) && readsImages) {
      // Extraction is redone from scratch when a stop interrupted it: the zip is removed only once it is complete.
      await rm(paths.images, { recursive: true, force: true });
      const report = await extractZipImages(paths.zip, paths.images, this.options.zipLimits);
      await storage.jobs.update(job.id, { progress: { ...job.progress, zip: report as unknown as JsonObject } });
      await rm(paths.zip, { force: true });
      job = (await storage.jobs.get(job.id))!;
    } else if (!readsImages && (notKept > 0 || existsSync(paths.zip)) && !job.progress.zip) {
      // Photos for a model that reads text only are not unpacked (upload-time already drops them).
      await rm(paths.zip, { force: true });
      const report = { extracted: 0, bytes: 0, skipped: [{ name: 'images', reason: 'the model reads text only: photos are not kept' }], skippedCount: Math.max(1, notKept) };
      await storage.jobs.update(job.id, { progress: { ...job.progress, zip: report } });
      job = (await storage.jobs.get(job.id))!;
    }
    const ctx = {
      storage,
      varDir,
      chunkSize: this.options.chunkSize,
      lowConfidence: this.options.reviewThreshold(),
      signal,
      allowPrivatePhotos: this.options.allowPrivatePhotos,
      spotChecks: this.options.spotChecks,
      perCategoryThresholds: this.options.perCategoryThresholds ?? false,
      indexes: this.options.indexes,
    };
    const redisUrl = this.options.redisUrl;
    // A job begun in-process (before the host had Redis) ends in-process: its shared chunks are checkpoints, not a cut.
    if (redisUrl && job.progress.sharedChunks == null) return runQueuedBatchJob(job, served, redisUrl, ctx);
    const progress = await runBatchJob(job, served, ctx);
    if (sharesResult(storage)) await shareManifest(storage, job, progress.sharedChunks ?? 0, paths.result, progress);
    return progress;
  }

  private async runAudit(job: JobRecord, signal: AbortSignal): Promise<JsonObject> {
    const { storage } = this.options;
    return runAuditJob(job, {
      storage,
      source: typeof job.input.source === 'string' ? job.input.source : auditSource(this.options.models.active, this.options.dataDir),
      base: this.options.models.active,
      signal,
      onProgress: (progress) => storage.jobs.update(job.id, { progress }),
    });
  }

  private async runIndex(job: JobRecord): Promise<JsonObject> {
    const { storage, models, indexes } = this.options;
    const served = await models.load(job.modelId ?? models.active.id);
    const settings = indexSettingsOf(job.input.settings);
    const progress = jobProgress((p) => void storage.jobs.update(job.id, { progress: p }).catch(() => {}));
    return runLocalIndexJob({ served, source: auditSource(served, this.options.dataDir), settings, storage, indexes, progress });
  }

  private async runRetrain(job: JobRecord, signal: AbortSignal): Promise<JsonObject> {
    const { storage, models } = this.options;
    // Stages are progress notes: recorded in order on the one connection, and a failure to record one does not stop training.
    const onStage = (stage: string) =>
      void storage.jobs.update(job.id, { progress: { stage } }).catch((error: unknown) => this.options.log(`job ${job.id}: stage not recorded: ${(error as Error).message}`));
    const base = models.active;
    const files = job.input.nextTaxonomy as unknown as RetrainTaxonomyFiles | undefined;
    const dir = jobPaths(this.options.varDir, job.id).dir;
    const nextTaxonomy = files
      ? { taxonomyFile: join(dir, files.taxonomyFile), taxonomyName: files.taxonomyName, mappingFile: files.mappingFile === undefined ? undefined : join(dir, files.mappingFile) }
      : undefined;
    if (base.dir && this.options.retrainInChild !== false) {
      // Off the server's thread and at a lower priority: predictions keep their latency while it trains.
      const outcome = await this.retrainProcess.run(
        { varDir: this.options.varDir, databaseUrl: storage.databaseUrl, catalog: storage.catalog, modelsDir: this.options.modelsDir, dataDir: this.options.dataDir, baseId: base.id, baseDir: base.dir, nextTaxonomy },
        onStage,
        signal,
      );
      if (outcome.activated) {
        onStage(`activating ${outcome.gate.newModelId}`);
        await models.activate(outcome.gate.newModelId);
      }
      return outcome;
    }
    return retrainFromFeedback({
      storage,
      varDir: this.options.varDir,
      modelsDir: this.options.modelsDir,
      dataDir: this.options.dataDir,
      base: models.active,
      activate: async (id) => {
        await models.activate(id);
      },
      onStage,
      nextTaxonomy: nextTaxonomy && (await readNextTaxonomy(nextTaxonomy)),
    });
  }
}
