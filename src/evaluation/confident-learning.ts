// Confident learning (Northcutt, Jiang and Chuang, 2021): which given labels out-of-fold probabilities say are wrong.

import type { DenseMatrix } from '../core/dense-matrix.js';
import { ProdclassError } from '../core/errors.js';

/** Out-of-fold probabilities and the labels as filed, both as column indices (0..nClasses-1). */
export interface NoisyLabels {
  /** One row per product: column j is the probability of class j, from a model that never saw the row. */
  proba: DenseMatrix;
  /** The given (possibly wrong) class index of each row. */
  given: Int32Array;
}

export interface ConfidentJoint {
  /** t_j: the mean probability of class j over the rows filed under j (its average self-confidence). */
  thresholds: Float64Array;
  /**
   * The likely class of each row: the most probable class among those whose probability reaches their threshold,
   * or -1 when none does (the row is not counted in the joint).
   */
  likely: Int32Array;
  /** counts[i * n + j]: rows given i whose likely class is j (the raw confident joint, C in the paper). */
  counts: Float64Array;
  /**
   * The confident joint calibrated so each given class's row sums to the number of rows filed under it (the
   * paper's eq. 2 times n): estimated[i * n + j], i != j, is how many rows filed under i truly belong to j.
   */
  estimated: Float64Array;
  nClasses: number;
}

/** One estimated kind of error: rows filed under `given` that belong to `suggested`. */
export interface NoiseEstimate {
  given: number;
  suggested: number;
  estimatedCount: number;
}

/**
 * The per-class thresholds, the confident joint and its calibrated counts.
 * A class with no row keeps threshold 1 (nothing reaches it, so it is never a likely class, as in cleanlab).
 * @throws ProdclassError INVALID_INPUT when `given` and `proba` disagree in length or a given index is out of range.
 */
export function confidentJoint({ proba, given }: NoisyLabels): ConfidentJoint {
  const n = proba.cols;
  if (given.length !== proba.rows) {
    throw new ProdclassError('INVALID_INPUT', `confident learning: ${given.length} labels for ${proba.rows} probability rows`);
  }
  const sums = new Float64Array(n);
  const sizes = new Float64Array(n);
  for (let r = 0; r < given.length; r++) {
    const g = given[r];
    if (g < 0 || g >= n) throw new ProdclassError('INVALID_INPUT', `confident learning: row ${r} is filed under class index ${g}, outside 0..${n - 1}`);
    sums[g] += proba.get(r, g);
    sizes[g] += 1;
  }
  const thresholds = Float64Array.from(sums, (s, j) => (sizes[j] > 0 ? s / sizes[j] : 1));
  // Float32 probabilities against Float64 means: a class whose every row has the same probability must reach its mean.
  const slack = 1e-6;
  const likely = new Int32Array(given.length).fill(-1);
  const counts = new Float64Array(n * n);
  for (let r = 0; r < given.length; r++) {
    const p = proba.row(r);
    let best = -1;
    for (let j = 0; j < n; j++) if (p[j] >= thresholds[j] - slack && (best < 0 || p[j] > p[best])) best = j;
    likely[r] = best;
    if (best >= 0) counts[given[r] * n + best] += 1;
  }
  const estimated = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let rowTotal = 0;
    for (let j = 0; j < n; j++) rowTotal += counts[i * n + j];
    if (rowTotal === 0) continue;
    for (let j = 0; j < n; j++) estimated[i * n + j] = (counts[i * n + j] / rowTotal) * sizes[i];
  }
  return { thresholds, likely, counts, estimated, nClasses: n };
}

/** The off-diagonal cells of the calibrated joint with at least one estimated row, largest first (class indices). */
export function noiseEstimates(joint: ConfidentJoint): NoiseEstimate[] {
  const n = joint.nClasses;
  const out: NoiseEstimate[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const count = Math.round(joint.estimated[i * n + j]);
      if (i !== j && count > 0) out.push({ given: i, suggested: j, estimatedCount: count });
    }
  }
  return out.sort((a, b) => b.estimatedCount - a.estimatedCount || a.given - b.given || a.suggested - b.suggested);
}

/** A row confident learning finds misfiled, with the class it more likely belongs to. */
export interface LabelIssue {
  row: number;
  /** Class index the row more likely belongs to. */
  suggested: number;
  /** p(suggested) - p(given): how far the model prefers the suggestion (the pruning order within a class pair). */
  margin: number;
}

