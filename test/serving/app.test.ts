import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CategoriesResponse, ErrorResponse, HealthResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainModel } from '../../src/training/train-model.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  const { model, card } = await trainModel({
    data: syntheticProducts(20, 1),
    taxonomy: RAKUTEN_TAXONOMY,
    source: 'synthetic',
    demo: true,
    kind: 'text-linear',
    seed: 1,
    validationFraction: 0.2,
  });
  // webRoot null: the minimal server-rendered page (the built React page is covered by test/browser).
  app = await buildApp({ model, card, webRoot: null });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app.close();
});

async function post(path: string, body: string, type = 'application/json'): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
}

describe('HTTP API on a real port', () => {
  it('classifies a product: top 5 with names, the model, modalities, latency and the words behind it', async () => {
    const res = await post('/api/predict', JSON.stringify({ designation: 'Console PS4 avec manette', description: '' }));
    expect(res.status).toBe(200);
    const json = (await res.json()) as PredictResponse;
    expect(json.predictions).toHaveLength(4); // the synthetic set has four classes
    expect(json.predictions[0]).toMatchObject({ code: 60 });
    expect(typeof json.predictions[0].name).toBe('string');
    expect(json.model).toMatchObject({ kind: 'text-linear', demo: true });
    expect(json.modalities).toEqual(['text']);
    expect(json.latencyMs).toBeGreaterThan(0);
    expect(json.explanation!.terms.map((t) => t.term)).toContain('console');
  });

  it('answers 400 with a message for a missing title, bad JSON and unknown fields', async () => {
    const missing = await post('/api/predict', JSON.stringify({ description: 'x' }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorResponse).message).toMatch(/designation/);
    const bad = await post('/api/predict', '{"designation": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorResponse).message).toMatch(/JSON/i);
    const empty = await post('/api/predict', JSON.stringify({ designation: '' }));
    expect(empty.status).toBe(400);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await post('/api/predict', JSON.stringify({ designation: 'x', description: 'a'.repeat(2_000_000) }));
    expect(res.status).toBe(413);
  });

  it('serves health, categories and a page that says the model is a demo', async () => {
    expect((await (await fetch(`${base}/api/health`)).json()) as HealthResponse).toMatchObject({ status: 'ok', demo: true, storage: { backend: 'sqlite', up: true } });
    const cats = (await (await fetch(`${base}/api/categories`)).json()) as CategoriesResponse;
    expect(cats.categories).toHaveLength(27);
    const page = await (await fetch(`${base}/`)).text();
    expect(page).toContain('Demo model');
  });
});
