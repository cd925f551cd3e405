// Precision-coverage: if only predictions above a confidence threshold are filed automatically, how many are, and how right.

import type { DenseMatrix } from '../core/dense-matrix.js';
import { ProdclassError } from '../core/errors.js';
import type { CoveragePoint, CoverageTarget, PrecisionCoverage } from './evaluation-types.js';

export type { CoveragePoint, CoverageTarget, PrecisionCoverage } from './evaluation-types.js';

export const DEFAULT_PRECISION_TARGETS = [0.9, 0.95, 0.98] as const;

/**
 * Sorts products by top-class probability, descending; the point at threshold t covers every product with
 * confidence >= t. For each target precision p, the answer is the lowest such t whose covered products are
 * right at least a share p of the time (computed on held-out data, so it is an estimate for new products).
 * @throws ProdclassError INVALID_INPUT when sizes disagree or there are no rows.
 */
export function precisionCoverage(
  proba: DenseMatrix,
  yIndex: ArrayLike<number>,
  targets: readonly number[] = DEFAULT_PRECISION_TARGETS,
  maxPoints = 200,
): PrecisionCoverage {
  const n = proba.rows;
  if (n === 0 || n !== yIndex.length) throw new ProdclassError('INVALID_INPUT', `precision-coverage: ${n} probability rows, ${yIndex.length} labels`);
  const confidence = new Float64Array(n);
  const correct = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = proba.row(i);
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
    confidence[i] = row[best];
    correct[i] = best === yIndex[i] ? 1 : 0;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => confidence[b] - confidence[a]);
  const all: CoveragePoint[] = [];
  let hits = 0;
  for (let r = 0; r < n; r++) {
    hits += correct[order[r]];
    // A threshold admits every product tied at its confidence, so emit a point only at the end of a tie run.
    if (r + 1 < n && confidence[order[r + 1]] === confidence[order[r]]) continue;
    all.push({ threshold: confidence[order[r]], coverage: (r + 1) / n, precision: hits / (r + 1) });
  }
  const resolved = targets.map((precision): CoverageTarget => {
    let found: CoveragePoint | null = null;
    for (const point of all) if (point.precision >= precision) found = point;
    return { precision, threshold: found?.threshold ?? null, coverage: found?.coverage ?? 0 };
  });
  const step = Math.max(1, Math.ceil(all.length / maxPoints));
  const curve = all.filter((_, i) => i % step === 0 || i === all.length - 1);
  return { curve, targets: resolved, n };
}
