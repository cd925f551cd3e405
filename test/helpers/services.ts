// Real PostgreSQL and Redis servers for tests: started on first use (temp data folders, free local ports), shared by every test file of a run.

import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder the services of this run live in (test/services-setup.ts stops them and removes it). */
    servicesDir: string;
  }
}

/**
 * PRODCLASS_REQUIRE_SERVICES=1 (.ci/run): a missing PostgreSQL or Redis fails the run instead of skipping its suites.
 */
export const REQUIRE_SERVICES = process.env.PRODCLASS_REQUIRE_SERVICES === '1';

export type Availability = { ok: true } | { ok: false; reason: string };

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, name))) return dir;
  return null;
}

/** The folder holding initdb and pg_ctl: PRODCLASS_PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin, else PATH. */
export function postgresBinDir(): string | null {
  const given = process.env.PRODCLASS_PG_BIN;
  if (given) return existsSync(join(given, 'initdb')) ? given : null;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(root, versions[0], 'bin');
  }
  return onPath('initdb');
}

export function redisServerBin(): string | null {
  const dir = onPath('redis-server');
  return dir ? join(dir, 'redis-server') : null;
}

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

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

function servicesDir(): string {
  const dir = inject('servicesDir');
  if (!dir) throw new Error('no services folder: run the tests through vitest (vitest.config.ts names test/services-setup.ts)');
  return dir;
}

/**
 * Runs `start` once per test run for `name`: the first file to ask starts the service and records its URL; the others
 * (other worker processes) wait for that record. A failure is recorded too, so every file reports it.
 */
async function once(name: string, start: (dir: string) => Promise<string>): Promise<string> {
  const root = servicesDir();
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
      const url = await start(join(root, name));
      writeFileSync(ready, url);
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

/** Root cannot run PostgreSQL: the server then runs as the "postgres" user (Debian's package makes it), else "nobody". */
function runAs(): { user: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    if (uid.status === 0) return { user, uid: Number(uid.stdout.trim()), gid: Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim()) };
  }
  throw new Error('running as root and there is neither a "postgres" nor a "nobody" user to run PostgreSQL as');
}

function run(bin: string, args: string[], as: ReturnType<typeof runAs>): void {
  const [command, full] = as ? ['runuser', ['-u', as.user, '--', bin, ...args]] : [bin, args];
  const result = spawnSync(command, full, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error?.message}`);
}

/** How to stop what `startPostgres` started: read by test/services-setup.ts. */
export interface PostgresRecord {
  pgCtl: string;
  /** Removed once the server stops. */
  dir: string;
  dataDir: string;
  user: string | null;
}

async function startPostgres(recordDir: string): Promise<string> {
  const bin = postgresBinDir()!;
  const as = runAs();
  // Its own folder, which the server's user owns (the services folder is root's, closed to others).
  const dir = mkdtempSync(join(tmpdir(), 'prodclass-postgres-'));
  const dataDir = join(dir, 'data');
  if (as) chownSync(dir, as.uid, as.gid);
  run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'prodclass', '-A', 'trust', '-E', 'UTF8', '--no-sync'], as);
  const port = await freePort();
  // A throwaway server: durability settings off, so tests run at memory speed.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  writeFileSync(join(recordDir, '..', 'postgres.json'), JSON.stringify({ pgCtl: join(bin, 'pg_ctl'), dir, dataDir, user: as?.user ?? null } satisfies PostgresRecord));
  run(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start'], as);
  return `postgres://prodclass@127.0.0.1:${port}/postgres`;
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

/** Whether a Redis server answers PING on this local port (the protocol's one-line form, no client library needed). */
export async function redisPing(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once('error', () => done(false));
    socket.once('timeout', () => (socket.destroy(), done(false)));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      done(data.toString().startsWith('+PONG'));
    });
  });
}

async function startRedis(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const pidFile = join(dir, 'redis.pid');
  writeFileSync(join(dir, '..', 'redis.json'), JSON.stringify({ pidFile }));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--pidfile', pidFile, '--logfile', join(dir, 'redis.log')];
  const result = spawnSync(redisServerBin()!, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`redis-server failed: ${result.stderr || result.stdout}`);
  for (let i = 0; i < 100; i++) {
    if (await redisPing(port)) return `redis://127.0.0.1:${port}`;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`redis-server did not answer on port ${port}; see ${join(dir, 'redis.log')}`);
}

/** The URL of this run's Redis server, starting it on first use. */
export function redisUrl(): Promise<string> {
  return once('redis', startRedis);
}
