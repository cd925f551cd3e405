// Grows one classification tree of a random forest, depth first, drawing candidate features at every split.

import type { Rng } from '../../core/rng.js';
import { sortByBin, type BinMapper, type BinnedMatrix } from './binning.js';
import { ClassSweep, type ClassSplit } from './class-splitter.js';
import type { Criterion } from './split-criteria.js';
import { TreeBuilder, type TreeArrays } from './tree.js';

export interface ClassTreeParams {
  criterion: Criterion;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features drawn per split (scikit-learn's max_features, resolved to a count). */
  maxFeatures: number;
}

/** A node is pure when the other classes hold at most this share of its weight. */
const PURE = 1e-12;

/**
 * Grows trees on binned data; the buffers are reused from tree to tree, so use one grower per thread.
 *
 * At each node, candidate features are drawn without replacement, as scikit-learn's BestSplitter does: at least
 * `maxFeatures` of them, and more while none of those drawn can split the node (features absent from all of
 * the node's rows are constant and cost nothing). The drawn features' entries in the node are gathered in
 * whichever way is cheaper: from their columns, keeping the node's rows (cost: the columns' lengths), or from
 * the node's rows, keeping the drawn features (cost: the rows' stored entries, plus a sort by bin of the few
 * kept). Large nodes take the first way, the many small nodes deep in a tree the second. Class totals, stored
 * entry counts and node membership of the children are computed while partitioning the parent.
 */
export class ClassTreeGrower {
  private readonly rows: Int32Array;
  private readonly tmp: Int32Array;
  /** Node stamp of each row: `stampBase + node` for the node the row is in. */
  private readonly mark: Int32Array;
  private readonly goRight: Int32Array;
  private readonly drawnAt: Int32Array;
  private readonly slotOf: Int32Array;
  private readonly perm: Int32Array;
  private readonly entryCount: Int32Array;
  private nodeTotals = new Float64Array(0);
  private nodeEntries = new Float64Array(0);
  private gRows = new Int32Array(1024);
  private gBins = new Uint8Array(1024);
  private gSlot = new Int32Array(1024);
  private sRows = new Int32Array(1024);
  private sBins = new Uint8Array(1024);
  private ptr = new Int32Array(256);
  private fill = new Int32Array(256);
  private present = new Int32Array(256);
  private stampBase = 1;
  private drawStamp = 0;
  private rightStamp = 0;

  constructor(
    private readonly binned: BinnedMatrix,
    private readonly mapper: BinMapper,
    private readonly yIndex: Int32Array,
    private readonly nClasses: number,
  ) {
    const n = binned.nRows;
    const F = binned.nFeatures;
    this.rows = new Int32Array(n);
    this.tmp = new Int32Array(n);
    this.mark = new Int32Array(n);
    this.goRight = new Int32Array(n);
    this.drawnAt = new Int32Array(F);
    this.slotOf = new Int32Array(F);
    this.perm = new Int32Array(F);
    this.entryCount = new Int32Array(n);
    for (let r = 0; r < n; r++) this.entryCount[r] = binned.rowPtr[r + 1] - binned.rowPtr[r];
  }

