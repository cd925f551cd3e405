// Quantile binning of features into at most 256 bins each, and the binned column and row layouts trees train on.

import { CsrMatrix } from '../../core/csr-matrix.js';
import { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';

/** What tree models read: sparse rows (TF-IDF, selected columns) or dense rows (SVD components). */
export type TreeInput = CsrMatrix | DenseMatrix;

export function inputWidth(x: TreeInput): number {
  return x instanceof CsrMatrix ? x.nCols : x.cols;
}

export function inputRows(x: TreeInput): number {
  return x instanceof CsrMatrix ? x.nRows : x.rows;
}

/** Training data as bins, in two layouts sharing one convention (see `BinMapper`). */
export interface BinnedMatrix {
  nRows: number;
  nFeatures: number;
  /**
   * Column layout: feature f's stored entries are `colRows/colBins[colPtr[f]..colPtr[f+1])`, ascending by bin,
   * then by row. A sparse-stored feature stores only rows whose bin is not 0 (its other rows have bin 0); a
   * dense-stored feature stores every row.
   */
  colPtr: Int32Array;
  colRows: Int32Array;
  colBins: Uint8Array;
  /** Row layout of the same entries: row i's are `rowCols/rowBins[rowPtr[i]..rowPtr[i+1])`, ascending by feature. */
  rowPtr: Int32Array;
  rowCols: Int32Array;
  rowBins: Uint8Array;
  /** 1 where the feature stores every row (its value 0 is not in bin 0, or the input was dense). */
  denseStored: Uint8Array;
}

/** Rows as bins for traversal only (validation rows): entries of bin 0 in sparse-stored features are left out. */
export interface BinnedRows {
  nRows: number;
  rowPtr: Int32Array;
  rowCols: Int32Array;
  rowBins: Uint8Array;
}

/**
 * Per-feature bin edges, fitted on training data. Feature f has `nBins(f) <= maxBins` bins and edges
 * e_0 < e_1 < ... (one fewer than its bins); a value x falls in bin
 *
 *   bin(x) = #{ j : e_j < x }      (numpy's searchsorted(edges, x, side='left'))
 *
 * so x <= e_t exactly when bin(x) <= t, and a split "bin <= t" is the raw-value split "x <= e_t". Edges are
 * midpoints between consecutive distinct training values (computed in float64 from float32 inputs, so they
 * never equal an input); with more distinct values than bins, cut points follow the quantiles of the values,
 * each distinct value weighted by how often it occurs.
 *
 * Sparse input is binned without densifying: a column whose stored values are all positive gets bin 0 for
 * exactly the zeros (e_0 is half its smallest value) and maxBins - 1 quantile bins for its positive values,
 * so trees never touch the zeros of TF-IDF columns. A column with negative values is binned over all its
 * values, zeros included, and stored densely.
 */
export class BinMapper {
  private constructor(
    readonly nFeatures: number,
    readonly maxBins: number,
    /** Concatenated edges; feature f's are `edges[edgeStart[f]..edgeStart[f+1])`. */
    readonly edges: Float64Array,
    readonly edgeStart: Int32Array,
    /** bin(0) per feature: 0 for sparse-stored features. */
    readonly zeroBin: Uint8Array,
  ) {}

  /**
   * Learns the edges of every feature from `x`.
   * @throws ProdclassError INVALID_PARAM when maxBins is not an integer in [2, 256].
   */
  static fit(x: TreeInput, maxBins = 256): BinMapper {
    if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 256) {
      throw new ProdclassError('INVALID_PARAM', `binning: maxBins must be an integer between 2 and 256, got ${maxBins}`);
    }
    const nFeatures = inputWidth(x);
    const perFeature: Float64Array[] = new Array(nFeatures);
    const zeroBin = new Uint8Array(nFeatures);
    const columns = x instanceof CsrMatrix ? sparseColumnValues(x) : denseColumnValues(x);
    const nRows = inputRows(x);
    for (let f = 0; f < nFeatures; f++) {
      const values = columns(f);
      values.sort();
      const nZeros = x instanceof CsrMatrix ? nRows - values.length : 0;
      let edges: Float64Array;
      if (x instanceof CsrMatrix && (values.length === 0 || values[0] >= 0)) {
        // Zeros (implicit or stored) in bin 0, positive values above e_0 = min / 2.
        let firstPositive = 0;
        while (firstPositive < values.length && values[firstPositive] === 0) firstPositive++;
        const positives = values.subarray(firstPositive);
        edges = positives.length === 0 ? new Float64Array(0) : concatEdges(positives[0] / 2, quantileEdges(positives, maxBins - 1));
      } else {
        edges = quantileEdges(withZeros(values, nZeros), maxBins);
      }
      perFeature[f] = edges;
      zeroBin[f] = searchLeft(edges, 0, 0, edges.length);
    }
    const edgeStart = new Int32Array(nFeatures + 1);
    for (let f = 0; f < nFeatures; f++) edgeStart[f + 1] = edgeStart[f] + perFeature[f].length;
    const edges = new Float64Array(edgeStart[nFeatures]);
    for (let f = 0; f < nFeatures; f++) edges.set(perFeature[f], edgeStart[f]);
    return new BinMapper(nFeatures, maxBins, edges, edgeStart, zeroBin);
  }

  /** Rebuilds a mapper from saved arrays. @throws ProdclassError MODEL_CORRUPT when they disagree. */
  static fromArrays(maxBins: number, edges: Float64Array, edgeStart: Int32Array): BinMapper {
    const nFeatures = edgeStart.length - 1;
    if (nFeatures < 0 || edgeStart[nFeatures] !== edges.length) {
      throw new ProdclassError('MODEL_CORRUPT', 'binning: saved edges and their offsets disagree');
    }
    const zeroBin = new Uint8Array(nFeatures);
    for (let f = 0; f < nFeatures; f++) zeroBin[f] = searchLeft(edges, 0, edgeStart[f], edgeStart[f + 1]) - edgeStart[f];
    return new BinMapper(nFeatures, maxBins, edges, edgeStart, zeroBin);
  }

  nBins(f: number): number {
    return this.edgeStart[f + 1] - this.edgeStart[f] + 1;
  }

  /** The bin of `value` in feature f. */
  binOf(f: number, value: number): number {
    return searchLeft(this.edges, value, this.edgeStart[f], this.edgeStart[f + 1]) - this.edgeStart[f];
  }

  /** The raw threshold of the split "bin <= t" of feature f: its edge e_t (Infinity for the last bin). */
  threshold(f: number, t: number): number {
    const p = this.edgeStart[f] + t;
    return p < this.edgeStart[f + 1] ? this.edges[p] : Infinity;
  }

  /**
   * Bins training data into both layouts. With `shared`, the arrays live in SharedArrayBuffers so worker
   * threads read them in place.
   * @throws ProdclassError FEATURE_MISMATCH when x has another width than the data the edges were fitted on.
   */
  transform(x: TreeInput, shared = false): BinnedMatrix {
    this.checkWidth(x);
    const rows = this.transformRows(x, false);
    const { nFeatures } = this;
    const nRows = rows.nRows;
    const denseStored = new Uint8Array(nFeatures);
    for (let f = 0; f < nFeatures; f++) denseStored[f] = x instanceof DenseMatrix || this.zeroBin[f] !== 0 ? 1 : 0;
    // Row layout with every entry of dense-stored features, then the column layout from it.
    const full = x instanceof DenseMatrix ? rows : this.withDenseStoredZeros(rows, denseStored);
    const alloc = shared ? sharedArrays : plainArrays;
    const rowPtr = alloc.int32(nRows + 1);
    rowPtr.set(full.rowPtr);
    const rowCols = alloc.int32(full.rowCols.length);
    rowCols.set(full.rowCols);
    const rowBins = alloc.uint8(full.rowBins.length);
    rowBins.set(full.rowBins);
    const colPtr = alloc.int32(nFeatures + 1);
    for (let e = 0; e < rowCols.length; e++) colPtr[rowCols[e] + 1]++;
    for (let f = 0; f < nFeatures; f++) colPtr[f + 1] += colPtr[f];
    const colRows = alloc.int32(rowCols.length);
    const colBins = alloc.uint8(rowCols.length);
    const fill = Int32Array.from(colPtr.subarray(0, nFeatures));
    for (let i = 0; i < nRows; i++) {
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        const p = fill[rowCols[e]]++;
        colRows[p] = i;
        colBins[p] = rowBins[e];
      }
    }
    for (let f = 0; f < nFeatures; f++) sortColumnByBin(colRows, colBins, colPtr[f], colPtr[f + 1]);
    return { nRows, nFeatures, colPtr, colRows, colBins, rowPtr, rowCols, rowBins, denseStored };
  }

  /**
   * Bins rows for traversal (`binnedLeaf`): entries whose bin equals the feature's zero bin may be left out.
   * @throws ProdclassError FEATURE_MISMATCH on a width other than the fitted one.
   */
  transformRows(x: TreeInput, check = true): BinnedRows {
    if (check) this.checkWidth(x);
    if (x instanceof DenseMatrix) {
      const n = x.rows;
      const F = x.cols;
      const rowPtr = new Int32Array(n + 1);
      const rowCols = new Int32Array(n * F);
      const rowBins = new Uint8Array(n * F);
      for (let i = 0; i < n; i++) {
        rowPtr[i + 1] = (i + 1) * F;
        for (let f = 0; f < F; f++) {
          rowCols[i * F + f] = f;
          rowBins[i * F + f] = this.binOf(f, x.data[i * F + f]);
        }
      }
      return { nRows: n, rowPtr, rowCols, rowBins };
    }
    const rowPtr = new Int32Array(x.nRows + 1);
    const rowCols = new Int32Array(x.nnz);
    const rowBins = new Uint8Array(x.nnz);
    let p = 0;
    for (let i = 0; i < x.nRows; i++) {
      for (let k = x.indptr[i]; k < x.indptr[i + 1]; k++) {
        const f = x.indices[k];
        const b = this.binOf(f, x.data[k]);
        if (b === this.zeroBin[f]) continue;
        rowCols[p] = f;
        rowBins[p] = b;
        p++;
      }
      rowPtr[i + 1] = p;
    }
    return { nRows: x.nRows, rowPtr, rowCols: rowCols.slice(0, p), rowBins: rowBins.slice(0, p) };
  }

  /** @throws ProdclassError FEATURE_MISMATCH. */
  checkWidth(x: TreeInput): void {
    if (inputWidth(x) !== this.nFeatures) {
      throw new ProdclassError('FEATURE_MISMATCH', `binning was fitted on ${this.nFeatures} features but the input has ${inputWidth(x)}`);
    }
  }

  /** Adds the zero-bin entries of dense-stored features to sparse rows, keeping each row ascending by feature. */
  private withDenseStoredZeros(rows: BinnedRows, denseStored: Uint8Array): BinnedRows {
    const denseFeatures: number[] = [];
    for (let f = 0; f < denseStored.length; f++) if (denseStored[f]) denseFeatures.push(f);
    if (denseFeatures.length === 0) return rows;
    const n = rows.nRows;
    const rowPtr = new Int32Array(n + 1);
    const rowCols: number[] = [];
    const rowBins: number[] = [];
    for (let i = 0; i < n; i++) {
      let e = rows.rowPtr[i];
      const end = rows.rowPtr[i + 1];
      let d = 0;
      while (e < end || d < denseFeatures.length) {
        const fe = e < end ? rows.rowCols[e] : Infinity;
        const fd = d < denseFeatures.length ? denseFeatures[d] : Infinity;
        if (fe <= fd) {
          rowCols.push(fe);
          rowBins.push(rows.rowBins[e++]);
          if (fe === fd) d++;
        } else {
          rowCols.push(fd);
          rowBins.push(this.zeroBin[fd]);
          d++;
        }
      }
      rowPtr[i + 1] = rowCols.length;
    }
    return { nRows: n, rowPtr, rowCols: Int32Array.from(rowCols), rowBins: Uint8Array.from(rowBins) };
  }
}

