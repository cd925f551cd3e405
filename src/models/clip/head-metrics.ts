// The two scores the CLIP models steer by while training (early stopping, fusion weights): weighted F1 and log-loss.

import type { DenseMatrix } from '../../core/dense-matrix.js';

/**
 * Support-weighted mean of per-class F1 over the classes present in yTrue (scikit-learn's f1_score(average='weighted')),
 * for class indices 0..nClasses-1. (src/evaluation has the full report; models may not import it.)
 */
export function weightedF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): number {
  const tp = new Float64Array(nClasses);
  const predicted = new Float64Array(nClasses);
  const support = new Float64Array(nClasses);
  for (let i = 0; i < yTrue.length; i++) {
    support[yTrue[i]]++;
    predicted[yPred[i]]++;
    if (yTrue[i] === yPred[i]) tp[yTrue[i]]++;
  }
  let total = 0;
  let weighted = 0;
  for (let c = 0; c < nClasses; c++) {
    if (support[c] === 0) continue;
    const denominator = support[c] + predicted[c];
    weighted += support[c] * (denominator > 0 ? (2 * tp[c]) / denominator : 0);
    total += support[c];
  }
  return total > 0 ? weighted / total : 0;
}

/** Mean negative log-probability of the true class (probabilities clipped at 1e-15), for class indices. */
export function meanLogLoss(proba: DenseMatrix, yIndex: ArrayLike<number>, rows?: ArrayLike<number>): number {
  const n = rows ? rows.length : yIndex.length;
  if (n === 0) return 0;
  let sum = 0;
  for (let t = 0; t < n; t++) {
    const i = rows ? rows[t] : t;
    sum -= Math.log(Math.max(proba.get(i, yIndex[i]), 1e-15));
  }
  return sum / n;
}
