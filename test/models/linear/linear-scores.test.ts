import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import { linearScores, linearWeights, weightsArrays, weightsFromArrays } from '../../../src/models/linear/linear-scores.js';

/** A sparse matrix with about a third of its cells set, and weights, drawn from `seed`. */
function problem(seed: number, nRows: number, nFeatures: number, nClasses: number) {
  const rng = new Rng(seed);
  const rows = Array.from({ length: nRows }, () => Array.from({ length: nFeatures }, () => (rng.next() < 0.3 ? rng.next() * 2 - 1 : 0)));
  const coef = Float32Array.from({ length: nClasses * nFeatures }, () => rng.next() * 4 - 2);
  const intercept = Float32Array.from({ length: nClasses }, () => rng.next() - 0.5);
  return { x: CsrMatrix.fromDense(rows, nFeatures), weights: linearWeights(nFeatures, intercept, { coef }) };
}

describe('linearScores', () => {
  // 1 to 9 classes: fewer than the four sums held at once, a multiple of four, and remainders.
  it.each([1, 2, 3, 4, 5, 8, 9])('gives intercept + x . w for %i classes, each sum taken in column order', (nClasses) => {
    const { x, weights } = problem(nClasses, 7, 23, nClasses);
    const scores = linearScores(x, weights);
    for (let i = 0; i < x.nRows; i++) {
      for (let k = 0; k < nClasses; k++) {
        let sum = weights.intercept[k];
        for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) sum += weights.coef[k * weights.nFeatures + x.indices[p]] * x.data[p];
        expect(scores.get(i, k)).toBe(Math.fround(sum));
      }
    }
  });

  it('scores an empty row as the intercepts', () => {
    const { weights } = problem(1, 1, 5, 3);
    const empty = CsrMatrix.fromDense([[0, 0, 0, 0, 0]], 5);
    expect(Array.from(linearScores(empty, weights).data)).toEqual(Array.from(weights.intercept));
  });

  it('gives either layout from the other, each made once', () => {
    const intercept = Float32Array.of(0, 0);
    const byClass = linearWeights(3, intercept, { coef: Float32Array.of(1, 2, 3, 4, 5, 6) }); // 2 classes x 3 features
    expect(Array.from(byClass.featureMajor)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(byClass.featureMajor).toBe(byClass.featureMajor);
    const byFeature = linearWeights(3, intercept, { featureMajor: Float32Array.of(1, 4, 2, 5, 3, 6) });
    expect(Array.from(byFeature.coef)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(byFeature.coef).toBe(byFeature.coef);
  });

  it('saves the feature-major layout and reads either, the class-major one of older folders too', () => {
    const { x, weights } = problem(5, 6, 11, 5);
    const saved = weightsArrays(weights);
    expect(saved.coefByFeature).toBe(weights.featureMajor);
    const loaded = weightsFromArrays('test', saved, 11, 5);
    const older = weightsFromArrays('test', { coef: weights.coef, intercept: weights.intercept }, 11, 5);
    expect(linearScores(x, loaded)).toEqual(linearScores(x, weights));
    expect(linearScores(x, older)).toEqual(linearScores(x, weights));
    expect(Array.from(loaded.coef)).toEqual(Array.from(weights.coef));
    expect(() => weightsFromArrays('test', { coefByFeature: saved.coefByFeature.subarray(1), intercept: weights.intercept }, 11, 5)).toThrow(/expected 5 x 11/);
  });
});
