// Browser tests of similar products: under a prediction on Classify, the Search page (words, category filter) and the Duplicates view, against a real server with a catalog index.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/data/load-catalog.js';
import { catalogEntries } from '../../src/models/similar/catalog-entries.js';
import { SimilarIndex } from '../../src/models/similar/similar-index.js';
import { modelIndexDir } from '../../src/models/similar/similar-view.js';
import type { SimilarResponse } from '../../src/serving/api-similar-types.js';
import { buildApp } from '../../src/serving/app.js';
import type { Taxonomy } from '../../src/taxonomy/index.js';
import { openBrowserApp, screenshot, type BrowserApp } from '../helpers/browser-app.js';
import { CHROMIUM, chromiumAvailable } from '../helpers/chromium.js';
import { trainSeparableModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';
import { pngImage } from '../helpers/images.js';
import { TINY_CLIP, useTinyClipOffline } from '../helpers/tiny-clip.js';

let base: string;
let page: Page;
let browser: BrowserApp | undefined;
let taxonomy: Taxonomy;

const shot = (name: string) => screenshot(page, name);
const COLOURS: Record<number, { r: number; g: number; b: number }> = { 10: { r: 220, g: 30, b: 30 }, 60: { r: 30, g: 200, b: 40 }, 2583: { r: 20, g: 40, b: 230 }, 1560: { r: 240, g: 240, b: 30 } };
const offer = (index: number, designation: string) => ({ index, designation, description: '', productid: '', imageid: '' });

describe.skipIf(!chromiumAvailable())(`similar products in ${CHROMIUM}`, () => {
  beforeAll(async () => {
    const root = tempDir();
    const trained = await trainSeparableModel(root);
    const catalog = await loadCatalog(trained.dataDir);
    taxonomy = catalog.taxonomy;
    useTinyClipOffline();
    // Photos for every fourth product (20, five per category), one colour per category: a dropped photo of a colour finds its category.
    const entries = catalogEntries(catalog);
    for (const [i, entry] of entries.filter((_, j) => j % 4 === 0).entries()) {
      const path = join(root, `photo-${i}.png`);
      writeFileSync(path, await pngImage(40, 40, COLOURS[entry.category!]));
      entry.image = path;
    }
    const index = await SimilarIndex.build(entries, { embedder: { dims: 16 }, photos: { spec: { model: TINY_CLIP, dtype: 'fp32' }, cacheRoot: null } });
    // One notebook offered twice and filed under two categories: the Duplicates view must flag it.
    index.upsert([
      { product: offer(90001, 'Cahier Conquérant Seyès 96 pages 240 x 320 mm'), category: 10 },
      { product: offer(90002, 'NEUF - Cahier Seyès Conquérant 240x320 mm 96 Pages'), category: 2583 },
    ]);
    await index.save(modelIndexDir(trained.dir));
    browser = await openBrowserApp(await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, varDir: join(root, 'var') }));
    ({ base, page } = browser);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the most similar catalog products and their categories under the prediction', async () => {
    await page.goto(`${base}/#/classify`);
    await page.getByLabel('Title').fill('console manette ps4 xbox');
    const list = page.getByRole('list', { name: 'Similar catalog products' });
    await list.locator('li').first().waitFor();
    const expected = (await (await fetch(`${base}/api/similar`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'console manette ps4 xbox', k: 5 }) })).json()) as SimilarResponse;
    const shown = await list.locator('li').allTextContents();
    expect(shown).toHaveLength(5);
    expected.neighbours.forEach((n, i) => {
      expect(shown[i]).toContain(n.title);
      expect(shown[i]).toContain(n.categoryName!);
    });
    expect(shown[0]).toContain(taxonomy.nameOf(60));
    await shot('similar-1-classify');
  });

  it('searches the catalog by words, within a category when one is picked', async () => {
    await page.goto(`${base}/#/search`);
    await page.getByLabel('Search the catalog').fill('piscine pompe filtre');
    const results = page.getByRole('list', { name: 'Catalog products found' });
    await results.locator('li').first().waitFor();
    expect(await results.locator('li').first().textContent()).toContain(taxonomy.nameOf(2583));
    await page.getByLabel('Only in category').selectOption({ label: taxonomy.nameOf(1560) });
    await expect.poll(async () => (await results.locator('li').allTextContents()).every((t) => t.includes(taxonomy.nameOf(1560))), { timeout: 10_000 }).toBe(true);
    expect(await results.locator('li').count()).toBeGreaterThan(0);
    await shot('similar-2-search');
  });

  it('searches by a dropped photo, by the photo with words, and by words over photos', async () => {
    await page.goto(`${base}/#/search`);
    await page.reload();
    await page.getByLabel('Product photo').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: await pngImage(40, 40, COLOURS[2583]) });
    const results = page.getByRole('list', { name: 'Catalog products found' });
    await results.locator('li').first().waitFor();
    const shown = await results.locator('li').allTextContents();
    // The photos nearest a blue one are the pool products' (tiny CLIP still tells colours apart).
    expect(shown.slice(0, 3).every((t) => t.includes(taxonomy.nameOf(2583)))).toBe(true);
    await shot('similar-4-search-photo');

    // Words with the photo: ranked by both, as the API ranks them.
    await page.getByLabel('Search the catalog').fill('console manette');
    const form = new FormData();
    form.append('title', 'console manette');
    form.append('image', new Blob([await pngImage(40, 40, COLOURS[2583])], { type: 'image/png' }), 'photo.png');
    const both = (await (await fetch(`${base}/api/similar/photo?k=20&by=both`, { method: 'POST', body: form })).json()) as SimilarResponse;
    const titles = both.neighbours.map((n) => n.title);
    await expect.poll(async () => (await results.locator('li .similar-title').allTextContents()).join('|'), { timeout: 10_000 }).toBe(titles.join('|'));
    expect(titles.slice(0, 3)).not.toEqual(shown.slice(0, 3).map((t) => t.split(' — ')[0]));

    await page.reload();
    await page.getByLabel('Match the words against').selectOption('image');
    await page.getByLabel('Search the catalog').fill('a blue photo');
    await results.locator('li').first().waitFor();
    // Only products with a photo can match words against photos.
    const ids = (await (await fetch(`${base}/api/similar`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'a blue photo', by: 'image', k: 20 }) })).json()) as SimilarResponse;
    expect(ids.neighbours.length).toBe(20);
    expect(await results.locator('li').count()).toBe(ids.neighbours.length);
  });

  it('lists the offers that are one product and flags those filed under different categories', async () => {
    await page.goto(`${base}/#/duplicates`);
    const group = page.getByTestId('duplicate-group').filter({ hasText: 'Cahier Conquérant' });
    await group.waitFor();
    const text = (await group.textContent()) ?? '';
    expect(text).toContain('90001');
    expect(text).toContain('90002');
    expect(text).toContain('Filed under different categories');
    expect(text).toContain(taxonomy.nameOf(10));
    expect(text).toContain(taxonomy.nameOf(2583));
    await shot('similar-3-duplicates');
  });
});
