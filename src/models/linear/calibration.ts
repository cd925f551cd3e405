// Calibration maps from raw decision scores to probabilities: per-class Platt sigmoids, or temperature scaling.

import { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import type { JsonObject } from '../../core/estimator.js';
import { minimizeLbfgs } from './lbfgs.js';
import { logSumExp } from './loss.js';
import { IsotonicCalibration, TopLabelRecalibration, VectorScaling } from './calibration-maps.js';
import { fitPlatt, sigmoid } from './platt.js';
import { PowerCalibration } from './power-calibration.js';

/**
 * 'sigmoid-top': per-class Platt, then a top-label sigmoid; 'beta-top': per-class Platt, then a top-label beta
 * calibration (text-linear's, see TopLabelRecalibration and bench/calibration-experiment.ts); 'sigmoid-power': per-class
 * Platt, then one power on the whole distribution (text-linear's on a category tree, see PowerCalibration); 'vector':
 * per-class slope and bias (Dirichlet-style); 'isotonic': one-vs-rest isotonic.
 */
export type CalibrationMethod = 'sigmoid' | 'temperature' | 'sigmoid-top' | 'beta-top' | 'sigmoid-power' | 'vector' | 'isotonic';

/** A fitted map from an n x K score matrix to an n x K probability matrix whose rows sum to 1. */
export interface Calibrator {
  readonly method: CalibrationMethod;
  apply(scores: DenseMatrix): DenseMatrix;
  toJson(): JsonObject;
}

/**
 * Fits a calibrator on held-out scores (out-of-fold decision values, never the training scores of the
 * model being calibrated, which are over-confident).
 * @param yIndex column of each row's true class.
 * @param start a calibrator of the same method fitted on similar scores (every fold's, for one fold's map): the
 *   iterative fits (per-class sigmoids, the power) start from its values and reach the same optimum in fewer passes.
 * @throws ProdclassError INVALID_INPUT when scores and labels disagree in length.
 */
export function fitCalibrator(method: CalibrationMethod, scores: DenseMatrix, yIndex: Int32Array, start?: Calibrator | null): Calibrator {
  if (scores.rows !== yIndex.length) {
    throw new ProdclassError('INVALID_INPUT', `calibration: ${scores.rows} score rows but ${yIndex.length} labels`);
  }
  const sigmoids = () => SigmoidCalibration.fit(scores, yIndex, innerSigmoids(start));
  switch (method) {
    case 'sigmoid':
      return sigmoids();
    case 'temperature':
      return TemperatureCalibration.fit(scores, yIndex);
    case 'sigmoid-top':
      return TopLabelRecalibration.fit(sigmoids(), scores, yIndex, 'sigmoid');
    case 'beta-top':
      return TopLabelRecalibration.fit(sigmoids(), scores, yIndex, 'beta');
    case 'sigmoid-power':
      return PowerCalibration.fit(sigmoids(), scores, yIndex, start instanceof PowerCalibration ? start.gamma : undefined);
    case 'vector':
      return VectorScaling.fit(scores, yIndex);
    case 'isotonic':
      return IsotonicCalibration.fit(scores, yIndex);
  }
}

/** The per-class sigmoids of `start`, itself or the first step of a two-step map, when it has them. */
function innerSigmoids(start: Calibrator | null | undefined): SigmoidCalibration | undefined {
  if (start instanceof SigmoidCalibration) return start;
  if ((start instanceof TopLabelRecalibration || start instanceof PowerCalibration) && start.inner instanceof SigmoidCalibration) return start.inner;
  return undefined;
}

/** Rebuilds a calibrator saved with `toJson()`. @throws ProdclassError MODEL_CORRUPT on an unknown or malformed entry. */
export function calibratorFromJson(json: JsonObject): Calibrator {
  const numbers = (v: unknown): number[] | undefined => (Array.isArray(v) && v.every((n) => typeof n === 'number') ? (v as number[]) : undefined);
  if (json.method === 'sigmoid') {
    const a = numbers(json.a);
    const b = numbers(json.b);
    if (a && b && a.length === b.length) return new SigmoidCalibration(Float64Array.from(a), Float64Array.from(b));
  }
  if (json.method === 'temperature' && typeof json.inverseTemperature === 'number') {
    const bias = numbers(json.bias);
    if (bias) return new TemperatureCalibration(json.inverseTemperature, Float64Array.from(bias));
  }
  if ((json.method === 'sigmoid-top' || json.method === 'beta-top') && json.inner && typeof json.inner === 'object' && !Array.isArray(json.inner)) {
    const inner = calibratorFromJson(json.inner as JsonObject);
    const family = json.method === 'beta-top' ? 'beta' : 'sigmoid';
    if (typeof json.a === 'number' && typeof json.b === 'number' && typeof json.m === 'number') {
      return new TopLabelRecalibration(inner, family, json.a, json.b, json.m);
    }
    // Saved before 'beta-top' existed: sigmoid(alpha logit c + beta), that is a = b = alpha and m = beta.
    if (family === 'sigmoid' && typeof json.alpha === 'number' && typeof json.beta === 'number') {
      return new TopLabelRecalibration(inner, family, json.alpha, json.alpha, json.beta);
    }
  }
  if (json.method === 'sigmoid-power' && json.inner && typeof json.inner === 'object' && !Array.isArray(json.inner) && typeof json.gamma === 'number') {
    return new PowerCalibration(calibratorFromJson(json.inner as JsonObject), json.gamma);
  }
  if (json.method === 'vector') {
    const slope = numbers(json.slope);
    const bias = numbers(json.bias);
    if (slope && bias && slope.length === bias.length) return new VectorScaling(Float64Array.from(slope), Float64Array.from(bias));
  }
  if (json.method === 'isotonic' && Array.isArray(json.x) && Array.isArray(json.y) && json.x.length === json.y.length) {
    const xs = json.x.map(numbers);
    const ys = json.y.map(numbers);
    if (xs.every((a, k) => a && ys[k] && a.length === ys[k]!.length)) {
      return new IsotonicCalibration(xs.map((a) => Float64Array.from(a!)), ys.map((a) => Float64Array.from(a!)));
    }
  }
  throw new ProdclassError('MODEL_CORRUPT', `calibration: cannot read saved calibrator ${JSON.stringify(json).slice(0, 200)}`);
}

/**
 * Classes with fewer out-of-fold positives than this share one sigmoid: a slope and intercept fitted on one or two
 * positives rank such a class above every other whenever its score is merely high (on a 243-category export, per-class
 * sigmoids cost 0.15 weighted F1 against the raw scores' argmax; pooling them costs nothing where classes are large).
 */
export const MIN_PLATT_POSITIVES = 30;

/** Negative (row, class) pairs a pooled sigmoid reads at most: a deterministic stride through them, reweighted. */
const POOLED_NEGATIVES = 200_000;

/** One sigmoid for the classes `small`: every (row, class) pair of them is a sample, positive when the row is of that class. */
function fitPooledPlatt(scores: DenseMatrix, yIndex: Int32Array, small: readonly number[], start?: readonly [number, number]): [number, number] {
  const K = scores.cols;
  const n = scores.rows;
  const inSmall = new Uint8Array(K);
  for (const k of small) inSmall[k] = 1;
  let nPos = 0;
  for (let i = 0; i < n; i++) if (inSmall[yIndex[i]]) nPos++;
  const nNeg = n * small.length - nPos;
  const stride = Math.max(1, Math.ceil(nNeg / POOLED_NEGATIVES));
  // Every positive and every stride-th negative, straight into typed arrays (a 243-category fit pools 170,000 pairs).
  const size = nPos + Math.ceil(nNeg / stride);
  const f = new Float64Array(size);
  const t = new Float64Array(size);
  const w = new Float64Array(size);
  const positiveTarget = (nPos + 1) / (nPos + 2);
  const negativeTarget = 1 / (nNeg + 2);
  let at = 0;
  let negative = 0;
  for (let i = 0; i < n; i++) {
    const row = i * K;
    for (const k of small) {
      if (yIndex[i] === k) {
        f[at] = scores.data[row + k];
        t[at] = positiveTarget;
        w[at++] = 1;
      } else if (negative++ % stride === 0) {
        f[at] = scores.data[row + k];
        t[at] = negativeTarget;
        w[at++] = stride;
      }
    }
  }
  return fitPlatt(f, t, w, nPos, nNeg, start);
}

/**
 * One-vs-rest Platt scaling, as scikit-learn's CalibratedClassifierCV(method='sigmoid'): for each class k,
 * q_ik = sigmoid(a_k s_ik + b_k), fitted by minimising the cross-entropy against Platt's smoothed targets
 * t = (N+ + 1) / (N+ + 2) for the class's rows and 1 / (N- + 2) for the others; then p_ik = q_ik / sum_j q_ij
 * (uniform when every q_ij underflows to 0). Classes with fewer than MIN_PLATT_POSITIVES positives share one
 * sigmoid fitted on all their (row, class) pairs.
 */
export class SigmoidCalibration implements Calibrator {
  readonly method = 'sigmoid';

  constructor(
    readonly a: Float64Array,
    readonly b: Float64Array,
  ) {}

  /** `start`: sigmoids fitted on similar scores, each fit's starting point (see `fitCalibrator`). */
  static fit(scores: DenseMatrix, yIndex: Int32Array, start?: SigmoidCalibration): SigmoidCalibration {
    const from = (k: number): [number, number] | undefined => (start && k < start.a.length ? [start.a[k], start.b[k]] : undefined);
    const K = scores.cols;
    const n = scores.rows;
    const a = new Float64Array(K);
    const b = new Float64Array(K);
    const positives = new Int32Array(K);
    for (let i = 0; i < n; i++) positives[yIndex[i]]++;
    const f = new Float64Array(n);
    const t = new Float64Array(n);
    const small: number[] = [];
    for (let k = 0; k < K; k++) {
      const nPos = positives[k];
      if (nPos < MIN_PLATT_POSITIVES) {
        small.push(k);
        continue;
      }
      const nNeg = n - nPos;
      for (let i = 0; i < n; i++) {
        f[i] = scores.data[i * K + k];
        t[i] = yIndex[i] === k ? (nPos + 1) / (nPos + 2) : 1 / (nNeg + 2);
      }
      [a[k], b[k]] = fitPlatt(f, t, null, nPos, nNeg, from(k));
    }
    if (small.length > 0) {
      const [pa, pb] = fitPooledPlatt(scores, yIndex, small, from(small[0]));
      for (const k of small) [a[k], b[k]] = [pa, pb];
    }
    return new SigmoidCalibration(a, b);
  }

  apply(scores: DenseMatrix): DenseMatrix {
    const K = scores.cols;
    const out = new DenseMatrix(scores.rows, K);
    const q = new Float64Array(K);
    for (let i = 0; i < scores.rows; i++) {
      let sum = 0;
      for (let k = 0; k < K; k++) {
        q[k] = sigmoid(this.a[k] * scores.data[i * K + k] + this.b[k]);
        sum += q[k];
      }
      for (let k = 0; k < K; k++) out.data[i * K + k] = sum > 0 ? q[k] / sum : 1 / K;
    }
    return out;
  }

  toJson(): JsonObject {
    return { method: this.method, a: Array.from(this.a), b: Array.from(this.b) };
  }
}

/**
 * Temperature scaling with per-class bias (Guo et al. 2017, "vector scaling" restricted to one shared
 * slope): p_i = softmax(s_i / T + c), fitted by minimising the mean negative log-likelihood over
 * (1/T, c). The objective is convex in (1/T, c) (a multinomial logistic regression on the scores);
 * c stays centred (sum c_k = 0) because the gradient in c always sums to zero.
 */
export class TemperatureCalibration implements Calibrator {
  readonly method = 'temperature';

  constructor(
    /** 1 / T. */
    readonly inverseTemperature: number,
    readonly bias: Float64Array,
  ) {}

  get temperature(): number {
    return 1 / this.inverseTemperature;
  }

  /** @param options.bias fit the per-class bias c (default true); false fits T alone, c = 0. */
  static fit(scores: DenseMatrix, yIndex: Int32Array, options: { bias?: boolean } = {}): TemperatureCalibration {
    const K = scores.cols;
    const n = scores.rows;
    const withBias = options.bias ?? true;
    const z = new Float64Array(K);
    const gradient = new Float64Array(withBias ? K + 1 : 1);
    const result = minimizeLbfgs(
      (theta) => {
        const beta = theta[0];
        let value = 0;
        gradient.fill(0);
        for (let i = 0; i < n; i++) {
          const off = i * K;
          for (let k = 0; k < K; k++) z[k] = beta * scores.data[off + k] + (withBias ? theta[1 + k] : 0);
          const lse = logSumExp(z, 0, K);
          const y = yIndex[i];
          value += lse - z[y];
          for (let k = 0; k < K; k++) {
            const r = Math.exp(z[k] - lse) - (k === y ? 1 : 0);
            gradient[0] += r * scores.data[off + k];
            if (withBias) gradient[1 + k] += r;
          }
        }
        for (let p = 0; p < gradient.length; p++) gradient[p] /= n;
        return { value: value / n, gradient };
      },
      new Float64Array(gradient.length).fill(1, 0, 1),
      { maxIter: 500, gtol: 1e-7 },
    );
    return new TemperatureCalibration(result.x[0], withBias ? result.x.slice(1) : new Float64Array(K));
  }

  apply(scores: DenseMatrix): DenseMatrix {
    const K = scores.cols;
    const out = new DenseMatrix(scores.rows, K);
    const z = new Float64Array(K);
    for (let i = 0; i < scores.rows; i++) {
      for (let k = 0; k < K; k++) z[k] = this.inverseTemperature * scores.data[i * K + k] + this.bias[k];
      const lse = logSumExp(z, 0, K);
      for (let k = 0; k < K; k++) out.data[i * K + k] = Math.exp(z[k] - lse);
    }
    return out;
  }

  toJson(): JsonObject {
    return { method: this.method, inverseTemperature: this.inverseTemperature, bias: Array.from(this.bias) };
  }
}
