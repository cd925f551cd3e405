// The real CLI's --catalog on the commands that act on a server's storage (retrain, gc, taxonomy diff), on a var folder a server with two catalogs wrote.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openStorage } from '../../src/storage/storage.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { runCli } from '../helpers/run-cli.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'catalog-cli-token';
let root: string;
let varDir: string;
let shopModel: string;
let nextTaxonomy: string;

beforeAll(async () => {
  root = tempDir();
  varDir = join(root, 'var');
  const rakuten = await trainDemoModel(root, 8);
  mkdirSync(join(root, 'shop'));
  const shop = await trainShopModel(join(root, 'shop'), { seed: 3, folder: 'first', perLeaf: 16 });
  shopModel = shop.dir;
  // The shop's taxonomy, next version: Toys gone, Games added.
  nextTaxonomy = join(root, 'shop-v2.txt');
  writeFileSync(nextTaxonomy, ['Home', 'Home > Kitchen', 'Home > Kitchen > Knives', 'Home > Kitchen > Pans', 'Home > Bath', 'Games', ''].join('\n'));
  // A server holding the shop catalog beside the default one: a prediction and a correction in each catalog.
  const app = await buildApp({ model: rakuten.model, card: rakuten.card, modelDir: rakuten.dir, varDir, adminToken: TOKEN, webRoot: null, retention: false, rateLimit: false });
  const created = await app.inject({ method: 'POST', url: '/api/catalogs', headers: { authorization: `Bearer ${TOKEN}` }, payload: { name: 'shop', modelsDir: join(root, 'shop', 'models') } });
  expect(created.statusCode, created.body).toBe(201);
  for (const [prefix, designation, category] of [
    ['/api/catalogs/shop', 'skillet wok towel', 'Home > Kitchen > Pans'],
    ['/api/catalogs/shop', 'lego puzzle', null],
    ['/api', 'Console PS4 manette', null],
  ] as const) {
    const predicted = (await app.inject({ method: 'POST', url: `${prefix}/predict`, payload: { designation } })).json() as PredictResponse;
    if (category) expect((await app.inject({ method: 'POST', url: `${prefix}/feedback`, payload: { predictionId: predicted.predictionId, category } })).statusCode).toBe(201);
  }
  await app.close();
}, 120_000);

describe('--catalog on the CLI', () => {
  it('fails on an unknown catalog, listing the catalogs that exist, and on a name no catalog can have', async () => {
    for (const args of [
      ['retrain', '--feedback', '--var', varDir, '--catalog', 'shoes'],
      ['gc', '--var', varDir, '--catalog', 'shoes'],
      ['taxonomy', 'diff', '--from', shopModel, '--to', nextTaxonomy, '--var', varDir, '--catalog', 'shoes'],
    ]) {
      const result = await runCli(args);
      expect(result.code, args[0]).toBe(2);
      expect(result.stderr, args[0]).toMatch(/\[CATALOG_NOT_FOUND\] field "--catalog": no catalog "shoes" in .*prodclass\.db: its catalogs are default, shop;/);
    }
    const bad = await runCli(['gc', '--var', varDir, '--catalog', 'My Shop']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/\[INVALID_PARAM\].*lower-case letters/)]);
  }, 60_000);

  it("counts the chosen catalog's feedback in taxonomy diff", async () => {
    const diff = async (...extra: string[]) => {
      const result = await runCli(['taxonomy', 'diff', '--from', shopModel, '--to', nextTaxonomy, '--var', varDir, '--json', ...extra]);
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as { feedback: { rows: number } }).feedback.rows;
    };
    expect(await diff('--catalog', 'shop')).toBe(1);
    expect(await diff()).toBe(0);
  }, 60_000);

  it("removes only the chosen catalog's old predictions with gc --catalog", async () => {
    const storage = await openStorage(varDir);
    await storage.db.updateTable('predictions').set({ created_at: '2020-01-01T00:00:00.000Z' }).execute();
    const counts = async () => [await storage.predictions.count(), await storage.forCatalog('shop').predictions.count()];
    expect(await counts()).toEqual([1, 2]);
    const shop = await runCli(['gc', '--var', varDir, '--catalog', 'shop', '--json']);
    expect(shop.code, shop.stderr).toBe(0);
    // The one without feedback goes; the corrected one stays, and the default catalog's is untouched.
    expect(JSON.parse(shop.stdout)).toMatchObject({ predictions: 1, orphanFolders: 0 });
    expect(await counts()).toEqual([1, 1]);
    const all = await runCli(['gc', '--var', varDir, '--json']);
    expect(JSON.parse(all.stdout)).toMatchObject({ predictions: 1 });
    expect(await counts()).toEqual([0, 1]);
    await storage.close();
  }, 60_000);

  it("retrains the chosen catalog's active model on its own feedback and activates the new model in that catalog only", async () => {
    const storage = await openStorage(varDir);
    const defaultActive = (await storage.models.active())!.id;
    await storage.close();
    const result = await runCli(['retrain', '--feedback', '--var', varDir, '--catalog', 'shop', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const outcome = JSON.parse(result.stdout) as { feedbackRows: number; modelDir: string; gate: { newModelId: string; baseModelId: string } };
    expect(outcome.feedbackRows).toBe(1);
    expect(outcome.modelDir).toBe(join(root, 'shop', 'models', outcome.gate.newModelId));
    const after = await openStorage(varDir);
    expect((await after.forCatalog('shop').models.list()).map((m) => m.id)).toContain(outcome.gate.newModelId);
    expect((await after.models.list()).map((m) => m.id)).not.toContain(outcome.gate.newModelId);
    expect((await after.models.active())!.id).toBe(defaultActive);
    await after.close();
  }, 180_000);
});
