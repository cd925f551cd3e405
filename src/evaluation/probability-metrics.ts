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
  const confidence = new Float64Array(proba.rows);
  const correct: boolean[] = new Array(proba.rows);
  for (let i = 0; i < proba.rows; i++) {
    const row = proba.row(i);
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
    confidence[i] = row[best];
    correct[i] = best === yIndex[i];
  }
  return topLabelCalibrationError(confidence, correct, bins);
}

/**
 * The same ECE from each sample's top confidence and whether its top class was right: for predictions known only by
 * their top label (a reference's, or several folds' pooled). @throws ProdclassError INVALID_INPUT for no sample or
 * arrays of different lengths.
 */
export function topLabelCalibrationError(confidence: ArrayLike<number>, correct: ArrayLike<boolean>, bins = 15): number {
  if (confidence.length !== correct.length) throw new ProdclassError('INVALID_INPUT', `${confidence.length} confidences but ${correct.length} outcomes`);
  if (confidence.length === 0) throw new ProdclassError('INVALID_INPUT', 'probability metrics need at least one sample');
  const count = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const hits = new Float64Array(bins);
  for (let i = 0; i < confidence.length; i++) {
    const b = Math.min(bins - 1, Math.floor(confidence[i] * bins));
    count[b]++;
    conf[b] += confidence[i];
    if (correct[i]) hits[b]++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) ece += Math.abs(hits[b] - conf[b]) / confidence.length;
  return ece;
}
