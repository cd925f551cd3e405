// The `prodclass worker` command: takes chunks of batch jobs from the shared queue until stopped.

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import { openStorage } from '../storage/storage.js';
import { startQueueWorker } from '../workflows/queue-worker.js';
import { addDatabaseOption, databaseUrlOf } from './database-option.js';
import { intOption } from './options.js';
import { addRedisOption, redisUrlOf } from './redis-option.js';

interface WorkerOptions {
  database?: string;
  redis?: string;
  var: string;
  concurrency: number;
  lockMs: number;
}

/**
 * Runs a worker until SIGINT or SIGTERM; the chunk in hand is finished first.
 * @throws ProdclassError INVALID_PARAM without a Redis URL or PostgreSQL database (a worker shares both with the API hosts).
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const redisUrl = redisUrlOf(options);
  const databaseUrl = databaseUrlOf(options);
  if (redisUrl === null) throw new ProdclassError('INVALID_PARAM', 'prodclass worker needs --redis redis://host:6379 (or PRODCLASS_REDIS_URL): the queue the API hosts put chunks on', { location: { field: '--redis' } });
  if (databaseUrl === null) throw new ProdclassError('INVALID_PARAM', 'prodclass worker needs --database postgres://... (or PRODCLASS_DATABASE_URL): the database the API hosts share', { location: { field: '--database' } });
  const storage = await openStorage(null, { databaseUrl });
  const log = (message: string) => process.stderr.write(`worker ${process.pid}: ${message}\n`);
  const worker = startQueueWorker({ storage, redisUrl, varDir: resolve(options.var), concurrency: options.concurrency, lockMs: options.lockMs, log });
  log(`taking chunks from ${redisUrl.replace(/\/\/[^@]*@/, '//')}`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await worker.close();
  await storage.close();
}

export function registerWorker(program: Command): void {
  const command = program
    .command('worker')
    .description('take chunks of batch jobs from the shared queue (Redis) and classify them, recording into the shared database')
    .option('--var <dir>', "the API hosts' state folder, where job folders are", 'var')
    .option('--concurrency <n>', 'chunks classified at once', intOption('concurrency', 1, 64), 1)
    .option('--lock-ms <ms>', "how long a chunk stays this worker's without renewal: a dead worker's chunk is retried after it", intOption('lock-ms', 500, 600_000), 30_000);
  addRedisOption(addDatabaseOption(command)).action(async (options: WorkerOptions) => runWorker(options));
}
