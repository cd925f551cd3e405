// The result file of a batch job: one line per classified product (index, prdtypecode, name, probability, decision).

import { formatCsvRow } from '../data/csv-format.js';
import type { RankedPrediction } from '../models/top-predictions.js';

export const RESULT_HEADER = formatCsvRow(['index', 'prdtypecode', 'name', 'probability', 'decision']);

/** One result line; the probability with 6 decimals; decision: auto (filed without a person) or review. */
export function resultRow(index: number, best: RankedPrediction, decision: 'auto' | 'review'): string {
  return formatCsvRow([index, best.code, best.name, best.probability.toFixed(6), decision]);
}

/** The result line of a filed row of a challenge-layout batch. */
export function resultLine(row: { product: { index: number }; best: RankedPrediction; decision: 'auto' | 'review' }): string {
  return resultRow(row.product.index, row.best, row.decision);
}
