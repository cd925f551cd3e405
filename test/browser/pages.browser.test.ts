// Browser tests of the Explore and Models pages on the shared Rakuten sample: the charts' numbers against the API, a category and a confusion cell clicked through, the report downloaded.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImageIndex } from '../../src/data/image-index.js';
import { releaseSharedEncoders } from '../../src/models/clip/encoder-registry.js';
import { loadModel, saveModel } from '../../src/models/model-store.js';
import type { DatasetAnalysis, ExploreCategoryResponse, ModelDetails, ModelsSummaryResponse, ReviewResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainModel } from '../../src/training/train-model.js';
import { writeImageCatalog } from '../helpers/image-catalog.js';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { TINY_CLIP, useTinyClipOffline } from '../helpers/tiny-clip.js';
import { openBrowserApp, screenshot, type BrowserApp } from '../helpers/browser-app.js';
import { BROWSER_ARTIFACTS, chromiumAvailable } from '../helpers/chromium.js';
import { tempDir } from '../helpers/tmp.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';

/** 4,640 real products with 448 photos, read-only: read in place, never copied. */
const SAMPLE = process.env.PRODCLASS_SAMPLE ?? join(REPO_ROOT, '..', 'shared', 'data', 'rakuten-sample');

let base: string;
let page: Page;
let browser: BrowserApp | undefined;
let modelsDir: string;
const renderTimes: Record<string, number[]> = {};

