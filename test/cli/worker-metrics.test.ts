import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import type { JobResponse } from '../../src/serving/api-types.js';
import { runCli, startCli, until } from '../helpers/run-cli.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { freePort, freshPostgresDatabase, postgresAvailability, redisAvailability, redisDatabaseUrl } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';

// One API host and one worker as processes on PostgreSQL + Redis, each scraped on its own metrics endpoint.
const services = postgresAvailability().ok && redisAvailability().ok;
const children: ChildProcess[] = [];
const start = (args: string[], env: NodeJS.ProcessEnv = {}) => startCli(args, children, env);

/** The value of the one series of `name` whose labels include every pair of `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const has = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((p) => [p[1], p[2]]));
    if (Object.entries(labels).every(([k, v]) => has[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe.skipIf(!services)('metrics per host and per worker', () => {
  let root: string;
  let trained: LoadedModel;

  beforeAll(async () => {
    root = tempDir();
    trained = await trainDemoModel(root, 12);
  }, 120_000);

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('labels every series of an API host and of a worker with its host and role; the worker counts its chunks and rows', async () => {
    const [databaseUrl, redis] = await Promise.all([freshPostgresDatabase(), redisDatabaseUrl('worker-metrics')]);
    const varDir = join(root, 'var');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const shared = ['--database', databaseUrl, '--redis', redis, '--var', varDir];
    start(['serve', '--model', trained.dir!, '--port', String(port), '--predict-workers', '0', '--host-name', 'api-a', ...shared]);
    // The worker's name from the environment, the way a container would set it.
    const worker = start(['worker', ...shared, '--metrics-port', '0'], { PRODCLASS_HOST_NAME: 'worker-b' });
    await until('the API host', async () => (await fetch(`${base}/api/ready`).catch(() => null))?.status === 200);
    await until('the worker', () => worker.output().includes('taking chunks'));
    const metricsUrl = /metrics at (http:\/\/\S+)/.exec(worker.output())![1];

    const { products } = generateDemoProducts({ seed: 3, perClass: 12 });
    let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
    for (const p of products) csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'products.csv');
    const { id } = (await (await fetch(`${base}/api/predict/batch`, { method: 'POST', body: form })).json()) as JobResponse;
    await until('the job', async () => ((await (await fetch(`${base}/api/jobs/${id}`)).json()) as JobResponse).status === 'done');
    expect((await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ designation: 'Console PS4' }) })).status).toBe(200);

    const api = await (await fetch(`${base}/api/metrics`)).text();
    expect(sample(api, 'prodclass_predictions_total', { origin: 'api', host: 'api-a', role: 'api' })).toBe(1);
    expect(sample(api, 'prodclass_http_requests_total', { route: '/api/predict', status: '200', host: 'api-a', role: 'api' })).toBe(1);
    // Process metrics too: every series, not only ours, names the host.
    expect(sample(api, 'prodclass_process_cpu_seconds_total', { host: 'api-a', role: 'api' })).toBeGreaterThan(0);
    expect(api.split('\n').filter((l) => l.startsWith('prodclass_') && !(l.includes('host="api-a"') && l.includes('role="api"')))).toEqual([]);

    const res = await fetch(metricsUrl);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const scraped = await res.text();
    const chunks = Math.ceil(products.length / 256);
    const labels = { host: 'worker-b', role: 'worker' };
    expect(sample(scraped, 'prodclass_worker_chunks_taken_total', labels)).toBe(chunks);
    expect(sample(scraped, 'prodclass_worker_chunks_done_total', labels)).toBe(chunks);
    expect(sample(scraped, 'prodclass_worker_chunks_failed_total', labels)).toBe(0);
    expect(sample(scraped, 'prodclass_worker_chunks_retried_total', labels)).toBe(0);
    expect(sample(scraped, 'prodclass_worker_rows_total', { ...labels, outcome: 'done' })).toBe(products.length);
    expect(sample(scraped, 'prodclass_worker_chunk_seconds_count', labels)).toBe(chunks);
    expect(scraped.split('\n').filter((l) => l.startsWith('prodclass_') && !(l.includes('host="worker-b"') && l.includes('role="worker"')))).toEqual([]);
    expect((await fetch(metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
  }, 180_000);

  it('refuses a metrics port already taken, saying which option to change', async () => {
    const port = await freePort();
    const { createServer } = await import('node:net');
    const taken = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => taken.once('listening', r));
    try {
      const [databaseUrl, redis] = await Promise.all([freshPostgresDatabase(), redisDatabaseUrl('worker-metrics')]);
      const result = await runCli(['worker', '--database', databaseUrl, '--redis', redis, '--metrics-port', String(port)]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('--metrics-port');
    } finally {
      taken.close();
    }
  }, 60_000);
});
