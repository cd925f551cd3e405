import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import { expectedCalibrationError, logLoss } from '../../../src/evaluation/probability-metrics.js';
import { calibratorFromJson, fitCalibrator, SigmoidCalibration } from '../../../src/models/linear/calibration.js';
import { IsotonicCalibration, TopLabelRecalibration, VectorScaling } from '../../../src/models/linear/calibration-maps.js';
import { softmaxRows } from '../../../src/models/linear/linear-scores.js';

/** Scores whose true softmax(slope * s + bias) is known: labels drawn from it, so a good map recovers it. */
function drawn(n: number, slope: number[], bias: number[], seed: number): { scores: DenseMatrix; y: Int32Array; truth: DenseMatrix } {
  const rng = new Rng(seed);
  const K = slope.length;
  const scores = new DenseMatrix(n, K);
  const logits = new DenseMatrix(n, K);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const s = rng.next() * 4 - 2;
      scores.set(i, k, s);
      logits.set(i, k, slope[k] * s + bias[k]);
    }
  }
  const truth = softmaxRows(logits);
  const y = Int32Array.from({ length: n }, (_, i) => {
    let u = rng.next();
    for (let k = 0; k < K; k++) if ((u -= truth.get(i, k)) <= 0) return k;
    return K - 1;
  });
  return { scores, y, truth };
}

describe('VectorScaling', () => {
  it('recovers per-class slopes and biases from labels drawn with them (up to a shared shift of the biases)', () => {
    const { scores, y } = drawn(6000, [2, 1, 3], [0.5, 0, -0.5], 1);
    const map = VectorScaling.fit(scores, y, 0);
    expect(Array.from(map.slope).map((a) => Math.round(a * 2) / 2)).toEqual([2, 1, 3]);
    const b = Array.from(map.bias, (v) => v - map.bias[1]);
    expect(b[0]).toBeCloseTo(0.5, 0);
    expect(b[2]).toBeCloseTo(-0.5, 0);
  });
});

describe('IsotonicCalibration', () => {
  it('maps each class score by a non-decreasing step function; rows sum to 1', () => {
    const { scores, y } = drawn(3000, [2, 2, 2], [0, 0, 0], 2);
    const map = IsotonicCalibration.fit(scores, y);
    for (const ys of map.y) for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeGreaterThanOrEqual(ys[i - 1]);
    const p = map.apply(scores);
    for (let i = 0; i < 20; i++) expect(p.row(i).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    expect(logLoss(p, y)).toBeLessThan(logLoss(softmaxRows(scores), y) + 0.05);
  });
});

describe('TopLabelRecalibration', () => {
  it('makes under-confident probabilities honest without changing any argmax', () => {
    // The scores are twice as sharp as softmax says: the plain softmax is under-confident.
    const fit = drawn(6000, [3, 3, 3, 3], [0, 0, 0, 0], 3);
    const test = drawn(3000, [3, 3, 3, 3], [0, 0, 0, 0], 4);
    const inner = { apply: softmaxRows, toJson: () => ({ method: 'none' }) };
    const map = TopLabelRecalibration.fit(inner, fit.scores, fit.y);
    const before = softmaxRows(test.scores);
    const after = map.apply(test.scores);
    expect(Array.from(after.argmaxRows())).toEqual(Array.from(before.argmaxRows()));
    expect(expectedCalibrationError(after, test.y)).toBeLessThan(expectedCalibrationError(before, test.y) / 2);
    for (let i = 0; i < 20; i++) expect(after.row(i).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });
});

describe('saved calibrators', () => {
  it('read back from JSON to the same probabilities, for every method', () => {
    const { scores, y } = drawn(800, [2, 1, 3], [0.5, 0, -0.5], 5);
    for (const method of ['sigmoid', 'temperature', 'sigmoid-top', 'vector', 'isotonic'] as const) {
      const map = fitCalibrator(method, scores, y);
      const back = calibratorFromJson(JSON.parse(JSON.stringify(map.toJson())));
      expect(back.method).toBe(method);
      expect(Array.from(back.apply(scores).data)).toEqual(Array.from(map.apply(scores).data));
    }
    expect(fitCalibrator('sigmoid-top', scores, y)).toBeInstanceOf(TopLabelRecalibration);
    expect((fitCalibrator('sigmoid-top', scores, y) as TopLabelRecalibration).inner).toBeInstanceOf(SigmoidCalibration);
  });
});
