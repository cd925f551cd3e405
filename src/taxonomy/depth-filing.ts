// Filing in a tree by per-depth thresholds: the deepest category on the surest path whose probability reaches its depth's.

import { categoryProbabilities } from './hierarchy.js';
import type { Taxonomy } from './taxonomy.js';

/** One step of a product's surest path down the tree. */
export interface PathStep {
  key: number;
  /** The category's probability: its own class's plus its descendants' (a parent's is the sum of its children's). */
  probability: number;
}

/**
 * The surest path down the tree: at the top level the most probable category, then at each depth the most probable
 * child of the one kept, until a category without children (`path[d - 1]` is the step at depth d). Probabilities
 * never rise along it. The first of equally probable categories (taxonomy order) is kept.
 */
export function surestPath(taxonomy: Taxonomy, classes: ArrayLike<number>, p: ArrayLike<number>): PathStep[] {
  const probability = categoryProbabilities(taxonomy, classes, p);
  const path: PathStep[] = [];
  for (let level = taxonomy.children(null); level.length > 0; level = taxonomy.children(path[path.length - 1].key)) {
    let top = level[0];
    let topP = probability.get(top) ?? 0;
    for (const key of level) {
      const pk = probability.get(key) ?? 0;
      if (pk > topP) [top, topP] = [key, pk];
    }
    path.push({ key: top, probability: topP });
  }
  return path;
}

/**
 * The depth (1 for the top level) a product is filed at: the deepest step of `path` whose probability reaches its
 * depth's threshold (`thresholds[d - 1]`; null or missing: nothing is filed at that depth), at least `floor`
 * everywhere; 0 when no step does (the product goes to review).
 */
export function filedDepth(path: readonly PathStep[], thresholds: readonly (number | null)[], floor = 0): number {
  for (let d = path.length; d >= 1; d--) {
    const t = thresholds[d - 1];
    if (t !== null && t !== undefined && path[d - 1].probability >= Math.max(t, floor)) return d;
  }
  return 0;
}
