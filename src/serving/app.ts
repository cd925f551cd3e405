// buildApp(): the HTTP application (Fastify): prediction, batch, feedback, review, model registry, data and model insights, report, metrics, docs and the web page.

import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ModelCard } from '../core/model-card.js';
import { packageVersion } from '../core/version.js';
import type { ProductModel } from '../models/product-model.js';
import { openStorage } from '../storage/storage.js';
import { MODEL_CACHE_DIR } from '../workflows/model-folders.js';
import { Catalogs } from '../workflows/catalogs.js';
import { JobQueue } from '../workflows/job-queue.js';
import { MODEL_FILES_NOTICE } from '../storage/model-files.js';
import { ModelService } from '../workflows/model-service.js';
import { IndexFilings } from '../workflows/index-filings.js';
import { collectGarbage, DEFAULT_RETENTION, type RetentionPolicy } from '../workflows/retention.js';
import { defaultReviewThreshold, servedModel } from '../workflows/served-model.js';
import { DEFAULT_SPOT_CHECK_SHARE, SpotChecks } from '../workflows/spot-checks.js';
import { CatalogIndexes, predictionIdOf, predictionProductId } from '../workflows/catalog-index.js';
import type { AppContext } from './app-context.js';
import { ExploreData } from './explore-data.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { ModelInsights } from './model-insights.js';
import type { ReviewerTokens } from './plugins/admin-auth.js';
import { frameworkErrors, registerErrorHandler } from './plugins/error-handler.js';
import { DEFAULT_RATE_LIMIT, registerProtection, type RateLimitOptions } from './plugins/protection.js';
import { registerMetrics } from './plugins/metrics.js';
import { DEFAULT_WEB_ROOT, registerWebStatic } from './plugins/web-static.js';
import { ReportDownload } from './report-download.js';
import { registerExploreRoutes } from './routes/explore.js';
import { registerAuditRoutes } from './routes/audits.js';
import { registerFeedbackRoutes } from './routes/feedback.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerModelRoutes } from './routes/models.js';
import { registerPredictRoutes } from './routes/predict.js';
import { registerReportRoutes } from './routes/report.js';
import { registerSystemRoutes } from './routes/system.js';
import { registerSimilarRoutes } from './routes/similar.js';
import { registerCatalogRoutes } from './routes/catalogs.js';
import { DEFAULT_CATALOG } from '../storage/catalog-scope.js';
import { registerJsonParser } from './json-body.js';
import { PublicPaths } from './public-paths.js';
import { UploadStore } from './upload-store.js';
import { validatorCompiler } from './validation.js';
import { readModelTaxonomy } from '../models/model-store.js';
import { RAKUTEN_TAXONOMY, type Taxonomy } from '../taxonomy/index.js';

