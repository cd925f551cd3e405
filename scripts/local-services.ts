// PostgreSQL and Redis servers on this machine, from their installed binaries: temp data folders, free local ports (tests, benchmarks, scale-local).

import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
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

function run(bin: string, args: string[], user: string | null): void {
  const [command, full] = user ? ['runuser', ['-u', user, '--', bin, ...args]] : [bin, args];
  const result = spawnSync(command, full, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error?.message}`);
}

/** What stops a started PostgreSQL server: plain data, so that another process (vitest's teardown) can stop it. */
export interface PostgresRecord {
  pgCtl: string;
  /** Holds the data folder, the socket and the log; removed once the server stops. */
  dir: string;
  dataDir: string;
  /** The user the server runs as when started by root. */
  user: string | null;
}

export interface LocalPostgres extends PostgresRecord {
  /** The "postgres" database, user "prodclass", no password (trust, 127.0.0.1 only). */
  url: string;
}

/**
 * Starts a throwaway PostgreSQL server: initdb in a new temp folder, then pg_ctl on a free port of 127.0.0.1, durability
 * off (fsync, synchronous commit) so that it runs at memory speed. As root it runs as the "postgres" user.
 * @throws Error when the binaries are missing or the server does not start (the message has their output).
 */
export async function startPostgres(): Promise<LocalPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL binaries (apt-get install -y postgresql, or set PRODCLASS_PG_BIN to the folder holding initdb)');
  const as = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'prodclass-postgres-'));
  const dataDir = join(dir, 'data');
  if (as) chownSync(dir, as.uid, as.gid);
  const user = as?.user ?? null;
  run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'prodclass', '-A', 'trust', '-E', 'UTF8', '--no-sync'], user);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start'], user);
  return { url: `postgres://prodclass@127.0.0.1:${port}/postgres`, pgCtl: join(bin, 'pg_ctl'), dir, dataDir, user };
}

/** Stops a server `startPostgres` started (immediately: its data is thrown away) and removes its folder. */
export function stopPostgres(record: PostgresRecord): void {
  const args = ['-D', record.dataDir, '-m', 'immediate', '-w', 'stop'];
  spawnSync(record.user ? 'runuser' : record.pgCtl, record.user ? ['-u', record.user, '--', record.pgCtl, ...args] : args, { stdio: 'ignore', timeout: 60_000 });
  rmSync(record.dir, { recursive: true, force: true });
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

export interface RedisRecord {
  dir: string;
  pidFile: string;
}

export interface LocalRedis extends RedisRecord {
  url: string;
}

/**
 * Starts a throwaway Redis server (no persistence) on a free port of 127.0.0.1, in a new temp folder.
 * @throws Error when redis-server is missing or does not answer.
 */
export async function startRedis(): Promise<LocalRedis> {
  const bin = redisServerBin();
  if (!bin) throw new Error('no redis-server (apt-get install -y redis-server)');
  const dir = mkdtempSync(join(tmpdir(), 'prodclass-redis-'));
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const pidFile = join(dir, 'redis.pid');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--pidfile', pidFile, '--logfile', join(dir, 'redis.log')];
  const result = spawnSync(bin, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`redis-server failed: ${result.stderr || result.stdout}`);
  for (let i = 0; i < 100; i++) {
    if (await redisPing(port)) return { url: `redis://127.0.0.1:${port}`, dir, pidFile };
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`redis-server did not answer on port ${port}; see ${join(dir, 'redis.log')}`);
}

export function stopRedis(record: RedisRecord): void {
  if (existsSync(record.pidFile)) {
    const pid = Number(readFileSync(record.pidFile, 'utf8').trim());
    try {
      process.kill(pid, 'SIGTERM');
      // Redis writes and removes files in its folder as it shuts down: removing the folder meanwhile fails (ENOTEMPTY).
      for (let waited = 0; waited < 5000 && isRunning(pid); waited += 50) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    } catch {
      // Already gone.
    }
  }
  rmSync(record.dir, { recursive: true, force: true, maxRetries: 5 });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
