// Walking trees: raw-valued rows for prediction, binned rows during training (validation, out-of-bag).

import { CsrMatrix } from '../../core/csr-matrix.js';
import type { BinnedRows, TreeInput } from './binning.js';

/** The node arrays traversal needs; TreeArrays (root 0) and TreeEnsemble (root treeStart[t]) both have them. */
export interface Walkable {
  feature: Int32Array;
  threshold: Float64Array;
  binThreshold: Uint8Array;
  left: Int32Array;
  right: Int32Array;
}

/** The leaf a row reaches from `root`: left when x[f] <= threshold. `row` holds every feature's value. */
export function leafOf(tree: Walkable, root: number, row: Float32Array): number {
  const { feature, threshold, left, right } = tree;
  let node = root;
  let f = feature[node];
  while (f >= 0) {
    node = row[f] <= threshold[node] ? left[node] : right[node];
    f = feature[node];
  }
  return node;
}

/** The leaf a binned row reaches: left when bin <= binThreshold. `bins` holds every feature's bin. */
export function binnedLeafOf(tree: Walkable, root: number, bins: Uint8Array): number {
  const { feature, binThreshold, left, right } = tree;
  let node = root;
  let f = feature[node];
  while (f >= 0) {
    node = bins[f] <= binThreshold[node] ? left[node] : right[node];
    f = feature[node];
  }
  return node;
}

/**
 * Calls `visit(i, row)` for every row of x with the row's values laid out densely (a view of x for dense
 * input; a scratch array for sparse input, valid only during the call).
 */
export function forEachRow(x: TreeInput, visit: (i: number, row: Float32Array) => void): void {
  if (x instanceof CsrMatrix) {
    const scratch = new Float32Array(x.nCols);
    const { indptr, indices, data } = x;
    for (let i = 0; i < x.nRows; i++) {
      for (let k = indptr[i]; k < indptr[i + 1]; k++) scratch[indices[k]] = data[k];
      visit(i, scratch);
      for (let k = indptr[i]; k < indptr[i + 1]; k++) scratch[indices[k]] = 0;
    }
    return;
  }
  for (let i = 0; i < x.rows; i++) visit(i, x.row(i));
}

/** As `forEachRow` for binned rows: every feature's bin, features left out of a row at their zero bin. */
export function forEachBinnedRow(rows: BinnedRows, zeroBin: Uint8Array, visit: (i: number, bins: Uint8Array) => void): void {
  const scratch = Uint8Array.from(zeroBin);
  const { rowPtr, rowCols, rowBins } = rows;
  for (let i = 0; i < rows.nRows; i++) {
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) scratch[rowCols[e]] = rowBins[e];
    visit(i, scratch);
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) scratch[rowCols[e]] = zeroBin[rowCols[e]];
  }
}
