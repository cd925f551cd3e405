import { describe, expect, it } from 'vitest';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/rakuten-taxonomy.js';
import { trainModel, validationSplit } from '../../src/training/train-model.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';

const data = syntheticProducts(20, 9);

describe('trainModel excludeFromTraining', () => {
  it('leaves the named rows out of training only, keeps the validation rows and records the count', async () => {
    const split = validationSplit(data.labels, 0.2, 1);
    // Two training rows and one validation row: only the training ones can be left out.
    const exclude = [split.train[0], split.train[5], split.validation[0]];
    const base = { data, taxonomy: RAKUTEN_TAXONOMY, source: 'synthetic', demo: false, kind: 'naive-bayes', seed: 1, validationFraction: 0.2 };
    const all = await trainModel(base);
    const cleaned = await trainModel({ ...base, excludeFromTraining: exclude });
    expect(cleaned.card.extra.excludedSuspects).toBe(2);
    expect(cleaned.card.data!.nTrain).toBe(all.card.data!.nTrain - 2);
    expect(cleaned.card.data!.nValidation).toBe(all.card.data!.nValidation);
    expect(cleaned.card.data!.fingerprint).toBe(all.card.data!.fingerprint);
    expect(all.card.extra.excludedSuspects).toBeUndefined();
  });
});
