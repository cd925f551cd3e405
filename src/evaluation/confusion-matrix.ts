// Confusion matrix over a fixed label list: rows are true labels, columns predicted ones.

import { ProdclassError } from '../core/errors.js';

export interface ConfusionMatrix {
  /** The label of each row and column, ascending. */
  labels: number[];
  /** counts[i][j] = number of samples with true label labels[i] predicted as labels[j]. */
  counts: number[][];
}

/** Sorted union of the labels that occur in either array (scikit-learn's `unique_labels`). */
export function unionLabels(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number[] {
  const set = new Set<number>();
  for (let i = 0; i < yTrue.length; i++) set.add(yTrue[i]);
  for (let i = 0; i < yPred.length; i++) set.add(yPred[i]);
  return [...set].sort((a, b) => a - b);
}

/**
 * @param labels rows/columns to report; defaults to the union of both arrays. Samples whose true or
 *   predicted label is outside `labels` are not counted (as scikit-learn does).
 * @throws ProdclassError INVALID_INPUT when the arrays differ in length.
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labels?: number[]): ConfusionMatrix {
  if (yTrue.length !== yPred.length) {
    throw new ProdclassError('INVALID_INPUT', `confusion matrix: ${yTrue.length} true labels but ${yPred.length} predictions`);
  }
  const rows = labels ?? unionLabels(yTrue, yPred);
  const position = new Map(rows.map((l, i) => [l, i]));
  const counts = rows.map(() => new Array<number>(rows.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = position.get(yTrue[i]);
    const p = position.get(yPred[i]);
    if (t !== undefined && p !== undefined) counts[t][p]++;
  }
  return { labels: rows, counts };
}
