// The Explore and Models routes against a real server and a real data folder: the analysis, categories, photos, the models summary and the report.

import { symlinkSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImageIndex } from '../../src/data/image-index.js';
import { releaseSharedEncoders } from '../../src/models/clip/encoder-registry.js';
import { saveModel, type LoadedModel } from '../../src/models/model-store.js';
import type {
  AnalysisPending,
  DatasetAnalysis,
  ErrorResponse,
  ExploreCategoryResponse,
  ModelsSummaryResponse,
  ReviewResponse,
} from '../../src/serving/api-types.js';
import { buildApp, type AppOptions } from '../../src/serving/app.js';
import { trainModel } from '../../src/training/train-model.js';
import { writeImageCatalog, type ImageCatalog } from '../helpers/image-catalog.js';
import { runCli } from '../helpers/run-cli.js';
import { TINY_CLIP, useTinyClipOffline } from '../helpers/tiny-clip.js';
import { tempDir } from '../helpers/tmp.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';

useTinyClipOffline();
let root: string;
let catalog: ImageCatalog;
let linear: LoadedModel & { dir: string };
let app: FastifyInstance;
let base: string;

async function train(kind: string, name: string, params: object = {}, data: ImageCatalog = catalog, source = data.dir): Promise<LoadedModel & { dir: string }> {
  const images = await buildImageIndex(data.dir, { train: data.products });
  const { model, card } = await trainModel({ data, taxonomy: RAKUTEN_TAXONOMY, source, demo: false, images, kind, params: params as never, seed: 7, validationFraction: 0.25 });
  const dir = join(root, 'models', name);
  await saveModel(dir, model, card, RAKUTEN_TAXONOMY);
  return { model, card, dir, taxonomy: RAKUTEN_TAXONOMY };
}

function options(over: Partial<AppOptions> = {}): AppOptions {
  return { model: linear.model, card: linear.card, modelDir: linear.dir, varDir: join(root, 'var'), webRoot: null, ...over };
}

async function start(over: Partial<AppOptions> = {}): Promise<void> {
  app = await buildApp(options(over));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
}

async function errorOf(res: Response): Promise<ErrorResponse & { status: number }> {
  return { status: res.status, ...((await res.json()) as ErrorResponse) };
}