  /**
   * Grows a tree on the rows of positive weight (bootstrap counts times class weights). Nodes split until pure,
   * smaller than minSamplesSplit, at maxDepth, or without a split leaving minSamplesLeaf rows on each side.
   * Each split is the one of largest weighted impurity decrease among the drawn features; its threshold is the
   * highest bin of the left side. Leaves keep their weighted class distribution.
   */
  grow(weight: Float64Array, params: ClassTreeParams, rng: Rng): TreeArrays {
    const { rows, yIndex, perm, mark, entryCount } = this;
    const K = this.nClasses;
    // Draws depend only on this tree's rng: start from the identity permutation every tree.
    for (let f = 0; f < perm.length; f++) perm[f] = f;
    let nIn = 0;
    for (let r = 0; r < weight.length; r++) if (weight[r] > 0) rows[nIn++] = r;
    const maxNodes = 2 * nIn + 1;
    if (this.nodeEntries.length < maxNodes) {
      this.nodeTotals = new Float64Array(maxNodes * K);
      this.nodeEntries = new Float64Array(maxNodes);
    }
    this.stampBase += maxNodes + 1;
    const { nodeTotals, nodeEntries } = this;
    const builder = new TreeBuilder();
    const sweep = new ClassSweep(K, params.criterion, params.minSamplesLeaf);
    const classes = new Int32Array(K);
    const probabilities = new Float64Array(K);
    const best: ClassSplit = { proxy: -Infinity, feature: -1, bin: 0 };

    const root = builder.addNode(0);
    nodeTotals.fill(0, 0, K);
    let rootEntries = 0;
    for (let p = 0; p < nIn; p++) {
      const r = rows[p];
      nodeTotals[yIndex[r]] += weight[r];
      rootEntries += entryCount[r];
      mark[r] = this.stampBase + root;
    }
    nodeEntries[root] = rootEntries;
    const stack: number[] = [0, nIn, 0, root];

    while (stack.length > 0) {
      const node = stack.pop()!;
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const n = end - start;
      const total = nodeTotals.subarray(node * K, node * K + K);
      let W = 0;
      let maxClass = 0;
      for (let k = 0; k < K; k++) {
        W += total[k];
        if (total[k] > maxClass) maxClass = total[k];
      }
      builder.setWeight(node, W);
      best.proxy = -Infinity;
      best.feature = -1;
      let parentProxy = 0;
      if (depth < params.maxDepth && n >= params.minSamplesSplit && n >= 2 * params.minSamplesLeaf && W - maxClass > PURE * W) {
        parentProxy = sweep.setNode(total, n);
        this.findSplit(start, end, this.stampBase + node, nodeEntries[node], weight, params.maxFeatures, sweep, best, rng);
      }
      if (best.feature < 0) {
        let count = 0;
        for (let k = 0; k < K; k++) {
          if (total[k] > 0) {
            classes[count] = k;
            probabilities[count++] = total[k] / W;
          }
        }
        builder.setDistribution(node, classes, probabilities, count);
        continue;
      }
      const f = best.feature;
      const t = best.bin;
      const left = builder.addNode(0);
      const right = builder.addNode(0);
      const mid = this.partition(start, end, this.stampBase + node, nodeEntries[node], f, t, left, right, weight);
      builder.split(node, f, t, this.mapper.threshold(f, t), Math.max(0, best.proxy - parentProxy), left, right);
      stack.push(mid, end, depth + 1, right, start, mid, depth + 1, left);
    }
    return builder.finish('classification');
  }

  /** Draws features and sweeps each, leaving the best split in `best`. */
  private findSplit(start: number, end: number, stamp: number, entries: number, weight: Float64Array, maxFeatures: number, sweep: ClassSweep, best: ClassSplit, rng: Rng): void {
    const { binned, perm } = this;
    const F = binned.nFeatures;
    const draw = ++this.drawStamp;
    const k = Math.min(maxFeatures, F);
    let columnCost = 0;
    // The node's draws come from a xorshift32 stream seeded by the tree's generator: the same draws for the
    // same seed, at a fraction of the cost of one generator call per draw (maxFeatures draws per node).
    let state = rng.nextUint32() | 1;
    for (let i = 0; i < k; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const j = i + Math.floor(((state >>> 0) / 4294967296) * (F - i));
      const f = perm[j];
      perm[j] = perm[i];
      perm[i] = f;
      this.drawnAt[f] = draw;
      this.slotOf[f] = i;
      columnCost += binned.colPtr[f + 1] - binned.colPtr[f];
    }
    if (columnCost <= 2 * entries) {
      for (let i = 0; i < k; i++) {
        const m = this.gatherColumn(perm[i], stamp);
        if (m > 0) sweep.sweep(this.gRows, this.gBins, 0, m, this.yIndex, weight, perm[i], best);
      }
    } else {
      this.sweepFromRows(start, end, entries, k, draw, weight, sweep, best);
    }
    if (best.feature < 0 && k < F) this.carryOnDrawing(start, end, entries, draw, weight, sweep, best, rng);
  }