/** Position of the first edge >= value in edges[from..to) (so the count of edges < value is that minus from). */
function searchLeft(edges: Float64Array, value: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Edges for sorted values: midpoints between consecutive distinct values, all of them when there are at most
 * `maxBins` distinct values, else at the quantile cuts k * n / maxBins (each edge placed after the distinct value
 * whose cumulative count first reaches the cut).
 */
export function quantileEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  const distinct: number[] = [];
  const cumulative: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
    cumulative[distinct.length - 1] = i + 1;
  }
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    for (let d = 0; d + 1 < distinct.length; d++) edges.push((distinct[d] + distinct[d + 1]) / 2);
    return Float64Array.from(edges);
  }
  let cut = 1;
  for (let d = 0; d + 1 < distinct.length && cut < maxBins; d++) {
    if (cumulative[d] >= (cut * n) / maxBins) {
      edges.push((distinct[d] + distinct[d + 1]) / 2);
      while (cut < maxBins && cumulative[d] >= (cut * n) / maxBins) cut++;
    }
  }
  return Float64Array.from(edges);
}

function concatEdges(first: number, rest: Float64Array): Float64Array {
  const out = new Float64Array(rest.length + 1);
  out[0] = first;
  out.set(rest, 1);
  return out;
}

/** Sorted values with `nZeros` zeros merged in at their place. */
function withZeros(sorted: Float64Array, nZeros: number): Float64Array {
  if (nZeros === 0) return sorted;
  const out = new Float64Array(sorted.length + nZeros);
  let p = 0;
  let i = 0;
  while (i < sorted.length && sorted[i] < 0) out[p++] = sorted[i++];
  p += nZeros;
  out.set(sorted.subarray(i), p);
  return out;
}

