// Raw scores of a fitted linear model on sparse or dense rows (X W' + b), and the softmax that turns scores into probabilities.

import { CsrMatrix } from '../../core/csr-matrix.js';
import { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import type { TypedArray } from '../../core/estimator.js';

/**
 * The learned part of any linear classifier: one weight row and one intercept per class, in either layout. Models
 * are fitted and compared with scikit-learn in the class-major layout (its `coef_`); scoring and explaining read
 * the feature-major one, and a model folder keeps that one, so a served model never transposes its weights (about
 * 100 ms for 27 classes and 500,000 features, at every model switch). Either is built from the other on first use.
 */
export interface LinearWeights {
  readonly nFeatures: number;
  /** nClasses x nFeatures, row-major: coef[k * nFeatures + j] is feature j's weight for class k. */
  readonly coef: Float32Array;
  /** nFeatures x nClasses: featureMajor[j * nClasses + k], one feature's weights for every class side by side. */
  readonly featureMajor: Float32Array;
  /** One per class. */
  readonly intercept: Float32Array;
}

/** Weights from one layout (see LinearWeights); the other is made when first read. */
export function linearWeights(nFeatures: number, intercept: Float32Array, given: { coef: Float32Array } | { featureMajor: Float32Array }): LinearWeights {
  const nClasses = intercept.length;
  let coef = 'coef' in given ? given.coef : undefined;
  let featureMajor = 'featureMajor' in given ? given.featureMajor : undefined;
  return {
    nFeatures,
    intercept,
    get coef() {
      return (coef ??= transpose(featureMajor!, nFeatures, nClasses));
    },
    get featureMajor() {
      return (featureMajor ??= transpose(coef!, nClasses, nFeatures));
    },
  };
}

/** What a model folder keeps of the weights: the feature-major layout, which serving reads. */
export function weightsArrays(weights: LinearWeights): { coefByFeature: Float32Array; intercept: Float32Array } {
  return { coefByFeature: weights.featureMajor, intercept: weights.intercept };
}

/** `a` (rows x cols, row-major) as cols x rows. */
function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(a.length);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) t[j * rows + i] = a[row + j];
  }
  return t;
}

/**
 * scores[i][k] = intercept[k] + sum_j x[i][j] * coef[k][j], accumulated in double precision.
 * Reads a feature-major copy of the weights, so a non-zero's nClasses weights lie in one or two cache lines
 * instead of nClasses rows a megabyte apart (about 6x faster with 27 classes and 250k features), and walks the
 * row once per four classes with four sums held in registers (twice as fast as one pass into an array of sums;
 * each class's sum adds the same terms in the same order, so the scores are the same). The caller checks the
 * feature count.
 */
export function linearScores(x: CsrMatrix | DenseMatrix, weights: LinearWeights): DenseMatrix {
  if (!(x instanceof CsrMatrix)) return denseLinearScores(x, weights);
  const { intercept } = weights;
  const nClasses = intercept.length;
  const wt = weights.featureMajor;
  const out = new DenseMatrix(x.nRows, nClasses);
  const { indptr, indices, data } = x;
  for (let i = 0; i < x.nRows; i++) {
    const from = indptr[i];
    const to = indptr[i + 1];
    const at = i * nClasses;
    let k = 0;
    for (; k + 4 <= nClasses; k += 4) {
      let s0 = intercept[k];
      let s1 = intercept[k + 1];
      let s2 = intercept[k + 2];
      let s3 = intercept[k + 3];
      for (let p = from; p < to; p++) {
        const base = indices[p] * nClasses + k;
        const v = data[p];
        s0 += wt[base] * v;
        s1 += wt[base + 1] * v;
        s2 += wt[base + 2] * v;
        s3 += wt[base + 3] * v;
      }
      out.data[at + k] = s0;
      out.data[at + k + 1] = s1;
      out.data[at + k + 2] = s2;
      out.data[at + k + 3] = s3;
    }
    for (; k < nClasses; k++) {
      let sum = intercept[k];
      for (let p = from; p < to; p++) sum += wt[indices[p] * nClasses + k] * data[p];
      out.data[at + k] = sum;
    }
  }
  return out;
}

/** linearScores of dense rows: every feature of a row, each adding its nClasses weights (side by side) to the row's scores. */
function denseLinearScores(x: DenseMatrix, weights: LinearWeights): DenseMatrix {
  const { intercept } = weights;
  const nClasses = intercept.length;
  const wt = weights.featureMajor;
  const out = new DenseMatrix(x.rows, nClasses);
  const sums = new Float64Array(nClasses);
  for (let i = 0; i < x.rows; i++) {
    sums.set(intercept);
    const row = i * x.cols;
    for (let j = 0; j < x.cols; j++) {
      const v = x.data[row + j];
      const base = j * nClasses;
      for (let k = 0; k < nClasses; k++) sums[k] += wt[base + k] * v;
    }
    out.data.set(sums, i * nClasses);
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

/**
 * Rebuilds weights from saved arrays: `coefByFeature` (feature-major, as `weightsArrays` saves them) or, in folders
 * saved before it, `coef` (class-major).
 * @throws ProdclassError MODEL_CORRUPT when arrays are missing or mis-sized.
 */
export function weightsFromArrays(kind: string, arrays: Record<string, TypedArray>, nFeatures: number, nClasses: number): LinearWeights {
  const { coef, coefByFeature, intercept } = arrays;
  const weights = coefByFeature ?? coef;
  if (!(weights instanceof Float32Array) || !(intercept instanceof Float32Array)) {
    throw new ProdclassError('MODEL_CORRUPT', `${kind}: saved state lacks float32 arrays "coefByFeature" (or "coef") and "intercept"`);
  }
  if (weights.length !== nFeatures * nClasses || intercept.length !== nClasses) {
    throw new ProdclassError('MODEL_CORRUPT', `${kind}: saved weights have ${weights.length} values and intercept ${intercept.length}, expected ${nClasses} x ${nFeatures} and ${nClasses}`);
  }
  return linearWeights(nFeatures, intercept, coefByFeature ? { featureMajor: weights } : { coef: weights });
}
