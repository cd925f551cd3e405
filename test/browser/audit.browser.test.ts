// Browser test: the Audit page runs an audit of the server's data, lists the misfiled products first, keeps one and
// moves another with one key each, and the move reaches the next retraining.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/data/load-catalog.js';
import { saveModel } from '../../src/models/model-store.js';
import type { AuditResponse, FeedbackListResponse, JobsResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainModel } from '../../src/training/train-model.js';
import { BROWSER_ARTIFACTS, CHROMIUM, chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'audit-browser-admin-token';
const LEAVES: Array<[string, string[]]> = [
  ['Home > Kitchen > Knives', ['blade', 'chef', 'forged', 'paring']],
  ['Home > Kitchen > Pans', ['skillet', 'nonstick', 'wok', 'saute']],
  ['Home > Bath', ['towel', 'cotton', 'bathrobe', 'absorbent']],
  ['Toys', ['puzzle', 'jigsaw', 'lego', 'doll']],
];
// A pan filed among the toys, another among the knives.
const MISFILED: Record<string, string> = { p40: 'Toys', p22: 'Home > Kitchen > Knives' };

let app: FastifyInstance;
let base: string;
let root: string;
let context: BrowserContext;
let page: Page;
let closeBrowser: (() => Promise<void>) | undefined;

const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`)).json()) as T;

describe.skipIf(!chromiumAvailable())(`the Audit page in ${CHROMIUM}`, () => {
  beforeAll(async () => {
    mkdirSync(BROWSER_ARTIFACTS, { recursive: true });
    root = tempDir();
    const rows = ['id,title,category'];
    let n = 0;
    for (const [path, words] of LEAVES) {
      for (let i = 0; i < 20; i++) {
        const id = `p${++n}`;
        rows.push(`${id},${words[i % 4]} ${words[(i + 1) % 4]} ${words[(i + 2) % 4]} nr ${i},${MISFILED[id] ?? path}`);
      }
    }
    const file = join(root, 'shop.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const catalog = await loadCatalog(file, { requireLabels: true });
    const trained = await trainModel({ data: catalog.train, taxonomy: catalog.taxonomy, reading: catalog.reading, source: catalog.source, demo: false, kind: 'text-linear', seed: 4, validationFraction: 0.25 });
    const dir = join(root, 'models', 'shop');
    await saveModel(dir, trained.model, trained.card, trained.taxonomy);
    app = await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var'), adminToken: TOKEN });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    ({ context, close: closeBrowser } = await launchChromium({ viewport: { width: 1200, height: 900 } }));
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);

  afterAll(async () => {
    await closeBrowser?.();
    await app?.close();
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
    await page.screenshot({ path: join(BROWSER_ARTIFACTS, 'audit-page.png'), fullPage: true });
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
});
