import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedModel } from '../../src/models/model-store.js';
import type { CatalogsResponse } from '../../src/serving/api-catalog-types.js';
import type { FeedbackListResponse, HealthResponse, PredictResponse, ReviewResponse } from '../../src/serving/api-types.js';
import { buildApp, type AppOptions } from '../../src/serving/app.js';
import { openStorage } from '../../src/storage/storage.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { GARDEN_TAXONOMY, trainGardenModel } from '../helpers/garden-model.js';
import { freshPostgresDatabase, postgresAvailability } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';

// Two API hosts on one PostgreSQL database, each with its own var folder: a catalog created on one is served by both.
const TOKEN = 'catalogs-pg-token';
const admin = { authorization: `Bearer ${TOKEN}` };
const GARDEN = '/api/catalogs/garden';
let root: string;
let url: string;
let rakuten: LoadedModel;
let first: LoadedModel;
let second: LoadedModel;
const apps: FastifyInstance[] = [];

async function host(name: string, over: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ model: rakuten.model, card: rakuten.card, modelDir: rakuten.dir, varDir: join(root, `var-${name}`), databaseUrl: url, adminToken: TOKEN, webRoot: null, retention: false, rateLimit: false, ...over });
  apps.push(app);
  return app;
}

async function json<T>(app: FastifyInstance, method: 'GET' | 'POST', path: string, payload?: object, headers: Record<string, string> = {}): Promise<T> {
  const res = await app.inject({ method, url: path, payload, headers });
  expect(res.statusCode, `${method} ${path}: ${res.body}`).toBeLessThan(300);
  return res.json() as T;
}

describe.skipIf(!postgresAvailability().ok)('several catalogs on PostgreSQL, two hosts', () => {
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    root = tempDir();
    rakuten = await trainDemoModel(root, 8);
    first = await trainGardenModel(join(root, 'garden-models'), 'first', 1);
    second = await trainGardenModel(join(root, 'garden-models'), 'second', 2);
    url = await freshPostgresDatabase();
    // Host b does not poll: it learns of activations from PostgreSQL's notifications only.
    [a, b] = [await host('a', { registrySyncMs: 200 }), await host('b', { registrySyncMs: 0 })];
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('serves on both hosts a catalog created on one, each prediction with its own catalog’s model', async () => {
    await json(a, 'POST', '/api/catalogs', { name: 'garden', modelsDir: join(root, 'garden-models'), activeModel: first.card.modelId }, admin);
    const onB = await json<PredictResponse>(b, 'POST', `${GARDEN}/predict`, { designation: 'graines rosier bulbes' });
    expect(onB.model.id).toBe(first.card.modelId);
    expect(onB.predictions[0].code).toBe(GARDEN_TAXONOMY.byId('plants')!.key);
    expect((await json<PredictResponse>(b, 'POST', '/api/predict', { designation: 'Console PS4' })).model.id).toBe(rakuten.card.modelId);

    // Feedback through host a on host b's prediction, in the catalog's review queue and feedback only.
    const feedback = await a.inject({ method: 'POST', url: `${GARDEN}/feedback`, payload: { predictionId: onB.predictionId, category: 'tools' } });
    expect(feedback.statusCode, feedback.body).toBe(201);
    expect((await json<FeedbackListResponse>(b, 'GET', `${GARDEN}/feedback`)).items.map((f) => f.predictionId)).toEqual([onB.predictionId]);
    expect((await json<FeedbackListResponse>(b, 'GET', '/api/feedback')).total).toBe(0);
    expect((await json<ReviewResponse>(a, 'GET', '/api/review?threshold=1')).items.every((i) => i.modelId === rakuten.card.modelId)).toBe(true);
  });

  it('switches the catalog on every host when one activates a model there, the default catalog staying as it was', async () => {
    await json(b, 'POST', `${GARDEN}/models/${second.card.modelId}/activate`, {}, admin);
    const deadline = Date.now() + 5_000;
    let onA = '';
    while (Date.now() < deadline && (onA = (await json<HealthResponse>(a, 'GET', `${GARDEN}/health`)).model) !== second.card.modelId) await new Promise((r) => setTimeout(r, 50));
    expect(onA).toBe(second.card.modelId);
    for (const app of [a, b]) expect((await json<HealthResponse>(app, 'GET', '/api/health')).model).toBe(rakuten.card.modelId);
  });

  it('serves the catalog with its active model after every host restarts', async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    const again = await host('c');
    expect((await json<CatalogsResponse>(again, 'GET', '/api/catalogs')).catalogs.map((c) => [c.name, c.activeModel])).toEqual([
      ['default', rakuten.card.modelId],
      ['garden', second.card.modelId],
    ]);
    expect((await json<PredictResponse>(again, 'POST', `${GARDEN}/predict`, { designation: 'hamac parasol' })).model.id).toBe(second.card.modelId);
  });

  it('removes the catalog on one host with its rows and stored model files; the other host stops serving it at once; created again, it starts empty', async () => {
    const [d, e] = [await host('d', { registrySyncMs: 0 }), await host('e', { registrySyncMs: 0 })];
    const predicted = await json<PredictResponse>(e, 'POST', `${GARDEN}/predict`, { designation: 'transat parasol hamac' });
    await json(d, 'POST', `${GARDEN}/feedback`, { predictionId: predicted.predictionId, category: 'furniture' });
    const storage = await openStorage(null, { databaseUrl: url });
    const garden = storage.forCatalog('garden');
    const ids = (await garden.models.list()).map((m) => m.id);
    expect((await storage.db.selectFrom('model_files').select('model_id').distinct().where('model_id', 'in', ids).execute()).length).toBeGreaterThan(0);

    const removed = await d.inject({ method: 'DELETE', url: GARDEN, headers: admin });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ name: 'garden', removed: { feedback: 2, models: 2 } });
    // Host e polls nothing: the database's notification makes it drop the catalog.
    const deadline = Date.now() + 5_000;
    let status = 200;
    while (Date.now() < deadline && (status = (await e.inject({ method: 'GET', url: `${GARDEN}/health` })).statusCode) !== 404) await new Promise((r) => setTimeout(r, 50));
    expect(status).toBe(404);
    expect([await garden.predictions.count(), await garden.feedback.count(), (await garden.jobs.list(10)).length, (await garden.models.list()).length]).toEqual([0, 0, 0, 0]);
    expect(await storage.db.selectFrom('model_files').select('model_id').where('model_id', 'in', ids).execute()).toEqual([]);
    expect(await storage.feedback.count()).toBe(0);
    await storage.close();

    await json(e, 'POST', '/api/catalogs', { name: 'garden', modelsDir: join(root, 'garden-models') }, admin);
    expect((await json<FeedbackListResponse>(d, 'GET', `${GARDEN}/feedback`)).total).toBe(0);
    expect((await json<ReviewResponse>(d, 'GET', `${GARDEN}/review?threshold=1`)).total).toBe(0);
  });
});
