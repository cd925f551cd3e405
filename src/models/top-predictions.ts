// Turns a probability row into the ranked, named predictions users see.

import type { DenseMatrix } from '../core/dense-matrix.js';
import { backOff, type Taxonomy } from '../taxonomy/index.js';

export interface RankedPrediction {
  /** The category's key (for numeric taxonomies such as Rakuten's, its code). */
  code: number;
  /** The category's id in its taxonomy. */
  id: string;
  name: string;
  /** Names from the top level down to the category. */
  path: string[];
  probability: number;
}

/** The category `key` of `taxonomy` with probability `probability`, as users see it. */
export function rankedPrediction(taxonomy: Taxonomy, key: number, probability: number, language?: string): RankedPrediction {
  const known = taxonomy.has(key);
  return {
    code: key,
    id: known ? taxonomy.get(key).id : String(key),
    name: taxonomy.nameOf(key, language),
    path: known ? taxonomy.path(key, language) : [taxonomy.nameOf(key, language)],
    probability,
  };
}

/** The category to file a product under, with its depth: the most probable class, or with `minConfidence` its surest ancestor reaching it. */
export function decisionOf(taxonomy: Taxonomy, classes: Int32Array, p: ArrayLike<number>, minConfidence?: number): RankedPrediction & { depth: number } {
  const chosen = backOff(taxonomy, classes, p, minConfidence);
  return { ...rankedPrediction(taxonomy, chosen.key, chosen.probability), depth: chosen.depth };
}

/** The `k` most probable classes of row `row`, best first (ties keep class order). */
export function topPredictions(proba: DenseMatrix, classes: Int32Array, row: number, taxonomy: Taxonomy, k = 5, language?: string): RankedPrediction[] {
  const p = proba.row(row);
  // One pass keeping the k best in order, not a sort of the whole row: thousands of classes are served per request.
  const top: number[] = [];
  for (let j = 0; j < p.length; j++) {
    if (top.length === k && !(p[j] > p[top[k - 1]])) continue;
    let at = top.length;
    // Only a strictly higher probability moves up, so ties keep class order.
    while (at > 0 && p[j] > p[top[at - 1]]) at--;
    top.splice(at, 0, j);
    if (top.length > k) top.pop();
  }
  return top.map((j) => rankedPrediction(taxonomy, classes[j], p[j], language));
}
