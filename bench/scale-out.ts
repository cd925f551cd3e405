// Benchmark: the PostgreSQL backend against the SQLite default on the same server and rows: predict latency at a fixed rate, feedback latency, batch throughput.
// Usage: tsx bench/scale-out.ts [--data DIR] [--model DIR] [--rate 50] [--seconds 15] [--rows 20000] [--feedback 100] [--only batch]
// --only batch: batch throughput alone (in-process on both backends, then the queue), without the latency parts.
// --worker-threads share|N|omit: each worker's --predict-workers (share: the cores split among the workers).
// --rounds N: with --only batch, the in-process PostgreSQL batch and the queued ones N times; median ratios.
// --reference-worker PATH/dist/cli/main.js: another build's workers take the same batch, each right before this build's.
// --worker-cpu-prof DIR: each worker process writes a CPU profile (.cpuprofile) into DIR when it stops.
// The rate is low enough not to saturate a shared 2-core machine: latency is the server's, not a queue's.
// Predict latency is taken on three servers started together (SQLite; PostgreSQL writing each prediction before answering,
// --prediction-flush-ms 0, as before the write-behind log; PostgreSQL with the log), in alternating rounds. Each latency
// runs from the moment this process issues the request (see open-loop.ts); `fromScheduled` adds this process's timer lateness.
// The shared work queue: the same batch through BullMQ with 1 and 2 `prodclass worker` processes (PostgreSQL + Redis).

import { createWriteStream, mkdtempSync, openAsBlob, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { formatCsvRow } from '../src/data/csv-format.js';
import type { HealthResponse, JobResponse, PredictResponse } from '../src/serving/api-types.js';
import { openStorage } from '../src/storage/storage.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { startPostgres, startRedis, stopPostgres, stopRedis } from '../scripts/local-services.js';
import { benchModelDir, prodclassCommand, round, startServer, type BenchServer } from './bench-server.js';
import { openLoopLoad } from './open-loop.js';
import { cpuMeter, settled } from './process-cpu.js';
import { scaledCorpus } from './scaled-corpus.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    model: { type: 'string' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '15' },
    rows: { type: 'string', default: '20000' },
    feedback: { type: 'string', default: '100' },
    only: { type: 'string' },
    // A folder: each worker process writes a V8 CPU profile there (node --cpu-prof), to see where a worker's time goes.
    'worker-cpu-prof': { type: 'string' },
    // Prediction threads per worker process: `share` (default) splits this machine's cores among the workers it runs,
    // as workers on one machine should be started; a number sets it; `omit` passes no flag (a build before the option).
    'worker-threads': { type: 'string', default: 'share' },
    // Another build's dist/cli/main.js (e.g. the commit before a change): with --only batch, its workers take the same
    // batch too, each of its runs right before this build's, so that a busy machine weighs on both alike.
    'reference-worker': { type: 'string' },
    // With --only batch: repeat the in-process PostgreSQL batch and the queued ones this many times in all, and give the
    // median of each ratio over the rounds (each round's figures are taken within a few minutes of each other).
    rounds: { type: 'string', default: '1' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const rows = Number(values.rows);
const feedbackCount = Number(values.feedback);
if (values.only !== undefined && values.only !== 'batch') throw new Error(`--only takes "batch", not "${values.only}"`);
const batchOnly = values.only === 'batch';
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

type Setup = { name: string; backend: 'sqlite' | 'postgres'; databaseUrl: string | null; flushMs?: number };

/** Starts one server per setup, all at once, so that their predict latencies can be taken in alternating rounds. */
async function startServers(setups: Setup[]): Promise<Map<string, { setup: Setup; server: BenchServer }>> {
  const started = new Map<string, { setup: Setup; server: BenchServer }>();
  for (const setup of setups) {
    const args = [...(setup.databaseUrl ? ['--database', setup.databaseUrl] : []), ...(setup.flushMs !== undefined ? ['--prediction-flush-ms', String(setup.flushMs)] : [])];
    const server = await startServer(modelDir, join(work, `var-${setup.name}`), {}, args);
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as HealthResponse;
    if (health.storage.backend !== setup.backend) throw new Error(`the server stores in ${health.storage.backend}, not ${setup.backend}`);
    started.set(setup.name, { setup, server });
  }
  return started;
}

/**
 * Predict latency of every server at `rate` for `seconds` each, in `rounds` alternating slices: a machine shared with
 * other work gets busier and quieter over minutes, and alternating spreads that over every setup alike. Each slice's
 * load average is kept beside it.
 */
async function predictLatency(servers: Map<string, { server: BenchServer }>, rounds = 5) {
  const latencies = new Map<string, number[]>([...servers.keys()].map((name) => [name, []]));
  const fromScheduled = new Map<string, number[]>([...servers.keys()].map((name) => [name, []]));
  const loads = new Map<string, number[]>([...servers.keys()].map((name) => [name, []]));
  const errors = new Map<string, number>([...servers.keys()].map((name) => [name, 0]));
  for (const [name, { server }] of servers) {
    log(`${name}: warm-up`);
    await openLoopLoad({ url: server.url, path: '/api/predict', bodies: nextBody, rate, seconds: 3, connections: 20 });
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, { server }] of servers) {
      log(`${name}: ${rate} predictions/s for ${seconds / rounds} s (round ${round + 1} of ${rounds}, open loop)`);
      const result = await openLoopLoad({ url: server.url, path: '/api/predict', bodies: nextBody, rate, seconds: seconds / rounds, connections: 20, record: latencies.get(name), recordScheduled: fromScheduled.get(name) });
      errors.set(name, errors.get(name)! + result.errors + result.non2xx);
      loads.get(name)!.push(round2(loadavg()[0]));
    }
  }
  return new Map(
    [...latencies].map(([name, ms]) => {
      ms.sort((a, b) => a - b);
      const scheduled = fromScheduled.get(name)!.sort((a, b) => a - b);
      return [name, { p50: quantile(ms, 0.5), p90: quantile(ms, 0.9), p99: quantile(ms, 0.99), fromScheduled: { p50: quantile(scheduled, 0.5), p99: quantile(scheduled, 0.99) }, requests: ms.length, errors: errors.get(name)!, loadAverage1mPerRound: loads.get(name)! }];
    }),
  );
}

