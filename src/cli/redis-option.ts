// The --redis option (or PRODCLASS_REDIS_URL): the shared work queue that batch jobs are spread over.

import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import { REDIS_ENV } from '../workflows/chunk-queue.js';

/** Adds `--redis <url>` to `command`. */
export function addRedisOption(command: Command): Command {
  return command.option('--redis <url>', `Redis server of the shared work queue (redis://host:6379): batch jobs go to \`prodclass worker\` processes; default ${REDIS_ENV}, else jobs run in-process`);
}

/**
 * The Redis URL to use: `--redis`, else PRODCLASS_REDIS_URL, else null (batch jobs in-process).
 * @throws ProdclassError INVALID_PARAM when the value is not a redis:// or rediss:// URL.
 */
export function redisUrlOf(options: { redis?: string }, env: NodeJS.ProcessEnv = process.env): string | null {
  const fromOption = options.redis?.trim();
  const value = fromOption || env[REDIS_ENV]?.trim() || null;
  if (value === null) return null;
  if (!/^rediss?:\/\//i.test(value)) {
    const where = fromOption ? '--redis' : REDIS_ENV;
    throw new ProdclassError('INVALID_PARAM', `${where} must be a redis:// URL (redis://host:6379), got "${value.slice(0, 40)}"; leave it unset to run batch jobs in-process`, { location: { field: where } });
  }
  return value;
}
