import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import { SparseClassWeights, type NbWeighting } from '../../../src/models/naive-bayes/sparse-class-weights.js';

/** Random counts, most pairs 0, and a weighting whose rule and held weights differ per class. */
function problem(seed: number, K: number, F: number) {
  const rng = new Rng(seed);
  const rand = () => rng.next();
  // Features held by few classes (kept as pairs) and by most (scored from a dense copy), as n-grams are.
  const held = Array.from({ length: F }, (_, j) => (j % 3 === 0 ? 0.9 : 0.15));
  const counts = Float64Array.from({ length: F * K }, (_, q) => (rand() < held[Math.floor(q / K)] ? 1 + Math.floor(rand() * 5) : 0));
  const weighting: NbWeighting = {
    intercept: Float64Array.from({ length: K }, () => rand()),
    base: Float64Array.from({ length: K }, () => 3 * rand()),
    scale: Float64Array.from({ length: K }, () => rand() - 0.5),
    term: (all) => Math.log(all + 1),
    weight: (all, count, k) => Math.log(count + 0.5) - Math.log(all + 2) + k / 10,
  };
  // The same weights written out in full, K x F.
  const dense = new Float64Array(K * F);
  for (let j = 0; j < F; j++) {
    let all = 0;
    for (let k = 0; k < K; k++) all += counts[j * K + k];
    for (let k = 0; k < K; k++) {
      const count = counts[j * K + k];
      dense[k * F + j] = count > 0 ? weighting.weight(all, count, k) : weighting.base[k] + weighting.scale[k] * weighting.term(all);
    }
  }
  const rows = Array.from({ length: 12 }, () => Array.from({ length: F }, () => (rand() < 0.3 ? rand() : 0)));
  return { counts, weighting, dense, x: CsrMatrix.fromDense(rows), rows };
}

describe('SparseClassWeights', () => {
  const K = 5;
  const F = 40;
  const { counts, weighting, dense, x, rows } = problem(3, K, F);
  const weights = SparseClassWeights.fromCounts(counts, K, F, weighting);
  const intercept = Float32Array.from(weighting.intercept);

  it('stores only the pairs a class holds, and gives every weight of the dense matrix', () => {
    expect(weights.heldBy.length).toBe(counts.filter((c) => c > 0).length);
    expect(weights.heldBy.length).toBeLessThan(K * F / 2);
    expect(weights.heldBy.length).toBeGreaterThan(K * F / 4);
    for (let k = 0; k < K; k++) for (let j = 0; j < F; j++) expect(weights.weight(j, k)).toBeCloseTo(dense[k * F + j], 5);
  });

  it('scores rows as intercept + x w\', and centres each feature\'s weights', () => {
    const scores = weights.scores(x, intercept);
    rows.forEach((row, i) => {
      for (let k = 0; k < K; k++) {
        const expected = intercept[k] + row.reduce((s, v, j) => s + v * dense[k * F + j], 0);
        expect(scores.row(i)[k]).toBeCloseTo(expected, 4);
      }
    });
    const centred = weights.centredFeatureMajor();
    for (let j = 0; j < F; j++) {
      const mean = Array.from({ length: K }, (_, k) => dense[k * F + j]).reduce((s, v) => s + v, 0) / K;
      for (let k = 0; k < K; k++) expect(centred[j * K + k]).toBeCloseTo(dense[k * F + j] - mean, 5);
    }
  });

  it('round-trips its arrays, and dense weights of earlier folders score the same', () => {
    const again = SparseClassWeights.fromArrays('test', weights.arrays(), F, K);
    expect(Array.from(again.scores(x, intercept).data)).toEqual(Array.from(weights.scores(x, intercept).data));
    const fromDense = SparseClassWeights.fromDense(Float32Array.from({ length: F * K }, (_, q) => dense[(q % K) * F + Math.floor(q / K)]), K, F);
    fromDense.scores(x, intercept).data.forEach((v, q) => expect(v).toBeCloseTo(weights.scores(x, intercept).data[q], 4));
  });

  it('refuses saved arrays that are missing, mis-sized or name a class it does not have', () => {
    const arrays = weights.arrays();
    const corrupt = (change: Record<string, unknown>) => () => SparseClassWeights.fromArrays('complement-nb', { ...arrays, ...change } as typeof arrays, F, K);
    expect(corrupt({ delta: undefined })).toThrow(expect.objectContaining({ code: 'MODEL_CORRUPT' }));
    expect(corrupt({ featureTerm: new Float32Array(F - 1) })).toThrow(expect.objectContaining({ code: 'MODEL_CORRUPT' }));
    const heldBy = Int32Array.from(weights.heldBy);
    heldBy[0] = K;
    expect(corrupt({ heldBy })).toThrow(/name class 5 of 5/);
    const featureStart = Int32Array.from(weights.featureStart);
    featureStart[3] = featureStart[4] + 1;
    expect(corrupt({ featureStart })).toThrow(/not ascending/);
  });
});
