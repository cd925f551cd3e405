import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetAnalysis } from '../../src/analysis/dataset-analysis.js';
import { loadChallengeFolder } from '../../src/data/challenge-folder.js';
import { encodePng } from '../../src/image/decode-image.js';
import { blankImage } from '../../src/image/rgb-image.js';
import { saveModel } from '../../src/models/model-store.js';
import { trainModel } from '../../src/training/train-model.js';
import { writeFixtureFolder } from '../analysis/fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';
import { tempDir } from '../helpers/tmp.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';

const root = tempDir();
const cacheDir = join(root, 'cache');
let data: string;
let modelDir: string;
let modelId: string;

beforeAll(async () => {
  const synthetic = syntheticProducts(20, 11);
  const image = await encodePng(blankImage(30, 20));
  data = writeFixtureFolder(
    synthetic.products.map((p, i) => ({ designation: p.designation, description: p.description, code: synthetic.labels[i], image: i % 10 === 0 ? image : undefined })),
    join(root, 'data'),
  );
  const folder = await loadChallengeFolder(data);
  const trained = await trainModel({ data: folder.train, taxonomy: RAKUTEN_TAXONOMY, source: folder.source, demo: false, kind: 'text-linear', seed: 1, validationFraction: 0.25 });
  modelDir = join(root, 'models', 'linear');
  modelId = trained.card.modelId;
  await saveModel(modelDir, trained.model, trained.card, RAKUTEN_TAXONOMY);
}, 120_000);

describe('prodclass explore', () => {
  it('prints the analysis as one JSON object, then reads it from the cache', async () => {
    const r = await runCli(['explore', '--data', data, '--json', '--cache-dir', cacheDir]);
    expect(r.code).toBe(0);
    const analysis = JSON.parse(r.stdout) as DatasetAnalysis;
    expect(analysis.format).toBe('prodclass-dataset-analysis');
    for (const key of ['data', 'categories', 'description', 'lengths', 'languages', 'terms', 'duplicates', 'images', 'samples', 'timings']) expect(analysis).toHaveProperty(key);
    expect(analysis.data.products).toBe(80);
    expect(analysis.categories).toHaveLength(27);
    expect(analysis.categories.find((c) => c.code === 2583)).toMatchObject({ count: 20, nameEn: 'Pool & spa', withImage: 2 });
    expect(analysis.images).toMatchObject({ withImage: 8, analysed: 8, corrupt: 0 });
    const again = await runCli(['explore', '--data', data, '--json', '--cache-dir', cacheDir]);
    expect(again.stderr).toContain('read from the cache');
    expect(JSON.parse(again.stdout)).toEqual(analysis);
  });

  it('prints a readable summary, with French names under --lang fr, and rejects another language', async () => {
    const r = await runCli(['explore', '--data', data, '--lang', 'fr', '--cache-dir', cacheDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('80 labelled products in 4 categories');
    expect(r.stdout).toContain('Piscine & spa (2583)');
    expect(r.stdout).toMatch(/Languages: fr /);
    const bad = await runCli(['explore', '--data', data, '--lang', 'de']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('INVALID_PARAM');
  });
});

describe('prodclass report', () => {
  it('writes a self-contained HTML report with the dataset and the models, and the JSON beside it', async () => {
    const out = join(root, 'out', 'report.html');
    const json = join(root, 'out', 'report.json');
    const r = await runCli(['report', '--data', data, '--models-dir', join(root, 'models'), '--out', out, '--json-out', json, '--cache-dir', cacheDir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote .*report\.html .*80 products, 1 model\(s\)/);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain(`id="model-${modelId}"`);
    expect(html).toMatch(/<img src="data:image\/jpeg;base64,/);
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.models.models[0]).toMatchObject({ id: modelId, sameData: true });
    expect(written.models.models[0].latency.singleMs.p50).toBeGreaterThan(0);
    expect(written.analysis.data.products).toBe(80);
  });

  it('fails with MODEL_NOT_FOUND for a model folder named on the command line that holds no model', async () => {
    const out = join(root, 'never.html');
    const r = await runCli(['report', '--data', data, '--models', `${modelDir},${join(root, 'nothing')}`, '--out', out, '--cache-dir', cacheDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MODEL_NOT_FOUND');
    expect(existsSync(out)).toBe(false);
  });
});
