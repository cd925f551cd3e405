// More calibration maps from decision scores to probabilities: per-class slope and bias (Dirichlet-style vector scaling), and isotonic.

import { DenseMatrix } from '../../core/dense-matrix.js';
import type { JsonObject } from '../../core/estimator.js';
import { minimizeLbfgs } from './lbfgs.js';
import { logSumExp } from './loss.js';
import { fitPlatt, sigmoid, softplus } from './platt.js';

/**
 * Vector scaling (the diagonal case of Kull et al. 2019's Dirichlet calibration, applied to scores): p_i =
 * softmax(a * s_i + b) with one slope a_k and bias b_k per class, fitted by minimising the mean negative
 * log-likelihood plus `l2` * sum_k (a_k - mean a)^2, which keeps classes with few rows near the shared slope.
 */
export class VectorScaling {
  readonly method = 'vector';

  constructor(
    readonly slope: Float64Array,
    readonly bias: Float64Array,
  ) {}

  static fit(scores: DenseMatrix, yIndex: Int32Array, l2 = 0.01): VectorScaling {
    const K = scores.cols;
    const n = scores.rows;
    const z = new Float64Array(K);
    const gradient = new Float64Array(2 * K);
    const result = minimizeLbfgs(
      (theta) => {
        let value = 0;
        gradient.fill(0);
        for (let i = 0; i < n; i++) {
          const off = i * K;
          for (let k = 0; k < K; k++) z[k] = theta[k] * scores.data[off + k] + theta[K + k];
          const lse = logSumExp(z, 0, K);
          const y = yIndex[i];
          value += lse - z[y];
          for (let k = 0; k < K; k++) {
            const r = Math.exp(z[k] - lse) - (k === y ? 1 : 0);
            gradient[k] += r * scores.data[off + k];
            gradient[K + k] += r;
          }
        }
        for (let p = 0; p < gradient.length; p++) gradient[p] /= n;
        value /= n;
        let mean = 0;
        for (let k = 0; k < K; k++) mean += theta[k] / K;
        for (let k = 0; k < K; k++) {
          const d = theta[k] - mean;
          value += l2 * d * d;
          gradient[k] += 2 * l2 * d;
        }
        return { value, gradient };
      },
      new Float64Array(2 * K).fill(1, 0, K),
      { maxIter: 500, gtol: 1e-7 },
    );
    return new VectorScaling(result.x.slice(0, K), result.x.slice(K));
  }

  apply(scores: DenseMatrix): DenseMatrix {
    const K = scores.cols;
    const out = new DenseMatrix(scores.rows, K);
    const z = new Float64Array(K);
    for (let i = 0; i < scores.rows; i++) {
      for (let k = 0; k < K; k++) z[k] = this.slope[k] * scores.data[i * K + k] + this.bias[k];
      const lse = logSumExp(z, 0, K);
      for (let k = 0; k < K; k++) out.data[i * K + k] = Math.exp(z[k] - lse);
    }
    return out;
  }

  toJson(): JsonObject {
    return { method: this.method, slope: Array.from(this.slope), bias: Array.from(this.bias) };
  }
}

/**
 * One-vs-rest isotonic regression (scikit-learn's CalibratedClassifierCV(method='isotonic')): for each class a
 * non-decreasing step function from its score to the share of rows of that class (pool adjacent violators), then
 * each row normalised to sum 1. Stored as breakpoints per class; scores between them interpolate linearly.
 */
export class IsotonicCalibration {
  readonly method = 'isotonic';

  constructor(
    /** Per class: ascending scores and the fitted value at each. */
    readonly x: Float64Array[],
    readonly y: Float64Array[],
  ) {}

