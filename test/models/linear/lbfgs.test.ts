import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { minimizeLbfgs, type Objective } from '../../../src/models/linear/lbfgs.js';

const rosenbrock: Objective = (x) => {
  const [a, b] = [x[0], x[1]];
  return {
    value: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
    gradient: Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)),
  };
};

describe('minimizeLbfgs', () => {
  it('finds the Rosenbrock minimum (1, 1) from the classic start (-1.2, 1)', () => {
    const r = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIter: 200, gtol: 1e-10, ftol: 0 });
    expect(r.converged).toBe(true);
    expect(r.stop).toBe('gtol');
    expect(r.x[0]).toBeCloseTo(1, 7);
    expect(r.x[1]).toBeCloseTo(1, 7);
    expect(r.value).toBeLessThan(1e-14);
    expect(r.iterations).toBeLessThan(60);
  });

  it('solves a 30-dimensional quadratic 1/2 x\'Ax - b\'x, whose minimum is A^-1 b', () => {
    const n = 30;
    const rng = new Rng(4);
    // A = M'M + I is symmetric positive definite; choose x* and set b = A x*.
    const M = Array.from({ length: n }, () => Float64Array.from({ length: n }, () => rng.normal() / Math.sqrt(n)));
    const A = Array.from({ length: n }, (_, i) =>
      Float64Array.from({ length: n }, (_, j) => M.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? 1 : 0)),
    );
    const xStar = Float64Array.from({ length: n }, () => rng.normal());
    const b = Float64Array.from(A, (row) => row.reduce((s, v, j) => s + v * xStar[j], 0));
    const quadratic: Objective = (x) => {
      const ax = Float64Array.from(A, (row) => row.reduce((s, v, j) => s + v * x[j], 0));
      let value = 0;
      for (let i = 0; i < n; i++) value += 0.5 * x[i] * ax[i] - b[i] * x[i];
      return { value, gradient: ax.map((v, i) => v - b[i]) };
    };
    const r = minimizeLbfgs(quadratic, new Float64Array(n), { gtol: 1e-10, ftol: 0, maxIter: 500 });
    expect(r.converged).toBe(true);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(xStar[i], 7));
  });

  it('satisfies sufficient decrease at every iteration (values never increase)', () => {
    const values: number[] = [];
    minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { gtol: 1e-8, onIteration: (_, v) => values.push(v) });
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]);
  });

  it('stops at maxIter, on the relative decrease ftol, or at once when the start is already stationary', () => {
    expect(minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIter: 3 })).toMatchObject({ stop: 'maxIter', iterations: 3, converged: false });
    expect(minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { ftol: 1e-3, gtol: 0 }).stop).toBe('ftol');
    expect(minimizeLbfgs(rosenbrock, Float64Array.of(1, 1))).toMatchObject({ stop: 'gtol', iterations: 0 });
  });

  it('backs off from steps where the objective overflows', () => {
    // exp(x) - 2x has its minimum at ln 2; steps far to the right overflow to Infinity.
    const f: Objective = (x) => ({ value: Math.exp(x[0]) - 2 * x[0], gradient: Float64Array.of(Math.exp(x[0]) - 2) });
    const r = minimizeLbfgs(f, Float64Array.of(-800), { gtol: 1e-10 });
    expect(r.x[0]).toBeCloseTo(Math.log(2), 8);
  });

  it('rejects a start where the objective is not finite', () => {
    expect(() => minimizeLbfgs(() => ({ value: NaN, gradient: Float64Array.of(0) }), Float64Array.of(0))).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});
