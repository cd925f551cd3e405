// Late fusion weights: a useless second model gets weight 0, a helpful one more; image-only products use the image path.

import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import { fitFusionWeights, mixProbabilities, modalityPattern, type ModalityPattern } from '../../../src/models/clip/late-fusion.js';

const rng = new Rng(5);
/** Probabilities putting `right` on the true class for a share `hit` of rows, the rest spread. */
function scores(y: number[], k: number, hit: number, right: number): DenseMatrix {
  return DenseMatrix.fromRows(
    y.map((c) => {
      const target = rng.next() < hit ? c : (c + 1 + rng.int(k - 1)) % k;
      return Array.from({ length: k }, (_, j) => (j === target ? right : (1 - right) / (k - 1)));
    }),
  );
}

describe('late fusion', () => {
  const y = Array.from({ length: 200 }, (_, i) => i % 4);
  const patterns: ModalityPattern[] = y.map((_, i) => (i % 2 ? 'both' : 'textOnly'));

  it('gives a useless CLIP model weight 0: the mix is then the text model', () => {
    const text = scores(y, 4, 0.8, 0.7);
    const useless = DenseMatrix.fromRows(y.map(() => [0.25, 0.25, 0.25, 0.25]));
    const { weights, fits } = fitFusionWeights(text, useless, y, patterns);
    expect([weights.both, weights.textOnly]).toEqual([0, 0]);
    expect(fits.both.mixLogLoss).toBe(fits.both.textLogLoss);
    expect(Array.from(mixProbabilities(text, useless, patterns, weights).data)).toEqual(Array.from(text.data));
  });

  it('weighs a helpful CLIP model in, and products without text use it alone', () => {
    const text = scores(y, 4, 0.6, 0.6);
    const clip = scores(y, 4, 0.9, 0.8);
    const { weights } = fitFusionWeights(text, clip, y, patterns);
    expect(weights.both).toBeGreaterThan(0.3);
    expect(weights.imageOnly).toBe(1);
    const mixed = mixProbabilities(text, clip, ['imageOnly', 'none'], weights);
    expect(Array.from(mixed.row(0))).toEqual(Array.from(clip.row(0)));
    expect(Array.from(mixed.row(1))).toEqual(Array.from(text.row(1)));
    for (let i = 0; i < 2; i++) expect(mixed.row(i).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
  });

  it('keeps the text path for a pattern with too few held-out rows', () => {
    const few: ModalityPattern[] = y.map((_, i) => (i < 5 ? 'both' : 'textOnly'));
    const { weights, fits } = fitFusionWeights(scores(y, 4, 0.5, 0.5), scores(y, 4, 0.99, 0.9), y, few);
    expect(weights.both).toBe(0);
    expect(fits.both.rows).toBe(5);
    expect(modalityPattern(1, 0)).toBe('textOnly');
    expect(modalityPattern(0, 1)).toBe('imageOnly');
  });
});
