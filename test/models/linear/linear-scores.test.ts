import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import { featureMajorCoef, linearScores } from '../../../src/models/linear/linear-scores.js';

/** A sparse matrix with about a third of its cells set, and weights, drawn from `seed`. */
function problem(seed: number, nRows: number, nFeatures: number, nClasses: number) {
  const rng = new Rng(seed);
  const rows = Array.from({ length: nRows }, () => Array.from({ length: nFeatures }, () => (rng.next() < 0.3 ? rng.next() * 2 - 1 : 0)));
  const coef = Float32Array.from({ length: nClasses * nFeatures }, () => rng.next() * 4 - 2);
  const intercept = Float32Array.from({ length: nClasses }, () => rng.next() - 0.5);
  return { x: CsrMatrix.fromDense(rows, nFeatures), weights: { nFeatures, coef, intercept } };
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

  it('lays coef out feature by feature, one copy per coef array', () => {
    const coef = Float32Array.from([1, 2, 3, 4, 5, 6]); // 2 classes x 3 features
    const t = featureMajorCoef(coef, 2);
    expect(Array.from(t)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(featureMajorCoef(coef, 2)).toBe(t);
  });
});
