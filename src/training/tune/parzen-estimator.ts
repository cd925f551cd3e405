// Parzen estimators of TPE: a truncated Gaussian mixture over a numeric range, a smoothed mixture over choices.

import type { Rng } from '../../core/rng.js';

/** Optuna's default_weights: equal below 25 observations, older ones ramped down from 1 to 1/n beyond. */
export function observationWeights(n: number): Float64Array {
  if (n < 25) return new Float64Array(n).fill(1);
  const w = new Float64Array(n);
  const ramp = n - 25;
  for (let i = 0; i < ramp; i++) w[i] = 1 / n + ((1 - 1 / n) * i) / Math.max(1, ramp - 1);
  w.fill(1, ramp);
  return w;
}

/**
 * A mixture of Gaussians truncated to [low, high], one per observation (in trial order) plus a prior centred on
 * the range with sigma = high - low, weight 1 (Optuna's _ParzenEstimator with consider_prior, magic clip, no
 * endpoints). Each observation's sigma is the larger gap to its sorted neighbours, clipped to
 * [(high - low) / min(100, 1 + n), high - low].
 */
export class NumericParzen {
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  readonly weights: Float64Array;

  constructor(
    observations: readonly number[],
    readonly low: number,
    readonly high: number,
  ) {
    const n = observations.length;
    const range = high - low;
    const mus = [...observations, (low + high) / 2];
    const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b]);
    const sigmas = new Float64Array(n + 1);
    for (let r = 0; r < order.length; r++) {
      const i = order[r];
      const left = r > 0 ? mus[i] - mus[order[r - 1]] : -Infinity;
      const right = r < order.length - 1 ? mus[order[r + 1]] - mus[i] : -Infinity;
      sigmas[i] = Math.max(left, right, 0);
    }
    sigmas[n] = range;
    const minSigma = range / Math.min(100, 1 + mus.length);
    for (let i = 0; i < sigmas.length; i++) sigmas[i] = Math.min(Math.max(sigmas[i], minSigma), range);
    const w = new Float64Array(n + 1);
    w.set(observationWeights(n));
    w[n] = 1;
    const total = w.reduce((s, v) => s + v, 0);
    this.mus = Float64Array.from(mus);
    this.sigmas = sigmas;
    this.weights = w.map((v) => v / total);
  }

  sample(rng: Rng): number {
    const i = pickIndex(this.weights, rng);
    for (let attempt = 0; attempt < 100; attempt++) {
      const x = this.mus[i] + this.sigmas[i] * rng.normal();
      if (x >= this.low && x <= this.high) return x;
    }
    return this.low + rng.next() * (this.high - this.low);
  }

  logPdf(x: number): number {
    let p = 0;
    for (let i = 0; i < this.mus.length; i++) {
      const mu = this.mus[i];
      const s = this.sigmas[i];
      const mass = normalCdf((this.high - mu) / s) - normalCdf((this.low - mu) / s);
      if (mass <= 0) continue;
      const z = (x - mu) / s;
      p += (this.weights[i] * Math.exp(-0.5 * z * z)) / (s * Math.sqrt(2 * Math.PI) * mass);
    }
    return Math.log(Math.max(p, 1e-300));
  }
}

/**
 * Over nChoices choices: one kernel per observation putting its weight on the observed choice, plus a prior
 * kernel; every kernel smoothed by priorWeight / nKernels on each choice (Optuna's categorical estimator).
 */
export class CategoricalParzen {
  readonly probabilities: Float64Array;

  constructor(observations: readonly number[], nChoices: number) {
    const n = observations.length;
    const kernels = n + 1;
    const w = new Float64Array(kernels);
    w.set(observationWeights(n));
    w[n] = 1;
    const total = w.reduce((s, v) => s + v, 0);
    const p = new Float64Array(nChoices);
    for (let i = 0; i < kernels; i++) {
      const row = new Float64Array(nChoices).fill(1 / kernels);
      if (i < n) row[observations[i]] += 1;
      const rowSum = row.reduce((s, v) => s + v, 0);
      for (let c = 0; c < nChoices; c++) p[c] += (w[i] / total) * (row[c] / rowSum);
    }
    this.probabilities = p;
  }

  sample(rng: Rng): number {
    return pickIndex(this.probabilities, rng);
  }

  logPdf(c: number): number {
    return Math.log(Math.max(this.probabilities[c], 1e-300));
  }
}

function pickIndex(weights: Float64Array, rng: Rng): number {
  let u = rng.next();
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
