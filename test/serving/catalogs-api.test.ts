import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedModel } from '../../src/models/model-store.js';
import type { CatalogsResponse, CatalogView } from '../../src/serving/api-catalog-types.js';
import type { CategoriesResponse, ErrorResponse, FeedbackListResponse, HealthResponse, JobResponse, JobsResponse, ModelsResponse, PredictResponse, ReviewResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { GARDEN_TAXONOMY, trainGardenModel } from '../helpers/garden-model.js';
import { pngImage } from '../helpers/images.js';
import { tempDir } from '../helpers/tmp.js';
import { multipartBody } from './bad-requests.js';

const TOKEN = 'catalogs-admin-token';
const admin = { authorization: `Bearer ${TOKEN}` };
const GARDEN = '/api/catalogs/garden';
let root: string;
let rakuten: LoadedModel;
let first: LoadedModel;
let second: LoadedModel;
let app: FastifyInstance;

const start = () => buildApp({ model: rakuten.model, card: rakuten.card, modelDir: rakuten.dir, varDir: join(root, 'var'), adminToken: TOKEN, webRoot: null, retention: false, rateLimit: false });

async function get<T>(url: string): Promise<T> {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json() as T;
}

async function predict(prefix: string, designation: string): Promise<PredictResponse> {
  const res = await app.inject({ method: 'POST', url: `${prefix}/predict`, payload: { designation } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PredictResponse;
}

beforeAll(async () => {
  root = tempDir();
  rakuten = await trainDemoModel(root, 8);
  first = await trainGardenModel(join(root, 'garden-models'), 'first', 1);
  second = await trainGardenModel(join(root, 'garden-models'), 'second', 2);
  app = await start();
});

afterAll(async () => {
  await app?.close();
});

describe('several catalogs on one server', () => {
  it('creates a catalog (admin) from a folder of models, serving the one asked for, and lists it beside the default one', async () => {
    const payload = { name: 'garden', modelsDir: join(root, 'garden-models'), activeModel: first.card.modelId };
    expect((await app.inject({ method: 'POST', url: '/api/catalogs', payload })).statusCode).toBe(401);
    const created = await app.inject({ method: 'POST', url: '/api/catalogs', headers: admin, payload });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({ name: 'garden', activeModel: first.card.modelId, models: 2, createdAt: expect.any(String), api: GARDEN } satisfies CatalogView);
    const again = await app.inject({ method: 'POST', url: '/api/catalogs', headers: admin, payload });
    expect([again.statusCode, (again.json() as ErrorResponse).error]).toEqual([409, 'CONFLICT']);
    const { catalogs } = await get<CatalogsResponse>('/api/catalogs');
    expect(catalogs.map((c) => [c.name, c.activeModel, c.api])).toEqual([
      ['default', rakuten.card.modelId, '/api'],
      ['garden', first.card.modelId, GARDEN],
    ]);
  });

  it('refuses a catalog whose models another catalog holds, or without the model asked for, and leaves nothing half-made', async () => {
    const copy = join(root, 'copied-models');
    cpSync(first.dir, join(copy, 'first'), { recursive: true });
    const taken = await app.inject({ method: 'POST', url: '/api/catalogs', headers: admin, payload: { name: 'copied', modelsDir: copy } });
    expect([taken.statusCode, (taken.json() as ErrorResponse).error]).toEqual([409, 'CONFLICT']);
    expect((taken.json() as ErrorResponse).message).toMatch(/registered in catalog "garden"/);
    const missing = await app.inject({ method: 'POST', url: '/api/catalogs', headers: admin, payload: { name: 'copied', modelsDir: copy, activeModel: 'nope' } });
    expect(missing.json()).toMatchObject({ error: 'MODEL_NOT_FOUND', message: expect.stringContaining(`no model "nope" (it holds ${first.card.modelId})`) });
    const absent = await app.inject({ method: 'POST', url: '/api/catalogs', headers: admin, payload: { name: 'copied', modelsDir: join(root, 'models') } });
    expect([absent.statusCode, (absent.json() as ErrorResponse).message]).toEqual([409, expect.stringMatching(/catalog "default" already serves/)]);
    expect((await get<CatalogsResponse>('/api/catalogs')).catalogs.map((c) => c.name)).toEqual(['default', 'garden']);
    expect((await app.inject({ method: 'GET', url: '/api/catalogs/copied/health' })).statusCode).toBe(404);
  });

  it("classifies with each catalog's own model and taxonomy", async () => {
    const garden = await predict(GARDEN, 'sécateur bêche râteau');
    expect(garden.model.id).toBe(first.card.modelId);
    expect(garden.predictions[0]).toMatchObject({ code: GARDEN_TAXONOMY.byId('tools')!.key, name: 'Garden tools' });
    expect(garden.predictions.every((p) => GARDEN_TAXONOMY.has(p.code))).toBe(true);
    const rakutenAnswer = await predict('/api', 'Console PS4 manette');
    expect(rakutenAnswer.model.id).toBe(rakuten.card.modelId);
    expect(rakutenAnswer.predictions.every((p) => rakuten.taxonomy.has(p.code))).toBe(true);
    const categories = await get<CategoriesResponse>(`${GARDEN}/categories`);
    expect([categories.taxonomy, categories.categories.map((c) => c.id)]).toEqual(['garden shop', ['tools', 'plants', 'furniture']]);
    expect((await get<CategoriesResponse>('/api/categories')).categories).toHaveLength(27);
  });

  it("keeps each catalog's review queue and feedback apart", async () => {
    const gardenPrediction = (await predict(GARDEN, 'graines rosier lavande')).predictionId;
    const defaultPrediction = (await predict('/api', 'Roman policier livre de poche')).predictionId;
    const queue = async (prefix: string) => (await get<ReviewResponse>(`${prefix}/review?threshold=1&limit=500`)).items;
    const gardenQueue = await queue(GARDEN);
    expect(gardenQueue.map((i) => i.predictionId)).toContain(gardenPrediction);
    expect(gardenQueue.every((i) => i.modelId === first.card.modelId)).toBe(true);
    const defaultQueue = await queue('/api');
    expect(defaultQueue.map((i) => i.predictionId)).toContain(defaultPrediction);
    expect(defaultQueue.map((i) => i.predictionId)).not.toContain(gardenPrediction);

    // A catalog's prediction is unknown to another catalog's feedback route.
    const crossed = await app.inject({ method: 'POST', url: '/api/feedback', payload: { predictionId: gardenPrediction, correctCode: 10 } });
    expect([crossed.statusCode, (crossed.json() as ErrorResponse).error]).toEqual([404, 'NOT_FOUND']);
    // A photo sent with a product is linked under the catalog's routes, where its prediction is.
    const withPhoto = await app.inject({
      method: 'POST',
      url: `${GARDEN}/predict`,
      headers: { 'content-type': 'multipart/form-data; boundary=prodclass-corpus-boundary' },
      payload: multipartBody([['designation', 'semis tomate']], [{ field: 'image', name: 'p.png', type: 'image/png', data: await pngImage() }]),
    });
    expect(withPhoto.statusCode, withPhoto.body).toBe(200);
    const photoId = (withPhoto.json() as PredictResponse).predictionId;
    const photoUrl = (await queue(GARDEN)).find((i) => i.predictionId === photoId)?.imageUrl;
    expect(photoUrl).toBe(`${GARDEN}/predictions/${photoId}/image`);
    expect((await app.inject({ method: 'GET', url: photoUrl! })).headers['content-type']).toBe('image/png');
    expect((await app.inject({ method: 'GET', url: `/api/predictions/${photoId}/image` })).statusCode).toBe(404);

    const sent = await app.inject({ method: 'POST', url: `${GARDEN}/feedback`, payload: { predictionId: gardenPrediction, category: 'plants' } });
    expect(sent.statusCode, sent.body).toBe(201);
    // A category of the catalog's taxonomy, not the default one's.
    const wrong = await app.inject({ method: 'POST', url: `${GARDEN}/feedback`, payload: { predictionId: gardenPrediction, correctCode: 2583 } });
    expect((wrong.json() as ErrorResponse).error).toBe('DATA_UNKNOWN_CODE');
    const gardenFeedback = await get<FeedbackListResponse>(`${GARDEN}/feedback`);
    expect(gardenFeedback.items.map((f) => [f.predictionId, f.correctCode])).toEqual([[gardenPrediction, GARDEN_TAXONOMY.byId('plants')!.key]]);
    expect(gardenFeedback.total).toBe(1);
    expect((await get<FeedbackListResponse>('/api/feedback')).items.map((f) => f.predictionId)).not.toContain(gardenPrediction);
    expect((await queue(GARDEN)).map((i) => i.predictionId)).not.toContain(gardenPrediction);
  });

  it("activates a model in one catalog (admin) and leaves the other's active model; a catalog cannot activate another's", async () => {
    const activated = await app.inject({ method: 'POST', url: `${GARDEN}/models/${second.card.modelId}/activate`, headers: admin });
    expect(activated.statusCode, activated.body).toBe(200);
    expect((await get<HealthResponse>(`${GARDEN}/health`)).model).toBe(second.card.modelId);
    expect((await get<HealthResponse>('/api/health')).model).toBe(rakuten.card.modelId);
    expect((await predict(GARDEN, 'transat parasol hamac')).model.id).toBe(second.card.modelId);
    const models = await get<ModelsResponse>(`${GARDEN}/models`);
    expect([models.activeId, models.models.map((m) => m.id).sort()]).toEqual([second.card.modelId, [first.card.modelId, second.card.modelId].sort()]);
    expect((await get<ModelsResponse>('/api/models')).models.map((m) => m.id)).toEqual([rakuten.card.modelId]);
    const crossed = await app.inject({ method: 'POST', url: `${GARDEN}/models/${rakuten.card.modelId}/activate`, headers: admin });
    expect([crossed.statusCode, (crossed.json() as ErrorResponse).error]).toEqual([404, 'NOT_FOUND']);
  });

  it("runs a catalog's batch with its model and lists the job in that catalog only", async () => {
    const csv = ',designation,description,productid,imageid\n0,sécateur cisaille,,1,1\n1,rosier bulbes semis,,2,2\n';
    const res = await app.inject({
      method: 'POST',
      url: `${GARDEN}/predict/batch`,
      headers: { 'content-type': 'multipart/form-data; boundary=prodclass-corpus-boundary' },
      payload: multipartBody([], [{ field: 'file', name: 'garden.csv', type: 'text/csv', data: Buffer.from(csv) }]),
    });
    expect(res.statusCode, res.body).toBe(202);
    let job = res.json() as JobResponse;
    for (const started = Date.now(); job.status !== 'done' && job.status !== 'failed' && Date.now() - started < 30_000; ) {
      await new Promise((r) => setTimeout(r, 50));
      job = await get<JobResponse>(`${GARDEN}/jobs/${job.id}`);
    }
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect(job.modelId).toBe(second.card.modelId);
    expect(job.resultUrl).toBe(`${GARDEN}/jobs/${job.id}/result`);
    const result = await app.inject({ method: 'GET', url: job.resultUrl! });
    expect(result.statusCode).toBe(200);
    expect(result.body.split('\n')[1]).toMatch(new RegExp(`^0,${GARDEN_TAXONOMY.byId('tools')!.key},`));
    expect((await get<JobsResponse>(`${GARDEN}/jobs`)).jobs.map((j) => j.id)).toEqual([job.id]);
    expect((await get<JobsResponse>('/api/jobs')).jobs.map((j) => j.id)).not.toContain(job.id);
    expect((await app.inject({ method: 'GET', url: `/api/jobs/${job.id}` })).statusCode).toBe(404);
  });

  it('serves the default catalog under its name too, with the same model, queue and feedback as /api', async () => {
    expect((await get<HealthResponse>('/api/catalogs/default/health')).model).toBe(rakuten.card.modelId);
    const { predictionId } = await predict('/api/catalogs/default', 'Piscine tubulaire');
    expect((await get<ReviewResponse>('/api/review?threshold=1&limit=500')).items.map((i) => i.predictionId)).toContain(predictionId);
    const sent = await app.inject({ method: 'POST', url: '/api/feedback', payload: { predictionId, correctCode: 2583 } });
    expect(sent.statusCode, sent.body).toBe(201);
    expect((await get<FeedbackListResponse>('/api/catalogs/default/feedback')).items[0].predictionId).toBe(predictionId);
  });

  it('answers 404 for an unknown catalog and 400 for a name no catalog can have, naming what to do', async () => {
    const unknown = await app.inject({ method: 'POST', url: '/api/catalogs/shoes/predict', payload: { designation: 'Basket' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'CATALOG_NOT_FOUND', message: expect.stringMatching(/GET \/api\/catalogs/) });
    const bad = await app.inject({ method: 'GET', url: '/api/catalogs/Not_A_Name/health' });
    expect([bad.statusCode, (bad.json() as ErrorResponse).error]).toEqual([400, 'INVALID_INPUT']);
    // The OpenAPI document still lists each route once: a catalog's routes under /api, only its removal under its name.
    const docs = await get<{ paths: Record<string, Record<string, unknown>> }>('/api/docs');
    expect(Object.keys(docs.paths).filter((p) => p.startsWith('/api/catalogs/'))).toEqual(['/api/catalogs/{catalog}']);
    expect(Object.keys(docs.paths['/api/catalogs/{catalog}'])).toEqual(['delete']);
    expect(Object.keys(docs.paths)).toContain('/api/catalogs');
  });

  it('serves both catalogs again after a restart on the same var folder, each with its active model, feedback and jobs', async () => {
    const before = await get<FeedbackListResponse>(`${GARDEN}/feedback`);
    await app.close();
    app = await start();
    const { catalogs } = await get<CatalogsResponse>('/api/catalogs');
    expect(catalogs.map((c) => [c.name, c.activeModel])).toEqual([
      ['default', rakuten.card.modelId],
      ['garden', second.card.modelId],
    ]);
    expect((await predict(GARDEN, 'bêche râteau')).model.id).toBe(second.card.modelId);
    expect((await predict('/api', 'Console PS4')).model.id).toBe(rakuten.card.modelId);
    expect((await get<FeedbackListResponse>(`${GARDEN}/feedback`)).items).toEqual(before.items);
    expect((await get<JobsResponse>(`${GARDEN}/jobs`)).jobs).toHaveLength(1);
  });
});

describe('catalogs on prediction worker threads', () => {
  it("classifies every catalog on the default catalog's worker threads, each with its own model, and closes cleanly", async () => {
    const varDir = join(tempDir(), 'var');
    const threaded = await buildApp({ model: rakuten.model, card: rakuten.card, modelDir: rakuten.dir, varDir, adminToken: TOKEN, webRoot: null, retention: false, rateLimit: false, predictWorkers: 1 });
    try {
      const created = await threaded.inject({ method: 'POST', url: '/api/catalogs', headers: admin, payload: { name: 'garden', modelsDir: join(root, 'garden-models'), activeModel: first.card.modelId } });
      expect(created.statusCode, created.body).toBe(201);
      for (const [prefix, model] of [[GARDEN, first.card.modelId], ['/api', rakuten.card.modelId]] as const) {
        const health = (await threaded.inject({ method: 'GET', url: `${prefix}/health` })).json() as HealthResponse;
        expect([health.model, health.predictWorkers]).toEqual([model, 1]);
      }
      const garden = (await threaded.inject({ method: 'POST', url: `${GARDEN}/predict`, payload: { designation: 'transat hamac parasol' } })).json() as PredictResponse;
      expect([garden.model.id, garden.predictions[0].code]).toEqual([first.card.modelId, GARDEN_TAXONOMY.byId('furniture')!.key]);
      const activated = await threaded.inject({ method: 'POST', url: `${GARDEN}/models/${second.card.modelId}/activate`, headers: admin });
      expect(activated.statusCode, activated.body).toBe(200);
      expect(((await threaded.inject({ method: 'POST', url: `${GARDEN}/predict`, payload: { designation: 'bêche râteau' } })).json() as PredictResponse).model.id).toBe(second.card.modelId);
    } finally {
      await threaded.close();
    }
  });
});
