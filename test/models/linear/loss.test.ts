import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import { logSumExp, multinomialLoss, parameterCount, type MultinomialProblem } from '../../../src/models/linear/loss.js';

function problem(fitIntercept: boolean, weighted: boolean): MultinomialProblem {
  const rng = new Rng(21);
  const n = 25;
  const d = 7;
  const rows = Array.from({ length: n }, () => Array.from({ length: d }, () => (rng.next() < 0.5 ? Math.fround(rng.normal()) : 0)));
  return {
    x: CsrMatrix.fromDense(rows, d),
    yIndex: Int32Array.from({ length: n }, () => rng.int(3)),
    nClasses: 3,
    sampleWeight: weighted ? Float64Array.from({ length: n }, () => 0.2 + rng.next() * 2) : null,
    C: 0.7,
    fitIntercept,
  };
}

describe('multinomialLoss', () => {
  for (const [fitIntercept, weighted] of [
    [true, true],
    [false, false],
  ] as const) {
    it(`matches central finite differences (intercept ${fitIntercept}, sample weights ${weighted})`, () => {
      const p = problem(fitIntercept, weighted);
      const rng = new Rng(5);
      const w = Float64Array.from({ length: parameterCount(p) }, () => rng.normal());
      const { gradient } = multinomialLoss(w, p);
      const h = 1e-6;
      for (let q = 0; q < w.length; q++) {
        const plus = Float64Array.from(w);
        const minus = Float64Array.from(w);
        plus[q] += h;
        minus[q] -= h;
        const numeric = (multinomialLoss(plus, p).value - multinomialLoss(minus, p).value) / (2 * h);
        expect(gradient[q]).toBeCloseTo(numeric, 5);
      }
    });
  }

  it('equals C * sum_i s_i * log K at W = 0 (every class equally likely)', () => {
    const p = problem(true, true);
    const { value, gradient } = multinomialLoss(new Float64Array(parameterCount(p)), p);
    const sumWeights = p.sampleWeight!.reduce((s, v) => s + v, 0);
    expect(value).toBeCloseTo(p.C * sumWeights * Math.log(3), 10);
    // Intercept gradient: C * sum_i s_i (1/3 - [y_i = k]).
    for (let k = 0; k < 3; k++) {
      let expected = 0;
      p.yIndex.forEach((y, i) => (expected += p.C * p.sampleWeight![i] * (1 / 3 - (y === k ? 1 : 0))));
      expect(gradient[p.x.nCols * 3 + k]).toBeCloseTo(expected, 10);
    }
  });

  it('adds the penalty 1/2 ||W||^2 but leaves the intercepts unpenalised', () => {
    const p = { ...problem(true, false), C: 0 };
    const w = new Float64Array(parameterCount(p)).fill(2);
    const { value, gradient } = multinomialLoss(w, p);
    expect(value).toBeCloseTo(0.5 * 4 * p.x.nCols * 3, 10);
    expect(gradient[0]).toBe(2);
    expect(gradient[gradient.length - 1]).toBe(0);
  });

  it('stays finite and exact for huge scores (log-sum-exp)', () => {
    const p = { ...problem(false, false), x: CsrMatrix.fromDense([[1, 0]], 2), yIndex: Int32Array.of(0), nClasses: 2, C: 1 };
    // z = (1000, -1000) for the true class 0: loss ~ 0; for class 1 it would be 2000.
    const w = Float64Array.of(1000, -1000, 0, 0);
    expect(multinomialLoss(w, p).value).toBeCloseTo(0.5 * 2e6, 6);
    const wrong = { ...p, yIndex: Int32Array.of(1) };
    expect(multinomialLoss(w, wrong).value - 0.5 * 2e6).toBeCloseTo(2000, 6);
    expect(logSumExp(Float64Array.of(1000, 1000))).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logSumExp(Float64Array.of(-Infinity, -Infinity))).toBe(-Infinity);
  });
});