const shot = (name: string) => screenshot(page, name);
const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`)).json()) as T;

/** The numbers table of a chart: each row's cells as text, and their data-value where they have one. */
async function numbers(testId: string): Promise<{ text: string[]; values: (string | null)[] }[]> {
  return page.getByTestId(testId).locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')];
      return { text: cells.map((c) => c.textContent ?? ''), values: cells.map((c) => c.getAttribute('data-value')) };
    }),
  );
}

/** The page's render measures (data received → painted), waiting for the first one; logged, never asserted on. */
async function renderTime(name: string): Promise<number> {
  await expect.poll(() => page.evaluate((n) => performance.getEntriesByName(n).length, name), { timeout: 20_000 }).toBeGreaterThan(0);
  const [render, ready] = await page.evaluate((n) => [n, n.replace(/:render$/, ':ready')].map((m) => performance.getEntriesByName(m).at(-1)!.duration), name);
  (renderTimes[name] ??= []).push(render);
  (renderTimes[name.replace(/:render$/, ':ready')] ??= []).push(ready);
  console.log(`${name}: ${render.toFixed(0)} ms from data to painted, ${ready.toFixed(0)} ms from opening the page`);
  return render;
}

describe.skipIf(!chromiumAvailable() || !existsSync(join(SAMPLE, 'X_train_update.csv')))(`Explore and Models pages on ${SAMPLE}`, () => {
  beforeAll(async () => {
    mkdirSync(BROWSER_ARTIFACTS, { recursive: true });
    useTinyClipOffline();
    const root = tempDir();
    modelsDir = join(root, 'models');
    const cli = async (args: string[]) => {
      const result = await runCli(args);
      expect(result.code, result.stderr).toBe(0);
    };
    await Promise.all([
      cli(['train', '--data', SAMPLE, '--model', 'text-linear', '--out', join(modelsDir, 'text-linear')]),
      cli(['train', '--data', SAMPLE, '--model', 'naive-bayes', '--out', join(modelsDir, 'naive-bayes')]),
    ]);
    // A tuning history beside the naive Bayes model, and a neural model for training curves (tiny CLIP, its own small catalog).
    await cli(['tune', '--data', SAMPLE, '--model', 'naive-bayes', '--trials', '3', '--cv', '2', '--out', join(root, 'best.json'), '--log', join(modelsDir, 'naive-bayes', 'tune-log.json')]);
    const catalog = await writeImageCatalog(join(root, 'photos'), { perClass: 20, ambiguous: 0.6 });
    const clip = await trainModel({
      data: catalog,
      taxonomy: RAKUTEN_TAXONOMY,
      source: catalog.dir,
      demo: false,
      images: await buildImageIndex(catalog.dir, { train: catalog.products }),
      kind: 'clip-fusion',
      params: { clip: { model: TINY_CLIP, nJobs: 1 }, head: { learningRate: 0.01, maxEpochs: 12 } } as never,
      seed: 7,
      validationFraction: 0.25,
    });
    await saveModel(join(modelsDir, 'clip-fusion'), clip.model, clip.card, RAKUTEN_TAXONOMY);

    // As `prodclass serve --model models/text-linear` starts it: no --data, so it explores the data the model was trained on.
    const served = await loadModel(join(modelsDir, 'text-linear'));
    const app = await buildApp({ model: served.model, card: served.card, modelDir: served.dir, varDir: join(root, 'var'), analyzeOnStart: true });
    browser = await openBrowserApp(app, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    ({ base, page } = browser);
  }, 400_000);

  afterAll(async () => {
    writeFileSync(join(BROWSER_ARTIFACTS, 'render-times.json'), `${JSON.stringify(renderTimes, null, 2)}\n`);
    await browser?.close();
    await releaseSharedEncoders();
  });

  it('Explore: the charts show the analysis numbers, and a click on a category shows its word cloud, titles and photos', async () => {
    const analysis = await getJson<DatasetAnalysis>('/api/explore?wait=60');
    // The server names its data folder by its own name, never by its absolute path.
    expect(analysis.data).toMatchObject({ source: basename(SAMPLE), products: 4640 });
    await page.goto(`${base}/#/explore`);
    await page.getByTestId('class-chart').locator('svg').waitFor();
    await renderTime('prodclass:explore:render');

    const present = analysis.categories.filter((c) => c.count > 0).sort((a, b) => b.count - a.count || a.code - b.code);
    const classes = await numbers('class-chart-numbers');
    expect(classes.map((r) => r.text[0])).toEqual(present.map((c) => c.nameEn));
    expect(classes.map((r) => Number(r.values[1]))).toEqual(present.map((c) => c.count));
    // The bars themselves: the largest category's name and count are drawn in the chart.
    const chartTexts = await page.getByTestId('class-chart').locator('svg text').allTextContents();
    expect(chartTexts).toContain(present[0].nameEn);
    expect(chartTexts).toContain(present[0].count.toLocaleString('en-US'));
    expect(await page.getByTestId('figure-products').locator('dd').textContent()).toBe('4,640');

    const missing = await numbers('missing-chart-numbers');
    const byMissing = [...present].sort((a, b) => b.withoutDescriptionShare - a.withoutDescriptionShare || a.code - b.code);
    expect(missing.map((r) => Number(r.values[1]))).toEqual(byMissing.map((c) => c.withoutDescriptionShare));
    const designation = await numbers('designation-lengths-numbers');
    const h = analysis.lengths.designation.overall.histogram;
    expect(designation.map((r) => Number(r.values[1]))).toEqual(h.overflow > 0 ? [...h.counts, h.overflow] : h.counts);
    expect(designation.reduce((s, r) => s + Number(r.values[1]), 0)).toBe(4640);
    const languages = await numbers('language-chart-numbers');
    expect(languages.map((r) => Number(r.values[1]))).toEqual(analysis.languages.overall.map((l) => l.share));
    if (analysis.duplicates.conflictPairs.length > 0) {
      expect(Number((await numbers('conflict-pairs'))[0].values[1])).toBe(analysis.duplicates.conflictPairs[0].groups);
    }
    await shot('explore-1-overview');

    // The largest category with sample photos whose name fits its axis label: click the label in the chart.
    const withPhotos = new Set(analysis.samples.filter((s) => s.images.length >= 3).map((s) => s.code));
    const target = present.find((c) => withPhotos.has(c.code) && c.nameEn.length <= 18)!;
    const detail = await getJson<ExploreCategoryResponse>(`/api/explore/categories/${target.code}`);
    await page.getByTestId('class-chart').locator('svg text').filter({ hasText: new RegExp(`^${target.nameEn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).click();
    const panel = page.getByTestId('category-detail');
    await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent()).toBe(`${target.nameEn} (${target.code})`);
    const cloud = panel.getByTestId('word-cloud');
    await expect.poll(() => cloud.locator('svg text').count()).toBeGreaterThan(5);
    expect(await cloud.locator('svg text').allTextContents()).toContain(detail.words[0].term);
    expect((await numbers('word-cloud-numbers')).map((r) => r.text[0])).toEqual(detail.words.map((w) => w.term));
    expect(await panel.getByTestId('sample-titles').locator('li').allTextContents()).toEqual(detail.titles.map((p) => p.designation));
    const photos = panel.getByTestId('sample-images').locator('img');
    expect(await photos.count()).toBe(detail.images.length);
    await photos.first().scrollIntoViewIfNeeded();
    await expect.poll(() => photos.first().evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth > 0; })).toBe(true);
    expect(await photos.first().getAttribute('alt')).toBe(detail.images[0].designation);
    await page.waitForFunction("[...document.querySelectorAll('[data-testid=sample-images] img')].every((img) => img.complete)");
    await panel.screenshot({ path: join(BROWSER_ARTIFACTS, 'explore-2-category.png') });
  });

  it('Models: metrics match the model cards, the precision–coverage numbers, a confusion cell opens its products, curves and tuning', async () => {
    const summary = await getJson<ModelsSummaryResponse>('/api/models/summary');
    await page.goto(`${base}/#/models`);
    await page.getByTestId('models-table').waitFor();
    await renderTime('prodclass:models:render');

    const card = (kind: string) => JSON.parse(readFileSync(join(modelsDir, kind, 'manifest.json'), 'utf8')).card;
    const rows = await numbers('models-table');
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const kind = row.text[1];
      const validation = card(kind).metrics.validation;
      expect(Number(row.values[2]), kind).toBe(validation.weightedF1);
      expect(Number(row.values[3]), kind).toBe(validation.macroF1);
      expect(Number(row.values[4]), kind).toBe(validation.accuracy);
      expect(Number(row.values[5]), kind).toBe(card(kind).trainingSeconds);
      expect(Number(row.values[7]), kind).toBeGreaterThan(0); // latency measured
    }
    expect(rows.map((r) => Number(r.values[2]))).toEqual([...rows.map((r) => Number(r.values[2]))].sort((a, b) => b - a));

    // The active model (text-linear) in detail: precision–coverage from its card, and the Review queue's threshold.
    const active = summary.models.find((m) => m.active)!;
    expect(active.kind).toBe('text-linear');
    const targets = card('text-linear').extra.precisionCoverage.targets as { precision: number; threshold: number | null; coverage: number }[];
    const shown = await numbers('precision-targets');
    expect(shown.map((r) => Number(r.values[0]))).toEqual([0.9, 0.95, 0.98]);
    expect(shown.map((r) => (r.values[1] === null ? null : Number(r.values[1])))).toEqual(targets.map((t) => t.threshold));
    expect(shown.map((r) => Number(r.values[2]))).toEqual(targets.map((t) => (t.threshold === null ? 0 : t.coverage)));
    const review = await getJson<ReviewResponse>('/api/review');
    const at95 = targets.find((t) => t.precision === 0.95)!.threshold!;
    expect(review.defaultThreshold).toBe(at95);
    // The page writes the threshold to 3 decimals without trailing zeros (0.73 for 0.730): read it back as a number.
    const firstNumber = async (testId: string) => Number(/\d+\.\d+/.exec((await page.getByTestId(testId).textContent()) ?? '')?.[0]);
    expect(await firstNumber('review-threshold')).toBeCloseTo(at95, 3);
    expect(await firstNumber('review-policy')).toBeCloseTo(at95, 3);
    const f1 = await numbers('per-class-f1-numbers');
    expect(f1.map((r) => Number(r.values[1]))).toEqual([...active.perClass].sort((a, b) => b.f1 - a.f1 || a.code - b.code).map((c) => c.f1));
    await shot('models-1-overview');

    // Click the heatmap cell of the largest confusion.
    const top = active.topConfusions[0];
    await clickConfusionCell(active, top.truth, top.predicted);
    const names = (code: number) => active.confusion!.namesEn[active.confusion!.labels.indexOf(code)];
    const products = page.getByTestId('misclassified');
    await expect.poll(() => products.getByRole('heading').textContent()).toBe(`${names(top.truth)} taken for ${names(top.predicted)}: ${top.count} products`);
    const expected = active.misclassified.filter((m) => m.truth === top.truth && m.predicted === top.predicted);
    expect(expected.length).toBeGreaterThan(0);
    const items = await products.locator('li').allTextContents();
    expect(items).toHaveLength(expected.length);
    expected.forEach((m, i) => expect(items[i]).toContain(m.designation!));
    await page.getByTestId('confusion-chart').screenshot({ path: join(BROWSER_ARTIFACTS, 'models-2-confusion.png') });

    await page.getByLabel('Model to look at').selectOption({ label: `${summary.models.find((m) => m.kind === 'naive-bayes')!.id} (naive-bayes)` });
    expect(await numbers('tune-history-numbers')).toHaveLength(3);
    const clip = summary.models.find((m) => m.kind === 'clip-fusion')!;
    await page.getByLabel('Model to look at').selectOption(clip.id);
    const curves = await numbers('training-curves-numbers');
    expect(curves.map((r) => Number(r.text[0]))).toEqual(clip.curves!.epochs);
    await page.getByTestId('training-curves').locator('svg').waitFor();
    await shot('models-3-neural');
  });

  it('downloads the report, and works on a phone-sized screen in French', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the report (HTML)' }).click()]);
    expect(download.suggestedFilename()).toBe('prodclass-report-en.html');
    const file = join(BROWSER_ARTIFACTS, 'report.html');
    await download.saveAs(file);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('4,640');
    for (const kind of ['text-linear', 'naive-bayes', 'clip-fusion']) expect(html).toContain(kind);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/#/explore`);
    await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('fr');
    await page.getByRole('heading', { name: 'Produits par catégorie' }).waitFor();
    await page.getByLabel('Catégorie à regarder').selectOption('2583');
    await page.getByTestId('word-cloud').locator('svg text').first().waitFor();
    expect(await page.getByTestId('category-detail').getByRole('heading', { level: 2 }).textContent()).toBe('Piscine & spa (2583)');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('explore-3-phone-french');
    await page.goto(`${base}/#/models`);
    await page.getByTestId('confusion-chart').locator('svg').waitFor();
    expect(await page.getByTestId('confusion-chart').locator('figcaption').textContent()).toContain('Matrice de confusion');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('models-4-phone-french');
    await renderTime('prodclass:models:render');
  });
});

/** Clicks the heatmap cell (truth row, predicted column) where the chart draws it: its plot margins are fixed (data-grid). */
async function clickConfusionCell(model: ModelDetails, truth: number, predicted: number): Promise<void> {
  const grid = page.getByTestId('confusion-chart').locator('[data-grid]');
  await grid.scrollIntoViewIfNeeded();
  const [left, top, right, bottom] = (await grid.getAttribute('data-grid'))!.split(',').map(Number);
  const box = (await grid.boundingBox())!;
  const n = model.confusion!.labels.length;
  const row = model.confusion!.labels.indexOf(truth);
  const column = model.confusion!.labels.indexOf(predicted);
  const cellWidth = (box.width - left - right) / n;
  const cellHeight = (box.height - top - bottom) / n;
  await page.mouse.click(box.x + left + (column + 0.5) * cellWidth, box.y + top + (row + 0.5) * cellHeight);
}
