// The card's per-depth thresholds for a tree taxonomy (`extra.depthThresholds`), from held-out probabilities.

import type { DenseMatrix } from '../core/dense-matrix.js';
import type { JsonObject } from '../core/estimator.js';
import { depthThresholds } from '../evaluation/depth-thresholds.js';
import { DEFAULT_PRECISION_TARGETS, type PrecisionCoverage } from '../evaluation/precision-coverage.js';
import type { Taxonomy } from '../taxonomy/index.js';

/** How the thresholds were chosen, written into the card so that a reader of it knows. */
export const DEPTH_THRESHOLD_RULE =
  'per target precision, deepest depth first: the lowest threshold at which the held-out rows filed at that depth ' +
  '(their surest path\'s category there, right when the true category lies under it) reach the target, with at least ' +
  '10 rows to choose from (else the catalog-wide threshold of the target stands in: "vouched": false); the rows it leaves go up one depth and its threshold is chosen on them. A ' +
  'product is filed at the deepest category of its surest path reaching its depth\'s threshold, and reviewed when none does.';

/**
 * `extra.depthThresholds` for a tree taxonomy (undefined for a flat one): per 90/95/98 % target the threshold of
 * each depth and the share and precision each depth files on the rows given, which are `source` ("out-of-fold", "a
 * validation split"); a depth the rows cannot vouch for keeps the catalog-wide threshold of `coverage`.
 * @throws ProdclassError INVALID_INPUT when sizes disagree.
 */
export function depthThresholdRecord(
  taxonomy: Taxonomy,
  classes: Int32Array,
  proba: DenseMatrix,
  truth: ArrayLike<number>,
  coverage: PrecisionCoverage,
  source: string,
): JsonObject | undefined {
  if (!taxonomy.isTree) return undefined;
  const catalogWide = DEFAULT_PRECISION_TARGETS.map((p) => coverage.targets.find((t) => t.precision === p)?.threshold ?? null);
  const targets = depthThresholds(taxonomy, classes, proba, truth, DEFAULT_PRECISION_TARGETS, catalogWide);
  return { rule: DEPTH_THRESHOLD_RULE, source, n: truth.length, targets: targets as unknown as JsonObject[] } as JsonObject;
}
