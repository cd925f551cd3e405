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

/**
 * Four-class rows whose softmax has top value c (uniform in [0.26, 0.999]) and whose top class is right with probability
 * `right(c)`; a wrong row takes one of the other three classes at random.
 */
function topLabelDrawn(n: number, right: (c: number) => number, seed: number): { scores: DenseMatrix; y: Int32Array; c: Float64Array } {
  const rng = new Rng(seed);
  const scores = new DenseMatrix(n, 4);
  const c = new Float64Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    c[i] = 0.26 + rng.next() * 0.739;
    const top = rng.int(4);
    for (let k = 0; k < 4; k++) scores.set(i, k, Math.log(k === top ? c[i] : (1 - c[i]) / 3));
    y[i] = rng.next() < right(c[i]) ? top : (top + 1 + rng.int(3)) % 4;
  }
  return { scores, y, c };
}

describe('TopLabelRecalibration, beta family', () => {
  const inner = { apply: softmaxRows, toJson: () => ({ method: 'none' }) };
  const beta = (a: number, b: number, m: number) => (c: number) => 1 / (1 + Math.exp(-(a * Math.log(c) - b * Math.log(1 - c) + m)));

  it('recovers a top-label beta map that a sigmoid of logit c cannot follow, and is better calibrated for it', () => {
    const right = beta(0.5, 2, -1);
    const fit = topLabelDrawn(20000, right, 6);
    const test = topLabelDrawn(20000, right, 7);
    const map = TopLabelRecalibration.fit(inner, fit.scores, fit.y, 'beta');
    expect(map.method).toBe('beta-top');
    expect(map.a).toBeCloseTo(0.5, 0);
    expect(map.b).toBeCloseTo(2, 0);
    expect(map.m).toBeCloseTo(-1, 0);
    const sigmoid = TopLabelRecalibration.fit(inner, fit.scores, fit.y, 'sigmoid');
    expect(sigmoid.a).toBe(sigmoid.b);
    const ece = (m: TopLabelRecalibration) => expectedCalibrationError(m.apply(test.scores), test.y);
    expect(ece(map)).toBeLessThan(0.015);
    expect(ece(map)).toBeLessThan(ece(sigmoid) * 0.7);
    expect(Array.from(map.apply(test.scores).argmaxRows())).toEqual(Array.from(softmaxRows(test.scores).argmaxRows()));
  });

  it('stays monotone: a slope that would come out negative is set to 0 and the other refitted', () => {
    // Right less often at c = 0.3 than at c = 0.4: the unconstrained fit's a is negative.
    const fit = topLabelDrawn(20000, beta(-1.5, 1, 0.5), 8);
    const map = TopLabelRecalibration.fit(inner, fit.scores, fit.y, 'beta');
    expect(map.a).toBe(0);
    expect(map.b).toBeGreaterThan(0);
    const grid = new DenseMatrix(50, 4);
    for (let i = 0; i < 50; i++) {
      const c = 0.26 + (0.73 * i) / 49;
      for (let k = 0; k < 4; k++) grid.set(i, k, Math.log(k === 0 ? c : (1 - c) / 3));
    }
    const tops = Array.from({ length: 50 }, (_, i) => map.apply(grid).get(i, 0));
    for (let i = 1; i < 50; i++) expect(tops[i]).toBeGreaterThanOrEqual(tops[i - 1]);
  });
});

describe('saved calibrators', () => {
  it('read back from JSON to the same probabilities, for every method', () => {
    const { scores, y } = drawn(800, [2, 1, 3], [0.5, 0, -0.5], 5);
    for (const method of ['sigmoid', 'temperature', 'sigmoid-top', 'beta-top', 'vector', 'isotonic'] as const) {
      const map = fitCalibrator(method, scores, y);
      const back = calibratorFromJson(JSON.parse(JSON.stringify(map.toJson())));
      expect(back.method).toBe(method);
      expect(Array.from(back.apply(scores).data)).toEqual(Array.from(map.apply(scores).data));
    }
    expect(fitCalibrator('sigmoid-top', scores, y)).toBeInstanceOf(TopLabelRecalibration);
    expect((fitCalibrator('sigmoid-top', scores, y) as TopLabelRecalibration).inner).toBeInstanceOf(SigmoidCalibration);
  });

  it('reads a top-label sigmoid saved before the beta family as sigmoid(alpha logit c + beta)', () => {
    const { scores, y } = drawn(800, [2, 1, 3], [0.5, 0, -0.5], 5);
    const inner = SigmoidCalibration.fit(scores, y);
    const old = calibratorFromJson({ method: 'sigmoid-top', inner: inner.toJson(), alpha: 1.3, beta: -0.2 }) as TopLabelRecalibration;
    expect([old.method, old.a, old.b, old.m]).toEqual(['sigmoid-top', 1.3, 1.3, -0.2]);
    const p = inner.apply(scores);
    const q = old.apply(scores);
    for (let i = 0; i < 50; i++) {
      const row = Array.from(p.row(i));
      const c = Math.max(...row);
      const p2 = Math.max(...row.filter((_, k) => k !== row.indexOf(c)));
      // The step's value, kept at least the runner-up's new share so that the argmax stays.
      const top = Math.max(1 / (1 + Math.exp(-(1.3 * Math.log(c / (1 - c)) - 0.2))), Math.min(c, p2 / (1 - c + p2) + 1e-6));
      expect(q.get(i, row.indexOf(c))).toBeCloseTo(top, 6);
    }
  });
});
