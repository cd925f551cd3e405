// Retraining in a catalog beside the default one: it learns that catalog's feedback only, and its new model joins that catalog.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobResponse, ModelsResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'catalogs-retrain-token';
const admin = { authorization: `Bearer ${TOKEN}` };
const SHOP = '/api/catalogs/shop';
let root: string;
let app: FastifyInstance;
let defaultModel: string;

beforeAll(async () => {
  root = tempDir();
  const rakuten = await trainDemoModel(root, 8);
  defaultModel = rakuten.card.modelId;
  mkdirSync(join(root, 'shop'));
  await trainShopModel(join(root, 'shop'), { seed: 4, folder: 'v1' });
  app = await buildApp({ model: rakuten.model, card: rakuten.card, modelDir: rakuten.dir, varDir: join(root, 'var'), adminToken: TOKEN, webRoot: null, retention: false, rateLimit: false });
  const created = await app.inject({ method: 'POST', url: '/api/catalogs', headers: admin, payload: { name: 'shop', modelsDir: join(root, 'shop', 'models') } });
  expect(created.statusCode, created.body).toBe(201);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('retraining in a catalog', () => {
  it("learns the catalog's feedback only, writes the new model to its folder and registers it there", async () => {
    const predicted = async (prefix: string, title: string) => ((await app.inject({ method: 'POST', url: `${prefix}/predict`, payload: { title } })).json() as PredictResponse).predictionId;
    for (const title of ['forged chef blade', 'oak cutting board']) {
      const sent = await app.inject({ method: 'POST', url: `${SHOP}/feedback`, payload: { predictionId: await predicted(SHOP, title), category: 'Home > Kitchen > Knives' } });
      expect(sent.statusCode, sent.body).toBe(201);
    }
    // The default catalog's feedback names a Rakuten code the shop's taxonomy does not have: learnt there, it would fail.
    for (const title of ['Console PS4', 'Roman policier', 'Piscine hors sol']) {
      expect((await app.inject({ method: 'POST', url: '/api/feedback', payload: { predictionId: await predicted('/api', title), correctCode: 2583 } })).statusCode).toBe(201);
    }
    const started = await app.inject({ method: 'POST', url: `${SHOP}/retrain`, headers: admin });
    expect(started.statusCode, started.body).toBe(202);
    let job = started.json() as JobResponse;
    for (const t0 = Date.now(); job.status !== 'done' && job.status !== 'failed' && Date.now() - t0 < 120_000; ) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await app.inject({ method: 'GET', url: `${SHOP}/jobs/${job.id}` })).json() as JobResponse;
    }
    expect(job.status, JSON.stringify(job)).toBe('done');
    const newId = job.gate!.newModelId;
    expect(existsSync(join(root, 'shop', 'models', newId, 'manifest.json'))).toBe(true);
    const listed = (await app.inject({ method: 'GET', url: `${SHOP}/models` })).json<ModelsResponse>().models.find((m) => m.id === newId);
    expect(listed?.retrain?.feedbackRows).toBe(2);
    expect((await app.inject({ method: 'GET', url: '/api/models' })).json<ModelsResponse>()).toMatchObject({ activeId: defaultModel, models: [{ id: defaultModel }] });
    expect((await app.inject({ method: 'GET', url: '/api/jobs?kind=retrain' })).json().jobs).toEqual([]);
  }, 180_000);
});
