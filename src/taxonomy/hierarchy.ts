// Probabilities over a taxonomy tree from a model's class probabilities, and backing off to a surer ancestor.

import type { Taxonomy } from './taxonomy.js';

/**
 * Every category's probability given the class probabilities `p` over `classes`: a category's probability is
 * its own class's (when it is one) plus its descendants', so a parent's is the sum of its children's and each
 * depth's probabilities sum to at most 1. Categories with probability 0 are left out.
 */
export function categoryProbabilities(taxonomy: Taxonomy, classes: ArrayLike<number>, p: ArrayLike<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (let j = 0; j < classes.length; j++) {
    const pj = p[j];
    if (!(pj > 0)) continue;
    for (const key of taxonomy.has(classes[j]) ? taxonomy.ancestors(classes[j]) : [classes[j]]) out.set(key, (out.get(key) ?? 0) + pj);
  }
  return out;
}

export interface BackedOff {
  key: number;
  probability: number;
  /** Depth of the category answered; below the leaf's when the model was not sure enough of it. */
  depth: number;
}

/**
 * The deepest category whose probability reaches `minConfidence`: walks down from the top level, at each depth
 * the most probable child of the category kept so far, and stops where that child falls short ("Kitchen & Dining"
 * at 97 % rather than a leaf at 41 %). When not even a top-level category reaches it, the most probable top-level
 * category is answered. Without `minConfidence`, the most probable class and its probability.
 */
export function backOff(taxonomy: Taxonomy, classes: ArrayLike<number>, p: ArrayLike<number>, minConfidence?: number): BackedOff {
  return minConfidence === undefined ? mostProbable(taxonomy, classes, p) : backOffEach(taxonomy, classes, p, [minConfidence])[0];
}

/** `backOff` at several confidences, the category probabilities summed once for all of them (and only when needed). */
export function backOffEach(taxonomy: Taxonomy, classes: ArrayLike<number>, p: ArrayLike<number>, minConfidences: readonly number[]): BackedOff[] {
  const leaf = mostProbable(taxonomy, classes, p);
  let probability: Map<number, number> | null = null;
  return minConfidences.map((minConfidence) => {
    if (leaf.probability >= minConfidence) return leaf;
    probability ??= categoryProbabilities(taxonomy, classes, p);
    return walkDown(taxonomy, probability, minConfidence) ?? leaf;
  });
}

function mostProbable(taxonomy: Taxonomy, classes: ArrayLike<number>, p: ArrayLike<number>): BackedOff {
  let best = 0;
  for (let j = 1; j < classes.length; j++) if (p[j] > p[best]) best = j;
  return { key: classes[best], probability: p[best], depth: taxonomy.has(classes[best]) ? taxonomy.depth(classes[best]) : 1 };
}

function walkDown(taxonomy: Taxonomy, probability: ReadonlyMap<number, number>, minConfidence: number): BackedOff | null {
  let chosen: BackedOff | null = null;
  let level: readonly number[] = taxonomy.children(null);
  for (let depth = 1; level.length > 0; depth++) {
    let top = -1;
    let topP = -1;
    for (const key of level) {
      const pk = probability.get(key) ?? 0;
      if (pk > topP) [top, topP] = [key, pk];
    }
    if (chosen !== null && topP < minConfidence) break;
    chosen = { key: top, probability: topP, depth };
    if (topP < minConfidence) break;
    level = taxonomy.children(top);
  }
  return chosen;
}
