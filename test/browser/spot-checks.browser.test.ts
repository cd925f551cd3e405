// Browser test: a spot check in the Review queue, with the catalog products most like it as evidence, answered from the keyboard, and the live precision it gives on the Models page.

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/data/load-catalog.js';
import { catalogEntries } from '../../src/models/similar/catalog-entries.js';
import { SimilarIndex } from '../../src/models/similar/similar-index.js';
import { modelIndexDir } from '../../src/models/similar/similar-view.js';
import type { PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openBrowserApp, screenshot, type BrowserApp } from '../helpers/browser-app.js';
import { CHROMIUM, chromiumAvailable } from '../helpers/chromium.js';
import { trainSeparableModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';

let browser: BrowserApp | undefined;
let base: string;
let page: Page;

describe.skipIf(!chromiumAvailable())(`spot checks in ${CHROMIUM}`, () => {
  beforeAll(async () => {
    const root = tempDir();
    const trained = await trainSeparableModel(root);
    const index = await SimilarIndex.build(catalogEntries(await loadCatalog(trained.dataDir)), { embedder: { dims: 16 } });
    await index.save(modelIndexDir(trained.dir));
    // Every product is filed automatically (threshold 0) and every automatic filing is checked (share 1).
    browser = await openBrowserApp(await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, varDir: join(root, 'var'), reviewThreshold: 0, spotCheckShare: 1 }));
    ({ base, page } = browser);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists a spot check marked as such with the catalog products most like it, takes the answer, and shows the precision it measures beside the one promised', async () => {
    await page.goto(`${base}/#/models`);
    await expect.poll(() => page.getByTestId('live-precision').textContent()).toMatch(/Spot checks: 100\s?% of the automatic filings.*0 made so far/);

    const res = await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ designation: 'Console PS4 avec manette' }) });
    const predicted = (await res.json()) as PredictResponse;
    expect([predicted.confidence.decision, predicted.spotCheck]).toEqual(['auto', true]);

    await page.goto(`${base}/#/review`);
    const card = page.getByRole('article', { name: /Console PS4 avec manette/ });
    await card.waitFor();
    expect(await card.getByTestId('spot-check').textContent()).toBe('Spot check');
    // The selected card shows where the most alike catalog products are filed: consoles, for a console.
    const evidence = card.getByRole('list', { name: 'Most alike in the catalog, and where they are filed:' });
    await evidence.waitFor();
    expect(await evidence.locator('li').count()).toBe(3);
    expect(await evidence.locator('li').first().textContent()).toContain('Game consoles');
    await screenshot(page, 'spot-check-review');
    await card.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    await card.waitFor({ state: 'detached' });

    await page.goto(`${base}/#/models`);
    await expect.poll(() => page.getByTestId('live-precision').textContent()).toMatch(/Precision in production \(spot checks\): 100\s?%.*from 1 reviewed of 1 checks; promised 95\s?%/);
    await screenshot(page, 'spot-check-models');
  });
});
