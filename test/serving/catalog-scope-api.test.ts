// Every catalog's own data routes (explore, audits, report, similar products) and removing a catalog, through app.inject on SQLite and PostgreSQL.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetAnalysis } from '../../src/analysis/dataset-analysis-types.js';
import { buildIndexFolder } from '../../src/cli/index-catalog.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import type { CatalogsResponse, RemoveCatalogResponse } from '../../src/serving/api-catalog-types.js';
import type { SimilarResponse } from '../../src/serving/api-similar-types.js';
import type { AuditDecisionResponse, AuditResponse, ErrorResponse, ExploreCategoryResponse, FeedbackListResponse, JobResponse, JobsResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openStorage } from '../../src/storage/storage.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { trainGardenModel } from '../helpers/garden-model.js';
import { endedJob } from '../helpers/jobs.js';
import { freshPostgresDatabase, postgresAvailability } from '../helpers/services.js';
import { SHOP_MISFILED, trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'catalog-scope-token';
const admin = { authorization: `Bearer ${TOKEN}` };
const SHOP = '/api/catalogs/shop';
const GARDEN = '/api/catalogs/garden';
/** The suite, on a server whose storage `database` gives (null: SQLite in its var folder), with catalogs of its own. */
function catalogScopeSuite(backend: string, database: () => Promise<string | null>): void {
  let root: string;
  let rakuten: LoadedModel & { dataDir: string };
  let shop: Awaited<ReturnType<typeof trainShopModel>>;
  let app: FastifyInstance;
  let databaseUrl: string | null;

  async function get<T>(url: string): Promise<T> {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  }

  async function refused(method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = {}): Promise<{ status: number } & ErrorResponse> {
    const res = await app.inject({ method, url, headers });
    return { status: res.statusCode, ...(res.json() as ErrorResponse) };
  }

  beforeAll(async () => {
    root = tempDir();
    databaseUrl = await database();
    rakuten = await trainDemoModel(root, 8);
    // The shop catalog: its own CSV (two products misfiled on purpose), a model trained on it, and its similarity index.
    mkdirSync(join(root, 'shop'));
    shop = await trainShopModel(join(root, 'shop'), { seed: 4, folder: 'shop-model', perLeaf: 20, misfiled: SHOP_MISFILED });
    await buildIndexFolder({ data: shop.file, model: shop.dir, dims: 16, seed: 1 });
    // The garden catalog: a model whose card names no data on this server.
    await trainGardenModel(join(root, 'garden-models'), 'first', 1);
    app = await buildApp({ model: rakuten.model, card: rakuten.card, modelDir: rakuten.dir, varDir: join(root, 'var'), databaseUrl, adminToken: TOKEN, webRoot: null, retention: false, rateLimit: false });
    for (const [name, modelsDir] of [
      ['shop', join(root, 'shop', 'models')],
      ['garden', join(root, 'garden-models')],
    ]) {
      const created = await app.inject({ method: 'POST', url: '/api/catalogs', headers: admin, payload: { name, modelsDir } });
      expect(created.statusCode, created.body).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  describe(`each catalog's own data (${backend})`, () => {
    it('explores the data its active model was trained on, with its taxonomy, not the default catalog’s', async () => {
      const mine = await get<DatasetAnalysis>(`${SHOP}/explore?wait=60`);
      const server = await get<DatasetAnalysis>('/api/explore?wait=60');
      expect(mine.data.products).toBe(80);
      expect(mine.data.source).toBe('shop.csv');
      expect(mine.data.fingerprint).not.toBe(server.data.fingerprint);
      expect(mine.categories.map((c) => c.nameEn)).toEqual(expect.arrayContaining([expect.stringMatching(/Knives/), expect.stringMatching(/Toys/)]));
      // Its tree's categories (leaves and the parents above them), none of the default catalog's.
      expect(mine.categories.length).toBeLessThan(8);
      expect(mine.categories.map((c) => c.nameEn)).not.toEqual(expect.arrayContaining([server.categories[0].nameEn]));
      const toys = mine.categories.find((c) => /Toys/.test(c.nameEn))!;
      const detail = await get<ExploreCategoryResponse>(`${SHOP}/explore/categories/${toys.code}`);
      expect(detail.titles.map((t) => t.designation).join(' ')).toMatch(/puzzle|jigsaw|lego|doll/);
    }, 120_000);

    it('answers 404 CATALOG_DATA_NOT_FOUND, saying what to do, where a catalog has no data on this server', async () => {
      for (const [method, url] of [
        ['GET', `${GARDEN}/explore`],
        ['GET', `${GARDEN}/explore/categories/1`],
        ['GET', `${GARDEN}/report`],
        ['POST', `${GARDEN}/audits`],
      ] as const) {
        const answer = await refused(method, url);
        expect([answer.status, answer.error], url).toEqual([404, 'CATALOG_DATA_NOT_FOUND']);
        expect(answer.message).toMatch(/catalog "garden" has no data on this server.*prodclass train --data FILE --out garden-models\/NAME/);
        expect(answer.message).not.toContain(root);
      }
      expect((await get<JobsResponse>(`${GARDEN}/jobs?limit=10`)).jobs).toEqual([]);
    });

    it("downloads the report of the catalog's data and models", async () => {
      const res = await app.inject({ method: 'GET', url: `${SHOP}/report?photos=false` });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain(shop.card.modelId);
      expect(res.body).not.toContain(rakuten.card.modelId);
      expect(res.body).not.toContain(root);
    }, 120_000);

    it("audits the catalog's data with its taxonomy; a move is the catalog's feedback", async () => {
      const started = await app.inject({ method: 'POST', url: `${SHOP}/audits` });
      expect(started.statusCode, started.body).toBe(202);
      const job = await endedJob(app, started.json() as JobResponse, { timeoutMs: 180_000, everyMs: 100, api: SHOP });
      expect(job.status, JSON.stringify(job)).toBe('done');
      expect(job.resultUrl).toBe(`${SHOP}/audits/${job.id}`);
      // The audit is the catalog's job: the default catalog knows nothing of it.
      expect((await refused('GET', `/api/audits/${job.id}`)).status).toBe(404);
      const audit = await get<AuditResponse>(job.resultUrl!);
      expect(audit.suspects.slice(0, 3).map((s) => s.id)).toEqual(expect.arrayContaining(['p40', 'p22']));
      expect(audit.suspects.find((s) => s.id === 'p40')).toMatchObject({ given: 'Toys', suggested: 'Home > Kitchen > Pans' });

      const moved = await app.inject({ method: 'POST', url: `${SHOP}/audits/${job.id}/decisions`, payload: { row: 40, decision: 'move' } });
      expect(moved.statusCode, moved.body).toBe(200);
      const { feedbackId } = moved.json() as AuditDecisionResponse;
      const feedback = await get<FeedbackListResponse>(`${SHOP}/feedback`);
      expect(feedback.items.map((f) => [f.id, f.modelId])).toEqual([[feedbackId, shop.card.modelId]]);
      expect((await get<FeedbackListResponse>('/api/feedback')).total).toBe(0);
    }, 240_000);

    it("finds similar products in the catalog's own index; a catalog without one says how to build it", async () => {
      const similar = await get<SimilarResponse>(`${SHOP}/products/p1/similar?k=3`);
      expect(similar.indexed).toBe(80);
      expect(similar.neighbours.map((n) => n.categoryName)).toContain('Knives');
      const byText = await app.inject({ method: 'POST', url: `${SHOP}/similar`, payload: { title: 'skillet wok', k: 2 } });
      expect(byText.statusCode, byText.body).toBe(200);
      expect((byText.json() as SimilarResponse).neighbours.every((n) => n.categoryName === 'Pans')).toBe(true);
      // Products the catalog files join its index.
      const predicted = await app.inject({ method: 'POST', url: `${SHOP}/predict`, payload: { designation: 'jigsaw puzzle lego' } });
      const { predictionId } = predicted.json() as PredictResponse;
      await expect.poll(async () => (await app.inject({ method: 'GET', url: `${SHOP}/products/prediction-${predictionId}/similar?k=1` })).statusCode).toBe(200);
      expect((await get<{ groups: unknown[]; offers: number }>(`${SHOP}/duplicates`)).offers).toBe(81);
      for (const url of [`${GARDEN}/duplicates`, '/api/duplicates']) {
        const none = await refused('GET', url);
        expect([none.status, none.error], url).toEqual([404, 'NOT_FOUND']);
        expect(none.message).toMatch(/prodclass index --model/);
      }
    });
  });

  describe(`removing a catalog (${backend})`, () => {
    it('refuses without the admin token, for the default catalog, an unknown one, or one with an unfinished job', async () => {
      expect((await refused('DELETE', GARDEN)).status).toBe(401);
      expect(await refused('DELETE', '/api/catalogs/default', admin)).toMatchObject({ status: 409, error: 'CATALOG_IS_DEFAULT' });
      expect(await refused('DELETE', '/api/catalogs/shoes', admin)).toMatchObject({ status: 404, error: 'CATALOG_NOT_FOUND' });
      // A job queued on another host of the same database: the catalog is busy until it ends.
      const other = await openStorage(join(root, 'var'), { databaseUrl });
      await other.forCatalog('garden').jobs.create({ id: 'garden-elsewhere', kind: 'batch', modelId: null, input: {}, host: 'another-host' });
      const busy = await refused('DELETE', GARDEN, admin);
      expect([busy.status, busy.error]).toEqual([409, 'CATALOG_BUSY']);
      expect(busy.message).toMatch(/garden-elsewhere is queued.*then remove it/);
      await other.forCatalog('garden').jobs.update('garden-elsewhere', { status: 'failed', message: 'given up' });
      await other.close();
    });

    it('removes its rows and stops serving it; its models folder stays; created again, it starts empty', async () => {
      const before = await get<FeedbackListResponse>(`${SHOP}/feedback`);
      expect(before.total).toBe(1);
      const res = await app.inject({ method: 'DELETE', url: SHOP, headers: admin });
      expect(res.statusCode, res.body).toBe(200);
      const answer = res.json() as RemoveCatalogResponse;
      expect(answer).toMatchObject({ name: 'shop', modelsDirKept: 'models', removed: { feedback: 1, jobs: 1, models: 1 } });
      expect(answer.removed.predictions).toBeGreaterThanOrEqual(2);
      expect(answer.message).toMatch(/left on disk/);
      expect(res.body).not.toContain(root);
      expect(existsSync(join(shop.dir, 'manifest.json'))).toBe(true);

      expect((await get<CatalogsResponse>('/api/catalogs')).catalogs.map((c) => c.name)).toEqual(['default', 'garden']);
      expect(await refused('GET', `${SHOP}/health`)).toMatchObject({ status: 404, error: 'CATALOG_NOT_FOUND' });
      const storage = await openStorage(join(root, 'var'), { databaseUrl });
      const gone = storage.forCatalog('shop');
      expect([await gone.predictions.count(), await gone.feedback.count(), (await gone.jobs.list(10)).length, (await gone.models.list()).length]).toEqual([0, 0, 0, 0]);
      // Nothing of it passes for the default catalog's.
      expect(await storage.feedback.count()).toBe(0);
      await storage.close();

      const again = await app.inject({ method: 'POST', url: '/api/catalogs', headers: admin, payload: { name: 'shop', modelsDir: join(root, 'shop', 'models') } });
      expect(again.statusCode, again.body).toBe(201);
      expect((await get<FeedbackListResponse>(`${SHOP}/feedback`)).total).toBe(0);
      expect((await get<JobsResponse>(`${SHOP}/jobs?limit=10`)).jobs).toEqual([]);
      expect((await get<{ total: number }>(`${SHOP}/review?threshold=1`)).total).toBe(0);
    });
  });
}

catalogScopeSuite('SQLite', async () => null);
describe.skipIf(!postgresAvailability().ok)('on PostgreSQL', () => {
  catalogScopeSuite('PostgreSQL', freshPostgresDatabase);
});
