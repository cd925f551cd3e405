import { describe, expect, it } from 'vitest';
import '../../src/models/registrations.js';
import { modelKind } from '../../src/models/model-kinds.js';
import { outOfFoldPredictions, productGroups } from '../../src/training/out-of-fold.js';
import { pick, pickLabels, productInputs } from '../../src/training/train-model.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';

const data = syntheticProducts(15, 7);
const inputs = productInputs(data.products);

describe('productGroups', () => {
  it('gives copies of one title (case, accents, punctuation, word order aside) one id, and every other row its own', () => {
    const text = (designation: string) => ({ designation, description: '' });
    const ids = productGroups([text('Lampe de chevet LED'), text('led, LAMPE chevet de'), text('Lampe de chevet'), text('!!!'), text('...')]);
    expect(ids[0]).toBe(ids[1]);
    expect(new Set(ids).size).toBe(4);
  });
});

describe('outOfFoldPredictions', () => {
  it('scores each row with the fold model that held it out, exactly as that model alone would', async () => {
    const oof = await outOfFoldPredictions({ kind: 'naive-bayes', seed: 3, inputs, labels: data.labels, folds: 3 });
    expect(oof.proba.rows).toBe(data.labels.length);
    expect([...oof.classes]).toEqual([10, 60, 1560, 2583]);
    const fold = oof.folds[1];
    const model = modelKind('naive-bayes').create({ seed: 3 });
    await model.fit(pick(inputs, fold.train), pickLabels(data.labels, fold.train));
    const alone = await model.predictProba(pick(inputs, fold.validation));
    fold.validation.forEach((row, i) => {
      expect(oof.foldOf[row]).toBe(1);
      const cols = Array.from(model.classes, (c) => oof.classes.indexOf(c));
      cols.forEach((col, j) => expect(oof.proba.get(row, col)).toBeCloseTo(alone.get(i, j), 6));
    });
    // Separable vocabulary: the held-out predictions are mostly right.
    const right = oof.proba.argmaxRows().filter((j, row) => oof.classes[j] === data.labels[row]).length;
    expect(right / data.labels.length).toBeGreaterThan(0.8);
  });

  it('keeps copies of one product in one fold', async () => {
    const products = data.products.map((p, i) => (i % 10 === 0 ? { ...p, designation: data.products[0].designation } : p));
    const labels = Int32Array.from(data.labels, (l, i) => (i % 10 === 0 ? data.labels[0] : l));
    const oof = await outOfFoldPredictions({ kind: 'naive-bayes', seed: 1, inputs: productInputs(products), labels, folds: 3 });
    const copies = [...labels.keys()].filter((i) => i % 10 === 0);
    expect(new Set(copies.map((i) => oof.foldOf[i])).size).toBe(1);
  });
});

describe('outOfFoldPredictions onFold', () => {
  it('hands over each fold model with the rows it held out, and that model predicts them as the result says', async () => {
    const seen: { fold: number; row: number; p: number }[] = [];
    const oof = await outOfFoldPredictions({
      kind: 'naive-bayes',
      seed: 4,
      inputs,
      labels: data.labels,
      folds: 3,
      onFold: async (fold, model, split) => {
        const row = split.validation[0];
        const proba = await model.predictProba(pick(inputs, [row]));
        seen.push({ fold, row, p: proba.get(0, 0) });
      },
    });
    expect(seen.map((s) => s.fold)).toEqual([0, 1, 2]);
    for (const { fold, row, p } of seen) {
      expect(oof.foldOf[row]).toBe(fold);
      expect(oof.proba.get(row, 0)).toBeCloseTo(p, 6);
    }
  });
});
