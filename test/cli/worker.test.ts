import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import type { JobResponse } from '../../src/serving/api-types.js';
import { runCli, startCli, until } from '../helpers/run-cli.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { freePort, freshPostgresDatabase, postgresAvailability, redisAvailability, redisDatabaseUrl } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';

// Two API hosts and two workers as separate processes on PostgreSQL + Redis; mid-batch, one worker and then the API host
// that is taking feedback are killed with SIGKILL.
// 20,007 rows (741 per class, the 20,000): 79 chunks of 256 spread over both workers.
const PER_CLASS = 741;
const services = postgresAvailability().ok && redisAvailability().ok;
const children: ChildProcess[] = [];
const start = (args: string[]) => startCli(args, children);

describe.skipIf(!services)('prodclass worker: a batch spread over worker processes', () => {
  let root: string;
  let trained: LoadedModel;
  let databaseUrl: string;
  let redis: string;

  beforeAll(async () => {
    root = tempDir();
    trained = await trainDemoModel(root, 12);
    [databaseUrl, redis] = await Promise.all([freshPostgresDatabase(), redisDatabaseUrl('worker')]);
  }, 120_000);

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('refuses to start without a queue or a shared database, saying which option to set', async () => {
    const noRedis = await runCli(['worker', '--database', 'postgres://x@127.0.0.1:1/db'], { env: { PRODCLASS_REDIS_URL: '' } });
    expect(noRedis.code).not.toBe(0);
    expect(noRedis.stderr).toContain('--redis');
    const badRedis = await runCli(['worker', '--redis', 'http://localhost:6379']);
    expect(badRedis.stderr).toContain('must be a redis:// URL');
  }, 60_000);

  it('completes with every row exactly once, in order, after one worker and one API host are killed mid-batch; no acknowledged feedback is lost', async () => {
    const varDir = join(root, 'var');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const shared = ['--database', databaseUrl, '--redis', redis, '--var', varDir];
    const api = start(['serve', '--model', trained.dir!, '--port', String(port), '--predict-workers', '0', ...shared]);
    // A second API host on the same database and queue (its own var folder), taking feedback while the batch runs.
    const port2 = await freePort();
    const base2 = `http://127.0.0.1:${port2}`;
    const api2 = start(['serve', '--model', trained.dir!, '--port', String(port2), '--predict-workers', '0', '--database', databaseUrl, '--redis', redis, '--var', join(root, 'var2')]);
    await until('the API hosts', async () => (await fetch(`${base}/api/ready`).catch(() => null))?.status === 200 && (await fetch(`${base2}/api/ready`).catch(() => null))?.status === 200);
    // Each worker with its own var folder: no folder is shared with the API hosts, or between workers.
    const workers = [0, 1].map((k) => start(['worker', '--database', databaseUrl, '--redis', redis, '--var', join(root, `var-worker-${k}`), '--lock-ms', '1000']));
    await until('both workers', () => workers.every((w) => w.output().includes('taking chunks')));

    const { products } = generateDemoProducts({ seed: 5, perClass: PER_CLASS });
    let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
    for (const p of products) csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'products.csv');
    const res = await fetch(`${base}/api/predict/batch`, { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as JobResponse;

    // Killed as soon as the first chunk is done: both workers are then busy, so the victim dies holding a chunk.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const chunksDone = async () => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM job_chunks WHERE job_id = $1 AND summary IS NOT NULL', [id])).rows[0].n);
    await until('a first chunk', async () => (await chunksDone()) > 0, 120_000);
    workers[0].child.kill('SIGKILL');
    const chunksAtKill = await chunksDone();

    // Feedback through the second host until it is killed: every one it acknowledged must be stored.
    const acknowledged: number[] = [];
    // Runs until the host is killed: its next request fails.
    const feed = (async () => {
      for (let i = 0; ; i++) {
        try {
          const p = products[i % products.length];
          const predicted = await fetch(`${base2}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ designation: p.designation }) });
          const { predictionId } = (await predicted.json()) as { predictionId: number };
          const sent = await fetch(`${base2}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ predictionId, correctCode: 10 }) });
          if (sent.status === 201) acknowledged.push(((await sent.json()) as { feedback: { id: number } }).feedback.id);
        } catch {
          return;
        }
      }
    })();
    await until('feedback through the second host', () => acknowledged.length >= 5);
    api2.child.kill('SIGKILL');
    await feed;
    // Both kills fell during the batch.
    expect(((await (await fetch(`${base}/api/jobs/${id}`)).json()) as JobResponse).status).toBe('running');

    let job: JobResponse | undefined;
    await until('the job', async () => {
      job = (await (await fetch(`${base}/api/jobs/${id}`)).json()) as JobResponse;
      return job.status === 'done' || job.status === 'failed';
    }, 240_000);
    expect(job, api.output()).toMatchObject({ status: 'done', summary: { rows: products.length, failed: 0 } });
    expect(chunksAtKill).toBeLessThan(Math.ceil(products.length / 256));
    // The survivor took chunks after the kill.
    expect(workers[1].child.exitCode).toBeNull();

    const result = await (await fetch(`${base}/api/jobs/${id}/result`)).text();
    const lines = result.trim().split('\n');
    expect(lines[0]).toMatch(/^index,prdtypecode/);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(products.map((p) => p.index));

    // The surviving host keeps answering.
    expect((await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ designation: 'Console PS4' }) })).status).toBe(200);

    try {
      const { rows } = await client.query<{ n: string; distinct_rows: string }>('SELECT count(*) AS n, count(DISTINCT row_index) AS distinct_rows FROM predictions WHERE job_id = $1', [id]);
      expect(rows[0]).toEqual({ n: String(products.length), distinct_rows: String(products.length) });
      const stored = await client.query<{ id: string }>('SELECT id FROM feedback WHERE id = ANY($1::bigint[])', [acknowledged]);
      expect(stored.rows.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual([...acknowledged].sort((a, b) => a - b));
    } finally {
      await client.end();
    }
    expect(readFileSync(join(varDir, 'jobs', id, 'result.csv'), 'utf8')).toBe(result);
  }, 300_000);
});
