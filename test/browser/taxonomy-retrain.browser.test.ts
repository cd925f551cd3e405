// Browser test: an operator moves a catalog's model to a new version of its taxonomy from the Review page's retrain panel.

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoriesResponse, HealthResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openBrowserApp, screenshot, type BrowserApp } from '../helpers/browser-app.js';
import { CHROMIUM, chromiumAvailable } from '../helpers/chromium.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'taxonomy-admin-token';

let base: string;
let page: Page;
let browser: BrowserApp | undefined;
const root = tempDir();

describe.skipIf(!chromiumAvailable())(`moving to a new taxonomy version in ${CHROMIUM}`, () => {
  beforeAll(async () => {
    const { dir, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop' });
    browser = await openBrowserApp(await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var'), adminToken: TOKEN }));
    ({ base, page } = browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('uploads the new version and its mapping, shows what changed and serves the renamed categories', async () => {
    const before = ((await (await fetch(`${base}/api/health`)).json()) as HealthResponse).model;
    await page.goto(`${base}/#/review`);
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByText('Move to a new version of the taxonomy').click();
    const v2 = ['Home', 'Home > Kitchen', 'Home > Kitchen > Chef Knives', 'Home > Kitchen > Pans', 'Home > Bath'].join('\n');
    await page.getByLabel('New taxonomy').setInputFiles({ name: 'shop-v2.txt', mimeType: 'text/plain', buffer: Buffer.from(v2) });
    const mapping = 'old,new\nHome > Kitchen > Knives,Home > Kitchen > Chef Knives\nToys,\n';
    await page.getByLabel('Mapping (old,new), optional').setInputFiles({ name: 'map.csv', mimeType: 'text/csv', buffer: Buffer.from(mapping) });
    await page.getByRole('button', { name: 'Retrain onto shop-v2.txt' }).click();

    const change = page.getByTestId('taxonomy-change');
    await change.waitFor({ timeout: 10_000 });
    expect(await change.textContent()).toContain('1 renamed, 0 moved, 0 merged, 0 split, 1 removed');
    const gate = page.getByTestId('gate');
    await gate.waitFor({ timeout: 120_000 });
    await expect.poll(async () => change.textContent()).toContain('16 original products and 0 corrections were left out');
    await screenshot(page, 'taxonomy-retrained');

    const after = ((await (await fetch(`${base}/api/health`)).json()) as HealthResponse).model;
    if ((await gate.textContent())?.includes('Passed')) {
      expect(after).not.toBe(before);
      const categories = (await (await fetch(`${base}/api/categories`)).json()) as CategoriesResponse;
      expect(categories.categories.map((c) => c.name)).toContain('Chef Knives');
      expect(categories.categories.map((c) => c.name)).not.toContain('Toys');
    } else {
      expect(after).toBe(before);
    }
  }, 180_000);
});
