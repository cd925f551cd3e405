// Browser test: a catalog on a 5,000-category tree taxonomy, picked by typing and by browsing the tree.

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoriesResponse, FeedbackListResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { saveModel } from '../../src/models/model-store.js';
import { Taxonomy, type CategoryInit } from '../../src/taxonomy/index.js';
import { trainModel } from '../../src/training/train-model.js';
import { openBrowserApp, screenshot, type BrowserApp } from '../helpers/browser-app.js';
import { CHROMIUM, chromiumAvailable } from '../helpers/chromium.js';
import { tempDir } from '../helpers/tmp.js';

/** 10 top levels x 10 x 50 = 5,110 categories; the catalog uses four leaves of it, as a shop uses a standard taxonomy. */
function bigTaxonomy(): Taxonomy {
  const list: CategoryInit[] = [];
  for (let a = 0; a < 10; a++) {
    const top = a === 0 ? 'Home & Garden' : `Department ${a}`;
    list.push({ id: `d${a}`, names: { en: top }, parentId: null });
    for (let b = 0; b < 10; b++) {
      const mid = a === 0 && b === 0 ? 'Kitchen & Dining' : `Aisle ${a}.${b}`;
      list.push({ id: `d${a}-${b}`, names: { en: mid }, parentId: `d${a}` });
      for (let c = 0; c < 50; c++) {
        const leaf = a === 0 && b === 0 && c < 2 ? ['Kitchen Knives', 'Frying Pans'][c] : `Shelf ${a}.${b}.${c}`;
        list.push({ id: `d${a}-${b}-${c}`, names: { en: leaf }, parentId: `d${a}-${b}` });
      }
    }
  }
  return new Taxonomy(list, { name: 'big test taxonomy' });
}

let base: string;
let page: Page;
let browser: BrowserApp | undefined;
let taxonomy: Taxonomy;

describe.skipIf(!chromiumAvailable())(`a 5,000-category taxonomy in ${CHROMIUM}`, () => {
  beforeAll(async () => {
    const root = tempDir();
    taxonomy = bigTaxonomy();
    const leaves = ['d0-0-0', 'd0-0-1', 'd1-1-1', 'd2-2-2'].map((id) => taxonomy.byId(id)!.key);
    const words = [['knife', 'blade', 'chef'], ['pan', 'skillet', 'wok'], ['lamp', 'bulb', 'shade'], ['rope', 'knot', 'cord']];
    const products = [];
    const labels: number[] = [];
    for (let k = 0; k < leaves.length; k++) {
      for (let i = 0; i < 12; i++) {
        products.push({ index: products.length + 1, id: `p${products.length + 1}`, designation: `${words[k][i % 3]} ${words[k][(i + 1) % 3]} item ${i}`, description: '', productid: '', imageid: '' });
        labels.push(leaves[k]);
      }
    }
    const trained = await trainModel({ data: { products, labels: Int32Array.from(labels) }, taxonomy, source: 'test', demo: false, kind: 'naive-bayes', seed: 1, validationFraction: 0.25 });
    const dir = join(root, 'models', 'big');
    await saveModel(dir, trained.model, trained.card, taxonomy);
    browser = await openBrowserApp(await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var') }));
    ({ base, page } = browser);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the whole tree in /api/categories with paths and parents', async () => {
    const r = (await (await fetch(`${base}/api/categories`)).json()) as CategoriesResponse;
    expect(r.tree).toBe(true);
    expect(r.categories).toHaveLength(5110);
    const knives = r.categories.find((c) => c.id === 'd0-0-0')!;
    expect(knives.path).toEqual(['Home & Garden', 'Kitchen & Dining', 'Kitchen Knives']);
    expect(knives.parent).toBe(taxonomy.byId('d0-0')!.key);
  });

  it('predicts paths, and takes a correction picked by typing a path and by browsing the tree', async () => {
    await page.goto(`${base}/#/classify`);
    await page.getByLabel('Title').fill('chef knife blade');
    const results = page.getByRole('list', { name: 'Most likely categories' });
    await results.locator('li').first().waitFor();
    expect(await results.locator('li').first().textContent()).toContain('Kitchen Knives');
    const answer = (await (await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ designation: 'chef knife' }) })).json()) as PredictResponse;
    expect(answer.predictions[0]).toMatchObject({ id: 'd0-0-0', path: ['Home & Garden', 'Kitchen & Dining', 'Kitchen Knives'] });

    await page.getByRole('button', { name: 'This is wrong' }).click();
    const picker = page.getByLabel('Correct category');
    // Words of the path in any order narrow 5,110 categories to the one meant.
    await picker.fill('kitchen pans');
    const options = page.getByRole('listbox').getByRole('option');
    await options.first().waitFor();
    expect(await options.count()).toBe(1);
    expect(await options.first().textContent()).toContain('Frying Pans');
    await picker.press('Enter');
    await page.getByText('Chosen: Home & Garden > Kitchen & Dining > Frying Pans').waitFor();

    // The tree: expand two levels and choose a leaf instead.
    await page.getByRole('button', { name: 'Browse' }).click();
    await page.getByRole('button', { name: 'Show the categories under Department 2' }).click();
    await page.getByRole('button', { name: 'Show the categories under Aisle 2.2' }).click();
    await page.getByRole('button', { name: 'Shelf 2.2.2', exact: true }).click();
    await page.getByText('Chosen: Department 2 > Aisle 2.2 > Shelf 2.2.2').waitFor();
    await screenshot(page, 'catalog-picker');
    await page.getByRole('button', { name: 'Send the correction' }).click();
    await page.getByText('Saved: Shelf 2.2.2.').waitFor();
    const feedback = (await (await fetch(`${base}/api/feedback`)).json()) as FeedbackListResponse;
    expect(feedback.items[0]).toMatchObject({ correctCode: taxonomy.byId('d2-2-2')!.key, correctName: 'Shelf 2.2.2' });
  });
});
