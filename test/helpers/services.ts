// Real PostgreSQL and Redis servers for tests: started on first use (scripts/local-services.ts), shared by every test file of a run.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { postgresBinDir, redisServerBin, startPostgres, startRedis } from '../../scripts/local-services.js';

export { freePort, redisPing } from '../../scripts/local-services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder where this run records the services it started (test/services-setup.ts stops them). */
    servicesDir: string;
  }
}

/** PRODCLASS_REQUIRE_SERVICES=1 (.ci/run): a missing PostgreSQL or Redis fails the run instead of skipping its suites. */
export const REQUIRE_SERVICES = process.env.PRODCLASS_REQUIRE_SERVICES === '1';

export type Availability = { ok: true } | { ok: false; reason: string };

function availability(found: boolean, what: string, install: string): Availability {
  if (found) return { ok: true };
  const reason = `${what} tests skipped: no ${what} server binaries here (${install})`;
  if (REQUIRE_SERVICES) throw new Error(`PRODCLASS_REQUIRE_SERVICES=1 but ${reason}`);
  console.warn(reason);
  return { ok: false, reason };
}

/** Whether the PostgreSQL suites can run; logs how to install it when not (and throws under PRODCLASS_REQUIRE_SERVICES=1). */
export function postgresAvailability(): Availability {
  return availability(postgresBinDir() !== null, 'PostgreSQL', 'apt-get install -y postgresql, or set PRODCLASS_PG_BIN to the folder holding initdb');
}

export function redisAvailability(): Availability {
  return availability(redisServerBin() !== null, 'Redis', 'apt-get install -y redis-server');
}

/**
 * Runs `start` once per test run for `name`: the first file to ask starts the service and records how to stop it and
 * its URL; the others (other worker processes) wait for that record. A failure is recorded too, so every file reports it.
 */
async function once(name: string, start: () => Promise<{ url: string }>): Promise<string> {
  const root = inject('servicesDir');
  if (!root) throw new Error('no services folder: run the tests through vitest (vitest.config.ts names test/services-setup.ts)');
  const ready = join(root, `${name}.url`);
  const failed = join(root, `${name}.failed`);
  let mine = false;
  try {
    mkdirSync(join(root, `${name}.lock`));
    mine = true;
  } catch {
    // Another test file is starting it.
  }
  if (mine) {
    try {
      const started = await start();
      writeFileSync(join(root, `${name}.json`), JSON.stringify(started));
      writeFileSync(ready, started.url);
    } catch (error) {
      writeFileSync(failed, (error as Error).message);
      throw error;
    }
  }
  for (let waited = 0; waited < 120_000; waited += 100) {
    if (existsSync(ready)) return readFileSync(ready, 'utf8');
    if (existsSync(failed)) throw new Error(`${name} did not start: ${readFileSync(failed, 'utf8')}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${name} did not start within 120 s`);
}

/** The URL of this run's PostgreSQL server (its "postgres" database), starting it on first use. */
export function postgresUrl(): Promise<string> {
  return once('postgres', startPostgres);
}

let databases = 0;

/** A new empty database on this run's PostgreSQL server, for one test: its URL. */
export async function freshPostgresDatabase(): Promise<string> {
  const url = await postgresUrl();
  const name = `t_${process.pid}_${++databases}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return url.replace(/\/postgres$/, `/${name}`);
}

/** The URL of this run's Redis server, starting it on first use. */
export function redisUrl(): Promise<string> {
  return once('redis', startRedis);
}

/**
 * The Redis database of each test file that runs a shared work queue, in one place: files run side by side on the one
 * server, and a worker of one file must never take another file's chunks or tasks (two files once shared 11).
 */
const REDIS_DATABASES = {
  'queued-depth-batch': 0,
  worker: 1,
  'chunk-queue': 2,
  'worker-metrics': 6,
  'queued-hosts': 7,
  'queued-tasks': 9,
  'worker-tasks': 10,
  'worker-roles': 11,
  'queued-retrain': 12,
} as const;

/** This run's Redis server, in the database kept for test file `file` (see REDIS_DATABASES). */
export async function redisDatabaseUrl(file: keyof typeof REDIS_DATABASES): Promise<string> {
  return `${await redisUrl()}/${REDIS_DATABASES[file]}`;
}
