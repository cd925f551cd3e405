// The result file of a batch job: one line per classified product (index, prdtypecode, name, probability, decision).

import { formatCsvRow } from '../data/csv-format.js';
import type { RankedPrediction } from '../models/top-predictions.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { depthThresholdsOf, filedColumnValues, FILED_RESULT_COLUMNS, type DepthFiling } from './depth-decision.js';
import type { ServedModel } from './served-model.js';

const COLUMNS = ['index', 'prdtypecode', 'name', 'probability', 'decision'] as const;

export const RESULT_HEADER = formatCsvRow([...COLUMNS]);

/** One result line; the probability with 6 decimals; decision: auto (filed without a person) or review. */
export function resultRow(index: number, best: RankedPrediction, decision: 'auto' | 'review'): string {
  return formatCsvRow([index, best.code, best.name, best.probability.toFixed(6), decision]);
}

/** The result line of a filed row of a challenge-layout batch. */
export function resultLine(row: { product: { index: number }; best: RankedPrediction; decision: 'auto' | 'review' }): string {
  return resultRow(row.product.index, row.best, row.decision);
}

/** Whether `served` files by depth (a tree model whose card has per-depth thresholds): its results add FILED_RESULT_COLUMNS. */
export function filesByDepth(served: Pick<ServedModel, 'taxonomy' | 'card'>): boolean {
  return served.taxonomy.isTree && depthThresholdsOf(served.card) !== null;
}

/** The header of a challenge-layout result: with filed_id, filed_path, filed_depth after decision when the model files by depth. */
export function resultHeader(byDepth: boolean): string {
  return byDepth ? formatCsvRow([...COLUMNS, ...FILED_RESULT_COLUMNS]) : RESULT_HEADER;
}

/** The line writer of a challenge-layout result for `served`: resultLine, plus the filed-at columns when it files by depth. */
export function resultLineFor(served: Pick<ServedModel, 'taxonomy' | 'card'>): (row: { product: { index: number }; best: RankedPrediction; decision: 'auto' | 'review'; filing: DepthFiling | null }) => string {
  if (!filesByDepth(served)) return resultLine;
  const taxonomy: Taxonomy = served.taxonomy;
  return ({ product, best, decision, filing }) => formatCsvRow([product.index, best.code, best.name, best.probability.toFixed(6), decision, ...filedColumnValues(taxonomy, filing)]);
}
