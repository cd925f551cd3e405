// Platt's sigmoid: the (a, b) that map decision scores to probabilities, by cross-entropy against smoothed targets.

import { minimizeLbfgs } from './lbfgs.js';

/** Minimises Platt's cross-entropy over (a, b) for scores `f`, targets `t` and optional per-sample weights. */
export function fitPlatt(f: Float64Array, t: Float64Array, w: Float64Array | null, nPos: number, nNeg: number): [number, number] {
  const n = f.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += w ? w[i] : 1;
  const gradient = new Float64Array(2);
  const result = minimizeLbfgs(
    (ab) => {
      let value = 0;
      gradient.fill(0);
      for (let i = 0; i < n; i++) {
        const u = ab[0] * f[i] + ab[1];
        const wi = w ? w[i] : 1;
        value += wi * (softplus(u) - t[i] * u);
        const r = wi * (sigmoid(u) - t[i]);
        gradient[0] += r * f[i];
        gradient[1] += r;
      }
      return { value: value / total, gradient: gradient.map((g) => g / total) };
    },
    Float64Array.of(0, Math.log((nPos + 1) / (nNeg + 1))),
    { maxIter: 200, gtol: 1e-8 },
  );
  return [result.x[0], result.x[1]];
}

export function sigmoid(u: number): number {
  return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
}

/** log(1 + e^u) without overflow. */
export function softplus(u: number): number {
  return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
}
