// Turns a probability row into the ranked, named predictions users see.

import type { DenseMatrix } from '../core/dense-matrix.js';
import { categoryName, type Language } from '../data/taxonomy.js';

export interface RankedPrediction {
  code: number;
  name: string;
  probability: number;
}

/** The `k` most probable classes of row `row`, best first (ties keep class order). */
export function topPredictions(proba: DenseMatrix, classes: Int32Array, row: number, k = 5, language: Language = 'en'): RankedPrediction[] {
  const p = proba.row(row);
  const order = Array.from({ length: p.length }, (_, j) => j).sort((a, b) => p[b] - p[a] || a - b);
  return order.slice(0, k).map((j) => ({ code: classes[j], name: categoryName(classes[j], language), probability: p[j] }));
}