/** Stored values of each column of a CSR matrix (one counting pass, then a copy per column on request). */
function sparseColumnValues(x: CsrMatrix): (f: number) => Float64Array {
  const ptr = new Int32Array(x.nCols + 1);
  for (let k = 0; k < x.nnz; k++) ptr[x.indices[k] + 1]++;
  for (let f = 0; f < x.nCols; f++) ptr[f + 1] += ptr[f];
  const values = new Float64Array(x.nnz);
  const fill = Int32Array.from(ptr.subarray(0, x.nCols));
  for (let k = 0; k < x.nnz; k++) values[fill[x.indices[k]]++] = x.data[k];
  return (f) => values.subarray(ptr[f], ptr[f + 1]);
}

function denseColumnValues(x: DenseMatrix): (f: number) => Float64Array {
  return (f) => {
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) out[i] = x.data[i * x.cols + f];
    return out;
  };
}

/** Stable sort of a column segment by bin, skipped when the segment is already in order (most sparse columns). */
function sortColumnByBin(rows: Int32Array, bins: Uint8Array, from: number, to: number): void {
  for (let e = from + 1; e < to; e++) {
    if (bins[e] < bins[e - 1]) {
      sortByBin(rows, bins, from, to);
      return;
    }
  }
}

/** Sorts a segment of (row, bin) pairs by bin, stable: insertion sort when short, counting sort otherwise. */
export function sortByBin(rows: Int32Array, bins: Uint8Array, from: number, to: number): void {
  const m = to - from;
  if (m <= 32) {
    for (let a = from + 1; a < to; a++) {
      const b = bins[a];
      const r = rows[a];
      let c = a - 1;
      while (c >= from && bins[c] > b) {
        bins[c + 1] = bins[c];
        rows[c + 1] = rows[c];
        c--;
      }
      bins[c + 1] = b;
      rows[c + 1] = r;
    }
    return;
  }
  const counts = new Int32Array(257);
  for (let e = from; e < to; e++) counts[bins[e] + 1]++;
  for (let b = 0; b < 256; b++) counts[b + 1] += counts[b];
  const tmpRows = rows.slice(from, to);
  const tmpBins = bins.slice(from, to);
  for (let q = 0; q < m; q++) {
    const p = from + counts[tmpBins[q]]++;
    rows[p] = tmpRows[q];
    bins[p] = tmpBins[q];
  }
}

const plainArrays = {
  int32: (n: number) => new Int32Array(n),
  uint8: (n: number) => new Uint8Array(n),
};

const sharedArrays = {
  int32: (n: number) => new Int32Array(new SharedArrayBuffer(Math.max(4, n * 4)), 0, n),
  uint8: (n: number) => new Uint8Array(new SharedArrayBuffer(Math.max(1, n)), 0, n),
};
