// `npm run scale:local`: the scaled-out set on one machine, as the tests run it: a PostgreSQL server and several API hosts sharing it.
// Usage: npm run scale:local -- [--model models/default] [--hosts 2] [--port 3001] [--database postgres://...]
// Without --database it starts a throwaway PostgreSQL (scripts/local-services.ts), removed on Ctrl-C.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPostgres, stopPostgres, type LocalPostgres } from './local-services.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'models/default' },
    hosts: { type: 'string', default: '2' },
    port: { type: 'string', default: '3001' },
    database: { type: 'string' },
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
const hosts: ChildProcess[] = [];
function stopAll(code: number): void {
  for (const host of hosts) host.kill('SIGTERM');
  if (postgres) stopPostgres(postgres);
  process.exit(code);
}
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

let databaseUrl = values.database ?? process.env.PRODCLASS_DATABASE_URL ?? null;
if (!databaseUrl) {
  postgres = await startPostgres();
  databaseUrl = postgres.url;
  process.stderr.write(`PostgreSQL (throwaway, data in ${postgres.dataDir}): ${databaseUrl}\n`);
}
for (let i = 0; i < Number(values.hosts); i++) {
  const port = Number(values.port) + i;
  // Each host has its own var folder (uploads, batch files, caches); the record they share is the database.
  const args = ['--import', TSX_LOADER, MAIN, 'serve', '--model', model, '--database', databaseUrl, '--var', resolve(values.var!, `host-${i + 1}`), '--port', String(port), '--log-level', 'warn'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  child.once('exit', (code) => {
    process.stderr.write(`host ${i + 1} (port ${port}) exited with ${code}\n`);
  });
  hosts.push(child);
}
process.stderr.write(`${hosts.length} API hosts on ports ${values.port}..${Number(values.port) + hosts.length - 1}; put a load balancer in front (GET /api/ready for its health check). Ctrl-C stops everything.\n`);
