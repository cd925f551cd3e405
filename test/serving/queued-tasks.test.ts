// Whole-job tasks on the shared queue: two API hosts and a worker, each with its own var folder, on one PostgreSQL
// database and Redis. An audit posted on one host runs on the worker from the data stored in the database; the other
// host serves its suspects and takes decisions on them.

import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { readManifest } from '../../src/core/model-folder.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditDecisionResponse, AuditResponse, FeedbackListResponse, JobResponse } from '../../src/serving/api-types.js';
import type { SimilarResponse } from '../../src/serving/api-similar-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { startTaskWorker, type TaskWorker } from '../../src/workflows/task-worker.js';
import { endedJob } from '../helpers/jobs.js';
import { freshPostgresDatabase, postgresAvailability, redisAvailability, redisDatabaseUrl } from '../helpers/services.js';
import { SHOP_MISFILED, trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'queued-tasks-token';

describe.skipIf(!postgresAvailability().ok || !redisAvailability().ok)('audits on the task queue, across hosts that share no folder', () => {
  let root: string;
  let dataFile: string;
  let modelDir: string;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let workerStorage: Storage;
  let worker: TaskWorker;

  beforeAll(async () => {
    root = tempDir();
    const [url, redis] = await Promise.all([freshPostgresDatabase(), redisDatabaseUrl('queued-tasks')]);
    const { dir, file, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop', perLeaf: 20, misfiled: SHOP_MISFILED });
    dataFile = file;
    modelDir = dir;
    const host = (name: string) =>
      buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, `var-${name}`), databaseUrl: url, redisUrl: redis, adminToken: TOKEN, webRoot: null, retention: false, rateLimit: false });
    a = await host('a');
    b = await host('b');
    workerStorage = await openStorage(null, { databaseUrl: url });
    worker = startTaskWorker({ storage: workerStorage, redisUrl: redis, varDir: join(root, 'var-worker'), name: 'worker-1', lockMs: 5_000, log: () => {} });
  }, 240_000);

  afterAll(async () => {
    await worker?.close();
    await Promise.all([a?.close(), b?.close()]);
    await workerStorage?.close();
  });

  let auditId = '';

  it('runs an audit posted on one host on the worker, from the data stored in the database', async () => {
    const started = await a.inject({ method: 'POST', url: '/api/audits' });
    expect(started.statusCode, started.body).toBe(202);
    const queued = started.json() as JobResponse;
    // Host a read its data to store it, and never again: the worker audits the stored copy.
    renameSync(dataFile, `${dataFile}.away`);
    try {
      const job = await endedJob(a, queued, { timeoutMs: 120_000, everyMs: 100 });
      expect(job.status, JSON.stringify(job)).toBe('done');
      auditId = job.id;
    } finally {
      renameSync(`${dataFile}.away`, dataFile);
    }
    const record = await workerStorage.jobs.get(auditId);
    expect(record).toMatchObject({ kind: 'audit', input: { task: true, data: { read: 'file', name: 'shop.csv' } }, result: { worker: 'worker-1', products: 80 } });
    expect(record!.progress.worker).toBe('worker-1');
    expect(await workerStorage.datasetFiles.list()).toHaveLength(1);
  }, 180_000);

  it('serves the suspects from the other host, which takes a move that becomes feedback on both', async () => {
    const audit = (await b.inject({ method: 'GET', url: `/api/audits/${auditId}` })).json() as AuditResponse;
    expect(audit.job.status).toBe('done');
    expect(audit.suspects.slice(0, 3).map((s) => s.id)).toEqual(expect.arrayContaining(['p40', 'p22']));
    const moved = await b.inject({ method: 'POST', url: `/api/audits/${auditId}/decisions`, payload: { row: 40, decision: 'move' } });
    expect(moved.statusCode, moved.body).toBe(200);
    const { feedbackId } = moved.json() as AuditDecisionResponse;
    expect(feedbackId).toBeGreaterThan(0);
    // Decided on host a at the same time: both decisions kept.
    const kept = await a.inject({ method: 'POST', url: `/api/audits/${auditId}/decisions`, payload: { row: 22, decision: 'keep' } });
    expect(kept.statusCode, kept.body).toBe(200);
    const feedback = (await a.inject({ method: 'GET', url: '/api/feedback' })).json() as FeedbackListResponse;
    expect(feedback.items.map((f) => f.id)).toEqual([feedbackId]);
    expect(feedback.items[0].correctName).toBe('Pans');
    for (const host of [a, b]) {
      const seen = (await host.inject({ method: 'GET', url: `/api/audits/${auditId}` })).json() as AuditResponse;
      expect(seen.suspects.find((s) => s.row === 40)!.decision).toBe('move');
      expect(seen.suspects.find((s) => s.row === 22)!.decision).toBe('keep');
    }
  }, 60_000);

  it('stores nothing new for a second audit of the same data', async () => {
    const started = await b.inject({ method: 'POST', url: '/api/audits' });
    expect(started.statusCode, started.body).toBe(202);
    const job = await endedJob(b, started.json() as JobResponse, { timeoutMs: 120_000, everyMs: 100 });
    expect(job.status, JSON.stringify(job)).toBe('done');
    const [first, second] = await Promise.all([workerStorage.jobs.get(auditId), workerStorage.jobs.get(job.id)]);
    expect(second!.input.data).toEqual(first!.input.data);
    expect(await workerStorage.datasetFiles.list()).toHaveLength(1);
  }, 180_000);

  it('builds the index on the worker from an admin request on one host; the other host answers similar products from it', async () => {
    const title = readFileSync(dataFile, 'utf8').split('\n').find((line) => line.startsWith('p7,'))!.split(',')[1];
    const similar = (host: FastifyInstance) => host.inject({ method: 'POST', url: '/api/similar', payload: { title, k: 3 } });
    expect((await similar(b)).statusCode).toBe(404);
    expect((await a.inject({ method: 'POST', url: '/api/index' })).statusCode).toBe(401);
    const started = await a.inject({ method: 'POST', url: '/api/index', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(started.statusCode, started.body).toBe(202);
    expect((started.json() as JobResponse).kind).toBe('index');
    const job = await endedJob(a, started.json() as JobResponse, { timeoutMs: 120_000, everyMs: 100 });
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect((await workerStorage.jobs.get(job.id))!.result).toMatchObject({ worker: 'worker-1', products: 80 });
    // Published with the model's stored files (no folder on any host was written): b fetches them once told.
    expect(existsSync(join(modelDir, 'similar'))).toBe(false);
    let res = await similar(b);
    for (const started = Date.now(); res.statusCode !== 200 && Date.now() - started < 5_000; res = await similar(b)) await new Promise((r) => setTimeout(r, 100));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as SimilarResponse;
    expect(body.indexed).toBe(80);
    // Titles differ by their number only among products of one leaf's same words: one of those comes first.
    const words = (t: string) => t.replace(/ nr \d+$/, '');
    expect(words(body.neighbours[0].title)).toBe(words(title));
    expect(body.neighbours[0].similarity).toBeGreaterThan(0.9);
    // Host a hears of the new files as b does (NOTIFY): on a loaded machine, a little later.
    res = await similar(a);
    for (const started = Date.now(); res.statusCode !== 200 && Date.now() - started < 5_000; res = await similar(a)) await new Promise((r) => setTimeout(r, 100));
    expect(res.statusCode, res.body).toBe(200);
  }, 180_000);

  it("retrains on the worker from a request on one host, on the audit's move; the other host switches to the new model", async () => {
    const health = async (host: FastifyInstance) => ((await host.inject({ method: 'GET', url: '/api/health' })).json() as { model: string }).model;
    const base = await health(b);
    const started = await a.inject({ method: 'POST', url: '/api/retrain', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(started.statusCode, started.body).toBe(202);
    const job = await endedJob(a, started.json() as JobResponse, { timeoutMs: 180_000, everyMs: 100 });
    expect(job.status, JSON.stringify(job)).toBe('done');
    const record = (await workerStorage.jobs.get(job.id))!;
    expect(record.result).toMatchObject({ worker: 'worker-1', feedbackRows: 1, activated: true, gate: { baseModelId: base, passed: true } });
    const newId = (record.result!.gate as { newModelId: string }).newModelId;
    expect(record.result!.modelDir).toContain(join(root, 'var-worker'));
    // Its folder is in the database, and its card names the data the API hosts have (not the worker's copy).
    expect(await workerStorage.modelFiles.digest(newId)).not.toBeNull();
    expect((await readManifest(String(record.result!.modelDir))).card.data?.source).toBe(dataFile);
    let seen = await health(b);
    for (const t = Date.now(); seen !== newId && Date.now() - t < 5_000; seen = await health(b)) await new Promise((r) => setTimeout(r, 100));
    expect(seen).toBe(newId);
    expect(await health(a)).toBe(newId);
    const audit = await b.inject({ method: 'POST', url: '/api/audits' });
    expect(audit.statusCode, audit.body).toBe(202);
    expect((await endedJob(b, audit.json() as JobResponse, { timeoutMs: 120_000, everyMs: 100 })).status).toBe('done');
  }, 240_000);

  it('audits a file uploaded to one host on the worker, from the copy stored in the database', async () => {
    const lines = readFileSync(dataFile, 'utf8').trim().split('\n');
    const upload = lines.map((line) => (line.startsWith('p65,') ? line.replace(/,Toys$/, ',Home > Bath') : line)).join('\n');
    const base = await a.listen({ port: 0, host: '127.0.0.1' });
    const form = new FormData();
    form.append('file', new Blob([upload], { type: 'text/csv' }), 'upload.csv');
    const res = await fetch(`${base}/api/audits`, { method: 'POST', body: form });
    expect(res.status, await res.clone().text()).toBe(202);
    const job = await endedJob(b, (await res.json()) as JobResponse, { timeoutMs: 120_000, everyMs: 100 });
    expect(job.status, JSON.stringify(job)).toBe('done');
    const record = await workerStorage.jobs.get(job.id);
    expect(record).toMatchObject({ kind: 'audit', input: { uploaded: 'upload.csv', data: { read: 'file', name: 'upload.csv' } }, result: { worker: 'worker-1', products: 80 } });
    const audit = (await b.inject({ method: 'GET', url: `/api/audits/${job.id}` })).json() as AuditResponse;
    expect(audit.suspects.slice(0, 3).map((s) => s.id)).toContain('p65');
  }, 240_000);
});
