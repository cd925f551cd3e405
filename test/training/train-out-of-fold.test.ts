import { describe, expect, it } from 'vitest';
import '../../src/models/registrations.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';
import { outOfFoldPredictions } from '../../src/training/out-of-fold.js';
import { productInputs, trainModel } from '../../src/training/train-model.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';

const data = syntheticProducts(20, 11);
const request = { data, taxonomy: RAKUTEN_TAXONOMY, source: 'synthetic', demo: false, seed: 4, validationFraction: 0 };

describe('trainModel with folds', () => {
  it('validates every row out-of-fold, stores thresholds from those predictions, and fits the saved model on every row', async () => {
    const { model, card, validation } = await trainModel({ ...request, kind: 'text-linear', folds: 4 });
    expect(card.data).toMatchObject({ nTrain: 80, nValidation: 80, split: { validationFraction: 0, seed: 4, folds: 4 } });
    expect(card.data!.validation).toMatch(/text features .* fitted once on every row/);
    expect(validation!.n).toBe(80);
    expect(validation!.probability!.ece).toBeGreaterThanOrEqual(0);
    const predictions = card.extra.validationPredictions as { fold: number[]; index: number[] };
    expect(new Set(predictions.fold)).toEqual(new Set([0, 1, 2, 3]));
    expect((card.extra.precisionCoverage as { n: number }).n).toBe(80);
    // The out-of-fold figures are the same-seed shared pass's: the card's predictions are reproducible from it.
    const oof = await outOfFoldPredictions({ kind: 'text-linear', seed: 4, inputs: productInputs(data.products), labels: data.labels, folds: 4, fitFinal: true });
    expect(oof.method).toBe('shared-features');
    expect(Array.from(oof.foldOf)).toEqual(predictions.fold);
    // The saved model learnt from every row: its own training rows come out right.
    const right = (await model.predict(productInputs(data.products))).filter((c, i) => c === data.labels[i]).length;
    expect(right).toBe(80);
  });

  it('adds extra rows to every fit but never to validation, and falls back to one fit per fold for other kinds', async () => {
    const extra = syntheticProducts(3, 99);
    const inputs = productInputs(extra.products).map((p) => ({ ...p, designation: `${p.designation} extra` }));
    const { card } = await trainModel({ ...request, kind: 'knn', folds: 3, extraTraining: { inputs, labels: extra.labels } });
    expect(card.data).toMatchObject({ nTrain: 92, nValidation: 80 });
    expect(card.data!.validation).toMatch(/the whole model fitted on each fold/);
    expect((card.extra.validationPredictions as { index: number[] }).index).toHaveLength(80);
  });

  it('refuses fewer than two folds with a clear error', async () => {
    await expect(trainModel({ ...request, kind: 'naive-bayes', folds: 1 })).rejects.toMatchObject({ code: 'INVALID_PARAM', message: /at least 2/ });
  });
});
