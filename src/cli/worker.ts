// The `prodclass worker` command: takes chunks of batch jobs, and whole-job tasks (audits), from the shared queues until stopped.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import { openStorage } from '../storage/storage.js';
import { DEFAULT_CONCURRENCY, startQueueWorker } from '../workflows/queue-worker.js';
import { startTaskWorker } from '../workflows/task-worker.js';
import { DEFAULT_DATA_CACHE_DAYS, startCacheCleaner } from '../workflows/cache-cleanup.js';
import { claimFolder } from '../workflows/folder-claim.js';
import { createWorkerMetrics, serveMetrics } from '../workflows/worker-metrics.js';
import { addHostNameOption, hostNameOf } from './host-name-option.js';
import { addDatabaseOption, databaseUrlOf } from './database-option.js';
import { intOption } from './options.js';
import { addRedisOption, redisUrlOf } from './redis-option.js';
import { DEFAULT_PREDICT_WORKERS } from './serve.js';

interface WorkerOptions {
  database?: string;
  redis?: string;
  var: string;
  concurrency: number;
  predictWorkers: number;
  lockMs: number;
  /** The same for a whole-job task (an audit), whose steps hold the event loop longer than a chunk's. */
  taskLockMs: number;
  /** Serve Prometheus metrics at GET /metrics on this port (0: a free one); none when absent. */
  metricsPort?: number;
  /** The interface the metrics listen on. */
  metricsHost: string;
  hostName?: string;
  /** Take batch chunks (commander's `--no-chunks` sets false). */
  chunks: boolean;
  /** Take whole-job tasks: audits, index builds, retraining (`--no-tasks` sets false). */
  tasks: boolean;
  /** Days a fetched data set that no unfinished job names stays in the worker's data cache after its last use. */
  dataCacheDays: number;
}

/** How often a worker cleans its caches after the pass at start. */
const CACHE_CLEAN_EVERY_MS = 3_600_000;

/** What a worker takes, in its start-up line. */
function rolesOf(options: Pick<WorkerOptions, 'chunks' | 'tasks'>): string {
  return options.chunks && options.tasks ? 'chunks and tasks' : options.chunks ? 'chunks' : 'tasks';
}

/**
 * Runs a worker until SIGINT or SIGTERM; the chunk in hand is finished first.
 * @throws ProdclassError INVALID_PARAM without a Redis URL or PostgreSQL database (a worker shares both with the API hosts), or
 *   with both --no-chunks and --no-tasks (a worker that would take nothing); CONFLICT when another worker running holds --var.
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  if (!options.chunks && !options.tasks) {
    throw new ProdclassError('INVALID_PARAM', 'prodclass worker with both --no-chunks and --no-tasks would take nothing: drop one of them', { location: { field: '--no-chunks' } });
  }
  const redisUrl = redisUrlOf(options);
  const databaseUrl = databaseUrlOf(options);
  if (redisUrl === null) throw new ProdclassError('INVALID_PARAM', 'prodclass worker needs --redis redis://host:6379 (or PRODCLASS_REDIS_URL): the queue the API hosts put chunks on', { location: { field: '--redis' } });
  if (databaseUrl === null) throw new ProdclassError('INVALID_PARAM', 'prodclass worker needs --database postgres://... (or PRODCLASS_DATABASE_URL): the database the API hosts share', { location: { field: '--database' } });
  const varDir = resolve(options.var);
  const claim = claimFolder(varDir, 'worker', '--var');
  try {
    await serveAsWorker(options, redisUrl, databaseUrl, varDir);
  } finally {
    claim.release();
  }
}

/** The worker's life on its claimed folder: queues, caches and metrics until SIGINT or SIGTERM. */
async function serveAsWorker(options: WorkerOptions, redisUrl: string, databaseUrl: string, varDir: string): Promise<void> {
  const storage = await openStorage(null, { databaseUrl });
  const log = (message: string) => process.stderr.write(`worker ${process.pid}: ${message}\n`);
  const metrics = options.metricsPort === undefined ? undefined : createWorkerMetrics({ host: hostNameOf(options), role: 'worker' });
  const exposed = metrics && (await serveMetrics(metrics.registry, options.metricsPort!, options.metricsHost).catch(async (cause: Error) => {
    await storage.close();
    throw new ProdclassError('INVALID_PARAM', `cannot serve metrics on ${options.metricsHost}:${options.metricsPort}: ${cause.message}; choose another --metrics-port (0 picks a free one)`, { location: { field: '--metrics-port' }, cause });
  }));
  if (exposed) log(`metrics at ${exposed.url}`);
  const worker = options.chunks ? startQueueWorker({ storage, redisUrl, varDir, concurrency: options.concurrency, predictWorkers: options.predictWorkers, lockMs: options.lockMs, metrics, log }) : null;
  const tasks = options.tasks ? startTaskWorker({ storage, redisUrl, varDir, name: hostNameOf(options), lockMs: options.taskLockMs, log }) : null;
  // At start and hourly: old model versions (not those loaded here) and data sets no unfinished job names.
  const cleaner = startCacheCleaner(storage, varDir, {
    everyMs: CACHE_CLEAN_EVERY_MS,
    dataCacheDays: options.dataCacheDays,
    modelDirsInUse: () => [...(worker?.modelDirs() ?? []), ...(tasks?.modelDirs() ?? [])],
    log,
  });
  const stopped = new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // Announced once the active model is loaded and warm: a batch submitted after this line pays no model start-up.
  await Promise.race([worker?.ready, stopped]);
  log(`taking ${rolesOf(options)} from ${redisUrl.replace(/\/\/[^@]*@/, '//')}`);
  await stopped;
  await Promise.all([worker?.close(), tasks?.close(), cleaner.close()]);
  await new Promise((closed) => (exposed ? exposed.server.close(closed) : closed(undefined)));
  await storage.close();
}

