// Metrics for tree taxonomies: weighted F1 and accuracy at each depth, and ancestor-set (hierarchical) F1.

import type { Taxonomy } from '../taxonomy/index.js';
import { classificationMetrics } from './classification-metrics.js';

export interface DepthMetrics {
  /** 1 is the top level. */
  depth: number;
  weightedF1: number;
  accuracy: number;
  /** Products counted (all of them: a path shorter than the depth counts as its own deepest category). */
  n: number;
}

export interface HierarchyMetrics {
  levels: DepthMetrics[];
  /**
   * Kiritchenko et al.'s hierarchical F1: with A(c) a category and its ancestors, hP = Σ|A(pred) ∩ A(true)| /
   * Σ|A(pred)|, hR = Σ|A(pred) ∩ A(true)| / Σ|A(true)|, hF1 = 2·hP·hR / (hP + hR). A wrong leaf under the right
   * parent still earns the parent's share.
   */
  hierarchicalF1: number;
  hierarchicalPrecision: number;
  hierarchicalRecall: number;
}

/**
 * Per-depth metrics: true and predicted categories cut to their first `depth` levels (`Taxonomy.atDepth`), then
 * scored as flat labels. Keys outside the taxonomy count as top-level categories of their own.
 */
export function hierarchyMetrics(taxonomy: Taxonomy, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): HierarchyMetrics {
  const chain = (key: number) => (taxonomy.has(key) ? taxonomy.ancestors(key) : [key]);
  const levels: DepthMetrics[] = [];
  for (let depth = 1; depth <= taxonomy.maxDepth; depth++) {
    const cut = (y: ArrayLike<number>) => Int32Array.from({ length: y.length }, (_, i) => (taxonomy.has(y[i]) ? taxonomy.atDepth(y[i], depth) : y[i]));
    const m = classificationMetrics(cut(yTrue), cut(yPred));
    levels.push({ depth, weightedF1: m.weightedF1, accuracy: m.accuracy, n: m.n });
  }
  let common = 0;
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = chain(yTrue[i]);
    const p = chain(yPred[i]);
    const truthSet = new Set(t);
    for (const k of p) if (truthSet.has(k)) common++;
    predicted += p.length;
    actual += t.length;
  }
  const hP = predicted === 0 ? 0 : common / predicted;
  const hR = actual === 0 ? 0 : common / actual;
  return { levels, hierarchicalF1: hP + hR === 0 ? 0 : (2 * hP * hR) / (hP + hR), hierarchicalPrecision: hP, hierarchicalRecall: hR };
}