const getJson = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${base}${path}`);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
};

beforeAll(async () => {
  root = tempDir();
  catalog = await writeImageCatalog(join(root, 'data'), { perClass: 20, ambiguous: 0.4, skipEvery: 4, corrupt: [5] });
  linear = await train('text-linear', 'linear');
  await train('naive-bayes', 'bayes');
  // A neural model, for its training curves (trained on the committed tiny CLIP).
  await train('clip-fusion', 'clip', { clip: { model: TINY_CLIP, nJobs: 1 }, head: { learningRate: 0.01, maxEpochs: 8 } });
  const tune = await runCli(['tune', '--model', 'naive-bayes', '--data', catalog.dir, '--trials', '3', '--cv', '2', '--out', join(root, 'best.json'), '--log', join(root, 'models', 'bayes', 'tune-log.json')]);
  expect(tune.code, tune.stderr).toBe(0);
  await start();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await releaseSharedEncoders();
});

describe('GET /api/explore', () => {
  it('answers 202 while the analysis runs, then the analysis of the folder the active model was trained on', async () => {
    const first = await fetch(`${base}/api/explore`);
    expect(first.status).toBe(202);
    expect(first.headers.get('retry-after')).toBe('1');
    const pending = (await first.json()) as AnalysisPending;
    // Folders are named relative to the server's (here the explored folder itself): never an absolute path.
    expect(pending).toMatchObject({ status: 'computing', dataDir: basename(catalog.dir) });

    const analysis = await getJson<DatasetAnalysis>('/api/explore?wait=30');
    expect(analysis).toMatchObject({ format: 'prodclass-dataset-analysis', data: { source: basename(catalog.dir), products: 60, categoriesPresent: 3 } });
    const counts = new Map<number, number>();
    for (const code of catalog.labels) counts.set(code, (counts.get(code) ?? 0) + 1);
    for (const c of analysis.categories) expect(c.count, `category ${c.code}`).toBe(counts.get(c.code) ?? 0);
    expect(analysis.images).toMatchObject({ withImage: 45, missing: 15, corrupt: 1 });
  });

  it('is computed once: the same analysis after a restart (from the disk cache), and a folder given with --data is explored instead', async () => {
    const before = await getJson<DatasetAnalysis>('/api/explore?wait=30');
    await app.close();
    await start();
    const after = await getJson<DatasetAnalysis>('/api/explore?wait=30');
    expect(after.createdAt).toBe(before.createdAt);

    const other = await writeImageCatalog(join(root, 'other'), { perClass: 4, seed: 3 });
    const explicit = await buildApp(options({ dataDir: other.dir, varDir: join(root, 'var-other') }));
    try {
      const res = await explicit.inject({ method: 'GET', url: '/api/explore?wait=30' });
      expect(res.statusCode).toBe(200);
      expect((res.json() as DatasetAnalysis).data).toMatchObject({ source: basename(other.dir), products: 12 });
    } finally {
      await explicit.close();
    }
  });

  it("gives one category's marking words, sample titles and photos, and serves only the data folder's photos", async () => {
    const pool = await getJson<ExploreCategoryResponse>('/api/explore/categories/2583');
    expect(pool.category).toMatchObject({ code: 2583, nameEn: 'Pool & spa', count: 20 });
    expect(pool.words.map((w) => w.term)).toContain('piscine');
    expect(pool.titles.length).toBeGreaterThan(0);
    expect(pool.images.length).toBeGreaterThan(0);
    const sample = pool.images[0];
    const product = catalog.products.find((p) => p.index === sample.index)!;
    expect(sample.imageUrl).toBe(`/api/explore/images/image_${product.imageid}_product_${product.productid}.jpg`);
    const photo = await fetch(`${base}${sample.imageUrl}`);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await photo.arrayBuffer()).equals(readFileSync(join(catalog.dir, 'images', 'image_train', basename(sample.imageUrl!))))).toBe(true);

    const empty = await getJson<ExploreCategoryResponse>('/api/explore/categories/10');
    expect(empty).toMatchObject({ category: { code: 10, count: 0 }, words: [], titles: [] });
    const unknown = await errorOf(await fetch(`${base}/api/explore/categories/12`));
    expect(unknown).toMatchObject({ status: 404, error: 'NOT_FOUND' });
    expect(unknown.message).toMatch(/no category 12.*2583/);
    expect(await errorOf(await fetch(`${base}/api/explore/categories/pool`))).toMatchObject({ status: 400 });

    writeFileSync(join(root, 'secret.txt'), 'not for the web');
    symlinkSync(join(root, 'secret.txt'), join(catalog.dir, 'images', 'image_train', 'image_1_product_2.jpg'));
    const link = await errorOf(await fetch(`${base}/api/explore/images/image_1_product_2.jpg`));
    expect(link).toMatchObject({ status: 400, error: 'INVALID_INPUT' });
    expect(link.message).toMatch(/link out of the data folder/);
    for (const escape of ['..%2F..%2FX_train_update.csv', '..%2F..%2F..%2Fsecret.txt', 'image_1_product_2.jpg%00.png', 'X_train_update.csv']) {
      expect(await errorOf(await fetch(`${base}/api/explore/images/${escape}`)), escape).toMatchObject({ status: 400, error: 'INVALID_INPUT' });
    }
    expect(await errorOf(await fetch(`${base}/api/explore/images/image_9_product_9.jpg`))).toMatchObject({ status: 404, error: 'NOT_FOUND' });
  });
});

describe('GET /api/models/summary', () => {
  it('summarises every registered model once: metrics from its card, latency measured once, curves, tuning, named confusions', async () => {
    const summary = await getJson<ModelsSummaryResponse>('/api/models/summary');
    expect(summary.models.map((m) => m.kind).sort()).toEqual(['clip-fusion', 'naive-bayes', 'text-linear']);
    expect(summary.data).toMatchObject({ dir: basename(catalog.dir) });
    const weighted = summary.models.map((m) => m.metrics!.weightedF1);
    expect(weighted).toEqual([...weighted].sort((a, b) => b - a));
    const lin = summary.models.find((m) => m.kind === 'text-linear')!;
    const validation = linear.card.metrics.validation as { weightedF1: number; macroF1: number; accuracy: number };
    expect(lin).toMatchObject({ id: linear.card.modelId, active: true, sameData: true, metrics: { weightedF1: validation.weightedF1, macroF1: validation.macroF1, accuracy: validation.accuracy } });
    expect(lin.latency).toMatchObject({ source: 'measured' });
    expect(lin.latency!.singleMs.p50).toBeGreaterThan(0);
    expect(lin.sizeBytes).toBeGreaterThan(1000);
    expect(lin.confusion!.namesEn).toContain('Pool & spa');
    for (const m of lin.misclassified) expect(m.designation).toBe(catalog.products.find((p) => p.index === m.index)!.designation);
    expect(lin.precisionCoverage!.targets.map((t) => t.precision)).toEqual([0.9, 0.95, 0.98]);
    expect(lin.precisionCoverage).toEqual(linear.card.extra.precisionCoverage);
    expect(summary.models.find((m) => m.kind === 'clip-fusion')!.curves!.series.map((s) => s.name)).toContain('validationWeightedF1');
    expect(summary.models.find((m) => m.kind === 'naive-bayes')!.tune!.trials).toHaveLength(3);
    expect(summary.comparison.map((r) => r.id)).toEqual(summary.models.map((m) => m.id));

    const again = await getJson<ModelsSummaryResponse>('/api/models/summary');
    expect(again.models.map((m) => m.latency)).toEqual(summary.models.map((m) => m.latency));
  });

  it("tells the Review queue's threshold: the active model's 95 %-precision threshold, which GET /api/review uses by default", async () => {
    const summary = await getJson<ModelsSummaryResponse>('/api/models/summary');
    const at95 = summary.models.find((m) => m.active)!.precisionCoverage!.targets.find((t) => t.precision === 0.95)!.threshold;
    expect(summary.reviewPrecision).toBe(0.95);
    expect(summary.reviewThreshold).toBe(at95 ?? 0.5);
    const review = await getJson<ReviewResponse>('/api/review');
    expect(review.defaultThreshold).toBe(summary.reviewThreshold);
    expect(review.threshold).toBe(summary.reviewThreshold);
  });
});

describe('GET /api/report', () => {
  it('downloads one self-contained HTML file with the data and every model, in English or French', async () => {
    const res = await fetch(`${base}/api/report`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="prodclass-report-en.html"');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<svg');
    expect(html).toContain(linear.card.modelId);
    expect(html).toContain('Pool &amp; spa');
    expect(html).toMatch(/src="data:image\/jpeg;base64,/);
    // Nothing to run and nothing to fetch: the only script element holds the numbers as JSON.
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="application/json" id="prodclass-data">']);
    expect(html).not.toMatch(/https?:\/\//);
    const fr = await (await fetch(`${base}/api/report?lang=fr&photos=false`)).text();
    expect(fr).toContain('Piscine &amp; spa');
    expect(fr).not.toContain('data:image/jpeg');
    expect(await errorOf(await fetch(`${base}/api/report?lang=de`))).toMatchObject({ status: 400 });
  });
});

describe('without data to explore', () => {
  it('says so (404 with how to fix it) for the analysis and the report, and still summarises the models', async () => {
    const orphan = await train('naive-bayes', 'orphan', {}, catalog, join(root, 'moved-away'));
    const bare = await buildApp({ model: orphan.model, card: orphan.card, modelDir: orphan.dir, modelsDir: join(root, 'orphans'), varDir: join(root, 'var-bare'), webRoot: null });
    try {
      const analysis = await bare.inject({ method: 'GET', url: '/api/explore' });
      expect(analysis.statusCode).toBe(404);
      expect(analysis.json()).toMatchObject({ error: 'DATA_NOT_FOUND' });
      expect(analysis.json().message).toMatch(/moved-away.*--data DIR/);
      expect((await bare.inject({ method: 'GET', url: '/api/explore/categories/2583' })).statusCode).toBe(404);
      expect((await bare.inject({ method: 'GET', url: '/api/explore/images/image_1_product_2.jpg' })).statusCode).toBe(404);
      expect((await bare.inject({ method: 'GET', url: '/api/report' })).json()).toMatchObject({ error: 'DATA_NOT_FOUND' });
      const summary = (await bare.inject({ method: 'GET', url: '/api/models/summary' })).json() as ModelsSummaryResponse;
      expect(summary.data).toBeNull();
      expect(summary.notes[0]).toMatch(/--data/);
      expect(summary.models[0]).toMatchObject({ id: orphan.card.modelId, latency: null, sameData: null });
    } finally {
      await bare.close();
    }
  });

  it('documents the new routes in the OpenAPI document', async () => {
    const docs = (await (await fetch(`${base}/api/docs`)).json()) as { paths: Record<string, unknown> };
    for (const path of ['/api/explore', '/api/explore/categories/{code}', '/api/explore/images/{file}', '/api/models/summary', '/api/report']) {
      expect(Object.keys(docs.paths)).toContain(path);
    }
  });
});
