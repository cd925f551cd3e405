// Raw scores of a fitted linear model on sparse rows (X W' + b), and the softmax that turns scores into probabilities.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import type { TypedArray } from '../../core/estimator.js';

/** The learned part of any linear classifier: one weight row and one intercept per class. */
export interface LinearWeights {
  nFeatures: number;
  /** nClasses x nFeatures, row-major: coef[k * nFeatures + j] is feature j's weight for class k. */
  coef: Float32Array;
  /** One per class. */
  intercept: Float32Array;
}

/** Feature-major copies of coef (transposed[j * nClasses + k]), built once per weights object on first use. */
const transposedCache = new WeakMap<LinearWeights, Float32Array>();

function transposed(weights: LinearWeights): Float32Array {
  let t = transposedCache.get(weights);
  if (!t) {
    const { coef, nFeatures } = weights;
    const nClasses = weights.intercept.length;
    t = new Float32Array(coef.length);
    for (let k = 0; k < nClasses; k++) {
      const row = k * nFeatures;
      for (let j = 0; j < nFeatures; j++) t[j * nClasses + k] = coef[row + j];
    }
    transposedCache.set(weights, t);
  }
  return t;
}

/**
 * scores[i][k] = intercept[k] + sum_j x[i][j] * coef[k][j], accumulated in double precision.
 * Walks each row's non-zeros once against a feature-major copy of the weights, so every non-zero reads its
 * nClasses weights from one cache line run instead of nClasses rows a megabyte apart (about 6x faster with
 * 27 classes and 250k features). The caller checks the feature count.
 */
export function linearScores(x: CsrMatrix, weights: LinearWeights): DenseMatrix {
  const { intercept } = weights;
  const wt = transposed(weights);
  const nClasses = intercept.length;
  const out = new DenseMatrix(x.nRows, nClasses);
  const acc = new Float64Array(nClasses);
  const { indptr, indices, data } = x;
  for (let i = 0; i < x.nRows; i++) {
    for (let k = 0; k < nClasses; k++) acc[k] = intercept[k];
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = data[p];
      const base = indices[p] * nClasses;
      for (let k = 0; k < nClasses; k++) acc[k] += wt[base + k] * v;
    }
    out.data.set(acc, i * nClasses);
  }
  return out;
}

/** Row-wise softmax, p_k = exp(s_k - max s) / sum_j exp(s_j - max s) (shifted, so no overflow). Returns a new matrix. */
export function softmaxRows(scores: DenseMatrix): DenseMatrix {
  const out = new DenseMatrix(scores.rows, scores.cols);
  const row = new Float64Array(scores.cols);
  for (let i = 0; i < scores.rows; i++) {
    const off = i * scores.cols;
    let max = -Infinity;
    for (let k = 0; k < scores.cols; k++) max = Math.max(max, scores.data[off + k]);
    let sum = 0;
    for (let k = 0; k < scores.cols; k++) {
      row[k] = Math.exp(scores.data[off + k] - max);
      sum += row[k];
    }
    for (let k = 0; k < scores.cols; k++) out.data[off + k] = row[k] / sum;
  }
  return out;
}

/** Rebuilds weights from saved arrays. @throws ProdclassError MODEL_CORRUPT when arrays are missing or mis-sized. */
export function weightsFromArrays(kind: string, arrays: Record<string, TypedArray>, nFeatures: number, nClasses: number): LinearWeights {
  const { coef, intercept } = arrays;
  if (!(coef instanceof Float32Array) || !(intercept instanceof Float32Array)) {
    throw new ProdclassError('MODEL_CORRUPT', `${kind}: saved state lacks float32 arrays "coef" and "intercept"`);
  }
  if (coef.length !== nFeatures * nClasses || intercept.length !== nClasses) {
    throw new ProdclassError('MODEL_CORRUPT', `${kind}: saved coef has ${coef.length} values and intercept ${intercept.length}, expected ${nClasses} x ${nFeatures} and ${nClasses}`);
  }
  return { nFeatures, coef, intercept };
}
