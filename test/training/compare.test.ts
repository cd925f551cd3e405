import { describe, expect, it } from 'vitest';
import '../../src/models/registrations.js';
import { stratifiedKFold } from '../../src/data/splits.js';
import { compareModels, formatComparisonTable } from '../../src/training/compare.js';
import { crossValidate, PrefixCache } from '../../src/training/cross-validate.js';
import { productInputs } from '../../src/training/train-model.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';

const data = syntheticProducts(12, 4);

describe('crossValidate', () => {
  it('gives the same scores with cached transformer steps as with whole-pipeline fits', async () => {
    const inputs = productInputs(data.products);
    const folds = stratifiedKFold(data.labels, 3, 2);
    const plain = await crossValidate({ kind: 'logreg', seed: 1, inputs, labels: data.labels, folds });
    const cache = new PrefixCache();
    const cached = await crossValidate({ kind: 'logreg', seed: 1, inputs, labels: data.labels, folds, cache });
    const again = await crossValidate({ kind: 'logreg', params: { classifier: { C: 1 } }, seed: 1, inputs, labels: data.labels, folds, cache });
    expect(cached.map((r) => r.weightedF1)).toEqual(plain.map((r) => r.weightedF1));
    expect(again.map((r) => r.weightedF1)).toEqual(plain.map((r) => r.weightedF1));
    expect(cache.size).toBe(3);
  });

  it('stops when onFold says so', async () => {
    const inputs = productInputs(data.products);
    const folds = stratifiedKFold(data.labels, 3, 2);
    const results = await crossValidate({ kind: 'naive-bayes', seed: 1, inputs, labels: data.labels, folds, onFold: () => false });
    expect(results).toHaveLength(1);
  });
});

describe('compareModels', () => {
  it('scores every kind on the same folds with F1, accuracy, times and size, ranked', async () => {
    const report = await compareModels({ kinds: ['naive-bayes', 'random-forest'], data, source: 'synthetic', cv: 2, seed: 3, params: { 'random-forest': { classifier: { nEstimators: 10, nJobs: 1 } } } });
    expect(report.models.map((m) => m.kind)).toEqual(['naive-bayes', 'random-forest']);
    for (const m of report.models) {
      expect(m.folds).toHaveLength(2);
      expect(m.mean.weightedF1).toBeGreaterThan(0.5);
      expect(m.mean.modelBytes).toBeGreaterThan(1000);
      expect(m.mean.fitSeconds).toBeGreaterThan(0);
      expect(m.folds[0].n + m.folds[1].n).toBe(data.labels.length);
    }
    expect(report.ranking).toHaveLength(2);
    const table = formatComparisonTable(report);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toContain('weighted F1');
    await expect(compareModels({ kinds: ['nope'], data, source: 's', cv: 2, seed: 1 })).rejects.toMatchObject({ code: 'MODEL_UNKNOWN_KIND' });
  });
});
