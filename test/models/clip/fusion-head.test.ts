// FusionHead on toy embeddings: learns a separable problem, uses the image when the text cannot tell, early stopping and curves.

import { describe, expect, it } from 'vitest';
import { maskModality } from '../../../src/models/clip/embeddings.js';
import { FusionHead } from '../../../src/models/clip/fusion-head.js';
import { toyEmbeddings } from '../../helpers/toy-embeddings.js';

const accuracy = (pred: Int32Array, y: Int32Array) => pred.reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / y.length;

describe('FusionHead', () => {
  const train = toyEmbeddings(300, 4, 12, 1);
  const test = toyEmbeddings(120, 4, 12, 1);

  it('learns a separable toy problem, from the image where the text is ambiguous', async () => {
    const head = await new FusionHead({ seed: 3, maxEpochs: 25, learningRate: 3e-3 }).fit(train.e, train.y);
    expect(accuracy(head.predict(test.e), test.y)).toBeGreaterThan(0.97);
    // With the image hidden, only the informative half of the texts can be right.
    const textOnly = accuracy(head.predict(maskModality(test.e, 'image')), test.y);
    expect(textOnly).toBeGreaterThan(0.45);
    expect(textOnly).toBeLessThan(0.8);
  });

  it('records loss and F1 curves per epoch and keeps the best epoch', async () => {
    const head = await new FusionHead({ seed: 3, maxEpochs: 40, patience: 3, learningRate: 3e-3 }).fit(train.e, train.y);
    const h = head.history;
    expect(h.length).toBeGreaterThan(1);
    expect(h[h.length - 1].trainLoss).toBeLessThan(h[0].trainLoss);
    expect(h.every((r) => r.validationWeightedF1 !== null && r.validationLoss !== null)).toBe(true);
    const bestF1 = Math.max(...h.map((r) => r.validationWeightedF1!));
    expect(h[head.bestEpoch - 1].validationWeightedF1).toBe(bestF1);
    expect(h.length - head.bestEpoch).toBeLessThanOrEqual(3);
  });

  it('rejects embeddings of another size and bad hyperparameters', async () => {
    const head = await new FusionHead({ seed: 3, maxEpochs: 2 }).fit(train.e, train.y);
    const other = toyEmbeddings(10, 4, 8, 2);
    expect(() => head.predictProba(other.e)).toThrow(/fitted on 24 features/);
    expect(() => new FusionHead({ dropout: 1 })).toThrow(/"dropout" must be a number >= 0 and < 1, got 1/);
    expect(() => new FusionHead({ hiddenSize: 0 })).toThrow(/hiddenSize/);
  });
});
