// Browser tests (playwright-core driving Debian's chromium): the page as an operator uses it, against a real server.

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackListResponse, HealthResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp, type AppOptions } from '../../src/serving/app.js';
import { trainSeparableModel } from '../helpers/demo-model.js';
import { pngImage } from '../helpers/images.js';
import { openBrowserPage, screenshot } from '../helpers/browser-app.js';
import { CHROMIUM, chromiumAvailable } from '../helpers/chromium.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'browser-admin-token';

let options: AppOptions;
let app: FastifyInstance;
let port = 0;
let base: string;
let context: BrowserContext;
let page: Page;
let closeBrowser: (() => Promise<void>) | undefined;

async function startServer(): Promise<void> {
  app = await buildApp(options);
  base = await app.listen({ port, host: '127.0.0.1' });
  port = Number(new URL(base).port);
}

const shot = (name: string) => screenshot(page, name);

describe.skipIf(!chromiumAvailable())(`web page in ${CHROMIUM}`, () => {
  beforeAll(async () => {
    const root = tempDir();
    const trained = await trainSeparableModel(root);
    options = { model: trained.model, card: trained.card, modelDir: trained.dir, varDir: join(root, 'var'), adminToken: TOKEN, preferRegistry: true };
    await startServer();
    ({ context, page, close: closeBrowser } = await openBrowserPage());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await app?.close();
  });

  it('classifies a product with a photo, takes a correction that survives a restart, retrains and shows the new model active', async () => {
    await page.goto(`${base}/#/classify`);
    await expect.poll(() => page.getByText('Demo model').count()).toBe(1);
    await page.getByLabel('Title').fill('Console PS4 avec manette');
    const results = page.getByRole('list', { name: 'Most likely categories' });
    await results.locator('li').first().waitFor();
    expect(await results.locator('li').first().textContent()).toContain('Game consoles');
    expect(await page.getByTestId('confidence').textContent()).toMatch(/Confident|Fairly sure|Unsure/);
    expect(await page.getByTestId('highlighted').locator('mark').allTextContents()).toContain('Console');

    await page.getByLabel('Product photo').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: await pngImage(120, 90) });
    await page.getByRole('img', { name: 'Preview of the product photo' }).waitFor();
    await page.getByText('the photo is kept for review and retraining').waitFor();
    await shot('1-classify-with-photo');

    await page.getByRole('button', { name: 'This is wrong' }).click();
    // The picker searches names and paths as you type (accents and case ignored), then takes a match.
    await page.getByLabel('Correct category').fill('used bo');
    await page.getByRole('option', { name: /Used books/ }).click();
    await page.getByText('Chosen: Used books').waitFor();
    await page.getByRole('button', { name: 'Send the correction' }).click();
    await page.getByText('Saved: Used books.').waitFor();
    const feedback = (await (await fetch(`${base}/api/feedback`)).json()) as FeedbackListResponse;
    expect(feedback.items[0]).toMatchObject({ designation: 'Console PS4 avec manette', correctCode: 10, predictedCode: 60 });
    expect(feedback.items[0].imageUrl).not.toBeNull();

    await app.close();
    await startServer();
    await page.goto(`${base}/#/review`);
    const recent = page.getByTestId('recent-feedback');
    await recent.waitFor();
    expect(await recent.textContent()).toContain('Console PS4 avec manette');
    expect(await recent.textContent()).toContain('Used books');
    await shot('2-review-after-restart');

    const before = ((await (await fetch(`${base}/api/health`)).json()) as HealthResponse).model;
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Retrain now' }).click();
    const gate = page.getByTestId('gate');
    await gate.waitFor({ timeout: 60_000 });
    expect(await gate.textContent()).toMatch(/Gate: weighted F1 1\.0000 \(.+\) → 1\.0000 \(.+\) on \d+ validation rows.*Passed: .+ is now active/);
    const after = ((await (await fetch(`${base}/api/health`)).json()) as HealthResponse).model;
    expect(after).not.toBe(before);
    await expect.poll(async () => page.getByTestId('active-model').textContent()).toContain(after);
    await shot('3-retrained');
  });

  it('works from the keyboard in Review, runs a batch, and works on a phone-sized screen in French', async () => {
    const res = await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ designation: 'lot neuf noir' }) });
    const predicted = (await res.json()) as PredictResponse;
    await page.goto(`${base}/#/review`);
    await page.getByLabel('Show predictions below this confidence').fill('1');
    const card = page.getByRole('article', { name: 'lot neuf noir' });
    await card.waitFor();
    await shot('4-review-queue');
    await card.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    await card.waitFor({ state: 'detached' });
    const feedback = (await (await fetch(`${base}/api/feedback`)).json()) as FeedbackListResponse;
    expect(feedback.items[0]).toMatchObject({ predictionId: predicted.predictionId, accepted: true });

    await page.goto(`${base}/#/batch`);
    const csv = ',designation,description,productid,imageid\n0,Console PS4 manette,,1,2\n1,piscine intex,,3,4\n2,"broken\n';
    await page.getByLabel('Products CSV').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Classify the file' }).click();
    await page.getByRole('link', { name: 'Download the result CSV' }).waitFor();
    expect(await page.getByRole('status').first().textContent()).toMatch(/Done: 2 rows/);
    expect(await page.getByRole('list', { name: 'Rows per category' }).textContent()).toContain('Pool & spa');
    await shot('5-batch');
    // A file whose title column has no usual name: the Columns field maps it.
    await page.getByLabel('Columns, optional').fill('title=wording');
    await page.getByLabel('Products CSV').setInputFiles({ name: 'offers.csv', mimeType: 'text/csv', buffer: Buffer.from('ref,wording\nr1,piscine intex\n') });
    await page.getByRole('button', { name: 'Classify the file' }).click();
    await page.getByText(/Done: 1 rows/).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/#/classify`);
    await page.getByLabel('Title').fill('piscine intex bâche');
    await page.getByRole('list', { name: 'Most likely categories' }).locator('li').first().waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('fr');
    await page.getByRole('link', { name: 'Classer' }).waitFor();
    expect(await page.getByRole('list', { name: 'Catégories les plus probables' }).locator('li').first().textContent()).toContain('Piscine & spa');
    await shot('6-phone-french');
  });

  it('takes the admin token from the link npm start prints, keeps it for the tab and strips it from the address', async () => {
    const tab = await context.newPage();
    try {
      await tab.goto(`${base}/?token=${TOKEN}#/review`);
      // By id: the tab before left the page in French.
      const field = tab.locator('#admin-token');
      await field.waitFor();
      expect(await field.inputValue()).toBe(TOKEN);
      expect(tab.url()).not.toContain('token=');
      expect(tab.url()).toMatch(/#\/review$/);
      expect(await tab.evaluate<string | null>("sessionStorage.getItem('prodclass.adminToken')")).toBe(TOKEN);
    } finally {
      await tab.close();
    }
  });
});
