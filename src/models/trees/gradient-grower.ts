// Grows one boosting tree level by level from per-row gradients and hessians (depth- or leaf-limited).

import type { Rng } from '../../core/rng.js';
import type { BinMapper, BinnedMatrix } from './binning.js';
import { findLevelSplits, LevelScratch, levelSplits } from './gradient-splitter.js';
import { leafWeight } from './split-criteria.js';
import { TreeBuilder, type TreeArrays } from './tree.js';

export interface GradientTreeParams {
  maxDepth: number;
  /** At most this many leaves (0: no limit). */
  maxLeaves: number;
  /** L2 penalty on leaf weights. */
  lambda: number;
  /** Smallest hessian sum of a child. */
  minChildWeight: number;
  /** Smallest gain of a split (XGBoost's gamma). */
  minSplitLoss: number;
  /** Multiplies every node's weight (shrinkage). */
  learningRate: number;
  /** Share of the tree's features drawn afresh for each level (1: all). */
  colsampleBylevel: number;
}

/** Gains at or below this are rounding noise, not splits (XGBoost's kRtEps). */
const MIN_GAIN = 1e-6;

/** Reusable buffers of a grower: one per thread. */
export class GradientTreeGrower {
  private readonly rowNode: Int32Array;
  private readonly slotOf: Int32Array;
  private readonly scratch = new LevelScratch();

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly mapper: BinMapper,
  ) {
    this.rowNode = new Int32Array(binned.nRows);
    this.slotOf = new Int32Array(binned.nRows);
  }

  /**
   * Grows a tree on all rows; rows that should not shape it (out of the row sample) come with zero gradient
   * and hessian and are only carried along, so every row ends in a leaf. Levels are split one at a time: each
   * level's nodes get their best split from one pass over the features (`findLevelSplits`), and every split
   * with gain > max(minSplitLoss, 1e-6) is made, highest gain first, until `maxLeaves` leaves exist. A node's
   * value is learningRate * (-G / (H + lambda)), kept on internal nodes too for path contributions.
   * @param features the tree's features (column subsample), ascending.
   * @returns the tree and, in `leafOfRow`, the leaf each row ends in (a buffer the next `grow` overwrites).
   */
  grow(grad: Float64Array, hess: Float64Array, features: Int32Array, params: GradientTreeParams, rng: Rng): { tree: TreeArrays; leafOfRow: Int32Array } {
    const { binned, rowNode, slotOf } = this;
    const n = binned.nRows;
    const builder = new TreeBuilder();
    let G = 0;
    let H = 0;
    for (let r = 0; r < n; r++) {
      G += grad[r];
      H += hess[r];
    }
    const value = (g: number, h: number) => params.learningRate * leafWeight(g, h, params.lambda);
    rowNode.fill(0);
    const root = builder.addNode(H, value(G, H));
    let frontier = [{ node: root, G, H, N: n }];
    let leaves = 1;
    const maxLeaves = params.maxLeaves > 0 ? params.maxLeaves : Infinity;

    for (let depth = 0; depth < params.maxDepth && frontier.length > 0 && leaves < maxLeaves; depth++) {
      const slots = frontier.filter((f) => f.N >= 2 && f.H >= 2 * params.minChildWeight);
      if (slots.length === 0) break;
      const slotOfNode = new Int32Array(builder.size).fill(-1);
      slots.forEach((s, i) => (slotOfNode[s.node] = i));
      for (let r = 0; r < n; r++) slotOf[r] = slotOfNode[rowNode[r]];
      const splits = levelSplits(slots.length);
      findLevelSplits(
        {
          binned,
          grad,
          hess,
          slotOf,
          nSlots: slots.length,
          slotG: Float64Array.from(slots, (s) => s.G),
          slotH: Float64Array.from(slots, (s) => s.H),
          slotN: Int32Array.from(slots, (s) => s.N),
          features: sampleFeatures(features, params.colsampleBylevel, rng),
          lambda: params.lambda,
          minChildWeight: params.minChildWeight,
        },
        splits,
        this.scratch,
      );
      const threshold = Math.max(params.minSplitLoss, MIN_GAIN);
      const chosen = slots
        .map((_, i) => i)
        .filter((i) => splits.gain[i] > threshold)
        .sort((a, b) => splits.gain[b] - splits.gain[a] || a - b)
        .slice(0, Math.max(0, maxLeaves - leaves));
      if (chosen.length === 0) break;
      chosen.sort((a, b) => a - b);

      const leftOf = new Int32Array(slots.length).fill(-1);
      const rightOf = new Int32Array(slots.length).fill(-1);
      const next: typeof frontier = [];
      for (const i of chosen) {
        const s = slots[i];
        const GL = splits.leftG[i];
        const HL = splits.leftH[i];
        const f = splits.feature[i];
        const t = splits.bin[i];
        const left = builder.addNode(HL, value(GL, HL));
        const right = builder.addNode(s.H - HL, value(s.G - GL, s.H - HL));
        builder.split(s.node, f, t, this.mapper.threshold(f, t), splits.gain[i], left, right);
        leftOf[i] = left;
        rightOf[i] = right;
        next.push({ node: left, G: GL, H: HL, N: splits.leftN[i] }, { node: right, G: s.G - GL, H: s.H - HL, N: s.N - splits.leftN[i] });
      }
      leaves += chosen.length;
      this.partition(splits.feature, splits.bin, leftOf, rightOf);
      frontier = next;
    }
    return { tree: builder.finish('regression'), leafOfRow: rowNode };
  }

  /** Moves the rows of split slots to their children: left by default, right when their bin exceeds the threshold. */
  private partition(feature: Int32Array, bin: Int32Array, leftOf: Int32Array, rightOf: Int32Array): void {
    const { rowNode, slotOf, binned } = this;
    for (let r = 0; r < rowNode.length; r++) {
      const s = slotOf[r];
      if (s >= 0 && leftOf[s] >= 0) rowNode[r] = leftOf[s];
    }
    const done = new Set<number>();
    for (let s = 0; s < leftOf.length; s++) {
      if (leftOf[s] < 0 || done.has(feature[s])) continue;
      const f = feature[s];
      done.add(f);
      for (let e = binned.colPtr[f]; e < binned.colPtr[f + 1]; e++) {
        const r = binned.colRows[e];
        const rs = slotOf[r];
        if (rs >= 0 && leftOf[rs] >= 0 && feature[rs] === f && binned.colBins[e] > bin[rs]) rowNode[r] = rightOf[rs];
      }
    }
  }
}

/** A random share of `features` (at least one), ascending; all of them when share >= 1. */
export function sampleFeatures(features: Int32Array, share: number, rng: Rng): Int32Array {
  if (share >= 1) return features;
  const k = Math.max(1, Math.round(share * features.length));
  const copy = Int32Array.from(features);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(copy.length - i);
    const tmp = copy[i];
    copy[i] = copy[j];
    copy[j] = tmp;
  }
  return copy.slice(0, k).sort();
}
