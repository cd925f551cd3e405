// The similar-products routes against a real model folder with its index: by catalog id, by new text, filtered, and refused.

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/data/load-catalog.js';
import { catalogEntries } from '../../src/models/similar/catalog-entries.js';
import { SimilarIndex } from '../../src/models/similar/similar-index.js';
import { modelIndexDir } from '../../src/models/similar/similar-view.js';
import type { DuplicatesResponse, SimilarResponse } from '../../src/serving/api-similar-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';

let app: FastifyInstance;
let titles: Map<string, string>;
let categories: Map<string, string>;

beforeAll(async () => {
  const root = tempDir();
  const trained = await trainDemoModel(root, 8);
  const catalog = await loadCatalog(trained.dataDir);
  const index = await SimilarIndex.build(catalogEntries(catalog), { embedder: { dims: 24 } });
  // Two offers of one notebook, filed under different categories.
  const keys = catalog.taxonomy.categories().map((c) => c.key);
  const offer = (index: number, designation: string) => ({ index, designation, description: '', productid: '', imageid: '' });
  index.upsert([
    { product: offer(90001, 'Cahier Conquérant Seyès 96 pages 240 x 320 mm'), category: keys[0] },
    { product: offer(90002, 'NEUF - Cahier Seyès Conquérant 240x320 mm 96 Pages'), category: keys[1] },
  ]);
  await index.save(modelIndexDir(trained.dir));
  titles = new Map(catalog.train.products.map((p) => [String(p.index), p.designation]));
  titles.set('90001', 'Cahier Conquérant Seyès 96 pages 240 x 320 mm').set('90002', 'NEUF - Cahier Seyès Conquérant 240x320 mm 96 Pages');
  categories = new Map(catalog.train.products.map((p, i) => [String(p.index), catalog.taxonomy.get(catalog.train.labels[i]).id]));
  categories.set('90001', catalog.taxonomy.get(keys[0]).id).set('90002', catalog.taxonomy.get(keys[1]).id);
  app = await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, varDir: join(root, 'var'), webRoot: null });
});

afterAll(async () => {
  await app.close();
});

describe('GET /api/products/:id/similar', () => {
  it('lists k catalog products, not the product itself, best first, with titles and categories', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/products/3/similar?k=5' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as SimilarResponse;
    expect(body.indexed).toBe(titles.size);
    expect(body.neighbours).toHaveLength(5);
    expect(body.neighbours.map((n) => n.id)).not.toContain('3');
    for (const n of body.neighbours) {
      expect(n.title).toBe(titles.get(n.id));
      expect(n.category).toBe(categories.get(n.id));
    }
    const sims = body.neighbours.map((n) => n.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
  });

  it('filters by category, and says so for an unknown product or a photo ranking', async () => {
    const category = categories.get('0')!;
    const filtered = (await app.inject({ method: 'GET', url: `/api/products/1/similar?category=${category}` })).json() as SimilarResponse;
    expect(filtered.neighbours.length).toBeGreaterThan(0);
    for (const n of filtered.neighbours) expect(n.category).toBe(category);
    const missing = await app.inject({ method: 'GET', url: '/api/products/no-such/similar' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toMatch(/no product with id "no-such"/);
    const image = await app.inject({ method: 'GET', url: '/api/products/1/similar?by=image' });
    expect(image.statusCode).toBe(409);
    expect(image.json().message).toMatch(/by=text/);
  });
});

describe('POST /api/similar', () => {
  it('finds the catalog product whose title is given first', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/similar', payload: { title: titles.get('7')!, k: 3 } });
    expect(res.statusCode).toBe(200);
    const body = res.json() as SimilarResponse;
    expect(body.neighbours[0]).toMatchObject({ id: '7', title: titles.get('7'), category: categories.get('7') });
    expect(body.neighbours[0].similarity).toBeGreaterThan(0.9);
  });

  it('refuses an unknown category by name', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/similar', payload: { title: 'x', category: 'Zzzz' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'INVALID_INPUT', message: expect.stringMatching(/category "Zzzz"/) });
  });
});

describe('GET /api/duplicates', () => {
  it('groups the offers that are one product and flags those filed under different categories first', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/duplicates' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as DuplicatesResponse;
    expect(body.offers).toBe(titles.size);
    const notebook = body.groups.find((g) => g.products.some((p) => p.id === '90001'))!;
    expect(notebook.products.map((p) => p.id).sort()).toEqual(['90001', '90002']);
    expect(notebook.conflicting).toBe(true);
    expect(body.groups[0].conflicting).toBe(true);
    for (const g of body.groups) {
      expect(g.products.length).toBeGreaterThanOrEqual(2);
      for (const p of g.products) expect(p.category).toBe(categories.get(p.id));
    }
  });
});
