// Best threshold of one feature in one node of a classification tree: a sweep over its binned entries.

import { xlogx, type Criterion } from './split-criteria.js';

/** The best threshold found so far in a node (proxy -Infinity when none is valid). */
export interface ClassSplit {
  proxy: number;
  feature: number;
  bin: number;
}

/**
 * Holds one node's weighted class totals and scores thresholds of its features. For entries of one feature
 * (rows and bins, ascending by bin, rows absent from the list being at bin 0), `sweep` adds rows to the right
 * side from the highest bin down and, at each change of bin, scores "bin <= next lower bin" by the impurity
 * proxy of `impurityProxy` (gini: sum c_k^2 / W per side; entropy: sum c_k ln c_k - W ln W), kept up to date
 * in O(1) per row:
 *
 *   gini:    sum S^2 += w (2 S_k + w);  sum L^2 = sum T^2 - 2 sum T_k S_k + sum S^2
 *   entropy: sum S ln S and sum L ln L change only in class k
 *
 * Both sides need at least minSamplesLeaf rows (counted once each, whatever their bootstrap weight).
 */
export class ClassSweep {
  private readonly total: Float64Array;
  private readonly right: Float64Array;
  private totalWeight = 0;
  private totalRows = 0;
  private sumTotalSquares = 0;
  private sumTotalXlogx = 0;

  constructor(
    readonly nClasses: number,
    readonly criterion: Criterion,
    readonly minSamplesLeaf: number,
  ) {
    this.total = new Float64Array(nClasses);
    this.right = new Float64Array(nClasses);
  }

  /** Sets the node: its weighted class totals and row count. Returns the node's own proxy. */
  setNode(total: Float64Array, rows: number): number {
    this.total.set(total);
    this.totalRows = rows;
    let W = 0;
    let sq = 0;
    let xl = 0;
    for (let k = 0; k < this.nClasses; k++) {
      W += total[k];
      sq += total[k] * total[k];
      xl += xlogx(total[k]);
    }
    this.totalWeight = W;
    this.sumTotalSquares = sq;
    this.sumTotalXlogx = xl;
    return this.criterion === 'gini' ? sq / W : xl - xlogx(W);
  }

  /**
   * Scores every threshold of feature `feature` from its entries `rows/bins[from..to)` (ascending bins) and
   * updates `best` when one beats it (strictly).
   */
  sweep(rows: Int32Array, bins: Uint8Array, from: number, to: number, yIndex: Int32Array, weight: Float64Array, feature: number, best: ClassSplit): void {
    const S = this.right;
    S.fill(0);
    const T = this.total;
    const W = this.totalWeight;
    const n = this.totalRows;
    const msl = this.minSamplesLeaf;
    const gini = this.criterion === 'gini';
    let sW = 0;
    let sN = 0;
    let sumSS = 0;
    let dotTS = 0;
    let sXl = 0;
    let lXl = this.sumTotalXlogx;
    let e = to - 1;
    while (e >= from) {
      const b = bins[e];
      while (e >= from && bins[e] === b) {
        const r = rows[e];
        const w = weight[r];
        const k = yIndex[r];
        const s = S[k];
        if (gini) {
          sumSS += w * (2 * s + w);
          dotTS += T[k] * w;
        } else {
          sXl += xlogx(s + w) - xlogx(s);
          lXl += xlogx(T[k] - s - w) - xlogx(T[k] - s);
        }
        S[k] = s + w;
        sW += w;
        sN++;
        e--;
      }
      let t: number;
      if (e >= from) t = bins[e];
      else if (sN < n) t = 0;
      else break;
      if (sN < msl) continue;
      if (n - sN < msl) break;
      const lW = W - sW;
      if (!(lW > 0 && sW > 0)) continue;
      const proxy = gini
        ? sumSS / sW + (this.sumTotalSquares - 2 * dotTS + sumSS) / lW
        : sXl - xlogx(sW) + lXl - xlogx(lW);
      if (proxy > best.proxy) {
        best.proxy = proxy;
        best.feature = feature;
        best.bin = t;
      }
    }
  }
}
