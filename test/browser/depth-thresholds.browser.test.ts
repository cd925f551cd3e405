// Browser test: a tree model's per-depth thresholds on the Models page, and a product filed at a parent marked so in the Review queue.

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openBrowserApp, screenshot, type BrowserApp } from '../helpers/browser-app.js';
import { CHROMIUM, chromiumAvailable } from '../helpers/chromium.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

let browser: BrowserApp | undefined;
let base: string;
let page: Page;

describe.skipIf(!chromiumAvailable())(`per-depth thresholds in ${CHROMIUM}`, () => {
  beforeAll(async () => {
    const root = tempDir();
    const { dir, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop', folds: 5 });
    browser = await openBrowserApp(await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var') }));
    ({ base, page } = browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows each depth\'s threshold, share and precision, and marks a product filed at a parent in the Review queue', async () => {
    await page.goto(`${base}/#/models`);
    const table = page.getByTestId('depth-thresholds');
    await table.waitFor();
    // Three targets, each with three depths and a reviewed row.
    expect(await table.locator('tbody tr').count()).toBe(3 * 4);
    expect(await table.textContent()).toContain('out-of-fold predictions of all 64 rows');

    const res = await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'blade skillet chef wok' }) });
    expect(((await res.json()) as PredictResponse).decision.id).toBe('Home > Kitchen');
    await page.goto(`${base}/#/review`);
    const card = page.getByRole('article', { name: 'blade skillet chef wok' });
    await card.waitFor();
    expect(await card.getByTestId('filed-at').textContent()).toBe('Filed at the parent: Home > Kitchen');
    await screenshot(page, 'filed-at-parent-review');
  }, 60_000);
});