export interface AppOptions {
  /** The model to serve (the registry's active model may take over, see `preferRegistry`). */
  model: ProductModel;
  card: ModelCard;
  /** The categories `model` predicts; default: the taxonomy saved in `modelDir`, else Rakuten's (models built in memory). */
  taxonomy?: Taxonomy;
  /** The folder `model` was loaded from, so the registry can reload it; omit for a model built in memory. */
  modelDir?: string | null;
  /** Folder of model folders to register at start and to write retrained models to; default: the parent of `modelDir`, else `<varDir>/models`. */
  modelsDir?: string | null;
  /** State folder (database, jobs, uploads); default: a temporary folder removed when the app closes. */
  varDir?: string;
  /** A `postgres://` URL: predictions, feedback, jobs and the model registry live there (shared by every host) instead of `<varDir>/prodclass.db`. */
  databaseUrl?: string | null;
  /** This process's name in its metrics' host label (default hostname:pid). */
  hostName?: string;
  /** PostgreSQL: ms a prediction's row may wait to be written with others after its answer (default 5); 0 writes it before answering. */
  predictionFlushMs?: number;
  /** Redis of the shared work queue: batch jobs go to `prodclass worker` processes (null: in-process). */
  redisUrl?: string | null;
  /** The data to explore (Explore page, report) and to retrain on, when not the folder the active model's card names. */
  dataDir?: string;
  /** Start loading and analysing that data as soon as the server is ready (serve, npm start); otherwise on the first request. */
  analyzeOnStart?: boolean;
  /** Serve the registry's active model when it loads (npm start), rather than `model` (serve --model). */
  preferRegistry?: boolean;
  /** Enables admin actions (activation, retraining, deleting feedback); null or '' leaves them refused. */
  adminToken?: string | null;
  /** Reviewer name -> token: when given, feedback needs one of them (or the admin token) and records who sent it. */
  reviewerTokens?: ReviewerTokens;
  /** Confidence below which predictions go to review; default: the active model's 95 %-precision threshold. */
  reviewThreshold?: number;
  /**
   * Each category's own 95 % threshold from the card applies too, never looser than the catalog's; a category that never
   * reaches it is always reviewed (default false: the catalog-wide threshold only).
   */
  perCategoryThresholds?: boolean;
  /** Share of the automatic filings also sent to review as spot checks, to measure the live precision; default 0.01. */
  spotCheckShare?: number;
  /** Seed of the spot checks' draw (default 0). */
  spotCheckSeed?: number;
  limits?: Partial<Limits>;
  /** Folder of the built web page; default dist/web; null serves only the fallback page. */
  webRoot?: string | null;
  /** Rows per batch checkpoint. */
  batchChunkSize?: number;
  /** Worker threads classifying for a text model served from a folder (see ModelService); default 0, this thread. */
  predictWorkers?: number;
  /** How often to follow activations made by another process (ms); 0 turns it off. */
  registrySyncMs?: number;
  /** Request and error logs (JSON lines, request id in each): false (default) for none, true for info on stdout, or a level and a file. */
  logger?: boolean | LogOptions;
  /** Retrain in a child process (default true; false keeps it in this process, as before). */
  retrainInChild?: boolean;
  /** Start the retraining process with the app rather than at the first retraining (serve, when admin actions are on). */
  retrainProcessReady?: boolean;
  /** What to remove and when (see collectGarbage): applied at start (orphan job folders included) and every `retentionIntervalMs`; false keeps everything. */
  retention?: RetentionPolicy | false;
  /** How often retention runs (default hourly). */
  retentionIntervalMs?: number;
  /** How long an automatic filing into the similarity index waits for others to share its write (default 50 ms; IndexFilings). */
  indexFilingDelayMs?: number;
  /** Per-client rate limit; default DEFAULT_RATE_LIMIT (this machine exempt); false turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Batch jobs fetch catalog photo URLs on loopback and private addresses too (default false: refused). */
  allowPrivatePhotos?: boolean;
  /** Most time to receive a whole request, in ms (a client that sends its body slowly is cut off with 408); 0: no limit. Default 120 s. */
  requestTimeoutMs?: number;
}

/** Two minutes: far more than any product or JSON body needs; a large batch upload over a slow link may need --request-timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

export interface LogOptions {
  /** fatal, error, warn, info (default), debug, trace. */
  level?: string;
  /** Appended to; default stdout. */
  file?: string;
}

/**
 * Fastify's logger options: pino's JSON lines, with the request id Fastify adds to every line of a request. A log file
 * is an append stream of ours, so that closing the app can wait until every line is written.
 */
function loggerOptions(logger: AppOptions['logger']): { options: boolean | { level: string; stream?: WriteStream }; stream: WriteStream | null } {
  if (!logger) return { options: false, stream: null };
  if (logger === true) return { options: { level: 'info' }, stream: null };
  const stream = logger.file ? createWriteStream(logger.file, { flags: 'a' }) : null;
  return { options: { level: logger.level ?? 'info', ...(stream ? { stream } : {}) }, stream };
}

