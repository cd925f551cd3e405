// For a tree taxonomy: at a confidence asked for, how many products are filed at each depth, and how often rightly.

import type { DenseMatrix } from '../core/dense-matrix.js';
import { backOffEach, type Taxonomy } from '../taxonomy/index.js';

export interface HierarchicalCoverage {
  /** The probability a category must reach to be answered (`minConfidence`). */
  minConfidence: number;
  /**
   * Per depth: the share of products filed at that depth or deeper, and the precision of those filings (a product
   * filed at a category counts as right at a depth when its true category has the same ancestor there).
   */
  depths: Array<{ depth: number; share: number; precision: number }>;
}

/** Confidences a catalog team usually asks for. */
export const DEFAULT_MIN_CONFIDENCES: readonly number[] = [0.9, 0.95, 0.98];

/** Back-off (`backOffEach`) of every row at each confidence, counted per depth: each row's category sums are made once. */
export function hierarchicalCoverage(
  taxonomy: Taxonomy,
  classes: Int32Array,
  proba: DenseMatrix,
  truth: ArrayLike<number>,
  minConfidences: readonly number[] = DEFAULT_MIN_CONFIDENCES,
): HierarchicalCoverage[] {
  const n = truth.length;
  const filed = minConfidences.map(() => new Float64Array(taxonomy.maxDepth + 1));
  const right = minConfidences.map(() => new Float64Array(taxonomy.maxDepth + 1));
  for (let i = 0; i < n; i++) {
    const actual = taxonomy.has(truth[i]) ? taxonomy.ancestors(truth[i]) : [truth[i]];
    backOffEach(taxonomy, classes, proba.row(i), minConfidences).forEach((chosen, c) => {
      const said = taxonomy.has(chosen.key) ? taxonomy.ancestors(chosen.key) : [chosen.key];
      for (let d = 1; d <= said.length; d++) {
        filed[c][d]++;
        if (actual[d - 1] === said[d - 1]) right[c][d]++;
      }
    });
  }
  return minConfidences.map((minConfidence, c) => {
    const depths = Array.from({ length: taxonomy.maxDepth }, (_, k) => {
      const depth = k + 1;
      return { depth, share: n === 0 ? 0 : filed[c][depth] / n, precision: filed[c][depth] === 0 ? 0 : right[c][depth] / filed[c][depth] };
    });
    return { minConfidence, depths };
  });
}
