import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { minimizeLbfgs } from '../../../src/models/linear/lbfgs.js';
import { fitPlatt, sigmoid, softplus } from '../../../src/models/linear/platt.js';

/** Platt's weighted cross-entropy at (a, b), as scikit-learn's _sigmoid_calibration minimises it. */
function loss(ab: ArrayLike<number>, f: Float64Array, t: Float64Array, w: Float64Array): number {
  let value = 0;
  for (let i = 0; i < f.length; i++) {
    const u = ab[0] * f[i] + ab[1];
    value += w[i] * (softplus(u) - t[i] * u);
  }
  return value;
}

describe('fitPlatt', () => {
  it('reaches the minimum a general minimiser finds, with weights, and a zero gradient there', () => {
    const rng = new Rng(3);
    const n = 2000;
    const y = Int8Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const f = Float64Array.from(y, (c) => rng.normal() * 0.8 + (c ? 0.7 : -0.9));
    const w = Float64Array.from({ length: n }, () => 1 + rng.int(3));
    const nPos = y.reduce((s, c) => s + c, 0);
    const t = Float64Array.from(y, (c) => (c ? (nPos + 1) / (nPos + 2) : 1 / (n - nPos + 2)));
    const [a, b] = fitPlatt(f, t, w, nPos, n - nPos);
    const reference = minimizeLbfgs(
      (ab) => {
        const g = new Float64Array(2);
        for (let i = 0; i < n; i++) {
          const r = w[i] * (sigmoid(ab[0] * f[i] + ab[1]) - t[i]);
          g[0] += r * f[i];
          g[1] += r;
        }
        return { value: loss(ab, f, t, w), gradient: g };
      },
      Float64Array.of(0, 0),
      { maxIter: 500, gtol: 1e-10 },
    ).x;
    expect(a).toBeCloseTo(reference[0], 6);
    expect(b).toBeCloseTo(reference[1], 6);
    expect(loss([a, b], f, t, w)).toBeLessThanOrEqual(loss(reference, f, t, w) + 1e-9);
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const r = w[i] * (sigmoid(a * f[i] + b) - t[i]);
      ga += r * f[i];
      gb += r;
    }
    expect(Math.abs(ga) / n).toBeLessThan(1e-8);
    expect(Math.abs(gb) / n).toBeLessThan(1e-8);
  });

  it('stays finite when the scores separate the classes, and when every score is the same', () => {
    const f = Float64Array.of(-3, -2, -1, 1, 2, 3);
    const t = Float64Array.of(0.2, 0.2, 0.2, 0.8, 0.8, 0.8);
    const [a, b] = fitPlatt(f, t, null, 3, 3);
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
    expect(a).toBeGreaterThan(0);
    // At the optimum the probabilities add up to the targets, as the zero gradient in b says.
    const p = Array.from(f, (v) => sigmoid(a * v + b));
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(t.reduce((s, v) => s + v, 0), 8);
    const [a0, b0] = fitPlatt(new Float64Array(4).fill(1.5), Float64Array.of(0.75, 0.75, 0.25, 0.25), null, 2, 2);
    expect(Number.isFinite(a0) && Number.isFinite(b0)).toBe(true);
    // Any (a, b) with a * 1.5 + b = 0 is optimal: the fitted one says 0.5.
    expect(sigmoid(a0 * 1.5 + b0)).toBeCloseTo(0.5, 6);
  });
});