  static fit(scores: DenseMatrix, yIndex: Int32Array): IsotonicCalibration {
    const K = scores.cols;
    const n = scores.rows;
    const xs: Float64Array[] = [];
    const ys: Float64Array[] = [];
    const order = new Int32Array(n);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < n; i++) order[i] = i;
      const s = (i: number) => scores.data[i * K + k];
      order.sort((a, b) => s(a) - s(b));
      // Pool adjacent violators over blocks (mean, weight, last score).
      const mean: number[] = [];
      const weight: number[] = [];
      const lo: number[] = [];
      const hi: number[] = [];
      for (const i of order) {
        mean.push(yIndex[i] === k ? 1 : 0);
        weight.push(1);
        lo.push(s(i));
        hi.push(s(i));
        while (mean.length > 1 && mean[mean.length - 2] >= mean[mean.length - 1]) {
          const w = weight.pop()!;
          const m = mean.pop()!;
          const h = hi.pop()!;
          lo.pop();
          const t = mean.length - 1;
          mean[t] = (mean[t] * weight[t] + m * w) / (weight[t] + w);
          weight[t] += w;
          hi[t] = h;
        }
      }
      // Each block becomes two breakpoints (its first and last score), as scikit-learn keeps them.
      const bx: number[] = [];
      const by: number[] = [];
      for (let b = 0; b < mean.length; b++) {
        bx.push(lo[b]);
        by.push(mean[b]);
        if (hi[b] > lo[b]) {
          bx.push(hi[b]);
          by.push(mean[b]);
        }
      }
      xs.push(Float64Array.from(bx));
      ys.push(Float64Array.from(by));
    }
    return new IsotonicCalibration(xs, ys);
  }

  apply(scores: DenseMatrix): DenseMatrix {
    const K = scores.cols;
    const out = new DenseMatrix(scores.rows, K);
    for (let i = 0; i < scores.rows; i++) {
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const v = interpolate(this.x[k], this.y[k], scores.data[i * K + k]);
        out.data[i * K + k] = v;
        sum += v;
      }
      for (let k = 0; k < K; k++) out.data[i * K + k] = sum > 0 ? out.data[i * K + k] / sum : 1 / K;
    }
    return out;
  }

  toJson(): JsonObject {
    return { method: this.method, x: this.x.map((a) => Array.from(a)), y: this.y.map((a) => Array.from(a)) };
  }
}

/** Piecewise-linear through (xs, ys), clamped to the ends. */
function interpolate(xs: Float64Array, ys: Float64Array, v: number): number {
  if (xs.length === 0) return 0;
  if (v <= xs[0]) return ys[0];
  if (v >= xs[xs.length - 1]) return ys[ys.length - 1];
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= v) lo = mid;
    else hi = mid;
  }
  const span = xs[hi] - xs[lo];
  return span > 0 ? ys[lo] + ((ys[hi] - ys[lo]) * (v - xs[lo])) / span : ys[hi];
}

/** A map from scores to probabilities (the `Calibrator` shape, without its saved form). */
interface ScoreMap {
  apply(scores: DenseMatrix): DenseMatrix;
}

/** The family of the top-label step: see `TopLabelRecalibration`. */
export type TopLabelFamily = 'sigmoid' | 'beta';

/**
 * A second, top-label step after a class-wise map: the top probability c becomes c' = sigmoid(a ln c - b ln(1 - c) + m),
 * fitted on held-out rows to whether the top class was right (Platt's smoothed targets), and the other classes share
 * 1 - c' in their old proportions. Per-class sigmoids rank products well (coverage at a precision) but, normalised, their
 * top value does not mean what it says; this monotone step keeps the ranking and fixes the top value. The argmax never
 * changes (c' is kept at least the runner-up's new value).
 *
 * 'sigmoid' ties a = b (a sigmoid of logit c, two parameters); 'beta' fits a and b apart, which is Kull, Silva Filho and
 * Flach's beta calibration (2017) of the top label, with their fix for monotonicity: a negative a or b is set to 0 and
 * the rest refitted. On text-linear's held-out folds of the Rakuten sample, the sigmoid left the middle over-confident
 * (0.57 said, 0.45 right) and the top under-confident; the beta step fits both ends (see TEXT_LINEAR_DEFAULTS).
 */
export class TopLabelRecalibration {
  readonly method: 'sigmoid-top' | 'beta-top';

  constructor(
    readonly inner: ScoreMap & { toJson(): JsonObject },
    readonly family: TopLabelFamily,
    readonly a: number,
    readonly b: number,
    readonly m: number,
  ) {
    this.method = family === 'beta' ? 'beta-top' : 'sigmoid-top';
  }

