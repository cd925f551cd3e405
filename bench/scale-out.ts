// Benchmark: the PostgreSQL backend against the SQLite default on the same server and rows: predict latency at a fixed rate, feedback latency, batch throughput.
// Usage: tsx bench/scale-out.ts [--data DIR] [--model DIR] [--rate 50] [--seconds 15] [--rows 20000] [--feedback 100]
// The rate is low enough not to saturate a shared 2-core machine: latency is the server's, not a queue's.
// The shared work queue: the same batch through BullMQ with 1 and 2 `prodclass worker` processes (PostgreSQL + Redis).

import { createWriteStream, mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { formatCsvRow } from '../src/data/csv-format.js';
import type { HealthResponse, JobResponse, PredictResponse } from '../src/serving/api-types.js';
import { openStorage } from '../src/storage/storage.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { startPostgres, startRedis, stopPostgres, stopRedis } from '../scripts/local-services.js';
import { benchModelDir, prodclassCommand, round, startServer } from './bench-server.js';
import { openLoopLoad } from './open-loop.js';
import { scaledCorpus } from './scaled-corpus.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    model: { type: 'string' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '15' },
    rows: { type: 'string', default: '20000' },
    feedback: { type: 'string', default: '100' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const rows = Number(values.rows);
const feedbackCount = Number(values.feedback);
const log = (m: string) => process.stderr.write(`scale-out: ${m}\n`);

const work = mkdtempSync(join(tmpdir(), 'prodclass-scale-out-'));
const folder = await loadChallengeFolder(values.data!);
const modelDir = await benchModelDir(values.model, folder, work, log);
const bodies = folder.train.products.map((p) => JSON.stringify({ designation: p.designation, description: p.description }));
let next = 0;
const nextBody = () => bodies[next++ % bodies.length];

const csvPath = join(work, 'products.csv');
const out = createWriteStream(csvPath);
out.write(formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']));
for (const p of scaledCorpus(folder.train, rows, 7).products) {
  if (!out.write(formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]))) await new Promise<void>((r) => out.once('drain', () => r()));
}
await new Promise<void>((r) => out.end(() => r()));

const quantile = (sorted: number[], q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))], 3);

async function measure(backend: 'sqlite' | 'postgres', databaseUrl: string | null) {
  const server = await startServer(modelDir, join(work, `var-${backend}`), {}, databaseUrl ? ['--database', databaseUrl] : []);
  try {
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as HealthResponse;
    if (health.storage.backend !== backend) throw new Error(`the server stores in ${health.storage.backend}, not ${backend}`);
    log(`${backend}: warm-up, then ${rate} predictions/s for ${seconds} s (open loop)`);
    await openLoopLoad({ url: server.url, path: '/api/predict', bodies: nextBody, rate, seconds: 3, connections: 20 });
    const predict = await openLoopLoad({ url: server.url, path: '/api/predict', bodies: nextBody, rate, seconds, connections: 20 });

    // Feedback is acknowledged once committed: one at a time, so each latency is a full durable write.
    log(`${backend}: ${feedbackCount} feedback posts, one at a time`);
    const feedbackMs: number[] = [];
    for (let i = 0; i < feedbackCount; i++) {
      const predicted = (await (await fetch(`${server.url}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nextBody() })).json()) as PredictResponse;
      const started = performance.now();
      const res = await fetch(`${server.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ predictionId: predicted.predictionId, correctCode: predicted.predictions[0].code }) });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`feedback answered ${res.status}`);
      feedbackMs.push(performance.now() - started);
    }
    feedbackMs.sort((a, b) => a - b);

    log(`${backend}: batch of ${rows} rows (in-process jobs)`);
    const started = performance.now();
    const form = new FormData();
    form.append('file', await openAsBlob(csvPath, { type: 'text/csv' }), 'products.csv');
    const submitted = (await (await fetch(`${server.url}/api/predict/batch`, { method: 'POST', body: form })).json()) as JobResponse;
    let job = submitted;
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((r) => setTimeout(r, 200));
      job = (await (await fetch(`${server.url}/api/jobs/${submitted.id}`)).json()) as JobResponse;
    }
    const batchSeconds = (performance.now() - started) / 1000;
    return {
      predict: { ...predict.latencyMs, requestsPerSecond: predict.requestsPerSecond, errors: predict.errors + predict.non2xx },
      feedbackMs: { p50: quantile(feedbackMs, 0.5), p90: quantile(feedbackMs, 0.9), p99: quantile(feedbackMs, 0.99) },
      batch: { status: job.status, rowsClassified: job.summary?.rows ?? 0, seconds: round(batchSeconds), rowsPerSecond: round(rows / batchSeconds, 0) },
    };
  } finally {
    await server.stop();
  }
}

/** Submits the batch to `url` and waits for it: seconds, rows classified. */
async function timeBatch(url: string) {
  const started = performance.now();
  const form = new FormData();
  form.append('file', await openAsBlob(csvPath, { type: 'text/csv' }), 'products.csv');
  let job = (await (await fetch(`${url}/api/predict/batch`, { method: 'POST', body: form })).json()) as JobResponse;
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((r) => setTimeout(r, 200));
    job = (await (await fetch(`${url}/api/jobs/${job.id}`)).json()) as JobResponse;
  }
  const batchSeconds = (performance.now() - started) / 1000;
  return { status: job.status, rowsClassified: job.summary?.rows ?? 0, seconds: round(batchSeconds), rowsPerSecond: round(rows / batchSeconds, 0) };
}

