// `npm run scale:local`: the scaled-out set on one machine, as the tests run it: a PostgreSQL server, a Redis queue, several
// API hosts and `prodclass worker` processes sharing them.
// Usage: npm run scale:local -- [--model models/default] [--hosts 2] [--workers 2] [--port 3001] [--database postgres://...] [--redis redis://...]
// Without --database (or PRODCLASS_DATABASE_URL) it starts a throwaway PostgreSQL, without --redis (or PRODCLASS_REDIS_URL)
// a throwaway Redis (scripts/local-services.ts), both removed on Ctrl-C. --workers 0: no queue, jobs run on the hosts.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPostgres, startRedis, stopPostgres, stopRedis, type LocalPostgres, type LocalRedis } from './local-services.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'models/default' },
    hosts: { type: 'string', default: '2' },
    workers: { type: 'string', default: '2' },
    port: { type: 'string', default: '3001' },
    database: { type: 'string' },
    redis: { type: 'string' },
    var: { type: 'string', default: 'var/scale-local' },
  },
});
const model = resolve(values.model!);
if (!existsSync(join(model, 'manifest.json'))) {
  process.stderr.write(`no model at ${model}: run "npm start" once (it trains models/default), or give --model DIR\n`);
  process.exit(2);
}
const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const TSX_LOADER = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

let postgres: LocalPostgres | null = null;
let redis: LocalRedis | null = null;
const processes: ChildProcess[] = [];
/** Stops the hosts and workers (each finishes what it holds), then the servers they were using. */
async function stopAll(code: number): Promise<void> {
  const running = processes.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise((done) => child.once('exit', done)));
  for (const child of running) child.kill('SIGTERM');
  await Promise.race([Promise.all(exited), new Promise((done) => setTimeout(done, 30_000))]);
  if (postgres) stopPostgres(postgres);
  if (redis) stopRedis(redis);
  process.exit(code);
}

/** Runs the prodclass CLI with `args`; `name` labels its exit. */
function start(name: string, args: string[]): void {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN, ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  child.once('exit', (code) => process.stderr.write(`${name} exited with ${code}\n`));
  processes.push(child);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

let databaseUrl = values.database ?? process.env.PRODCLASS_DATABASE_URL ?? null;
if (!databaseUrl) {
  postgres = await startPostgres();
  databaseUrl = postgres.url;
  process.stderr.write(`PostgreSQL (throwaway, data in ${postgres.dataDir}): ${databaseUrl}\n`);
}
const workers = Number(values.workers);
let redisUrl = values.redis ?? process.env.PRODCLASS_REDIS_URL ?? null;
if (!redisUrl && workers > 0) {
  redis = await startRedis();
  redisUrl = redis.url;
  process.stderr.write(`Redis (throwaway): ${redisUrl}\n`);
}
const queue = workers > 0 && redisUrl ? ['--redis', redisUrl] : [];
const hosts = Number(values.hosts);
for (let i = 0; i < hosts; i++) {
  const port = Number(values.port) + i;
  // Each host has its own var folder (uploads, batch files, caches); the record they share is the database.
  start(`host ${i + 1} (port ${port})`, ['serve', '--model', model, '--database', databaseUrl, ...queue, '--var', resolve(values.var!, `host-${i + 1}`), '--port', String(port), '--log-level', 'warn']);
}
// Each worker its own var folder too (a worker refuses one another holds); the cores split among them.
const threads = String(Math.max(1, Math.floor(availableParallelism() / Math.max(1, workers))));
for (let i = 0; i < workers && redisUrl; i++) {
  start(`worker ${i + 1}`, ['worker', '--database', databaseUrl, '--redis', redisUrl, '--var', resolve(values.var!, `worker-${i + 1}`), '--predict-workers', threads, '--host-name', `worker-${i + 1}`]);
}
process.stderr.write(
  `${hosts} API hosts on ports ${values.port}..${Number(values.port) + hosts - 1}, ${workers} workers; put a load balancer in front (GET /api/ready for its health check). Ctrl-C stops everything.\n`,
);
