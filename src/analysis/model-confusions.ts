// Where a model confuses two categories: the largest off-diagonal cells, and the validation products behind each cell.

import type { Json, JsonObject } from '../core/estimator.js';
import type { Confusion, Misclassification } from './models-summary-types.js';

/** The `limit` largest off-diagonal cells of `counts` (rows: truth, columns: predicted, both in `labels` order). */
export function topConfusions(labels: readonly number[], counts: readonly (readonly number[])[], limit = 20): Confusion[] {
  const cells: Confusion[] = [];
  for (let i = 0; i < labels.length; i++) {
    const support = counts[i].reduce((s, v) => s + v, 0);
    for (let j = 0; j < labels.length; j++) {
      if (i !== j && counts[i][j] > 0) cells.push({ truth: labels[i], predicted: labels[j], count: counts[i][j], shareOfTruth: counts[i][j] / support });
    }
  }
  return cells.sort((a, b) => b.count - a.count || a.truth - b.truth || a.predicted - b.predicted).slice(0, limit);
}

/**
 * The wrong predictions of a card's `extra.validationPredictions` ({ index, truth, predicted, confidence }
 * arrays), at most `perCell` per (truth, predicted) cell, most confident first (confident mistakes are often
 * label noise). `titleOf` names products by index when the data is the model's own.
 */
export function misclassifications(value: Json | undefined, perCell: number, titleOf: ((index: number) => string | undefined) | null): Misclassification[] {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return [];
  const v = value as JsonObject;
  const index = numbers(v.index);
  const truth = numbers(v.truth);
  const predicted = numbers(v.predicted);
  const confidence = numbers(v.confidence);
  if (!index || !truth || !predicted || truth.length !== index.length || predicted.length !== index.length) return [];
  const wrong: Misclassification[] = [];
  for (let i = 0; i < index.length; i++) {
    if (truth[i] === predicted[i]) continue;
    wrong.push({ index: index[i], truth: truth[i], predicted: predicted[i], confidence: confidence?.[i] ?? 0, designation: titleOf?.(index[i]) ?? null });
  }
  wrong.sort((a, b) => a.truth - b.truth || a.predicted - b.predicted || b.confidence - a.confidence || a.index - b.index);
  const kept: Misclassification[] = [];
  let run = 0;
  for (let i = 0; i < wrong.length; i++) {
    run = i > 0 && wrong[i].truth === wrong[i - 1].truth && wrong[i].predicted === wrong[i - 1].predicted ? run + 1 : 0;
    if (run < perCell) kept.push(wrong[i]);
  }
  return kept;
}

function numbers(value: Json | undefined): number[] | null {
  return Array.isArray(value) && value.every((x) => typeof x === 'number') ? (value as number[]) : null;
}
