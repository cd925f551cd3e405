// The multinomial logistic loss of loss.ts evaluated column by column: the same numbers, far fewer cache misses on wide TF-IDF.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import type { MultinomialProblem } from './loss.js';

/** Column-major copy of a CSR matrix. */
function toCsc(x: CsrMatrix): { colPtr: Int32Array; rows: Int32Array; data: Float32Array } {
  const colPtr = new Int32Array(x.nCols + 1);
  for (let k = 0; k < x.nnz; k++) colPtr[x.indices[k] + 1]++;
  for (let j = 0; j < x.nCols; j++) colPtr[j + 1] += colPtr[j];
  const fill = colPtr.slice(0, x.nCols);
  const rows = new Int32Array(x.nnz);
  const data = new Float32Array(x.nnz);
  for (let i = 0; i < x.nRows; i++) {
    for (let k = x.indptr[i]; k < x.indptr[i + 1]; k++) {
      const p = fill[x.indices[k]]++;
      rows[p] = i;
      data[p] = x.data[k];
    }
  }
  return { colPtr, rows, data };
}

/**
 * Evaluates `multinomialLoss` (same value and gradient, same parameter layout) in two passes over a column-major
 * copy of X: Z = X W + b column by column, then the residuals R (n x K, small enough to stay in cache), then
 * dL/dW_j = W_j + X_j' R column by column. Row-major evaluation reads the nFeatures x K weights at random, one
 * cache miss per non-zero; here weights and gradient stream in order (about 3x faster at 200k features).
 */
export class MultinomialObjective {
  private readonly csc: { colPtr: Int32Array; rows: Int32Array; data: Float32Array };
  private readonly z: Float64Array;

  constructor(private readonly problem: MultinomialProblem) {
    this.csc = toCsc(problem.x);
    this.z = new Float64Array(problem.x.nRows * problem.nClasses);
  }

  /** Loss value; writes the gradient into `gradient` (length parameterCount). */
  evaluate(w: Float64Array, gradient: Float64Array): number {
    const { x, yIndex, nClasses: K, sampleWeight, C, fitIntercept } = this.problem;
    const { colPtr, rows, data } = this.csc;
    const z = this.z;
    const n = x.nRows;
    const F = x.nCols;
    const interceptOffset = F * K;
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) z[i * K + k] = fitIntercept ? w[interceptOffset + k] : 0;
    for (let j = 0; j < F; j++) {
      const base = j * K;
      for (let e = colPtr[j]; e < colPtr[j + 1]; e++) {
        const zi = rows[e] * K;
        const v = data[e];
        for (let k = 0; k < K; k++) z[zi + k] += v * w[base + k];
      }
    }
    let lossSum = 0;
    for (let i = 0; i < n; i++) {
      const s = sampleWeight ? sampleWeight[i] : 1;
      const zi = i * K;
      if (s === 0) {
        for (let k = 0; k < K; k++) z[zi + k] = 0;
        continue;
      }
      let max = -Infinity;
      for (let k = 0; k < K; k++) if (z[zi + k] > max) max = z[zi + k];
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(z[zi + k] - max);
      const lse = max + Math.log(sum);
      const yi = yIndex[i];
      lossSum += s * (lse - z[zi + yi]);
      for (let k = 0; k < K; k++) z[zi + k] = C * s * (Math.exp(z[zi + k] - lse) - (k === yi ? 1 : 0));
    }
    let penalty = 0;
    for (let j = 0; j < F; j++) {
      const base = j * K;
      for (let k = 0; k < K; k++) {
        const wk = w[base + k];
        penalty += wk * wk;
        gradient[base + k] = wk;
      }
      for (let e = colPtr[j]; e < colPtr[j + 1]; e++) {
        const ri = rows[e] * K;
        const v = data[e];
        for (let k = 0; k < K; k++) gradient[base + k] += v * z[ri + k];
      }
    }
    if (fitIntercept) {
      for (let k = 0; k < K; k++) gradient[interceptOffset + k] = 0;
      for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) gradient[interceptOffset + k] += z[i * K + k];
    }
    return C * lossSum + 0.5 * penalty;
  }
}
