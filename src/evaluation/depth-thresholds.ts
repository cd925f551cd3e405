// For a tree taxonomy: one threshold per depth at a target precision, chosen deepest first on held-out probabilities, and what any such thresholds file.

import type { DenseMatrix } from '../core/dense-matrix.js';
import { ProdclassError } from '../core/errors.js';
import { filedDepth, surestPath, type PathStep, type Taxonomy } from '../taxonomy/index.js';
import { lowestThreshold } from './automation.js';

/** What filing at one depth gives on labelled rows. */
export interface DepthFilingFigures {
  depth: number;
  /** null: nothing is filed at this depth. */
  threshold: number | null;
  /** Share of all rows filed at exactly this depth. */
  share: number;
  /** Share of those whose true category lies under (or is) the category filed; null when none is filed. */
  precision: number | null;
  /**
   * false when the held-out rows could not vouch for a threshold at this depth (too few filings) and the catalog-wide
   * one stands in; absent when the thresholds were given rather than chosen.
   */
  vouched?: boolean;
}

/** Per-depth thresholds for one target precision, and what they file. */
export interface DepthThresholdSet {
  targetPrecision: number;
  depths: DepthFilingFigures[];
  /** Share of rows filed automatically at some depth. */
  coverage: number;
  /** Share of those filings that are right at their depth; null when none is filed. */
  precision: number | null;
  /** Share of rows sent to review (no depth reached its threshold). */
  reviewed: number;
}

/** Fewer held-out filings at a depth than this, and its precision cannot be vouched for: nothing is filed there. */
export const MIN_DEPTH_EVIDENCE = 10;

/** Each row's surest path and, per depth, whether its step there is an ancestor of (or is) the true category. */
interface ScoredRow {
  path: PathStep[];
  right: boolean[];
}

function scoreRows(taxonomy: Taxonomy, classes: ArrayLike<number>, proba: DenseMatrix, truth: ArrayLike<number>): ScoredRow[] {
  if (proba.rows !== truth.length) throw new ProdclassError('INVALID_INPUT', `depth thresholds: ${proba.rows} probability rows, ${truth.length} labels`);
  return Array.from({ length: proba.rows }, (_, i) => {
    const path = surestPath(taxonomy, classes, proba.row(i));
    const actual = taxonomy.has(truth[i]) ? taxonomy.ancestors(truth[i]) : [];
    return { path, right: path.map((step, k) => actual[k] === step.key) };
  });
}

/** What `thresholds` (per depth, `thresholds[d - 1]`) file among scored rows. */
function figuresOf(rows: readonly ScoredRow[], maxDepth: number, targetPrecision: number, thresholds: readonly (number | null)[], vouched?: readonly boolean[]): DepthThresholdSet {
  const filed = new Float64Array(maxDepth + 1);
  const right = new Float64Array(maxDepth + 1);
  for (const row of rows) {
    const d = filedDepth(row.path, thresholds);
    filed[d]++;
    if (d > 0 && row.right[d - 1]) right[d]++;
  }
  const n = rows.length;
  const share = (count: number) => (n === 0 ? 0 : count / n);
  const depths = Array.from({ length: maxDepth }, (_, k) => ({
    depth: k + 1,
    threshold: thresholds[k] ?? null,
    share: share(filed[k + 1]),
    precision: filed[k + 1] === 0 ? null : right[k + 1] / filed[k + 1],
    ...(vouched ? { vouched: vouched[k] } : {}),
  }));
  const filedAll = n - filed[0];
  const rightAll = right.reduce((s, r) => s + r, 0);
  return { targetPrecision, depths, coverage: share(filedAll), precision: filedAll === 0 ? null : rightAll / filedAll, reviewed: share(filed[0]) };
}

/**
 * Per target precision, a threshold per depth chosen deepest first on held-out probabilities (out-of-fold or a
 * validation split): the deepest depth's threshold is the lowest at which the rows filed there reach the target; the
 * rows it leaves go up one depth, whose threshold is chosen the same way on them, and so on to the top level. A
 * product is then filed at the deepest step of its surest path (see `surestPath`) whose probability reaches its
 * depth's threshold, and counts as right when its true category lies under the category filed, so every depth and the
 * whole reach the target on these rows. A depth where fewer than `minEvidence` rows would be filed cannot be vouched
 * for: it gets the target's catalog-wide threshold from `fallback` (the leaf-only rule's; null files nothing there).
 * @param truth true category key of each row.
 * @param fallback per target, the catalog-wide threshold (as `precisionCoverage` chose it); null when left out.
 * @throws ProdclassError INVALID_INPUT when sizes disagree.
 */
export function depthThresholds(
  taxonomy: Taxonomy,
  classes: ArrayLike<number>,
  proba: DenseMatrix,
  truth: ArrayLike<number>,
  targets: readonly number[],
  fallback: readonly (number | null)[] = [],
  minEvidence = MIN_DEPTH_EVIDENCE,
): DepthThresholdSet[] {
  const rows = scoreRows(taxonomy, classes, proba, truth);
  return targets.map((target, k) => {
    const thresholds: (number | null)[] = new Array(taxonomy.maxDepth).fill(null);
    const vouched: boolean[] = new Array(taxonomy.maxDepth).fill(true);
    let left = rows;
    for (let d = taxonomy.maxDepth; d >= 1; d--) {
      const atDepth = left.filter((r) => r.path.length >= d);
      const chosen = lowestThreshold(atDepth.map((r) => ({ probability: r.path[d - 1].probability, right: r.right[d - 1] })), target, minEvidence);
      vouched[d - 1] = chosen !== null || atDepth.length >= minEvidence;
      const t = vouched[d - 1] ? chosen : (fallback[k] ?? null);
      thresholds[d - 1] = t;
      if (t !== null) left = left.filter((r) => r.path.length < d || r.path[d - 1].probability < t);
    }
    return figuresOf(rows, taxonomy.maxDepth, target, thresholds, vouched);
  });
}

/**
 * What given per-depth thresholds file among labelled rows: per depth the share filed there and its precision (right
 * when the true category lies under the category filed), the share filed in all and the share reviewed.
 * @throws ProdclassError INVALID_INPUT when sizes disagree.
 */
export function depthAutomation(
  taxonomy: Taxonomy,
  classes: ArrayLike<number>,
  proba: DenseMatrix,
  truth: ArrayLike<number>,
  sets: readonly { targetPrecision: number; thresholds: readonly (number | null)[] }[],
): DepthThresholdSet[] {
  const rows = scoreRows(taxonomy, classes, proba, truth);
  return sets.map((s) => figuresOf(rows, taxonomy.maxDepth, s.targetPrecision, s.thresholds));
}
