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
  const order = Array.from({ length: p.length }, (_, j) => j);
  // A partial selection would do for thousands of classes, but a sort of one row is microseconds even then.
  order.sort((a, b) => p[b] - p[a] || a - b);
  return order.slice(0, k).map((j) => rankedPrediction(taxonomy, classes[j], p[j], language));
}
