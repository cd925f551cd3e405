// Browser test: the catalog picker of a server holding three catalogs, each page then working on the chosen catalog's model, taxonomy, review queue and data.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackListResponse } from '../../src/serving/api-types.js';
import { buildIndexFolder } from '../../src/cli/index-catalog.js';
import { buildApp } from '../../src/serving/app.js';
import { openBrowserApp, screenshot, type BrowserApp } from '../helpers/browser-app.js';
import { CHROMIUM, chromiumAvailable } from '../helpers/chromium.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { GARDEN_TAXONOMY, trainGardenModel } from '../helpers/garden-model.js';
import { SHOP_MISFILED, trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'catalogs-browser-token';
let browser: BrowserApp | undefined;
let base: string;
let page: Page;
let gardenModel: string;
let defaultModel: string;

describe.skipIf(!chromiumAvailable())(`catalogs in ${CHROMIUM}`, () => {
  beforeAll(async () => {
    const root = tempDir();
    const rakuten = await trainDemoModel(root, 8);
    defaultModel = rakuten.card.modelId;
    gardenModel = (await trainGardenModel(join(root, 'garden-models'), 'first', 1)).card.modelId;
    const app = await buildApp({ model: rakuten.model, card: rakuten.card, modelDir: rakuten.dir, varDir: join(root, 'var'), adminToken: TOKEN, rateLimit: false, retention: false });
    // The shop catalog: a model trained on its own CSV, indexed for similar products.
    mkdirSync(join(root, 'shop'));
    const shop = await trainShopModel(join(root, 'shop'), { seed: 4, folder: 'shop-model', perLeaf: 20, misfiled: SHOP_MISFILED });
    await buildIndexFolder({ data: shop.file, model: shop.dir, dims: 16, seed: 1 });
    for (const [name, modelsDir] of [
      ['garden', join(root, 'garden-models')],
      ['shop', join(root, 'shop', 'models')],
    ]) {
      const created = await app.inject({ method: 'POST', url: '/api/catalogs', headers: { authorization: `Bearer ${TOKEN}` }, payload: { name, modelsDir } });
      expect(created.statusCode, created.body).toBe(201);
    }
    browser = await openBrowserApp(app);
    ({ base, page } = browser);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("switches to another catalog with the picker: its model, its categories and its review queue", async () => {
    await page.goto(`${base}/#/classify`);
    const picker = page.getByTestId('catalog-picker');
    await expect.poll(() => picker.locator('option').allTextContents()).toEqual(['default', 'garden', 'shop']);
    await expect.poll(() => page.getByTestId('active-model').textContent()).toContain(defaultModel);
    expect(await page.getByRole('link', { name: 'Explore' }).count()).toBe(1);

    await picker.selectOption('garden');
    await page.waitForURL(/\?catalog=garden#\/classify$/);
    await expect.poll(() => page.getByTestId('active-model').textContent()).toContain(gardenModel);
    // Every page is offered for every catalog.
    expect(await page.getByRole('link', { name: 'Explore' }).count()).toBe(1);
    await page.getByLabel('Title').fill('sécateur bêche râteau');
    const results = page.getByRole('list', { name: 'Most likely categories' });
    await results.locator('li').first().waitFor();
    expect(await results.locator('li').first().textContent()).toContain('Garden tools');
    // Similar products come from the garden's own index, which it lacks: the page says how to build one.
    await page.getByText(/has no similarity index/).waitFor();
    await screenshot(page, 'catalogs-1-garden-classify');

    // A prediction of the garden's API is in the garden's review queue, and feedback given there stays the garden's.
    const res = await fetch(`${base}/api/catalogs/garden/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ designation: 'graines rosier bulbes' }) });
    expect(res.status).toBe(200);
    await page.goto(`${base}/?catalog=garden#/review`);
    await page.getByLabel('Show predictions below this confidence').fill('1');
    const card = page.getByRole('article', { name: 'graines rosier bulbes' });
    await card.waitFor();
    await card.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    await card.waitFor({ state: 'detached' });
    const garden = (await (await fetch(`${base}/api/catalogs/garden/feedback`)).json()) as FeedbackListResponse;
    expect(garden.items.map((f) => [f.designation, f.correctCode])).toEqual([['graines rosier bulbes', GARDEN_TAXONOMY.byId('plants')!.key]]);
    expect(((await (await fetch(`${base}/api/feedback`)).json()) as FeedbackListResponse).total).toBe(0);

    await page.getByTestId('catalog-picker').selectOption('default');
    await page.waitForURL((url) => !url.search.includes('catalog'));
    await expect.poll(() => page.getByTestId('active-model').textContent()).toContain(defaultModel);
  });

  it("explores the chosen catalog's own data, links its report, and says what to do for a catalog without data here", async () => {
    await page.goto(`${base}/?catalog=shop#/explore`);
    await expect.poll(() => page.getByTestId('figure-products').textContent(), { timeout: 60_000 }).toContain('80');
    const categories = await page.locator('#category-pick option').allTextContents();
    expect(categories.join(' | ')).toMatch(/Knives.*Pans|Pans.*Knives/);
    expect(categories.join(' | ')).not.toMatch(/Console|Livres|Books/);
    expect(await page.getByRole('link', { name: 'Download the report (HTML)' }).getAttribute('href')).toBe('/api/catalogs/shop/report?lang=en');
    await screenshot(page, 'catalogs-2-shop-explore');

    await page.goto(`${base}/?catalog=garden#/explore`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/catalog "garden" has no data on this server/);

    // Similar products on the shop's Search page come from the shop's index.
    await page.goto(`${base}/?catalog=shop#/search`);
    await page.locator('#search-query').fill('skillet wok');
    const found = page.getByRole('list', { name: 'Catalog products found' });
    await found.locator('li').first().waitFor();
    expect(await found.locator('li').first().textContent()).toMatch(/(skillet|wok).*— Pans/);
    await screenshot(page, 'catalogs-3-shop-search');
  }, 120_000);
});
