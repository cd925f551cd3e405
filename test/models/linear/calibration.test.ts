import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import {
  calibratorFromJson,
  fitCalibrator,
  MIN_PLATT_POSITIVES,
  SigmoidCalibration,
  TemperatureCalibration,
} from '../../../src/models/linear/calibration.js';
import { fixture } from './sklearn-fixture.js';

/** Scores for n samples of K classes and labels drawn from softmax(scores / T + c). */
function softmaxSample(n: number, K: number, T: number, c: number[], seed: number): { scores: DenseMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const scores = new DenseMatrix(n, K);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: K }, () => rng.normal() * 2);
    z.forEach((v, k) => scores.set(i, k, v));
    const e = z.map((v, k) => Math.exp(v / T + c[k]));
    const total = e.reduce((s, v) => s + v, 0);
    let u = rng.next() * total;
    let k = 0;
    while (k < K - 1 && (u -= e[k]) > 0) k++;
    y[i] = k;
  }
  return { scores, y };
}

function expectRowsSumToOne(p: DenseMatrix): void {
  for (let i = 0; i < p.rows; i++) {
    const row = p.row(i);
    expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    row.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
  }
}

describe('SigmoidCalibration', () => {
  it("fits scikit-learn's Platt parameters on the same scores (P = 1 / (1 + exp(A f + B)), so a = -A, b = -B)", () => {
    const { scores, y, A, B } = fixture.platt;
    // Two columns (-f, f): column 1's map is Platt's fit of y = 1 against f.
    const m = DenseMatrix.fromRows(scores.map((f) => [-f, f]));
    const cal = SigmoidCalibration.fit(m, Int32Array.from(y));
    expect(cal.a[1]).toBeCloseTo(-A, 4);
    expect(cal.b[1]).toBeCloseTo(-B, 4);
    // Column 0 sees the mirror problem, so the normalised binary probabilities are p1 = sigmoid(a f + b).
    const p = cal.apply(m);
    expect(p.get(0, 1)).toBeCloseTo(1 / (1 + Math.exp(A * scores[0] + B)), 4);
    expectRowsSumToOne(p);
  });

  it('gives classes with few positives one shared sigmoid, and large classes their own', () => {
    const { scores, y } = softmaxSample(600, 6, 1, [2, 2, 2, -3, -3, -3], 5);
    const counts = [0, 1, 2, 3, 4, 5].map((k) => y.filter((v) => v === k).length);
    const small = counts.flatMap((c, k) => (c < MIN_PLATT_POSITIVES ? [k] : []));
    const large = counts.flatMap((c, k) => (c >= MIN_PLATT_POSITIVES ? [k] : []));
    expect(small.length).toBeGreaterThan(1);
    expect(large.length).toBeGreaterThan(1);
    const cal = SigmoidCalibration.fit(scores, y);
    for (const k of small) expect([cal.a[k], cal.b[k]]).toEqual([cal.a[small[0]], cal.b[small[0]]]);
    expect(cal.a[large[0]]).not.toBe(cal.a[large[1]]);
    // A shared map is monotone in the score, so the small classes keep their order.
    expect(cal.a[small[0]]).toBeGreaterThan(0);
    expectRowsSumToOne(cal.apply(scores));
  });

  it('returns uniform rows when every class sigmoid underflows', () => {
    const cal = new SigmoidCalibration(Float64Array.of(1, 1), Float64Array.of(0, 0));
    expect(Array.from(cal.apply(DenseMatrix.fromRows([[-1e6, -1e6]])).row(0))).toEqual([0.5, 0.5]);
  });
});

describe('TemperatureCalibration', () => {
  it('recovers the temperature and biases that generated the labels', () => {
    const { scores, y } = softmaxSample(6000, 4, 2.5, [0.5, 0, -0.5, 0], 3);
    const cal = TemperatureCalibration.fit(scores, y);
    expect(cal.temperature).toBeGreaterThan(2.2);
    expect(cal.temperature).toBeLessThan(2.8);
    expect(cal.bias[0] - cal.bias[2]).toBeCloseTo(1, 0);
    expect(cal.bias.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 8);
    const noBias = TemperatureCalibration.fit(scores, y, { bias: false });
    expect(Array.from(noBias.bias)).toEqual([0, 0, 0, 0]);
    expect(noBias.temperature).toBeGreaterThan(2);
  });

  it('gives softmax(s / T + c) rows summing to 1, with no overflow for huge scores', () => {
    const cal = new TemperatureCalibration(10, Float64Array.of(0.1, -0.1));
    const p = cal.apply(DenseMatrix.fromRows([[1000, -1000], [0, 0]]));
    expect(p.get(0, 0)).toBe(1);
    expect(p.get(1, 0)).toBeCloseTo(1 / (1 + Math.exp(-0.2)), 6);
    expectRowsSumToOne(p);
  });
});

describe('fitCalibrator / calibratorFromJson', () => {
  const { scores, y } = softmaxSample(500, 3, 1, [0, 0, 0], 8);

  for (const method of ['sigmoid', 'temperature'] as const) {
    it(`${method}: lowers the log-loss of the raw softmax on miscalibrated scores, and survives a JSON round trip`, () => {
      const hot = DenseMatrix.fromRows(scores.toRows().map((r) => Array.from(r, (v) => 4 * v)));
      const cal = fitCalibrator(method, hot, y);
      const nll = (p: DenseMatrix) => -y.reduce((s, k, i) => s + Math.log(p.get(i, k)), 0) / y.length;
      const raw = new TemperatureCalibration(1, new Float64Array(3)).apply(hot);
      expect(nll(cal.apply(hot))).toBeLessThan(nll(raw));
      const back = calibratorFromJson(JSON.parse(JSON.stringify(cal.toJson())));
      expect(Array.from(back.apply(hot).data)).toEqual(Array.from(cal.apply(hot).data));
    });
  }

  it('rejects mismatched lengths and unreadable saved maps', () => {
    expect(() => fitCalibrator('sigmoid', scores, y.subarray(1))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => calibratorFromJson({ method: 'isotonic' })).toThrow(expect.objectContaining({ code: 'MODEL_CORRUPT' }));
  });
});

describe('fitCalibrator started from a fit on similar scores', () => {
  it('reaches the optimum a fit from scratch reaches, for every method that starts from one', () => {
    // Two halves of one sample: the calibrator of the whole starts each half's fit, as a fold's does.
    const { scores, y } = softmaxSample(1200, 6, 0.7, [2, 2, 1, -2, -3, -3], 9);
    const rows = Int32Array.from({ length: 600 }, (_, i) => 2 * i);
    const half = scores.selectRows(rows);
    const halfY = Int32Array.from(rows, (i) => y[i]);
    for (const method of ['sigmoid', 'sigmoid-top', 'beta-top', 'sigmoid-power'] as const) {
      const whole = fitCalibrator(method, scores, y);
      const cold = fitCalibrator(method, half, halfY);
      const warm = fitCalibrator(method, half, halfY, whole);
      expect(warm.method).toBe(method);
      // The start is not the answer: the whole's map differs from the half's.
      expect(Math.max(...Array.from(whole.apply(half).data, (v, i) => Math.abs(v - cold.apply(half).data[i])))).toBeGreaterThan(1e-4);
      const a = cold.apply(half).data;
      const b = warm.apply(half).data;
      for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 5);
    }
  });
});