  /** Entries of feature f in the node (rows stamped `stamp`) into gRows/gBins, ascending by bin; returns their count. */
  private gatherColumn(f: number, stamp: number): number {
    const { colPtr, colRows, colBins } = this.binned;
    this.reserve(colPtr[f + 1] - colPtr[f]);
    const { gRows, gBins, mark } = this;
    let m = 0;
    for (let e = colPtr[f]; e < colPtr[f + 1]; e++) {
      const r = colRows[e];
      if (mark[r] === stamp) {
        gRows[m] = r;
        gBins[m++] = colBins[e];
      }
    }
    return m;
  }

  /**
   * One pass over the node's stored entries keeps those of the drawn features (slot per feature), a counting
   * sort groups them by slot, and each group, sorted by bin, is swept in draw order.
   */
  private sweepFromRows(start: number, end: number, entries: number, k: number, draw: number, weight: Float64Array, sweep: ClassSweep, best: ClassSplit): void {
    this.reserve(entries);
    const { rows, drawnAt, slotOf, gRows, gBins, gSlot } = this;
    const { rowPtr, rowCols, rowBins } = this.binned;
    let m = 0;
    for (let p = start; p < end; p++) {
      const r = rows[p];
      for (let e = rowPtr[r]; e < rowPtr[r + 1]; e++) {
        const f = rowCols[e];
        if (drawnAt[f] !== draw) continue;
        gRows[m] = r;
        gBins[m] = rowBins[e];
        gSlot[m++] = slotOf[f];
      }
    }
    const ptr = this.groupBySlot(m, k);
    for (let s = 0; s < k; s++) {
      if (ptr[s + 1] === ptr[s]) continue;
      sortByBin(this.sRows, this.sBins, ptr[s], ptr[s + 1]);
      sweep.sweep(this.sRows, this.sBins, ptr[s], ptr[s + 1], this.yIndex, weight, this.perm[s], best);
    }
  }

  /**
   * None of the drawn features splits the node: keep drawing, which can only succeed with features stored in the
   * node's rows, so draw among those (uniformly, as further draws from all features would) until one splits.
   * Each candidate's entries are found by binary search in the node's rows (their columns are sorted).
   */
  private carryOnDrawing(start: number, end: number, entries: number, draw: number, weight: Float64Array, sweep: ClassSweep, best: ClassSplit, rng: Rng): void {
    if (this.present.length < entries) this.present = new Int32Array(Math.max(entries, 2 * this.present.length));
    const { rows, drawnAt, present } = this;
    const { rowPtr, rowCols } = this.binned;
    const seen = -draw;
    let p = 0;
    for (let q = start; q < end; q++) {
      const r = rows[q];
      for (let e = rowPtr[r]; e < rowPtr[r + 1]; e++) {
        const f = rowCols[e];
        if (drawnAt[f] === draw || drawnAt[f] === seen) continue;
        drawnAt[f] = seen;
        present[p++] = f;
      }
    }
    for (let i = p - 1; i >= 0 && best.feature < 0; i--) {
      const j = rng.int(i + 1);
      const f = present[j];
      present[j] = present[i];
      const m = this.gatherByRows(start, end, f);
      if (m === 0) continue;
      sortByBin(this.gRows, this.gBins, 0, m);
      sweep.sweep(this.gRows, this.gBins, 0, m, this.yIndex, weight, f, best);
    }
  }

  /** Entries of feature f in the node's rows into gRows/gBins (row order), by binary search in each row; returns their count. */
  private gatherByRows(start: number, end: number, f: number): number {
    this.reserve(end - start);
    const { rows, gRows, gBins } = this;
    const { rowPtr, rowCols, rowBins } = this.binned;
    let m = 0;
    for (let q = start; q < end; q++) {
      const r = rows[q];
      let lo = rowPtr[r];
      let hi = rowPtr[r + 1];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (rowCols[mid] < f) lo = mid + 1;
        else hi = mid;
      }
      if (lo < rowPtr[r + 1] && rowCols[lo] === f) {
        gRows[m] = r;
        gBins[m++] = rowBins[lo];
      }
    }
    return m;
  }