const round2 = (x: number) => round(x, 1);
const cpuOf = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

/** Feedback is acknowledged once committed: one at a time, each right after its prediction, so each latency is a full durable write. */
async function feedbackLatency(name: string, server: BenchServer) {
  log(`${name}: ${feedbackCount} feedback posts, one at a time`);
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
  return { p50: quantile(feedbackMs, 0.5), p90: quantile(feedbackMs, 0.9), p99: quantile(feedbackMs, 0.99), loadAverage1m: round2(loadavg()[0]) };
}

/** The processes besides the servers and workers whose CPU a batch run counts: PostgreSQL's tree and Redis. */
const servicePids: Record<string, number> = {};

/**
 * Submits the batch to `url` once the processes in `pids` are idle (a server just started still works in the background)
 * and waits for it: seconds, rows classified, CPU seconds of each process in `pids` and the services.
 */
async function timeBatch(url: string, pids: Record<string, number> = {}) {
  const waitedMs = await settled(Object.values(pids));
  const cpu = cpuMeter({ ...pids, ...servicePids });
  const ownCpu = process.cpuUsage();
  const started = performance.now();
  const form = new FormData();
  form.append('file', await openAsBlob(csvPath, { type: 'text/csv' }), 'products.csv');
  let job = (await (await fetch(`${url}/api/predict/batch`, { method: 'POST', body: form })).json()) as JobResponse;
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((r) => setTimeout(r, 200));
    job = (await (await fetch(`${url}/api/jobs/${job.id}`)).json()) as JobResponse;
  }
  const batchSeconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpu();
  // Rows per CPU-second of every process doing the batch (servers, workers, PostgreSQL, Redis): on a machine shared with
  // other work, what each setup costs, whichever got more of the cores while it ran.
  const batchCpu = Object.values(cpuSeconds).reduce((a, b) => a + b, 0);
  return {
    status: job.status,
    rowsClassified: job.summary?.rows ?? 0,
    seconds: round(batchSeconds),
    rowsPerSecond: round(rows / batchSeconds, 0),
    rowsPerCpuSecond: round(rows / batchCpu, 0),
    loadAverage1m: round2(loadavg()[0]),
    settledAfterMs: waitedMs,
    cpuSeconds: { ...cpuSeconds, benchmark: round2(cpuOf(process.cpuUsage(ownCpu))) },
  };
}

/** The --predict-workers flag of each of `workers` worker processes on this machine (see --worker-threads). */
function threadsFlag(workers: number): string[] {
  const wanted = values['worker-threads']!;
  if (wanted === 'omit') return [];
  return ['--predict-workers', String(wanted === 'share' ? Math.max(1, Math.floor(availableParallelism() / workers)) : Number(wanted))];
}