export function registerWorker(program: Command): void {
  const command = program
    .command('worker')
    .description('take chunks of batch jobs and whole-job tasks (audits, index builds, retraining) from the shared queues (Redis) and run them, recording into the shared database; --no-tasks or --no-chunks gives a worker one role')
    .option('--var <dir>', "this worker's own cache folder (model folders and job photos fetched from the database); no folder is shared with the API hosts", 'var')
    .option('--concurrency <n>', 'chunks taken at once: one is classified while another is read or recorded', intOption('concurrency', 1, 64), DEFAULT_CONCURRENCY)
    .option('--predict-workers <n>', 'threads that classify (default: one per core); 0 classifies in the worker process itself', intOption('predict-workers', 0, 256), DEFAULT_PREDICT_WORKERS)
    .option('--lock-ms <ms>', "how long a chunk stays this worker's without renewal: a dead worker's chunk is retried after it", intOption('lock-ms', 500, 600_000), 30_000)
    .option('--task-lock-ms <ms>', "the same for a whole-job task (an audit): a dead worker's task goes to another worker after it", intOption('task-lock-ms', 500, 3_600_000), 60_000)
    // Off unless asked for: several workers on one machine would fight over any fixed default port.
    .option('--metrics-port <n>', 'serve Prometheus metrics (chunks, rows, chunk seconds, process) at GET /metrics on this port; 0 picks a free one (printed); default none', intOption('metrics-port', 0, 65535))
    .option('--metrics-host <interface>', 'interface the metrics listen on (0.0.0.0 for a Prometheus on another machine)', '127.0.0.1')
    // Roles: heavy audits and retraining kept off the workers that serve batch chunks, or the other way round.
    .option('--no-chunks', 'take no batch chunks: only whole-job tasks (audits, index builds, retraining)')
    .option('--no-tasks', 'take no whole-job tasks (audits, index builds, retraining): only batch chunks')
    .option('--data-cache-days <n>', 'days a fetched data set that no queued or running job names stays in <var>/data-cache after its last use (cleaned at start and hourly, with old model-cache versions)', intOption('data-cache-days', 0, 3650), DEFAULT_DATA_CACHE_DAYS);
  addHostNameOption(addRedisOption(addDatabaseOption(command))).action(async (options: WorkerOptions) => runWorker(options));
}
