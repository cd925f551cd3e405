import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { saveModel, type LoadedModel } from '../../src/models/model-store.js';
import type { FeedbackListResponse, HealthResponse, JobResponse, PredictResponse, ReviewResponse } from '../../src/serving/api-types.js';
import { buildApp, type AppOptions } from '../../src/serving/app.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { freshPostgresDatabase, postgresAvailability } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';
import { endedJob } from '../helpers/jobs.js';

// Two API hosts on one PostgreSQL database, as behind a load balancer: each has its own var folder, they share the record.
const TOKEN = 'test-admin-token';
let root: string;
let trained: LoadedModel;
let hosts: { app: FastifyInstance; base: string }[] = [];

async function host(name: string, databaseUrl: string, over: Partial<AppOptions> = {}) {
  const app = await buildApp({
    model: trained.model,
    card: trained.card,
    modelDir: trained.dir,
    varDir: join(root, `var-${name}`),
    databaseUrl,
    adminToken: TOKEN,
    webRoot: null,
    batchChunkSize: 16,
    registrySyncMs: 200,
    retention: false,
    ...over,
  });
  const started = { app, base: await app.listen({ port: 0, host: '127.0.0.1' }) };
  hosts.push(started);
  return started;
}

const postJson = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe.skipIf(!postgresAvailability().ok)('two API hosts on PostgreSQL', () => {
  let a: { app: FastifyInstance; base: string };
  let b: { app: FastifyInstance; base: string };

  beforeAll(async () => {
    root = tempDir();
    trained = await trainDemoModel(root, 12);
    // A second model folder beside the first: both hosts register it from the same models folder.
    await saveModel(join(root, 'models', 'second'), trained.model, { ...trained.card, modelId: 'text-linear-second' }, trained.taxonomy);
    const url = await freshPostgresDatabase();
    // Host b does not poll the registry: it learns of activations from PostgreSQL's notifications only.
    [a, b] = [await host('a', url), await host('b', url, { registrySyncMs: 0 })];
  });

  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.app.close()));
    hosts = [];
  });

  it('says which backend it stores in and that it answers; ready for traffic', async () => {
    const health = (await (await fetch(`${a.base}/api/health`)).json()) as HealthResponse;
    expect(health.storage).toMatchObject({ backend: 'postgres', up: true });
    expect(health.storage.latencyMs).toBeGreaterThan(0);
    expect((await fetch(`${b.base}/api/ready`)).status).toBe(200);
  });

  it('takes feedback on one host for a prediction made on the other, and both see it at once', async () => {
    const predicted = (await (await postJson(a.base, '/api/predict', { designation: 'Drone DJI Mini avec caméra 4K' })).json()) as PredictResponse;
    // Host a writes its predictions a few ms after answering (the write-behind log): the other host lists it once written.
    let queued: ReviewResponse | undefined;
    for (let i = 0; i < 50 && !queued?.items.some((p) => p.predictionId === predicted.predictionId); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 20));
      queued = (await (await fetch(`${b.base}/api/review?threshold=1`)).json()) as ReviewResponse;
    }
    expect(queued!.items.map((p) => p.predictionId)).toContain(predicted.predictionId);
    const res = await postJson(b.base, '/api/feedback', { predictionId: predicted.predictionId, correctCode: 1300 });
    expect(res.status).toBe(201);
    const listed = (await (await fetch(`${a.base}/api/feedback`)).json()) as FeedbackListResponse;
    expect(listed.items.map((f) => f.predictionId)).toEqual([predicted.predictionId]);
    const review = (await (await fetch(`${a.base}/api/review?threshold=1`)).json()) as ReviewResponse;
    expect(review.items.map((p) => p.predictionId)).not.toContain(predicted.predictionId);
  });

  it('runs a batch job submitted to one host; the other host reports it done with every row', async () => {
    const { products } = generateDemoProducts({ seed: 5, perClass: 2 });
    let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
    for (const p of products) csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'products.csv');
    const res = await fetch(`${a.base}/api/predict/batch`, { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as JobResponse;
    const job = await endedJob(b.base, id);
    expect(job).toMatchObject({ status: 'done', summary: { rows: products.length, failed: 0 } });
    const review = (await (await fetch(`${b.base}/api/review?threshold=1&origin=batch&limit=200`)).json()) as ReviewResponse;
    expect(review.total).toBe(products.length);
  });

  it('switches every host to a model activated on one of them within 5 seconds (notified, not polled)', async () => {
    const res = await fetch(`${a.base}/api/models/text-linear-second/activate`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const activated = Date.now();
    let model = '';
    while (model !== 'text-linear-second' && Date.now() - activated < 5_000) {
      model = ((await (await fetch(`${b.base}/api/health`)).json()) as HealthResponse).model;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(model).toBe('text-linear-second');
  });
});