/** The batch through the shared queue: one API host (PostgreSQL + Redis) and `workers` worker processes, started and ready first. */
async function queued(workers: number, databaseUrl: string, redisUrl: string) {
  const varDir = join(work, `var-queue-${workers}`);
  const shared = ['--database', databaseUrl, '--redis', redisUrl, '--var', varDir];
  const server = await startServer(modelDir, varDir, {}, shared.slice(0, 4));
  const children: ChildProcess[] = [];
  try {
    await Promise.all(
      Array.from({ length: workers }, () => {
        const child = spawn(process.execPath, [...prodclassCommand(), 'worker', ...shared], { stdio: ['ignore', 'ignore', 'pipe'] });
        children.push(child);
        return new Promise<void>((ready, fail) => {
          let stderr = '';
          child.stderr!.on('data', (d: Buffer) => ((stderr += d.toString()), stderr.includes('taking chunks') && ready()));
          child.once('exit', (code) => fail(new Error(`a worker exited with ${code}: ${stderr}`)));
        });
      }),
    );
    log(`queue: batch of ${rows} rows over ${workers} worker process(es)`);
    return await timeBatch(server.url);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await server.stop();
  }
}

/**
 * The storage layer alone, in this process (no HTTP, no model): what one prediction's log row and one feedback
 * transaction cost on each backend, one at a time. Less sensitive than the HTTP figures to a busy machine.
 */
async function storageOnly(backend: 'sqlite' | 'postgres', databaseUrl: string | null, n = 500) {
  const storage = await openStorage(join(work, `storage-${backend}`), { databaseUrl });
  try {
    const insertMs: number[] = [];
    const feedbackMs: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = folder.train.products[i % folder.train.products.length];
      let started = performance.now();
      const id = await storage.predictions.insert({ origin: 'api', modelId: 'bench', designation: p.designation, description: p.description, code: 10, confidence: 0.5, top: [[10, 0.5], [40, 0.2]] });
      insertMs.push(performance.now() - started);
      started = performance.now();
      await storage.feedback.add(id, 40);
      feedbackMs.push(performance.now() - started);
    }
    insertMs.sort((a, b) => a - b);
    feedbackMs.sort((a, b) => a - b);
    return {
      n,
      predictionInsertMs: { p50: quantile(insertMs, 0.5), p90: quantile(insertMs, 0.9), p99: quantile(insertMs, 0.99) },
      feedbackAddMs: { p50: quantile(feedbackMs, 0.5), p90: quantile(feedbackMs, 0.9), p99: quantile(feedbackMs, 0.99) },
    };
  } finally {
    await storage.close();
  }
}

log('starting a PostgreSQL server (scripts/local-services.ts)');
const postgres = await startPostgres();
const redis = await startRedis();
// Stopped with the benchmark, even when interrupted.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopPostgres(postgres);
    stopRedis(redis);
    process.exit(130);
  });
}
try {
  log('storage layer alone: prediction inserts and feedback transactions, one at a time');
  const storage = { sqlite: await storageOnly('sqlite', null), postgres: await storageOnly('postgres', postgres.url) };
  const sqlite = await measure('sqlite', null);
  const pg = await measure('postgres', postgres.url);
  const oneWorker = await queued(1, postgres.url, redis.url);
  const twoWorkers = await queued(2, postgres.url, redis.url);
  console.log(
    JSON.stringify({
      benchmark: 'scale-out',
      rate,
      seconds,
      rows,
      note: 'PostgreSQL runs on this machine with fsync off (a throwaway test server); the queue rows use a local Redis; workers and the API host share this machine\'s cores with the benchmark',
      loadAverage: loadavg().map((x) => round(x, 1)),
      storageLayer: storage,
      sqlite,
      postgres: pg,
      ratios: {
        predictP50PostgresOverSqlite: round(pg.predict.p50 / sqlite.predict.p50, 2),
        feedbackP50PostgresOverSqlite: round(pg.feedbackMs.p50 / sqlite.feedbackMs.p50, 2),
        batchThroughputPostgresOverSqlite: round(pg.batch.rowsPerSecond / sqlite.batch.rowsPerSecond, 2),
      },
      queue: {
        oneWorker: oneWorker,
        twoWorkers: twoWorkers,
        oneWorkerOverInProcessPostgres: round(oneWorker.rowsPerSecond / pg.batch.rowsPerSecond, 2),
        twoWorkersOverOneWorker: round(twoWorkers.rowsPerSecond / oneWorker.rowsPerSecond, 2),
      },
      targets: { predictP50MsPostgres: 5 },
      met: { predictP50MsPostgres: pg.predict.p50 < 5, allBatchRows: [sqlite.batch, pg.batch, oneWorker, twoWorkers].every((b) => b.rowsClassified === rows), queueOverheadAtMost15Percent: oneWorker.rowsPerSecond >= 0.85 * pg.batch.rowsPerSecond },
    }),
  );
} finally {
  stopPostgres(postgres);
  stopRedis(redis);
  rmSync(work, { recursive: true, force: true });
}