/** The batch through the shared queue: one API host (PostgreSQL + Redis) and `workers` worker processes, started and ready first. */
async function queued(workers: number, databaseUrl: string, redisUrl: string, reference = false) {
  const varDir = join(work, `var-queue-${workers}${reference ? '-reference' : ''}`);
  const shared = ['--database', databaseUrl, '--redis', redisUrl, '--var', varDir];
  const server = await startServer(modelDir, varDir, {}, shared.slice(0, 4));
  const children: ChildProcess[] = [];
  try {
    await Promise.all(
      Array.from({ length: workers }, (_, k) => {
        // Each worker with its own var folder (its cache): everything of the job comes from the database.
        const own = ['--database', databaseUrl, '--redis', redisUrl, '--var', `${varDir}-worker-${k + 1}`, ...(reference ? [] : threadsFlag(workers))];
        const profile = values['worker-cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['worker-cpu-prof']}`] : [];
        const command = reference ? [values['reference-worker']!] : prodclassCommand();
        const child = spawn(process.execPath, [...profile, ...command, 'worker', ...own], { stdio: ['ignore', 'ignore', 'pipe'] });
        children.push(child);
        return new Promise<void>((ready, fail) => {
          let stderr = '';
          child.stderr!.on('data', (d: Buffer) => ((stderr += d.toString()), stderr.includes('taking chunks') && ready()));
          child.once('exit', (code) => fail(new Error(`a worker exited with ${code}: ${stderr}`)));
        });
      }),
    );
    log(`queue: batch of ${rows} rows over ${workers} worker process(es)`);
    const pids = Object.fromEntries([['apiHost', server.process.pid!], ...children.map((c, i) => [`worker${i + 1}`, c.pid!])]);
    return await timeBatch(server.url, pids);
  } finally {
    // Waited for: a worker writes its CPU profile (--worker-cpu-prof) as it exits.
    await Promise.all(children.map((child) => new Promise((exited) => (child.exitCode !== null ? exited(null) : (child.once('exit', exited), child.kill('SIGTERM'))))));
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
    // What the predict route waits for now: an id (a block of them reserved per round trip), the row written behind.
    const recordMs: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = folder.train.products[i % folder.train.products.length];
      const started = performance.now();
      await storage.predictionLog.record({ origin: 'api', modelId: 'bench', designation: p.designation, description: p.description, code: 10, confidence: 0.5, top: [[10, 0.5], [40, 0.2]] });
      recordMs.push(performance.now() - started);
    }
    await storage.predictionLog.settle();
    insertMs.sort((a, b) => a - b);
    feedbackMs.sort((a, b) => a - b);
    recordMs.sort((a, b) => a - b);
    return {
      n,
      writeBehind: storage.predictionLog.writeBehind,
      predictionInsertMs: { p50: quantile(insertMs, 0.5), p90: quantile(insertMs, 0.9), p99: quantile(insertMs, 0.99) },
      predictionRecordMs: { p50: quantile(recordMs, 0.5), p90: quantile(recordMs, 0.9), p99: quantile(recordMs, 0.99) },
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
servicePids.postgres = Number(readFileSync(join(postgres.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
servicePids.redis = Number(readFileSync(redis.pidFile, 'utf8').trim());

/** Batch throughput alone: each in-process server started by itself, then the queue with 1 and 2 workers. */
/** What the batches left in PostgreSQL: bytes per prediction row (table, TOAST and indexes) and per queued chunk, to size a large catalog. */
async function databaseSize(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: [r] } = await client.query<{ predictions: string; prediction_rows: string; chunks: string; chunk_rows: string; database: string }>(
      `SELECT pg_total_relation_size('predictions') AS predictions, (SELECT count(*) FROM predictions) AS prediction_rows,
              pg_total_relation_size('job_chunks') AS chunks, (SELECT count(*) FROM job_chunks) AS chunk_rows,
              pg_database_size(current_database()) AS database`,
    );
    const n = Number(r.prediction_rows);
    return { predictionRows: n, bytesPerPrediction: n ? Math.round(Number(r.predictions) / n) : null, chunkRows: Number(r.chunk_rows), chunkMiB: round(Number(r.chunks) / 2 ** 20, 1), databaseMiB: round(Number(r.database) / 2 ** 20, 1) };
  } finally {
    await client.end();
  }
}

async function batchOnlyRun() {
  const inProcess: Record<string, Awaited<ReturnType<typeof timeBatch>>> = {};
  for (const setup of [{ name: 'sqlite', backend: 'sqlite', databaseUrl: null }, { name: 'postgres', backend: 'postgres', databaseUrl: postgres.url }] satisfies Setup[]) {
    const { server } = (await startServers([setup])).get(setup.name)!;
    try {
      log(`${setup.name}: batch of ${rows} rows (in-process jobs)`);
      inProcess[setup.name] = await timeBatch(server.url, { apiHost: server.process.pid! });
    } finally {
      await server.stop();
    }
  }
  const withReference = values['reference-worker'] !== undefined;
  const referenceOne = withReference ? await queued(1, postgres.url, redis.url, true) : null;
  const oneWorker = await queued(1, postgres.url, redis.url);
  const referenceTwo = withReference ? await queued(2, postgres.url, redis.url, true) : null;
  const twoWorkers = await queued(2, postgres.url, redis.url);
  const pg = inProcess.postgres.rowsPerSecond;
  const reference = referenceOne && referenceTwo && {
    worker: values['reference-worker'],
    oneWorker: referenceOne,
    twoWorkers: referenceTwo,
    ratios: {
      oneWorkerOverInProcessPostgres: round(referenceOne.rowsPerSecond / pg, 2),
      twoWorkersOverInProcessPostgres: round(referenceTwo.rowsPerSecond / pg, 2),
      oneWorkerThisBuildOverReference: round(oneWorker.rowsPerSecond / referenceOne.rowsPerSecond, 2),
      twoWorkersThisBuildOverReference: round(twoWorkers.rowsPerSecond / referenceTwo.rowsPerSecond, 2),
    },
  };
  const roundFigures = [{ inProcessPostgres: pg, oneWorker: oneWorker.rowsPerSecond, twoWorkers: twoWorkers.rowsPerSecond, referenceOne: referenceOne?.rowsPerSecond ?? null, referenceTwo: referenceTwo?.rowsPerSecond ?? null }];
  for (let r = 1; r < Number(values.rounds); r++) {
    log(`round ${r + 1} of ${values.rounds}`);
    const { server } = (await startServers([{ name: 'postgres', backend: 'postgres', databaseUrl: postgres.url }])).get('postgres')!;
    let inProcessPostgres: number;
    try {
      inProcessPostgres = (await timeBatch(server.url, { apiHost: server.process.pid! })).rowsPerSecond;
    } finally {
      await server.stop();
    }
    const refOne = withReference ? (await queued(1, postgres.url, redis.url, true)).rowsPerSecond : null;
    const one = (await queued(1, postgres.url, redis.url)).rowsPerSecond;
    const refTwo = withReference ? (await queued(2, postgres.url, redis.url, true)).rowsPerSecond : null;
    const two = (await queued(2, postgres.url, redis.url)).rowsPerSecond;
    roundFigures.push({ inProcessPostgres, oneWorker: one, twoWorkers: two, referenceOne: refOne, referenceTwo: refTwo });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const medianOf = (ratio: (f: (typeof roundFigures)[number]) => number | null) => {
    const xs = roundFigures.map(ratio).filter((x): x is number => x !== null);
    return xs.length ? round(median(xs), 2) : null;
  };
  const rounds = {
    rowsPerSecond: roundFigures,
    medianRatios: {
      oneWorkerOverInProcessPostgres: medianOf((f) => f.oneWorker / f.inProcessPostgres),
      twoWorkersOverInProcessPostgres: medianOf((f) => f.twoWorkers / f.inProcessPostgres),
      referenceOneWorkerOverInProcessPostgres: medianOf((f) => (f.referenceOne === null ? null : f.referenceOne / f.inProcessPostgres)),
      referenceTwoWorkersOverInProcessPostgres: medianOf((f) => (f.referenceTwo === null ? null : f.referenceTwo / f.inProcessPostgres)),
      oneWorkerOverReference: medianOf((f) => (f.referenceOne === null ? null : f.oneWorker / f.referenceOne)),
      twoWorkersOverReference: medianOf((f) => (f.referenceTwo === null ? null : f.twoWorkers / f.referenceTwo)),
    },
  };
  return {
    benchmark: 'scale-out',
    only: 'batch',
    rounds,
    database: await databaseSize(postgres.url),
    rows,
    note: 'cpuSeconds: CPU each process tree used during the batch (postgres: the server and its backends; benchmark: this process alone, not in rowsPerCpuSecond); cpuPerRow ratios: CPU per row of the queue over the in-process default',
    loadAverage: loadavg().map((x) => round(x, 1)),
    workerThreads: { oneWorker: threadsFlag(1)[1] ?? null, twoWorkers: threadsFlag(2)[1] ?? null },
    inProcess,
    queue: { oneWorker, twoWorkers },
    ratios: {
      oneWorkerOverInProcessPostgres: round(oneWorker.rowsPerSecond / pg, 2),
      twoWorkersOverInProcessPostgres: round(twoWorkers.rowsPerSecond / pg, 2),
      twoWorkersOverOneWorker: round(twoWorkers.rowsPerSecond / oneWorker.rowsPerSecond, 2),
      cpuPerRowOneWorkerOverInProcessPostgres: round(inProcess.postgres.rowsPerCpuSecond / oneWorker.rowsPerCpuSecond, 2),
      cpuPerRowTwoWorkersOverInProcessPostgres: round(inProcess.postgres.rowsPerCpuSecond / twoWorkers.rowsPerCpuSecond, 2),
    },
    reference,
    met: {
      allBatchRows: [inProcess.sqlite, inProcess.postgres, oneWorker, twoWorkers].every((b) => b.rowsClassified === rows),
      queueOverheadAtMost15Percent: Math.max(oneWorker.rowsPerSecond, twoWorkers.rowsPerSecond) >= 0.85 * pg,
    },
  };
}

try {
  if (batchOnly) {
    console.log(JSON.stringify(await batchOnlyRun()));
  } else {
  log('storage layer alone: prediction inserts and feedback transactions, one at a time');
  const storage = { sqlite: await storageOnly('sqlite', null), postgres: await storageOnly('postgres', postgres.url) };
  // PostgreSQL twice: with the write-behind prediction log (the default, 5 ms) and writing each prediction before
  // answering (--prediction-flush-ms 0), as every version before the log did.
  const servers = await startServers([
    { name: 'sqlite', backend: 'sqlite', databaseUrl: null },
    { name: 'postgresWriteThrough', backend: 'postgres', databaseUrl: postgres.url, flushMs: 0 },
    { name: 'postgres', backend: 'postgres', databaseUrl: postgres.url },
  ]);
  let predict: Awaited<ReturnType<typeof predictLatency>>;
  const feedback: Record<string, Awaited<ReturnType<typeof feedbackLatency>>> = {};
  const batch: Record<string, Awaited<ReturnType<typeof timeBatch>>> = {};
  try {
    predict = await predictLatency(servers);
    for (const [name, { server }] of servers) feedback[name] = await feedbackLatency(name, server);
    for (const name of ['sqlite', 'postgres']) {
      log(`${name}: batch of ${rows} rows (in-process jobs)`);
      batch[name] = await timeBatch(servers.get(name)!.server.url, { apiHost: servers.get(name)!.server.process.pid! });
    }
  } finally {
    for (const { server } of servers.values()) await server.stop();
  }
  const figures = (name: string) => ({ predict: predict.get(name)!, feedbackMs: feedback[name], batch: batch[name] ?? null });
  const sqlite = figures('sqlite');
  const pg = figures('postgres');
  const pgWriteThrough = figures('postgresWriteThrough');
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
      postgresWriteThrough: pgWriteThrough,
      ratios: {
        predictP50PostgresOverSqlite: round(pg.predict.p50 / sqlite.predict.p50, 2),
        predictP50PostgresWriteThroughOverSqlite: round(pgWriteThrough.predict.p50 / sqlite.predict.p50, 2),
        predictP50PostgresOverWriteThrough: round(pg.predict.p50 / pgWriteThrough.predict.p50, 2),
        feedbackP50PostgresOverSqlite: round(pg.feedbackMs.p50 / sqlite.feedbackMs.p50, 2),
        batchThroughputPostgresOverSqlite: round(pg.batch!.rowsPerSecond / sqlite.batch!.rowsPerSecond, 2),
      },
      queue: {
        oneWorker: oneWorker,
        twoWorkers: twoWorkers,
        oneWorkerOverInProcessPostgres: round(oneWorker.rowsPerSecond / pg.batch!.rowsPerSecond, 2),
        twoWorkersOverOneWorker: round(twoWorkers.rowsPerSecond / oneWorker.rowsPerSecond, 2),
      },
      targets: { predictP50MsPostgres: 5 },
      met: { predictP50MsPostgres: pg.predict.p50 < 5, allBatchRows: [sqlite.batch!, pg.batch!, oneWorker, twoWorkers].every((b) => b.rowsClassified === rows), queueOverheadAtMost15Percent: oneWorker.rowsPerSecond >= 0.85 * pg.batch!.rowsPerSecond },
    }),
  );
  }
} finally {
  stopPostgres(postgres);
  stopRedis(redis);
  rmSync(work, { recursive: true, force: true });
}
