// Quality of predicted probabilities: log-loss, Brier score and expected calibration error.

import { ProdclassError } from '../core/errors.js';
import type { DenseMatrix } from '../core/dense-matrix.js';

const EPS = 1e-15;

function check(proba: DenseMatrix, yIndex: ArrayLike<number>): void {
  if (proba.rows !== yIndex.length) {
    throw new ProdclassError('INVALID_INPUT', `${proba.rows} probability rows but ${yIndex.length} labels`);
  }
  if (proba.rows === 0) throw new ProdclassError('INVALID_INPUT', 'probability metrics need at least one sample');
}

/** Mean negative log-likelihood of the true class; `yIndex[i]` is the column of sample i's true class. */
export function logLoss(proba: DenseMatrix, yIndex: ArrayLike<number>): number {
  check(proba, yIndex);
  let sum = 0;
  for (let i = 0; i < proba.rows; i++) sum -= Math.log(Math.max(EPS, proba.get(i, yIndex[i])));
  return sum / proba.rows;
}

/** Multi-class Brier score: mean over samples of sum_j (p_ij - [j = y_i])^2. */
export function brierScore(proba: DenseMatrix, yIndex: ArrayLike<number>): number {
  check(proba, yIndex);
  let sum = 0;
  for (let i = 0; i < proba.rows; i++) {
    const row = proba.row(i);
    for (let j = 0; j < row.length; j++) {
      const d = row[j] - (j === yIndex[i] ? 1 : 0);
      sum += d * d;
    }
  }
  return sum / proba.rows;
}

/**
 * Expected calibration error of the top prediction: samples binned by confidence into `bins` equal-width
 * bins; ECE = sum_b (n_b / n) |accuracy_b - mean confidence_b|.
 */
export function expectedCalibrationError(proba: DenseMatrix, yIndex: ArrayLike<number>, bins = 15): number {
  check(proba, yIndex);
  const count = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const hits = new Float64Array(bins);
  for (let i = 0; i < proba.rows; i++) {
    const row = proba.row(i);
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
    const b = Math.min(bins - 1, Math.floor(row[best] * bins));
    count[b]++;
    conf[b] += row[best];
    if (best === yIndex[i]) hits[b]++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) ece += Math.abs(hits[b] - conf[b]) / proba.rows;
  return ece;
}
