// Browser test: the Audit page runs an audit of the server's data, lists the misfiled products first, keeps one and
// moves another with one key each, and the move reaches the next retraining.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResponse, FeedbackListResponse, JobsResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openBrowserApp, screenshot, type BrowserApp } from '../helpers/browser-app.js';
import { CHROMIUM, chromiumAvailable } from '../helpers/chromium.js';
import { SHOP_MISFILED, trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'audit-browser-admin-token';

let base: string;
let root: string;
let page: Page;
let browser: BrowserApp | undefined;

const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`)).json()) as T;

describe.skipIf(!chromiumAvailable())(`the Audit page in ${CHROMIUM}`, () => {
  beforeAll(async () => {
    root = tempDir();
    const { dir, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop', perLeaf: 20, misfiled: SHOP_MISFILED });
    browser = await openBrowserApp(await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var'), adminToken: TOKEN }));
    ({ base, page } = browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the misfiled products first, keeps one with K and moves one with M', async () => {
    await page.goto(`${base}/#/audit`);
    await page.getByRole('button', { name: 'Audit the catalog' }).click();
    const list = page.getByTestId('audit-list');
    await list.locator('article').first().waitFor({ timeout: 120_000 });
    const firstRows = await list.locator('article').evaluateAll((cards) => cards.slice(0, 3).map((c) => c.getAttribute('data-row')));
    expect(firstRows).toContain('40');
    expect(firstRows).toContain('22');
    const moved = list.locator('article[data-row="40"]');
    expect(await moved.textContent()).toMatch(/Filed under: Toys.*suggested: Home > Kitchen > Pans/);
    expect(await list.locator('article[data-row="22"]').textContent()).toContain('same parent category');
    await screenshot(page, 'audit-page');
    const before = await list.locator('article').count();

    await list.locator('article[data-row="22"]').focus();
    await page.keyboard.press('k');
    await list.locator('article[data-row="22"]').waitFor({ state: 'detached' });
    await moved.focus();
    await page.keyboard.press('m');
    await moved.waitFor({ state: 'detached' });
    expect(await list.locator('article').count()).toBe(before - 2);

    const { jobs } = await getJson<JobsResponse>('/api/jobs?kind=audit');
    const audit = await getJson<AuditResponse>(`/api/audits/${jobs[0].id}`);
    expect(audit.suspects.find((s) => s.row === 22)!.decision).toBe('keep');
    expect(audit.suspects.find((s) => s.row === 40)!.decision).toBe('move');
    const feedback = await getJson<FeedbackListResponse>('/api/feedback');
    expect(feedback.total).toBe(1);
    expect(feedback.items[0].correctName).toBe('Pans');
    // The page opens on the same audit after a reload, without the decided suspects.
    await page.reload();
    await page.getByText(`Suspects left: ${before - 2} of ${audit.suspects.length}`).waitFor();
    expect(await list.locator('article[data-row="40"]').count()).toBe(0);
  }, 180_000);

  it('retrains from the page with the move among the products learnt', async () => {
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Retrain now' }).click();
    let job = (await getJson<JobsResponse>('/api/jobs?kind=retrain')).jobs[0];
    for (let i = 0; i < 1200 && job?.status !== 'done' && job?.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await getJson<JobsResponse>('/api/jobs?kind=retrain')).jobs[0];
    }
    expect(job.status, JSON.stringify(job)).toBe('done');
    const manifest = JSON.parse(readFileSync(join(root, 'models', job.gate!.newModelId, 'manifest.json'), 'utf8'));
    expect(manifest.card.extra.retrain.feedbackRows).toBe(1);
  }, 180_000);

  it('audits a file chosen on the page: its misfiled product first, and a file it cannot read refused with its line', async () => {
    const lines = readFileSync(join(root, 'shop.csv'), 'utf8').trim().split('\n');
    const upload = lines.map((line) => (/^p(22|40),/.test(line) ? line.replace(/,[^,]*$/, ',Home > Kitchen > Pans') : line.startsWith('p65,') ? line.replace(/,Toys$/, ',Home > Bath') : line)).join('\n');
    const picker = page.getByLabel('Audit a file…');
    await picker.setInputFiles({ name: 'spring.csv', mimeType: 'text/csv', buffer: Buffer.from(upload) });
    const list = page.getByTestId('audit-list');
    await list.locator('article[data-row="65"]').waitFor({ timeout: 120_000 });
    expect(await list.locator('article').first().getAttribute('data-row')).toBe('65');
    expect(await list.locator('article').first().textContent()).toMatch(/Filed under: (Home > )?Bath.*suggested: Toys/);
    const { jobs } = await getJson<JobsResponse>('/api/jobs?kind=audit');
    expect(jobs).toHaveLength(2);

    await picker.setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('id,title,category\nq1,lego doll nr 1,Garden\n') });
    await page.getByRole('alert').filter({ hasText: 'broken.csv:2' }).waitFor();
    expect((await getJson<JobsResponse>('/api/jobs?kind=audit')).jobs).toHaveLength(2);
  }, 180_000);
});
