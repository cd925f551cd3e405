// The multi-class softmax objective of gradient boosting: per-class gradients and hessians, and the log-loss.

/**
 * Raw scores are stored class-major: score of row i for class k at `scores[k * n + i]`. For row i with
 * probabilities p = softmax(F_i), label y_i and weight s_i, class k gets (XGBoost's multi:softprob)
 *
 *   g_ik = s_i (p_ik - [y_i = k]),      h_ik = s_i max(2 p_ik (1 - p_ik), 1e-16)
 *
 * The factor 2 on the diagonal hessian is XGBoost's: the exact diagonal p(1 - p) ignores the coupling between
 * classes, and doubling it keeps Newton steps taken class by class from overshooting.
 * @param grad, hess class-major outputs, like `scores`.
 */
export function softmaxGradients(scores: Float64Array, yIndex: Int32Array, nClasses: number, sampleWeight: Float64Array | null, grad: Float64Array, hess: Float64Array): void {
  const n = yIndex.length;
  const p = new Float64Array(nClasses);
  for (let i = 0; i < n; i++) {
    softmaxAt(scores, i, n, nClasses, p);
    const s = sampleWeight ? sampleWeight[i] : 1;
    const y = yIndex[i];
    for (let k = 0; k < nClasses; k++) {
      grad[k * n + i] = s * (p[k] - (k === y ? 1 : 0));
      hess[k * n + i] = s * Math.max(2 * p[k] * (1 - p[k]), 1e-16);
    }
  }
}

/** Mean weighted log-loss  -sum_i s_i ln p_i,y_i / sum_i s_i  of class-major scores. */
export function softmaxLogLoss(scores: Float64Array, yIndex: Int32Array, nClasses: number, sampleWeight: Float64Array | null = null): number {
  const n = yIndex.length;
  let loss = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let k = 0; k < nClasses; k++) max = Math.max(max, scores[k * n + i]);
    let sum = 0;
    for (let k = 0; k < nClasses; k++) sum += Math.exp(scores[k * n + i] - max);
    const s = sampleWeight ? sampleWeight[i] : 1;
    loss += s * (max + Math.log(sum) - scores[yIndex[i] * n + i]);
    total += s;
  }
  return total > 0 ? loss / total : 0;
}

/** p = softmax of row i of class-major scores (shifted by the maximum). */
export function softmaxAt(scores: Float64Array, i: number, n: number, nClasses: number, p: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < nClasses; k++) max = Math.max(max, scores[k * n + i]);
  let sum = 0;
  for (let k = 0; k < nClasses; k++) {
    p[k] = Math.exp(scores[k * n + i] - max);
    sum += p[k];
  }
  for (let k = 0; k < nClasses; k++) p[k] /= sum;
}

/**
 * Starting scores: 0 for every class ('uniform', XGBoost's base_score for multi-class), or the log of each
 * class's weighted share ('prior', LightGBM's boost_from_average), so the first trees need not learn the priors.
 */
export function initialScores(mode: 'uniform' | 'prior', yIndex: Int32Array, nClasses: number, sampleWeight: Float64Array | null): Float64Array {
  const init = new Float64Array(nClasses);
  if (mode === 'uniform') return init;
  let total = 0;
  for (let i = 0; i < yIndex.length; i++) {
    const s = sampleWeight ? sampleWeight[i] : 1;
    init[yIndex[i]] += s;
    total += s;
  }
  for (let k = 0; k < nClasses; k++) init[k] = Math.log(Math.max(init[k], 1e-12) / total);
  return init;
}