  static fit(inner: ScoreMap & { toJson(): JsonObject }, scores: DenseMatrix, yIndex: Int32Array, family: TopLabelFamily = 'sigmoid'): TopLabelRecalibration {
    const proba = inner.apply(scores);
    const n = proba.rows;
    const logC = new Float64Array(n);
    const log1mC = new Float64Array(n);
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const row = proba.row(i);
      let best = 0;
      for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
      const c = clampProbability(row[best]);
      logC[i] = Math.log(c);
      log1mC[i] = -Math.log(1 - c);
      t[i] = best === yIndex[i] ? 1 : 0;
    }
    // Platt's smoothed targets: when every held-out top is right (a small, easy catalog) the fit stays finite.
    let nPos = 0;
    for (let i = 0; i < n; i++) nPos += t[i];
    const nNeg = n - nPos;
    for (let i = 0; i < n; i++) t[i] = t[i] === 1 ? (nPos + 1) / (nPos + 2) : 1 / (nNeg + 2);
    if (family === 'sigmoid') {
      const u = Float64Array.from(logC, (v, i) => v + log1mC[i]);
      const [alpha, beta] = fitPlatt(u, t, null, nPos, nNeg);
      return new TopLabelRecalibration(inner, family, alpha, alpha, beta);
    }
    const [a, b, m] = fitLogistic2(logC, log1mC, t);
    if (a >= 0 && b >= 0) return new TopLabelRecalibration(inner, family, a, b, m);
    // One slope came out negative, so the map would not be monotone: drop that term and refit the other.
    if (a < 0) {
      const [slope, intercept] = fitPlatt(log1mC, t, null, nPos, nNeg);
      return new TopLabelRecalibration(inner, family, 0, Math.max(0, slope), intercept);
    }
    const [slope, intercept] = fitPlatt(logC, t, null, nPos, nNeg);
    return new TopLabelRecalibration(inner, family, Math.max(0, slope), 0, intercept);
  }

  apply(scores: DenseMatrix): DenseMatrix {
    const out = this.inner.apply(scores);
    for (let i = 0; i < out.rows; i++) {
      const row = out.row(i);
      let best = 0;
      let second = -1;
      for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
      for (let j = 0; j < row.length; j++) if (j !== best && (second < 0 || row[j] > row[second])) second = j;
      const c = row[best];
      if (second < 0 || c >= 1) continue;
      const q = clampProbability(c);
      let top = sigmoid(this.a * Math.log(q) - this.b * Math.log(1 - q) + this.m);
      // The runner-up becomes p2 (1 - top) / (1 - c); keep it below the top so the argmax stays.
      const p2 = row[second];
      top = Math.max(top, Math.min(c, p2 / (1 - c + p2) + 1e-6));
      const scale = (1 - top) / (1 - c);
      for (let j = 0; j < row.length; j++) row[j] = j === best ? top : row[j] * scale;
    }
    return out;
  }

  toJson(): JsonObject {
    return { method: this.method, inner: this.inner.toJson(), a: this.a, b: this.b, m: this.m };
  }
}

/**
 * Logistic regression of targets `t` on two features, sigmoid(a f1 + b f2 + m), by minimising the mean cross-entropy
 * (L-BFGS from a = b = 1, m = 0: the identity map of the top label).
 */
function fitLogistic2(f1: Float64Array, f2: Float64Array, t: Float64Array): [number, number, number] {
  const n = t.length;
  const gradient = new Float64Array(3);
  const result = minimizeLbfgs(
    (theta) => {
      let value = 0;
      gradient.fill(0);
      for (let i = 0; i < n; i++) {
        const z = theta[0] * f1[i] + theta[1] * f2[i] + theta[2];
        value += softplus(z) - t[i] * z;
        const r = sigmoid(z) - t[i];
        gradient[0] += r * f1[i];
        gradient[1] += r * f2[i];
        gradient[2] += r;
      }
      for (let k = 0; k < 3; k++) gradient[k] /= n;
      return { value: value / n, gradient };
    },
    Float64Array.of(1, 1, 0),
    { maxIter: 500, gtol: 1e-9 },
  );
  return [result.x[0], result.x[1], result.x[2]];
}

function clampProbability(p: number): number {
  return Math.min(1 - 1e-7, Math.max(1e-7, p));
}
