import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { formatCsvRow } from '../../src/data/csv-format.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import type { ErrorResponse, FeedbackListResponse, JobResponse, ModelsResponse, PredictResponse, ReviewResponse } from '../../src/serving/api-types.js';
import { buildApp, type AppOptions } from '../../src/serving/app.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { pngImage } from '../helpers/images.js';
import { tempDir } from '../helpers/tmp.js';
import { makeZip } from '../helpers/zip.js';
import { endedJob } from '../helpers/jobs.js';

const TOKEN = 'test-admin-token';
let root: string;
let trained: LoadedModel;
let app: FastifyInstance;
let base: string;

function options(over: Partial<AppOptions> = {}): AppOptions {
  return { model: trained.model, card: trained.card, modelDir: trained.dir, varDir: join(root, 'var'), adminToken: TOKEN, webRoot: null, limits: { image: 50_000 }, batchChunkSize: 16, hostName: 'api-test', ...over };
}

async function start(over: Partial<AppOptions> = {}): Promise<void> {
  app = await buildApp(options(over));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
}

beforeAll(async () => {
  root = tempDir();
  trained = await trainDemoModel(root, 12);
  await start();
});

afterAll(async () => {
  await app.close();
});

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

function productForm(fields: Record<string, string>, image?: { bytes: Buffer; name: string; type: string }): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (image) form.append('image', new Blob([image.bytes], { type: image.type }), image.name);
  return form;
}

async function errorOf(res: Response): Promise<ErrorResponse & { status: number }> {
  return { status: res.status, ...((await res.json()) as ErrorResponse) };
}

describe('POST /api/predict', () => {
  it('classifies JSON: top 5 with names, prediction id, model, modalities, confidence, explanation, latency', async () => {
    const res = await postJson('/api/predict', { designation: 'Drone DJI Mini avec caméra 4K et radiocommande' });
    expect(res.status).toBe(200);
    const json = (await res.json()) as PredictResponse;
    expect(json.predictions).toHaveLength(5);
    expect(json.predictions[0]).toMatchObject({ code: 1300, name: 'Models, RC & drones' });
    expect(json.predictionId).toBeGreaterThan(0);
    expect(json.model).toEqual({ id: trained.card.modelId, kind: 'text-linear', demo: true });
    expect(json).toMatchObject({ modalities: ['text'], imageGiven: false });
    expect(['high', 'medium', 'low']).toContain(json.confidence.level);
    expect(json.confidence.decision).toBe(json.confidence.value >= json.confidence.reviewThreshold ? 'auto' : 'review');
    expect(json.explanation!.terms.map((t) => t.term)).toContain('drone');
    expect(json.latencyMs).toBeGreaterThan(0);
  });

  it('takes multipart with a photo, stores it, serves it back, and says the text model read only the text', async () => {
    const png = await pngImage();
    const res = await fetch(`${base}/api/predict`, { method: 'POST', body: productForm({ designation: 'Piscine tubulaire Intex' }, { bytes: png, name: 'p.png', type: 'image/png' }) });
    expect(res.status).toBe(200);
    const json = (await res.json()) as PredictResponse;
    expect(json).toMatchObject({ imageGiven: true, modalities: ['text'] });
    const image = await fetch(`${base}/api/predictions/${json.predictionId}/image`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
  });

  it('answers 4xx with a clear message, never a 500', async () => {
    const big = await errorOf(
      await fetch(`${base}/api/predict`, { method: 'POST', body: productForm({ designation: 'x' }, { bytes: Buffer.concat([await pngImage(), Buffer.alloc(60_000)]), name: 'big.png', type: 'image/png' }) }),
    );
    expect(big).toMatchObject({ status: 413, error: 'PAYLOAD_TOO_LARGE' });
    expect(big.message).toMatch(/limit of 48\.8 KB/);
    const notImage = await errorOf(await fetch(`${base}/api/predict`, { method: 'POST', body: productForm({ designation: 'x' }, { bytes: Buffer.from('%PDF-1.4 hello'), name: 'a.png', type: 'image/png' }) }));
    expect(notImage).toMatchObject({ status: 415, error: 'IMAGE_INVALID' });
    const noTitle = await errorOf(await fetch(`${base}/api/predict`, { method: 'POST', body: productForm({ description: 'x' }) }));
    expect(noTitle).toMatchObject({ status: 400, error: 'INVALID_INPUT' });
    expect(noTitle.message).toMatch(/designation/);
    const badJson = await errorOf(await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"designation": ' }));
    expect(badJson).toMatchObject({ status: 400 });
    expect(badJson.message).toMatch(/JSON/);
    const text = await errorOf(await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'Console' }));
    expect(text).toMatchObject({ status: 415, error: 'UNSUPPORTED_MEDIA_TYPE' });
    const long = await errorOf(await postJson('/api/predict', { designation: 'x'.repeat(3000) }));
    expect(long).toMatchObject({ status: 400 });
    expect(long.message).toMatch(/designation/);
  });
});

