import { describe, expect, it } from 'vitest';
import { initialScores, softmaxGradients, softmaxLogLoss } from '../../../src/models/trees/softmax-objective.js';

describe('softmax objective', () => {
  it('gives g = p - y and h = 2p(1 - p) per class, class-major', () => {
    // Two rows, three classes, scores 0: p = 1/3 everywhere.
    const scores = new Float64Array(6);
    const grad = new Float64Array(6);
    const hess = new Float64Array(6);
    softmaxGradients(scores, Int32Array.of(0, 2), 3, null, grad, hess);
    // Class 0: rows (y=0, y=2); class 1: both 1/3; class 2: (1/3, 1/3 - 1).
    expect(Array.from(grad)).toEqual([1 / 3 - 1, 1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3 - 1]);
    for (const h of hess) expect(h).toBeCloseTo((2 * 2) / 9, 12);
  });

  it('scales both by sample weights and matches finite differences of the log-loss', () => {
    const scores = Float64Array.of(0.2, -1, 0.5, 0.3, 1.1, -0.4);
    const y = Int32Array.of(1, 0);
    const w = Float64Array.of(2, 0.5);
    const grad = new Float64Array(6);
    const hess = new Float64Array(6);
    softmaxGradients(scores, y, 3, w, grad, hess);
    const total = (s: Float64Array) => softmaxLogLoss(s, y, 3, w) * 2.5;
    for (let p = 0; p < 6; p++) {
      const up = Float64Array.from(scores);
      const down = Float64Array.from(scores);
      up[p] += 1e-6;
      down[p] -= 1e-6;
      expect((total(up) - total(down)) / 2e-6).toBeCloseTo(grad[p], 6);
    }
  });

  it('starts from zeros or the log class shares', () => {
    expect(Array.from(initialScores('uniform', Int32Array.of(0, 1, 1), 2, null))).toEqual([0, 0]);
    const prior = initialScores('prior', Int32Array.of(0, 1, 1, 1), 2, null);
    expect(prior[0]).toBeCloseTo(Math.log(0.25), 12);
    expect(prior[1]).toBeCloseTo(Math.log(0.75), 12);
  });
});
