import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDataset, type DatasetAnalysis } from '../../src/analysis/dataset-analysis.js';
import { summarizeModels, type ModelsSummary } from '../../src/analysis/models-summary.js';
import { loadChallengeFolder } from '../../src/data/challenge-folder.js';
import { saveModel } from '../../src/models/model-store.js';
import { escapeHtml } from '../../src/report/html.js';
import { renderReport } from '../../src/report/html-report.js';
import { trainModel } from '../../src/training/train-model.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';
import { tempDir } from '../helpers/tmp.js';
import { writeFixtureFolder } from '../analysis/fixture.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';

const EVIL = '<script>alert("x")</script> Piscine <b>bleue</b> & co';
let analysis: DatasetAnalysis;
let models: ModelsSummary;
let html: string;

beforeAll(async () => {
  const data = syntheticProducts(25, 3);
  data.products[0].designation = EVIL;
  const dir = writeFixtureFolder(data.products.map((p, i) => ({ designation: p.designation, description: p.description, code: data.labels[i] })));
  const folder = await loadChallengeFolder(dir);
  analysis = await analyzeDataset({ ...folder.train, taxonomy: folder.taxonomy, source: folder.source, images: folder.images }, { samplesPerCategory: 25 });
  const trained = await trainModel({ data: folder.train, taxonomy: RAKUTEN_TAXONOMY, source: folder.source, demo: false, kind: 'text-linear', seed: 2, validationFraction: 0.2 });
  const modelDir = join(tempDir(), 'model');
  await saveModel(modelDir, trained.model, trained.card, RAKUTEN_TAXONOMY);
  models = await summarizeModels([modelDir], { data: { ...folder.train, fingerprint: analysis.data.fingerprint }, latency: { budgetMs: 20, batchSize: 8 } });
  html = renderReport({ analysis, models });
}, 120_000);

describe('renderReport', () => {
  it('is one self-contained file: no network address, no external script, style or image', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/url\(\s*['"]?(?!#)/i);
    expect(html).not.toMatch(/<img[^>]*src="(?!data:)/i);
    expect(html).not.toMatch(/<script(?![^>]*type="application\/json")/i); // no code runs: the only script is inert JSON
  });

  it('escapes text from data (titles contain markup)', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>bleue</b>');
    expect(html).toContain('&lt;b&gt;bleue&lt;/b&gt;');
  });

  it('draws the charts with the analysis numbers', () => {
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThan(10);
    expect(html).toContain('>Products per category</text>');
    for (const c of analysis.categories.filter((x) => x.count > 0)) {
      expect(html).toContain(`>${escapeHtml(c.nameEn)} (${c.code})</text>`); // the bar's axis label
      expect(html).toContain(`>${c.count}</text>`); // the bar's value label
    }
    const shares = analysis.categories.filter((c) => c.count > 0).map((c) => `${(c.withoutDescriptionShare * 100).toFixed(1)} %`);
    for (const share of shares) expect(html).toContain(`>${share}</text>`);
    expect(html).toContain(`${analysis.data.products} labelled products`);
  });

  it('compares the models with their validation figures, precision-coverage and confusions', () => {
    const m = models.models[0];
    expect(html).toContain(`id="model-${m.id}"`);
    expect(html).toContain(m.metrics!.weightedF1.toFixed(4));
    expect(html).toContain('Precision–coverage');
    expect(html).toContain('Confusion matrix');
    expect(html).toContain('Validation weighted F1 against training time');
  });

  it('embeds the analysis and models summary as inert JSON that reads back', () => {
    const json = html.match(/<script type="application\/json" id="prodclass-data">([^<]*)<\/script>/)![1];
    const data = JSON.parse(json) as { analysis: DatasetAnalysis; models: ModelsSummary };
    expect(data.analysis.categories).toEqual(analysis.categories);
    expect(data.analysis.samples.flatMap((s) => s.titles).some((p) => p.designation === EVIL)).toBe(true);
    expect(data.models.models[0].id).toBe(models.models[0].id);
  });

  it('names categories in French with lang fr, and leaves the models part out without models', () => {
    const fr = renderReport({ analysis, models: null, lang: 'fr' });
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('>Piscine &amp; spa (2583)</text>');
    expect(fr).not.toContain('id="models"');
  });
});
