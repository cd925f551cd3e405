// Which rows each forest tree learns from, and with what weight: bootstrap counts times class weights.

import type { Rng } from '../../core/rng.js';

export interface ForestSampling {
  /** Rows drawn with replacement per tree (all rows once each when bootstrap is off). */
  bootstrap: boolean;
  nDraws: number;
  /** Weight per class position, or 'balanced_subsample' (recomputed from each tree's bootstrap counts). */
  classWeight: Float64Array | 'balanced_subsample';
}

/**
 * Per-row weights of one tree: the row's bootstrap count (0 when out of bag) times its class weight. With
 * 'balanced_subsample' the class weight is n / (nClasses * n_k) over the bootstrap counts, as scikit-learn's.
 * Consumes `rng` first, so the same seed gives the same draws for the out-of-bag score.
 */
export function forestSampleWeights(yIndex: Int32Array, nClasses: number, sampling: ForestSampling, rng: Rng): Float64Array {
  const n = yIndex.length;
  const weight = new Float64Array(n);
  if (sampling.bootstrap) {
    for (let d = 0; d < sampling.nDraws; d++) weight[rng.int(n)]++;
  } else {
    weight.fill(1);
  }
  let perClass: Float64Array;
  if (sampling.classWeight === 'balanced_subsample') {
    const counts = new Float64Array(nClasses);
    let drawn = 0;
    for (let i = 0; i < n; i++) {
      counts[yIndex[i]] += weight[i];
      drawn += weight[i];
    }
    let present = 0;
    for (let k = 0; k < nClasses; k++) if (counts[k] > 0) present++;
    perClass = Float64Array.from(counts, (c) => (c > 0 ? drawn / (present * c) : 0));
  } else {
    perClass = sampling.classWeight;
  }
  for (let i = 0; i < n; i++) if (weight[i] > 0) weight[i] *= perClass[yIndex[i]];
  return weight;
}
