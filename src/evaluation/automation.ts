// Filing automatically at a promised precision: how a model's thresholds do on labelled rows, and thresholds per category.

import type { DenseMatrix } from '../core/dense-matrix.js';
import { ProdclassError } from '../core/errors.js';

/** What filing every product at or above `threshold` gives on the rows evaluated. */
export interface AutomationPoint {
  /** The precision the threshold was chosen for (on the model's own validation predictions). */
  targetPrecision: number;
  /** null when the model never reached the target: nothing is filed automatically. */
  threshold: number | null;
  /** Share of the rows filed automatically. */
  coverage: number;
  /** Share of those filed right (null when none is filed). */
  precision: number | null;
}

/** A category's own threshold for one target precision; null: its products always go to review. */
export interface CategoryThreshold {
  code: number;
  threshold: number | null;
  /** Validation products predicted as this category (the threshold's evidence). */
  predicted: number;
}

/** Fewer validation products predicted as a category than this, and its precision cannot be vouched for: always reviewed. */
export const MIN_CATEGORY_EVIDENCE = 10;

function topOf(proba: DenseMatrix, i: number): { best: number; confidence: number } {
  const row = proba.row(i);
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
  return { best, confidence: row[best] };
}

/**
 * Coverage and realised precision of each threshold on labelled rows (`yIndex[i]` the column of row i's true
 * class, -1 when the model does not know it: then never right).
 * @throws ProdclassError INVALID_INPUT when sizes disagree or there are no rows.
 */
export function automationAt(proba: DenseMatrix, yIndex: ArrayLike<number>, thresholds: readonly { precision: number; threshold: number | null }[]): AutomationPoint[] {
  const n = proba.rows;
  if (n === 0 || n !== yIndex.length) throw new ProdclassError('INVALID_INPUT', `automation: ${n} probability rows, ${yIndex.length} labels`);
  const tops = Array.from({ length: n }, (_, i) => topOf(proba, i));
  return thresholds.map(({ precision: targetPrecision, threshold }) => {
    let filed = 0;
    let right = 0;
    if (threshold !== null) {
      tops.forEach(({ best, confidence }, i) => {
        if (confidence < threshold) return;
        filed++;
        if (best === yIndex[i]) right++;
      });
    }
    return { targetPrecision, threshold, coverage: filed / n, precision: filed > 0 ? right / filed : null };
  });
}

/**
 * Per category c, the lowest threshold at which the validation products predicted as c are right a share
 * `target` of the time, never below `floor` (the catalog-wide threshold, so a category is never filed more
 * loosely than the whole catalog); null when no threshold reaches it or fewer than MIN_CATEGORY_EVIDENCE products
 * were predicted as c, and the category is always reviewed.
 * @param classes category key of each column.
 */
export function categoryThresholds(proba: DenseMatrix, yIndex: ArrayLike<number>, classes: ArrayLike<number>, target: number, floor = 0): CategoryThreshold[] {
  const byClass = Array.from({ length: classes.length }, () => [] as { probability: number; right: boolean }[]);
  for (let i = 0; i < proba.rows; i++) {
    const { best, confidence } = topOf(proba, i);
    byClass[best].push({ probability: confidence, right: best === yIndex[i] });
  }
  return byClass.map((rows, j) => {
    const code = classes[j];
    if (rows.length < MIN_CATEGORY_EVIDENCE) return { code, threshold: null, predicted: rows.length };
    const threshold = lowestThreshold(rows, target);
    return { code, threshold: threshold === null ? null : Math.max(threshold, floor), predicted: rows.length };
  });
}

/**
 * The lowest threshold at which the candidates (probability, right) it admits are right a share `target` of the time
 * and number at least `minEvidence`; null when none is. Sorts `candidates`, most probable first.
 */
export function lowestThreshold(candidates: { probability: number; right: boolean }[], target: number, minEvidence = 1): number | null {
  candidates.sort((a, b) => b.probability - a.probability);
  let hits = 0;
  let found: number | null = null;
  candidates.forEach((c, k) => {
    if (c.right) hits++;
    // A threshold admits every row tied at its probability, so only the end of a tie run is a candidate.
    const tieFollows = k + 1 < candidates.length && candidates[k + 1].probability === c.probability;
    if (!tieFollows && k + 1 >= minEvidence && hits / (k + 1) >= target) found = c.probability;
  });
  return found;
}
