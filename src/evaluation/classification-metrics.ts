// Accuracy, per-class precision/recall/F1 and their macro and support-weighted averages (the headline metric).

import { ProdclassError } from '../core/errors.js';
import { unionLabels, type ConfusionMatrix } from './confusion-matrix.js';

/** Past this many labels the dense confusion matrix is left out (5,595 categories would be 31 million cells). */
export const DENSE_CONFUSION_MAX_LABELS = 100;

/** One off-diagonal cell of the confusion matrix. */
export interface ConfusionCell {
  truth: number;
  predicted: number;
  count: number;
  /** count / support of the true label. */
  shareOfTruth: number;
}

export interface ClassMetrics {
  code: number;
  precision: number;
  recall: number;
  f1: number;
  /** Number of samples whose true label is `code`. */
  support: number;
  /** Number of samples predicted as `code`. */
  predicted: number;
}

export interface ClassificationMetrics {
  n: number;
  accuracy: number;
  /** Mean of per-class F1 weighted by support: the Rakuten challenge's score. */
  weightedF1: number;
  macroF1: number;
  weightedPrecision: number;
  weightedRecall: number;
  macroPrecision: number;
  macroRecall: number;
  perClass: ClassMetrics[];
  /** Rows true labels, columns predicted; null past DENSE_CONFUSION_MAX_LABELS labels. */
  confusion: ConfusionMatrix | null;
  /** Every non-zero off-diagonal cell, largest first (ties by label): what many-category pages list instead of a matrix. */
  confusions: ConfusionCell[];
}

/**
 * Classification metrics with scikit-learn's conventions: labels are the union of true and predicted
 * labels (or `labels` when given); a ratio with a zero denominator counts as 0 (`zero_division=0`);
 * F1 = 2PR / (P + R); macro averages weight every label equally, weighted averages by support.
 * @throws ProdclassError INVALID_INPUT when lengths differ or there are no samples.
 */
export function classificationMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels?: number[]): ClassificationMetrics {
  if (yTrue.length === 0) throw new ProdclassError('INVALID_INPUT', 'metrics need at least one sample');
  if (yTrue.length !== yPred.length) {
    throw new ProdclassError('INVALID_INPUT', `metrics: ${yTrue.length} true labels but ${yPred.length} predictions`);
  }
  // Counted sparsely (O(n + labels)), so thousands of categories cost no more than their samples.
  const rows = labels ?? unionLabels(yTrue, yPred);
  const k = rows.length;
  const position = new Map(rows.map((l, i) => [l, i]));
  const tp = new Float64Array(k);
  const supportOf = new Float64Array(k);
  const predictedOf = new Float64Array(k);
  const off = new Map<number, number>();
  for (let s = 0; s < yTrue.length; s++) {
    const t = position.get(yTrue[s]);
    const p = position.get(yPred[s]);
    if (t === undefined || p === undefined) continue;
    supportOf[t]++;
    predictedOf[p]++;
    if (t === p) tp[t]++;
    else off.set(t * k + p, (off.get(t * k + p) ?? 0) + 1);
  }
  let correct = 0;
  let counted = 0;
  const perClass: ClassMetrics[] = rows.map((code, i) => {
    const support = supportOf[i];
    const predicted = predictedOf[i];
    correct += tp[i];
    counted += support;
    const precision = predicted === 0 ? 0 : tp[i] / predicted;
    const recall = support === 0 ? 0 : tp[i] / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { code, precision, recall, f1, support, predicted };
  });
  const confusions: ConfusionCell[] = [...off].map(([cell, count]) => {
    const t = Math.floor(cell / k);
    return { truth: rows[t], predicted: rows[cell % k], count, shareOfTruth: count / supportOf[t] };
  });
  confusions.sort((a, b) => b.count - a.count || a.truth - b.truth || a.predicted - b.predicted);
  let confusion: ConfusionMatrix | null = null;
  if (k <= DENSE_CONFUSION_MAX_LABELS) {
    const counts = rows.map((_, i) => rows.map((__, j) => (i === j ? tp[i] : 0)));
    for (const [cell, count] of off) counts[Math.floor(cell / k)][cell % k] = count;
    confusion = { labels: rows, counts };
  }
  const total = perClass.reduce((s, c) => s + c.support, 0);
  const weighted = (key: 'precision' | 'recall' | 'f1') => (total === 0 ? 0 : perClass.reduce((s, c) => s + c[key] * c.support, 0) / total);
  const macro = (key: 'precision' | 'recall' | 'f1') => perClass.reduce((s, c) => s + c[key], 0) / k;
  return {
    n: yTrue.length,
    accuracy: counted === 0 ? 0 : correct / counted,
    weightedF1: weighted('f1'),
    macroF1: macro('f1'),
    weightedPrecision: weighted('precision'),
    weightedRecall: weighted('recall'),
    macroPrecision: macro('precision'),
    macroRecall: macro('recall'),
    perClass,
    confusion,
    confusions,
  };
}
