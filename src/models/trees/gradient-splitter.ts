// Best split of every node of one tree level, by one sweep down each binned column (boosting trees).

import type { BinnedMatrix } from './binning.js';

/** The rows' gradients and where they stand: the level's splittable nodes are numbered 0..nSlots-1. */
export interface LevelSplitInput {
  binned: BinnedMatrix;
  grad: Float64Array;
  hess: Float64Array;
  /** Slot of the node each row is in, -1 for rows in nodes that will not split. */
  slotOf: Int32Array;
  nSlots: number;
  /** Gradient sum, hessian sum and row count of each slot's node. */
  slotG: Float64Array;
  slotH: Float64Array;
  slotN: Int32Array;
  /** Features to consider. */
  features: Int32Array;
  lambda: number;
  minChildWeight: number;
}

/** Best split found per slot (gain -Infinity when none is valid): rows with bin <= bin go left. */
export interface LevelSplits {
  gain: Float64Array;
  feature: Int32Array;
  bin: Int32Array;
  leftG: Float64Array;
  leftH: Float64Array;
  leftN: Int32Array;
}

export function levelSplits(nSlots: number): LevelSplits {
  return {
    gain: new Float64Array(nSlots).fill(-Infinity),
    feature: new Int32Array(nSlots).fill(-1),
    bin: new Int32Array(nSlots),
    leftG: new Float64Array(nSlots),
    leftH: new Float64Array(nSlots),
    leftN: new Int32Array(nSlots),
  };
}

/**
 * For each feature, walks its stored entries from the highest bin down, keeping per node the sums of the rows
 * seen so far (the right side of a split below the current bin). Each time a node's rows move to a lower bin,
 * the split "bin <= that lower bin" is scored with `gain = GL^2/(HL+l) + GR^2/(HR+l) - G^2/(H+l)`, the left
 * side being the node total minus the right. After the column, the split "zeros left, stored entries right"
 * is scored for nodes that have rows at the implicit bin 0. Both sides need hessian >= minChildWeight.
 *
 * This replaces the per-node histograms of LightGBM / scikit-learn: on sparse TF-IDF columns a histogram over
 * all bins costs O(bins) per node and feature, where the sweep costs O(stored entries), all nodes of the level
 * at once. Ties keep the first split found (features in the given order, higher thresholds first).
 */
export function findLevelSplits(input: LevelSplitInput, out: LevelSplits, scratch: LevelScratch): void {
  const { binned, grad, hess, slotOf, slotG, slotH, slotN, features, lambda, minChildWeight } = input;
  const { colPtr, colRows, colBins } = binned;
  const { curBin, sufG, sufH, sufN, touched } = scratch.ensure(input.nSlots);
  const parentScore = new Float64Array(input.nSlots);
  for (let s = 0; s < input.nSlots; s++) parentScore[s] = (slotG[s] * slotG[s]) / (slotH[s] + lambda);
  const { gain, feature, bin, leftG, leftH, leftN } = out;

  for (let q = 0; q < features.length; q++) {
    const f = features[q];
    let nTouched = 0;
    for (let e = colPtr[f + 1] - 1; e >= colPtr[f]; e--) {
      const r = colRows[e];
      const s = slotOf[r];
      if (s < 0) continue;
      const b = colBins[e];
      const current = curBin[s];
      if (current !== b) {
        if (current < 0) {
          touched[nTouched++] = s;
        } else {
          // Rows of bins >= current are right; score "bin <= b".
          const HR = sufH[s];
          const HL = slotH[s] - HR;
          if (HL >= minChildWeight && HR >= minChildWeight) {
            const GR = sufG[s];
            const GL = slotG[s] - GR;
            const g = (GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parentScore[s];
            if (g > gain[s]) {
              gain[s] = g;
              feature[s] = f;
              bin[s] = b;
              leftG[s] = GL;
              leftH[s] = HL;
              leftN[s] = slotN[s] - sufN[s];
            }
          }
        }
        curBin[s] = b;
      }
      sufG[s] += grad[r];
      sufH[s] += hess[r];
      sufN[s]++;
    }
    for (let t = 0; t < nTouched; t++) {
      const s = touched[t];
      const nLeft = slotN[s] - sufN[s];
      if (nLeft > 0) {
        const HR = sufH[s];
        const HL = slotH[s] - HR;
        if (HL >= minChildWeight && HR >= minChildWeight) {
          const GR = sufG[s];
          const GL = slotG[s] - GR;
          const g = (GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parentScore[s];
          if (g > gain[s]) {
            gain[s] = g;
            feature[s] = f;
            bin[s] = 0;
            leftG[s] = GL;
            leftH[s] = HL;
            leftN[s] = nLeft;
          }
        }
      }
      curBin[s] = -1;
      sufG[s] = 0;
      sufH[s] = 0;
      sufN[s] = 0;
    }
  }
}

/** Per-slot buffers reused across levels and trees. */
export class LevelScratch {
  curBin = new Int32Array(0);
  sufG = new Float64Array(0);
  sufH = new Float64Array(0);
  sufN = new Int32Array(0);
  touched = new Int32Array(0);

  ensure(nSlots: number): this {
    if (this.curBin.length < nSlots) {
      this.curBin = new Int32Array(nSlots).fill(-1);
      this.sufG = new Float64Array(nSlots);
      this.sufH = new Float64Array(nSlots);
      this.sufN = new Int32Array(nSlots);
      this.touched = new Int32Array(nSlots);
    }
    return this;
  }
}
