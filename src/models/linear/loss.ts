// Multinomial logistic loss (softmax cross-entropy) with sample weights and an L2 penalty: value and gradient on CSR input.

import type { CsrMatrix } from '../../core/csr-matrix.js';

/**
 * The data side of the loss. Parameters are one flat Float64Array laid out feature-major,
 * `w[j * nClasses + k]` = weight of feature j for class k (so one non-zero x_ij touches nClasses
 * neighbouring values), followed by the nClasses intercepts when `fitIntercept`.
 */
export interface MultinomialProblem {
  x: CsrMatrix;
  /** Class position (0..nClasses-1) of each row. */
  yIndex: Int32Array;
  nClasses: number;
  /** s_i >= 0 per row (class weights folded in); null means all 1. */
  sampleWeight: Float64Array | null;
  /** Inverse regularisation strength, scikit-learn's C. */
  C: number;
  fitIntercept: boolean;
}

/** Length of the flat parameter vector: nFeatures * nClasses weights, plus nClasses intercepts when fitted. */
export function parameterCount(problem: MultinomialProblem): number {
  return (problem.x.nCols + (problem.fitIntercept ? 1 : 0)) * problem.nClasses;
}

/** log sum_k exp(z_k) over z[offset .. offset + n), shifted by the maximum so it neither overflows nor underflows to -inf. */
export function logSumExp(z: Float64Array, offset = 0, n = z.length - offset): number {
  let max = -Infinity;
  for (let k = 0; k < n; k++) max = Math.max(max, z[offset + k]);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.exp(z[offset + k] - max);
  return max + Math.log(sum);
}

/**
 * The L2-penalised multinomial logistic loss, in scikit-learn's convention (intercepts not penalised):
 *
 *   L(W, b) = C * sum_i s_i * [ logsumexp_k(z_ik) - z_i,y_i ] + 1/2 * ||W||_F^2,   z_ik = W_k . x_i + b_k
 *
 *   dL/dW_k = C * sum_i s_i (p_ik - [y_i = k]) x_i + W_k,     dL/db_k = C * sum_i s_i (p_ik - [y_i = k])
 *
 * with p_i = softmax(z_i), computed as exp(z_ik - logsumexp(z_i)) so large scores cannot overflow.
 * @param w parameters in the layout of `MultinomialProblem`.
 * @param gradient where to write the gradient (allocated when omitted); returned in the result.
 */
export function multinomialLoss(
  w: Float64Array,
  problem: MultinomialProblem,
  gradient: Float64Array = new Float64Array(w.length),
): { value: number; gradient: Float64Array } {
  const { x, yIndex, nClasses: K, sampleWeight, C, fitIntercept } = problem;
  const { indptr, indices, data } = x;
  const interceptOffset = x.nCols * K;

  let penalty = 0;
  for (let p = 0; p < interceptOffset; p++) {
    penalty += w[p] * w[p];
    gradient[p] = w[p];
  }
  for (let p = interceptOffset; p < w.length; p++) gradient[p] = 0;

  const z = new Float64Array(K);
  let lossSum = 0;
  for (let i = 0; i < x.nRows; i++) {
    const s = sampleWeight ? sampleWeight[i] : 1;
    if (s === 0) continue;
    const start = indptr[i];
    const end = indptr[i + 1];
    for (let k = 0; k < K; k++) z[k] = fitIntercept ? w[interceptOffset + k] : 0;
    for (let q = start; q < end; q++) {
      const base = indices[q] * K;
      const v = data[q];
      for (let k = 0; k < K; k++) z[k] += w[base + k] * v;
    }
    const lse = logSumExp(z, 0, K);
    const yi = yIndex[i];
    lossSum += s * (lse - z[yi]);
    // z now holds the residual C * s * (p_ik - [y_i = k]).
    for (let k = 0; k < K; k++) z[k] = C * s * (Math.exp(z[k] - lse) - (k === yi ? 1 : 0));
    for (let q = start; q < end; q++) {
      const base = indices[q] * K;
      const v = data[q];
      for (let k = 0; k < K; k++) gradient[base + k] += z[k] * v;
    }
    if (fitIntercept) for (let k = 0; k < K; k++) gradient[interceptOffset + k] += z[k];
  }
  return { value: C * lossSum + 0.5 * penalty, gradient };
}