/**
 * cleanlab's `prune_by_noise_rate`: for each pair (given i, other j), the round(estimated[i][j]) rows filed under i
 * with the largest margin p_j - p_i are issues, never leaving a class with fewer than `minKeep` rows. A row picked
 * for two pairs keeps the larger margin. Returned in no particular order.
 */
export function pruneByNoiseRate(data: NoisyLabels, joint: ConfidentJoint, minKeep = 1): LabelIssue[] {
  const { proba, given } = data;
  const n = joint.nClasses;
  const rowsOf: number[][] = Array.from({ length: n }, () => []);
  given.forEach((g, r) => rowsOf[g].push(r));
  const chosen = new Map<number, LabelIssue>();
  for (let i = 0; i < n; i++) {
    const rows = rowsOf[i];
    let budget = Math.max(0, rows.length - minKeep);
    // Largest pairs first, so a small class's budget goes to its likeliest errors.
    const pairs = Array.from({ length: n }, (_, j) => j)
      .filter((j) => j !== i && Math.round(joint.estimated[i * n + j]) > 0)
      .sort((a, b) => joint.estimated[i * n + b] - joint.estimated[i * n + a]);
    for (const j of pairs) {
      const take = Math.min(Math.round(joint.estimated[i * n + j]), budget);
      if (take <= 0) break;
      const ranked = rows.map((r) => ({ r, margin: proba.get(r, j) - proba.get(r, i) })).sort((a, b) => b.margin - a.margin || a.r - b.r);
      for (const { r, margin } of ranked.slice(0, take)) {
        const previous = chosen.get(r);
        if (!previous) budget--;
        if (!previous || previous.margin < margin) chosen.set(r, { row: r, suggested: j, margin });
      }
    }
  }
  return [...chosen.values()];
}

/** The total number of wrong labels the calibrated joint estimates (its off-diagonal sum, rounded per cell). */
export function estimatedIssueCount(joint: ConfidentJoint): number {
  return noiseEstimates(joint).reduce((sum, e) => sum + e.estimatedCount, 0);
}

/**
 * A row's self-confidence relative to its class: p(given) / t(given), the class's average self-confidence. Classes
 * differ in how sure the models are of their own rows, so a raw p(given) of 0.3 is alarming in one and common in
 * another; dividing by the threshold puts them on one scale (under 1: less sure than a typical row of the class).
 */
export function relativeSelfConfidence({ proba, given }: NoisyLabels, joint: ConfidentJoint, row: number): number {
  const t = joint.thresholds[given[row]];
  return t > 0 ? proba.get(row, given[row]) / t : 1;
}

/**
 * cleanlab's `filter_by='low_self_confidence'`: for each given class i, the round(sum over j != i of estimated[i][j])
 * rows filed under i whose relative self-confidence is lowest, never leaving a class with fewer than `minKeep` rows;
 * each suggests its most probable other class. Unlike `pruneByNoiseRate` it ranks rows by how little they look like
 * their own class, not by how much they look like one other class: the pair rule tends to pick the rows between two
 * neighbouring classes (true ambiguities) and can name one row for several pairs, while a label flipped at random
 * leaves a row unlike its class and close to none in particular. Returned in no particular order.
 */
export function lowSelfConfidenceIssues(data: NoisyLabels, joint: ConfidentJoint, minKeep = 1): LabelIssue[] {
  const { proba, given } = data;
  const n = joint.nClasses;
  const rowsOf: number[][] = Array.from({ length: n }, () => []);
  given.forEach((g, r) => rowsOf[g].push(r));
  const issues: LabelIssue[] = [];
  for (let i = 0; i < n; i++) {
    let wrong = 0;
    for (let j = 0; j < n; j++) if (j !== i) wrong += joint.estimated[i * n + j];
    const take = Math.min(Math.round(wrong), Math.max(0, rowsOf[i].length - minKeep));
    const ranked = rowsOf[i].map((r) => ({ r, s: proba.get(r, i) })).sort((a, b) => a.s - b.s || a.r - b.r);
    for (const { r } of ranked.slice(0, take)) {
      const p = proba.row(r);
      let best = -1;
      for (let j = 0; j < n; j++) if (j !== i && (best < 0 || p[j] > p[best])) best = j;
      issues.push({ row: r, suggested: best, margin: p[best] - p[i] });
    }
  }
  return issues;
}