describe('feedback and review', () => {
  it('lists uncertain API predictions (not page previews), takes feedback, checks codes and ids', async () => {
    const api = (await (await postJson('/api/predict', { designation: 'lot divers objet' })).json()) as PredictResponse;
    const page = (await (await postJson('/api/predict', { designation: 'lot divers chose', origin: 'page' })).json()) as PredictResponse;
    const review = (await (await fetch(`${base}/api/review?threshold=1`)).json()) as ReviewResponse;
    const ids = review.items.map((i) => i.predictionId);
    expect(ids).toContain(api.predictionId);
    expect(ids).not.toContain(page.predictionId);
    expect(review.items.map((i) => i.confidence)).toEqual([...review.items.map((i) => i.confidence)].sort((a, b) => a - b));
    expect(review.defaultThreshold).toBeGreaterThan(0);

    expect(await errorOf(await postJson('/api/feedback', { predictionId: api.predictionId, correctCode: 12 }))).toMatchObject({ status: 422, error: 'DATA_UNKNOWN_CODE' });
    expect(await errorOf(await postJson('/api/feedback', { predictionId: 999_999, correctCode: 10 }))).toMatchObject({ status: 404, error: 'NOT_FOUND' });
    expect(await errorOf(await postJson('/api/feedback', { predictionId: 'x', correctCode: 10 }))).toMatchObject({ status: 400 });
    const res = await postJson('/api/feedback', { predictionId: api.predictionId, correctCode: 2583 });
    expect(res.status).toBe(201);
    const after = (await (await fetch(`${base}/api/review?threshold=1`)).json()) as ReviewResponse;
    expect(after.items.map((i) => i.predictionId)).not.toContain(api.predictionId);
    const list = (await (await fetch(`${base}/api/feedback`)).json()) as FeedbackListResponse;
    expect(list.items[0]).toMatchObject({ predictionId: api.predictionId, correctCode: 2583, correctName: 'Pool & spa', accepted: false, designation: 'lot divers objet' });
  });
});

