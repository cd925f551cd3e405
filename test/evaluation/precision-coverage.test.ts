import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../src/core/dense-matrix.js';
import { precisionCoverage } from '../../src/evaluation/precision-coverage.js';

describe('precisionCoverage', () => {
  // Confidences 0.9 (right), 0.8 (right), 0.7 (wrong), 0.6 (right), 0.5 (wrong).
  const proba = DenseMatrix.fromRows([
    [0.9, 0.1],
    [0.2, 0.8],
    [0.7, 0.3],
    [0.4, 0.6],
    [0.5, 0.5],
  ]);
  const y = [0, 1, 1, 1, 1];

  it('traces coverage and precision by decreasing threshold, worked by hand', () => {
    const r = precisionCoverage(proba, y, [0.75, 0.95]);
    // Probabilities are float32: compare thresholds to 6 decimals.
    expect(r.curve.map((p) => [Number(p.threshold.toFixed(6)), p.coverage, Number(p.precision.toFixed(12))])).toEqual([
      [0.9, 0.2, 1],
      [0.8, 0.4, 1],
      [0.7, 0.6, Number((2 / 3).toFixed(12))],
      [0.6, 0.8, 0.75],
      [0.5, 1, 0.6],
    ]);
    // 75%: the lowest threshold still at 75% precision is 0.6 (80% covered); 95%: 0.8 (40% covered).
    expect(r.targets[0]).toMatchObject({ precision: 0.75, threshold: expect.closeTo(0.6, 6), coverage: 0.8 });
    expect(r.targets[1]).toMatchObject({ precision: 0.95, threshold: expect.closeTo(0.8, 6), coverage: 0.4 });
  });

  it('treats tied confidences as one threshold and reports unreachable targets as null', () => {
    const tied = DenseMatrix.fromRows([
      [0.6, 0.4],
      [0.6, 0.4],
    ]);
    const r = precisionCoverage(tied, [0, 1], [0.9]);
    expect(r.curve).toEqual([{ threshold: expect.closeTo(0.6, 6), coverage: 1, precision: 0.5 }]);
    expect(r.targets[0]).toEqual({ precision: 0.9, threshold: null, coverage: 0 });
  });
});