  /** Stable counting sort of the first m collected entries by slot into sRows/sBins; returns the slot offsets. */
  private groupBySlot(m: number, nSlots: number): Int32Array {
    if (this.ptr.length < nSlots + 1) this.ptr = new Int32Array(Math.max(nSlots + 1, 2 * this.ptr.length));
    if (this.fill.length < nSlots + 1) this.fill = new Int32Array(this.ptr.length);
    const { gRows, gBins, gSlot, sRows, sBins, ptr, fill } = this;
    ptr.fill(0, 0, nSlots + 1);
    for (let q = 0; q < m; q++) ptr[gSlot[q] + 1]++;
    for (let s = 0; s < nSlots; s++) {
      ptr[s + 1] += ptr[s];
      fill[s] = ptr[s];
    }
    for (let q = 0; q < m; q++) {
      const p = fill[gSlot[q]]++;
      sRows[p] = gRows[q];
      sBins[p] = gBins[q];
    }
    return ptr;
  }

  /**
   * Stable partition of rows[start..end) by "bin of f <= t" (left first), stamping each row with its child and
   * summing the children's class totals and stored entries. Returns where the right side starts.
   */
  private partition(start: number, end: number, stamp: number, entries: number, f: number, t: number, left: number, right: number, weight: Float64Array): number {
    const { rows, tmp, goRight, mark, yIndex, entryCount, nodeTotals, nodeEntries } = this;
    const K = this.nClasses;
    const flag = ++this.rightStamp;
    const { colPtr, colRows, colBins, rowPtr, rowCols, rowBins } = this.binned;
    if (colPtr[f + 1] - colPtr[f] <= entries) {
      for (let e = colPtr[f]; e < colPtr[f + 1]; e++) if (colBins[e] > t && mark[colRows[e]] === stamp) goRight[colRows[e]] = flag;
    } else {
      for (let p = start; p < end; p++) {
        const r = rows[p];
        let lo = rowPtr[r];
        let hi = rowPtr[r + 1];
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (rowCols[mid] < f) lo = mid + 1;
          else hi = mid;
        }
        if (lo < rowPtr[r + 1] && rowCols[lo] === f && rowBins[lo] > t) goRight[r] = flag;
      }
    }
    const leftBase = left * K;
    const rightBase = right * K;
    nodeTotals.fill(0, leftBase, leftBase + K);
    nodeTotals.fill(0, rightBase, rightBase + K);
    const leftStamp = this.stampBase + left;
    const rightStamp = this.stampBase + right;
    let leftEntries = 0;
    let rightEntries = 0;
    let l = start;
    let q = 0;
    for (let p = start; p < end; p++) {
      const r = rows[p];
      if (goRight[r] === flag) {
        tmp[q++] = r;
        nodeTotals[rightBase + yIndex[r]] += weight[r];
        rightEntries += entryCount[r];
        mark[r] = rightStamp;
      } else {
        rows[l++] = r;
        nodeTotals[leftBase + yIndex[r]] += weight[r];
        leftEntries += entryCount[r];
        mark[r] = leftStamp;
      }
    }
    rows.set(tmp.subarray(0, q), l);
    nodeEntries[left] = leftEntries;
    nodeEntries[right] = rightEntries;
    return l;
  }

  private reserve(m: number): void {
    if (this.gRows.length < m) {
      const size = Math.max(m, this.gRows.length * 2);
      this.gRows = new Int32Array(size);
      this.gBins = new Uint8Array(size);
      this.gSlot = new Int32Array(size);
      this.sRows = new Int32Array(size);
      this.sBins = new Uint8Array(size);
    }
  }
}
