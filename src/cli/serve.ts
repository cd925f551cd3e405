// `prodclass serve`: start the HTTP application (API and web page) on a saved model.

import { DEFAULT_SPOT_CHECK_SHARE } from '../workflows/spot-checks.js';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import { loadModel } from '../models/model-store.js';
import type { AnalysisPending, DatasetAnalysis, ErrorResponse, HealthResponse } from '../serving/api-types.js';
import { buildApp, DEFAULT_REQUEST_TIMEOUT_MS } from '../serving/app.js';
import { parseReviewerTokens } from '../serving/plugins/admin-auth.js';
import { DEFAULT_RATE_LIMIT } from '../serving/plugins/protection.js';
import { ProdclassError } from '../core/errors.js';
import { addDatabaseOption, databaseUrlOf } from './database-option.js';
import { addRedisOption, redisUrlOf } from './redis-option.js';
import { addHostNameOption, hostNameOf } from './host-name-option.js';
import { addRetentionOptions, retentionPolicy } from './gc.js';
import { intOption, numberOption } from './options.js';

export interface ServeOptions {
  model: string;
  port: number;
  host: string;
  /** State folder: database, jobs, uploads (default var). */
  var?: string;
  /** PostgreSQL URL (else PRODCLASS_DATABASE_URL, else SQLite in `var`). */
  database?: string;
  /** Redis URL of the shared work queue (else PRODCLASS_REDIS_URL, else batch jobs in-process). */
  redis?: string;
  /** The host label of the metrics (else PRODCLASS_HOST_NAME, else hostname:pid). */
  hostName?: string;
  /** PostgreSQL: ms a prediction's row may wait to be written with others (0: before answering). */
  predictionFlushMs?: number;
  /** Folder of model folders (default: the parent of --model). */
  modelsDir?: string;
  /** The data to explore and to retrain on, when not the folder the model card names. */
  data?: string;
  reviewThreshold?: number;
  /** Share of the automatic filings also sent to review as spot checks (default 0.01). */
  spotCheckShare?: number;
  /** Each category's own 95 % threshold applies too. */
  perCategoryThresholds?: boolean;
  /** Keep the registry's active model when it loads, rather than --model (what npm start does). */
  preferRegistry?: boolean;
  /** Worker threads classifying for text models (default: one per core). */
  predictWorkers?: number;
  /** fatal, error, warn, info (default), debug, trace, silent. */
  logLevel?: string;
  /** Append the JSON log lines to this file rather than stdout. */
  logFile?: string;
  /** Requests per minute per client (0: no limit). */
  rateLimit?: number;
  /** Apply the rate limit to this machine too. */
  rateLimitLoopback?: boolean;
  /** Seconds to receive a whole request (0: no limit). */
  requestTimeout?: number;
  allowPrivatePhotos?: boolean;
  retentionDays?: number;
  predictionRetentionDays?: number;
  maxVarSize?: number;
  /** The admin token when not PRODCLASS_ADMIN_TOKEN (npm start makes one per session). */
  adminToken?: string;
  /** Print a link that opens the page with the admin token (npm start). */
  adminLink?: boolean;
  /** Retrain in the server's own process, as before retraining moved to a child process (bench retrain-load compares both). */
  retrainInProcess?: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function logLevelOption(value: string): string {
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ProdclassError('INVALID_PARAM', `--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  }
  return value;
}

/** The options serve and start share: logs, rate limit, request timeout, retention. */
export function addServerOptions(command: Command, defaultLogLevel: string): Command {
  return addRetentionOptions(addHostNameOption(addRedisOption(addDatabaseOption(command))))
    .option('--log-level <level>', `request and error log level (${LOG_LEVELS.join(', ')})`, logLevelOption, defaultLogLevel)
    .option('--log-file <file>', 'append the JSON log lines to this file (default: stdout)')
    .option('--rate-limit <n>', 'requests per minute per client address, 0 for none (this machine is not limited unless --rate-limit-loopback)', intOption('rate-limit', 0), DEFAULT_RATE_LIMIT.max)
    .option('--rate-limit-loopback', 'apply the rate limit to requests from this machine too')
    .option('--request-timeout <s>', 'seconds to receive a whole request, 0 for none (raise it for large batch uploads over slow links)', intOption('request-timeout', 0), DEFAULT_REQUEST_TIMEOUT_MS / 1000)
    .option('--allow-private-photos', "let batch jobs fetch photo URLs on loopback or private addresses (refused by default: an upload must not make the server probe its own network)")
    .option(
      '--spot-check-share <p>',
      'share of the products filed automatically that also go to the Review queue as spot checks, so that reviewers measure the precision reached (Models page); 0 for none',
      numberOption('spot-check-share', 0, 1),
      DEFAULT_SPOT_CHECK_SHARE,
    )
    .option(
      '--per-category-thresholds',
      "file a product automatically only when it also reaches its category's own 95 %-precision threshold from the model card (a category that never reaches 95 % is always reviewed)",
    );
}

/**
 * One per core: the workers classify while the main thread parses requests and writes to SQLite, so a 2-core
 * machine answers about twice the predictions per second (bench http-load). One core: none.
 */
export const DEFAULT_PREDICT_WORKERS = availableParallelism() > 1 ? availableParallelism() : 0;

export const DEFAULT_PORT = 3000;

/**
 * V8 moves an allocation site's objects straight to the old generation once many of them have survived a
 * young-generation collection. A burst of queued requests (a warm-up at full speed, a traffic spike) makes the
 * per-request objects look long-lived, and V8 then keeps tenuring them after the burst: every request's garbage
 * waits for a mark-compact, and the server paused 10 to 20 ms every few seconds at 1,000 requests/s (p99 40 ms
 * instead of 14; bench http-load). A request's objects die with the request, so the server turns that off.
 * Set before the worker threads start: the flag is the process's, and V8 reads it at each collection.
 */
function keepRequestGarbageYoung(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

export async function serve(options: ServeOptions): Promise<void> {
  keepRequestGarbageYoung();
  const { model, card, dir } = await loadModel(options.model);
  const adminToken = options.adminToken ?? (process.env.PRODCLASS_ADMIN_TOKEN?.trim() || null);
  const app = await buildApp({
    model,
    card,
    modelDir: dir,
    modelsDir: options.modelsDir,
    varDir: resolve(options.var ?? 'var'),
    databaseUrl: databaseUrlOf(options),
    redisUrl: redisUrlOf(options),
    predictionFlushMs: options.predictionFlushMs,
    hostName: hostNameOf(options),
    dataDir: options.data,
    preferRegistry: options.preferRegistry ?? false,
    reviewThreshold: options.reviewThreshold,
    spotCheckShare: options.spotCheckShare ?? DEFAULT_SPOT_CHECK_SHARE,
    perCategoryThresholds: options.perCategoryThresholds ?? false,
    adminToken,
    reviewerTokens: parseReviewerTokens(process.env.PRODCLASS_REVIEWER_TOKENS ?? ''),
    analyzeOnStart: true,
    predictWorkers: options.predictWorkers ?? DEFAULT_PREDICT_WORKERS,
    logger: { level: options.logLevel ?? 'info', file: options.logFile },
    rateLimit: { max: options.rateLimit ?? DEFAULT_RATE_LIMIT.max, loopback: options.rateLimitLoopback ?? false },
    requestTimeoutMs: (options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS / 1000) * 1000,
    retention: retentionPolicy(options),
    retrainInChild: !options.retrainInProcess,
    // Retraining needs the admin token: without one, no process waits for it.
    retrainProcessReady: adminToken !== null,
    allowPrivatePhotos: options.allowPrivatePhotos ?? false,
  });
  const address = await app.listen({ port: options.port, host: options.host });
  const health = (await app.inject({ method: 'GET', url: '/api/health' })).json() as HealthResponse;
  process.stderr.write(`prodclass serving ${health.kind} model ${health.model}${health.demo ? ' (DEMO: synthetic catalog)' : ''} at ${address}\n`);
  if (health.predictWorkers > 0) process.stderr.write(`classifying on ${health.predictWorkers} worker threads (--predict-workers)\n`);
  const explore = await app.inject({ method: 'GET', url: '/api/explore' });
  const exploring = explore.json() as Partial<AnalysisPending & ErrorResponse & DatasetAnalysis>;
  const what = explore.statusCode === 202 ? `analysing ${exploring.dataDir} in the background` : explore.statusCode === 200 ? `${exploring.data?.source} (analysis from the cache)` : exploring.message;
  process.stderr.write(`Explore page: ${what}\n`);
  if (adminToken && options.adminLink) {
    const link = new URL(address);
    link.searchParams.set('token', adminToken);
    process.stderr.write(`admin actions (activate, retrain, delete feedback) enabled for this session: open\n\n    ${link.href}\n\n`);
  } else {
    process.stderr.write(
      adminToken ? 'admin actions (activate, retrain, delete feedback) enabled with PRODCLASS_ADMIN_TOKEN\n' : 'admin actions disabled: set PRODCLASS_ADMIN_TOKEN to enable activation and retraining\n',
    );
  }
  if (health.reviewers) process.stderr.write('feedback needs a reviewer token (PRODCLASS_REVIEWER_TOKENS) and records who sent it\n');
  const stop = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('serve the web page and the HTTP API')
    .requiredOption('--model <dir>', 'model folder (becomes the active model)')
    .option('--port <n>', 'port (0 picks a free one)', intOption('port', 0, 65535), Number(process.env.PORT ?? DEFAULT_PORT))
    .option('--host <host>', 'interface to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--var <dir>', 'state folder: database, batch jobs, uploaded images', 'var')
    .option(
      '--prediction-flush-ms <ms>',
      'PostgreSQL: answer a prediction once it has its id and write its row within this many ms, with others, in one INSERT (0: write it before answering); a crash loses the rows not yet written, never acknowledged feedback. SQLite always writes before answering, the predictions of one event-loop turn in one INSERT (0: one each)',
      intOption('prediction-flush-ms', 0, 1000),
      5,
    )
    .option('--models-dir <dir>', 'folder of model folders to list and to write retrained models to (default: the parent of --model)')
    .option('--data <dir>', 'data to explore (Explore page, report) and to retrain on (default: the folder the active model was trained on)')
    .option('--predict-workers <n>', 'worker threads classifying for text models (0: in the server thread)', intOption('predict-workers', 0, 64), DEFAULT_PREDICT_WORKERS)
    .option('--review-threshold <p>', 'confidence under which predictions go to review (default: the 95 %-precision threshold of the model card)', numberOption('review-threshold', 0, 1))
    .option('--retrain-in-process', "retrain in the server's process rather than a child process (slower answers while it trains; for comparison)");
  addServerOptions(command, 'info').action(async (options: ServeOptions) => serve(options));
}
