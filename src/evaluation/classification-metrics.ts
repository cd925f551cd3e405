// Accuracy, per-class precision/recall/F1 and their macro and support-weighted averages (the headline metric).

import { ProdclassError } from '../core/errors.js';
import { confusionMatrix, type ConfusionMatrix } from './confusion-matrix.js';

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
  confusion: ConfusionMatrix;
}

/**
 * Classification metrics with scikit-learn's conventions: labels are the union of true and predicted
 * labels (or `labels` when given); a ratio with a zero denominator counts as 0 (`zero_division=0`);
 * F1 = 2PR / (P + R); macro averages weight every label equally, weighted averages by support.
 * @throws ProdclassError INVALID_INPUT when lengths differ or there are no samples.
 */
export function classificationMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels?: number[]): ClassificationMetrics {
  if (yTrue.length === 0) throw new ProdclassError('INVALID_INPUT', 'metrics need at least one sample');
  const confusion = confusionMatrix(yTrue, yPred, labels);
  const k = confusion.labels.length;
  let correct = 0;
  let counted = 0;
  const perClass: ClassMetrics[] = confusion.labels.map((code, i) => {
    const tp = confusion.counts[i][i];
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += confusion.counts[i][j];
      predicted += confusion.counts[j][i];
    }
    correct += tp;
    counted += support;
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { code, precision, recall, f1, support, predicted };
  });
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
  };
}