/**
 * Builds the application around a model: opens the storage under `varDir` (migrating it), registers the
 * model, resumes interrupted jobs, and declares every route (documented at /api/docs). Closing the app
 * stops the job queue at its next checkpoint and closes the database.
 * @throws ProdclassError from opening the storage (a database from a newer prodclass).
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const tempVar = options.varDir ? null : await mkdtemp(join(tmpdir(), 'prodclass-var-'));
  const varDir = resolve(options.varDir ?? tempVar!);
  const storage = await openStorage(varDir, {
    databaseUrl: options.databaseUrl ?? null,
    predictionLog: { flushMs: options.predictionFlushMs, onError: (error) => app.log.warn({ err: error }, 'prediction log: a write failed; its rows are tried again') },
  });
  const logging = loggerOptions(options.logger);
  const app = Fastify({
    logger: logging.options,
    bodyLimit: limits.jsonBody,
    genReqId: () => randomUUID(),
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    // Longer ids than this reach the route, whose schema answers 400 with the limit, rather than "no route".
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  let timer: NodeJS.Timeout | undefined;
  let gcTimer: NodeJS.Timeout | undefined;
  let filings: IndexFilings | undefined;
  try {
    const log = (message: string) => app.log.info(message);
    const modelDir = options.modelDir ? resolve(options.modelDir) : null;
    const modelsDir = options.modelsDir ? resolve(options.modelsDir) : modelDir ? dirname(modelDir) : join(varDir, 'models');
    const models = await ModelService.start(storage, {
      initial: servedModel({
        id: options.card.modelId,
        model: options.model,
        card: options.card,
        dir: modelDir,
        taxonomy: options.taxonomy ?? (modelDir ? await readModelTaxonomy(modelDir) : RAKUTEN_TAXONOMY),
      }),
      modelsDir,
      preferRegistry: options.preferRegistry ?? false,
      modelCacheDir: storage.backend === 'postgres' ? join(varDir, MODEL_CACHE_DIR) : null,
      predictWorkers: options.predictWorkers ?? 0,
      log,
    });
    const reviewThreshold = () => options.reviewThreshold ?? defaultReviewThreshold(models.active.card);
    const spotChecks = new SpotChecks(options.spotCheckShare ?? DEFAULT_SPOT_CHECK_SHARE, options.spotCheckSeed ?? 0);
    const indexes = new CatalogIndexes({ changes: storage.indexChanges, log });
    const host = `${hostname()}:${varDir}`;
    const zipLimits = { maxEntries: limits.zipEntries, maxEntryBytes: limits.image, maxTotalBytes: limits.zipTotalBytes, maxRatio: limits.zipRatio };
    const jobs = new JobQueue({
      storage,
      host,
      models,
      varDir,
      modelsDir,
      dataDir: options.dataDir,
      chunkSize: options.batchChunkSize ?? 256,
      redisUrl: options.redisUrl ?? null,
      reviewThreshold,
      spotChecks,
      perCategoryThresholds: options.perCategoryThresholds ?? false,
      indexes,
      retrainInChild: options.retrainInChild ?? true,
      retrainProcessReady: options.retrainProcessReady ?? false,
      zipLimits,
      allowPrivatePhotos: options.allowPrivatePhotos ?? false,
      log,
    });
    const catalogs = new Catalogs(
      storage,
      {
        host,
        varDir,
        chunkSize: options.batchChunkSize ?? 256,
        zipLimits,
        spotChecks,
        perCategoryThresholds: options.perCategoryThresholds ?? false,
        indexes,
        allowPrivatePhotos: options.allowPrivatePhotos ?? false,
        retrainInChild: options.retrainInChild ?? true,
        redisUrl: options.redisUrl ?? null,
        modelCacheDir: storage.backend === 'postgres' ? join(varDir, MODEL_CACHE_DIR) : null,
        log,
      },
      { name: DEFAULT_CATALOG, storage, models, jobs, modelsDir, reviewThreshold },
    );

    await app.register(swagger, {
      openapi: {
        info: { title: 'prodclass', version: packageVersion(), description: 'Files Rakuten France products into 27 categories from their title, description and photo.' },
        components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'PRODCLASS_ADMIN_TOKEN' } } },
      },
    });
    await registerProtection(app, options.rateLimit ?? DEFAULT_RATE_LIMIT);
    await app.register(multipart, { limits: { fileSize: limits.image, files: 1 } });
    app.removeContentTypeParser('text/plain');
    registerJsonParser(app, limits.jsonBody);
    const explore = new ExploreData({ dataDir: options.dataDir, activeCard: () => models.active.card, cacheDir: join(varDir, 'cache', 'analysis'), log });
    const paths = new PublicPaths(() => [
      { dir: modelsDir, label: basename(modelsDir) },
      { dir: varDir, label: basename(varDir) },
      ...[explore.dataDir()].filter((d): d is string => d !== null).map((dir) => ({ dir, label: basename(dir) })),
    ]);
    registerErrorHandler(app, paths);
    const metrics = registerMetrics(app, { host: options.hostName ?? `${hostname()}:${process.pid}`, role: 'api' });
    filings = new IndexFilings({
      indexes,
      delayMs: options.indexFilingDelayMs,
      corrected: async (ids) => {
        const given = await storage.feedback.given(ids.map(predictionIdOf).filter((id): id is number => id !== null));
        return new Set([...given].map(predictionProductId));
      },
      onFiled: (count) => metrics.indexFilings.inc({ outcome: 'filed' }, count),
      onFailed: (count) => metrics.indexFilings.inc({ outcome: 'failed' }, count),
      log: (message) => app.log.error(message),
    });
    metrics.setActiveModel(models.active.id, models.active.card.kind);

    const insights = new ModelInsights(models, explore, reviewThreshold);
    const ctx: AppContext = {
      storage,
      models,
      jobs,
      metrics,
      // On PostgreSQL photos go to the database too, for workers on other hosts; SQLite's single host keeps them here only.
      uploads: new UploadStore(varDir, storage.backend === 'postgres' ? storage.photos : null),
      explore,
      insights,
      report: new ReportDownload(explore, insights),
      limits,
      varDir,
      paths,
      adminToken: options.adminToken || null,
      reviewerTokens: options.reviewerTokens ?? {},
      reviewThreshold,
      spotChecks,
      perCategoryThresholds: options.perCategoryThresholds ?? false,
      indexes,
      filings,
      startedAt: Date.now(),
    };
    registerPredictRoutes(app, ctx);
    registerJobRoutes(app, ctx);
    registerFeedbackRoutes(app, ctx);
    registerAuditRoutes(app, ctx);
    registerModelRoutes(app, ctx);
    registerSystemRoutes(app, ctx);
    registerExploreRoutes(app, ctx);
    registerReportRoutes(app, ctx);
    registerSimilarRoutes(app, ctx);
    await registerCatalogRoutes(app, ctx, catalogs);
    await registerWebStatic(app, options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot, () => models.active.card);

    const follow = () => {
      void models.syncWithRegistry().then((changed) => {
        if (changed) metrics.setActiveModel(models.active.id, models.active.card.kind);
      });
      void catalogs.syncWithRegistry().catch((error: unknown) => app.log.warn({ err: error }, 'catalogs: cannot follow the registry'));
    };
    // On PostgreSQL another host's activation arrives at once (LISTEN/NOTIFY); polling stays as the fallback.
    // A model's stored files changing (an index a worker published) is heard on the same channel.
    const heard = (payload: string) => (payload.startsWith(MODEL_FILES_NOTICE) ? void catalogs.refreshFolders(payload.slice(MODEL_FILES_NOTICE.length)).catch((error: unknown) => app.log.warn({ err: error }, 'cannot follow new model files')) : follow());
    await storage.watchActiveModel(heard, (error) => app.log.warn({ err: error }, 'lost the activation notifications; following the registry by polling')).catch((error: unknown) => {
      app.log.warn({ err: error }, 'cannot listen for activations; following the registry by polling');
    });
    const syncMs = options.registrySyncMs ?? 5_000;
    if (syncMs > 0) {
      timer = setInterval(follow, syncMs);
      timer.unref();
    }
    app.addHook('onClose', async () => {
      clearInterval(timer);
      clearInterval(gcTimer);
      await catalogs.close();
      await jobs.close();
      // What the last answers queued is filed before the indexes are saved.
      await filings?.close();
      await indexes.close();
      await models.close();
      await storage.close();
      if (tempVar) await rm(tempVar, { recursive: true, force: true });
      if (logging.stream) await new Promise<void>((done) => logging.stream!.end(done));
    });
    // In the background: listening does not wait for an analysis of 85,000 products.
    if (options.analyzeOnStart) app.addHook('onReady', async () => explore.warm());
    const retention = options.retention ?? DEFAULT_RETENTION;
    if (retention) {
      const collect = async (orphanGraceMs?: number) => {
        const report = await collectGarbage(storage, varDir, retention, { orphanGraceMs, modelDirsInUse: await catalogs.modelDirsInUse() });
        if (report.orphanFolders + report.expiredJobs + report.predictions + report.files + report.sharedPhotos + report.modelVersions + report.dataCaches + report.datasets > 0) app.log.info({ retention: report }, 'retention: removed what the var folder no longer needs');
      };
      // Before any upload can start: a job folder without a job is then surely left by a crash.
      await collect(0);
      gcTimer = setInterval(() => void collect().catch((error: unknown) => app.log.error({ err: error }, 'retention failed')), options.retentionIntervalMs ?? 3_600_000);
      gcTimer.unref();
    }
    await jobs.resume();
    await catalogs.startAll();
    return app;
  } catch (error) {
    clearInterval(timer);
    clearInterval(gcTimer);
    logging.stream?.end();
    await storage.close();
    if (tempVar) await rm(tempVar, { recursive: true, force: true });
    throw error;
  }
}
