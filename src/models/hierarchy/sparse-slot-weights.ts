// Linear weights of many small classifiers kept sparse and feature-major: what makes thousands of classes fit in memory and score fast.

import type { CsrMatrix } from '../../core/csr-matrix.js';

/**
 * Weights of nSlots linear scores over nFeatures, compressed by feature (a CSC matrix of nFeatures columns):
 * feature j's non-zero weights are `weight[featStart[j] .. featStart[j + 1])`, for the slots `slot[...]`
 * (ascending). Scoring a row reads, for each of its non-zeros, one contiguous run: the cost follows the weights
 * the row touches, not nSlots x nFeatures.
 */
export interface SparseSlotWeights {
  nFeatures: number;
  nSlots: number;
  featStart: Int32Array;
  /** 16-bit while there are at most 65,536 slots (a quarter of the folder saved), else 32-bit. */
  slot: Uint16Array | Int32Array;
  weight: Float32Array;
  /** One per slot. */
  intercept: Float32Array;
}

/** The non-zero weights of one local classifier: its slots `firstSlot + s`, over global feature numbers. */
export interface LocalWeights {
  firstSlot: number;
  nSlots: number;
  /** Global feature of each local column. */
  features: Int32Array;
  /** features.length x nSlots: one local column's weights for every slot side by side (LinearSVC's `featureMajor`). */
  featureMajor: Float32Array;
  intercept: Float32Array;
}

/**
 * Gathers local classifiers into one feature-major store, keeping weights with |w| >= `prune` (a feature whose
 * weight is dropped for a slot simply adds nothing to that slot's score) and, when more than `maxWeights` remain,
 * only the largest `maxWeights` of them (by magnitude, to a 1/64-octave bin). Pieces must come in ascending
 * `firstSlot` order, so each feature's slots come out ascending.
 */
export class SparseSlotWeightsBuilder {
  private readonly pieces: { features: Int32Array; slots: Int32Array; weights: Float32Array }[] = [];
  private readonly intercept: Float32Array;
  private readonly counts: Int32Array;

  constructor(
    private readonly nFeatures: number,
    private readonly nSlots: number,
    private readonly prune: number,
    private readonly maxWeights = Infinity,
  ) {
    this.intercept = new Float32Array(nSlots);
    this.counts = new Int32Array(nFeatures);
  }

  add(local: LocalWeights): void {
    const nLocal = local.features.length;
    let kept = 0;
    const w = local.featureMajor;
    for (let v = 0; v < w.length; v++) if (Math.abs(w[v]) >= this.prune && w[v] !== 0) kept++;
    const features = new Int32Array(kept);
    const slots = new Int32Array(kept);
    const weights = new Float32Array(kept);
    let at = 0;
    // Feature by feature, then slot by slot: the order the store keeps.
    for (let f = 0; f < nLocal; f++) {
      for (let s = 0; s < local.nSlots; s++) {
        const v = w[f * local.nSlots + s];
        if (v === 0 || Math.abs(v) < this.prune) continue;
        features[at] = local.features[f];
        slots[at] = local.firstSlot + s;
        weights[at++] = v;
        this.counts[local.features[f]]++;
      }
    }
    this.intercept.set(local.intercept, local.firstSlot);
    this.pieces.push({ features, slots, weights });
  }

  /** Sets the intercepts of slots that have no classifier (a node with one choice). */
  setIntercept(slot: number, value: number): void {
    this.intercept[slot] = value;
  }

  build(): SparseSlotWeights {
    const floor = this.budgetFloor();
    if (floor > 0) {
      this.counts.fill(0);
      for (const piece of this.pieces) for (let k = 0; k < piece.weights.length; k++) if (Math.abs(piece.weights[k]) >= floor) this.counts[piece.features[k]]++;
    }
    const featStart = new Int32Array(this.nFeatures + 1);
    for (let j = 0; j < this.nFeatures; j++) featStart[j + 1] = featStart[j] + this.counts[j];
    const nnz = featStart[this.nFeatures];
    const slot = this.nSlots <= 65536 ? new Uint16Array(nnz) : new Int32Array(nnz);
    const weight = new Float32Array(nnz);
    const next = featStart.slice(0, this.nFeatures);
    for (const piece of this.pieces) {
      for (let k = 0; k < piece.features.length; k++) {
        if (Math.abs(piece.weights[k]) < floor) continue;
        const at = next[piece.features[k]]++;
        slot[at] = piece.slots[k];
        weight[at] = piece.weights[k];
      }
    }
    this.pieces.length = 0;
    return { nFeatures: this.nFeatures, nSlots: this.nSlots, featStart, slot, weight, intercept: this.intercept };
  }

  /** The smallest magnitude to keep so that at most maxWeights weights remain (0 when they all fit). */
  private budgetFloor(): number {
    let total = 0;
    for (const piece of this.pieces) total += piece.weights.length;
    if (total <= this.maxWeights) return 0;
    // Histogram of log2|w| in 1/64 octaves from 2^-40 to 2^24; keep the top bins that fit the budget.
    const BINS = 64 * 64;
    const histogram = new Float64Array(BINS);
    const binOf = (w: number) => Math.min(BINS - 1, Math.max(0, Math.floor((Math.log2(Math.abs(w)) + 40) * 64)));
    for (const piece of this.pieces) for (let k = 0; k < piece.weights.length; k++) histogram[binOf(piece.weights[k])]++;
    let kept = 0;
    for (let b = BINS - 1; b >= 0; b--) {
      if (kept + histogram[b] > this.maxWeights) return Math.pow(2, (b + 1) / 64 - 40);
      kept += histogram[b];
    }
    return 0;
  }
}

/** scores[s] = intercept[s] + sum_j x[row][j] w[j][s] for one row of x, into `scores` (length nSlots). */
export function scoreRow(weights: SparseSlotWeights, x: CsrMatrix, row: number, scores: Float64Array): void {
  const { featStart, slot, weight, intercept } = weights;
  for (let s = 0; s < scores.length; s++) scores[s] = intercept[s];
  for (let p = x.indptr[row]; p < x.indptr[row + 1]; p++) {
    const j = x.indices[p];
    const v = x.data[p];
    for (let k = featStart[j]; k < featStart[j + 1]; k++) scores[slot[k]] += weight[k] * v;
  }
}

/** Weight of feature j for slot s (0 when pruned or never learnt), by binary search in the feature's run. */
export function slotWeight(weights: SparseSlotWeights, j: number, s: number): number {
  let lo = weights.featStart[j];
  let hi = weights.featStart[j + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = weights.slot[mid];
    if (at === s) return weights.weight[mid];
    if (at < s) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