describe('models, admin, metrics, docs', () => {
  it('lists models with metrics; activation needs the admin token', async () => {
    const models = (await (await fetch(`${base}/api/models`)).json()) as ModelsResponse;
    expect(models.activeId).toBe(trained.card.modelId);
    expect(models.models[0]).toMatchObject({ id: trained.card.modelId, active: true, available: true });
    expect(models.models[0].metrics.weightedF1).toBeGreaterThan(0.5);
    const url = `/api/models/${trained.card.modelId}/activate`;
    expect(await errorOf(await fetch(`${base}${url}`, { method: 'POST' }))).toMatchObject({ status: 401, error: 'UNAUTHORIZED' });
    expect(await errorOf(await fetch(`${base}${url}`, { method: 'POST', headers: { authorization: 'Bearer wrong' } }))).toMatchObject({ status: 401 });
    expect(await errorOf(await fetch(`${base}/api/models/nope/activate`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } }))).toMatchObject({ status: 404 });
    const ok = await fetch(`${base}${url}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await errorOf(await fetch(`${base}/api/feedback/1`, { method: 'DELETE' }))).toMatchObject({ status: 401 });
  });

  it('refuses admin actions when no token is configured', async () => {
    const closed = await buildApp(options({ adminToken: null, varDir: join(root, 'var-closed') }));
    try {
      const res = await closed.inject({ method: 'POST', url: '/api/retrain' });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: 'FORBIDDEN' });
      expect(res.json().message).toMatch(/PRODCLASS_ADMIN_TOKEN/);
    } finally {
      await closed.close();
    }
  });

  it('exports Prometheus metrics and an OpenAPI document', async () => {
    const metrics = await (await fetch(`${base}/api/metrics`)).text();
    // Every series names this process (host, role): one Prometheus scrapes every API host and worker.
    expect(metrics).toMatch(/prodclass_http_requests_total\{method="POST",route="\/api\/predict",status="200",host="api-test",role="api"\} \d+/);
    expect(metrics).toMatch(/prodclass_http_request_duration_seconds_bucket\{le="0\.005",host="api-test",role="api",method="POST",route="\/api\/predict"\} \d+/);
    expect(metrics).toMatch(/prodclass_predictions_total\{origin="api",host="api-test",role="api"\}/);
    expect(metrics).toMatch(/prodclass_process_cpu_seconds_total\{host="api-test",role="api"\}/);
    const docs = (await (await fetch(`${base}/api/docs`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(docs.openapi).toMatch(/^3\./);
    for (const path of ['/api/predict', '/api/predict/batch', '/api/jobs/{id}', '/api/feedback', '/api/review', '/api/models/{id}/activate', '/api/metrics']) {
      expect(Object.keys(docs.paths)).toContain(path);
    }
  });
});

describe('batch', () => {
  const waitForJob = (id: string) => endedJob(base, id, { timeoutMs: 10_000 });

  it('classifies a CSV into a downloadable result; a text model keeps none of the photos sent with it', async () => {
    const { products } = generateDemoProducts({ seed: 5, perClass: 2 });
    let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
    for (const p of products) csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    csv += '77,"unterminated\n';
    const png = await pngImage();
    const zip = makeZip([
      { name: `image_test/image_${products[0].imageid}_product_${products[0].productid}.jpg`, data: png },
      { name: '../../escape.jpg', data: png },
    ]);
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'products.csv');
    form.append('images', new Blob([zip], { type: 'application/zip' }), 'images.zip');
    const res = await fetch(`${base}/api/predict/batch`, { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const job = await waitForJob(((await res.json()) as JobResponse).id);
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({ rows: products.length, failed: 1, images: { extracted: 0, skipped: 1 } });
    expect(job.summary!.images!.examples[0].reason).toMatch(/reads text only/);
    expect(readdirSync(join(root, 'var', 'jobs', job.id, 'images'))).toEqual([]);
    expect(job.summary!.errors[0].message).toMatch(/unterminated quote/);
    expect(job.summary!.counts.reduce((a, c) => a + c.count, 0)).toBe(products.length);
    const result = await fetch(`${base}${job.resultUrl}`);
    expect(result.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await result.text()).trim().split('\n');
    expect(lines[0]).toBe('index,prdtypecode,name,probability,decision');
    expect(lines).toHaveLength(products.length + 1);
    const review = (await (await fetch(`${base}/api/review?threshold=1&origin=batch&limit=500`)).json()) as ReviewResponse;
    expect(review.items.find((i) => i.designation === products[0].designation)!.imageUrl).toBeNull();
  });

  it('returns the first job to a retry with the same Idempotency-Key, and starts another without one', async () => {
    const form = () => {
      const f = new FormData();
      f.append('file', new Blob([`,designation,description,productid,imageid\n1,Drone caméra,,1,1\n`], { type: 'text/csv' }), 'one.csv');
      return f;
    };
    const key = { 'idempotency-key': 'batch-7f3c2a' };
    const first = await fetch(`${base}/api/predict/batch`, { method: 'POST', body: form(), headers: key });
    const again = await fetch(`${base}/api/predict/batch`, { method: 'POST', body: form(), headers: key });
    const other = await fetch(`${base}/api/predict/batch`, { method: 'POST', body: form() });
    const [a, b, c] = (await Promise.all([first.json(), again.json(), other.json()])) as JobResponse[];
    expect([first.status, again.status, other.status]).toEqual([202, 202, 202]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    const bad = await fetch(`${base}/api/predict/batch`, { method: 'POST', body: form(), headers: { 'idempotency-key': 'with space' } });
    expect(await errorOf(bad)).toMatchObject({ status: 400, error: 'INVALID_INPUT' });
    await waitForJob(a.id);
    await waitForJob(c.id);
  });

  it('refuses a CSV without the challenge columns, and a request without a CSV', async () => {
    const form = new FormData();
    form.append('file', new Blob(['a,b\n1,2\n']), 'x.csv');
    expect(await errorOf(await fetch(`${base}/api/predict/batch`, { method: 'POST', body: form }))).toMatchObject({ status: 422, error: 'DATA_MISSING_COLUMN' });
    const empty = new FormData();
    empty.append('note', 'no file');
    expect(await errorOf(await fetch(`${base}/api/predict/batch`, { method: 'POST', body: empty }))).toMatchObject({ status: 400, error: 'INVALID_INPUT' });
    expect(await errorOf(await fetch(`${base}/api/jobs/does-not-exist`))).toMatchObject({ status: 404 });
    expect(await errorOf(await fetch(`${base}/api/jobs/..%2F..%2Fetc`))).toMatchObject({ status: 404 });
  });
});

describe('restart', () => {
  it('finds feedback, predictions and the active model again after a restart', async () => {
    const before = (await (await fetch(`${base}/api/feedback`)).json()) as FeedbackListResponse;
    await app.close();
    await start();
    const after = (await (await fetch(`${base}/api/feedback`)).json()) as FeedbackListResponse;
    expect(after.total).toBe(before.total);
    expect(after.items[0].id).toBe(before.items[0].id);
    expect(((await (await fetch(`${base}/api/models`)).json()) as ModelsResponse).activeId).toBe(trained.card.modelId);
  });
});
