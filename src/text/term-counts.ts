// Counting: documents to per-term document/corpus frequencies and per-document counts, then to TF-IDF CSR rows.

import { CsrMatrix } from '../core/csr-matrix.js';
import type { FitOptions } from '../core/estimator.js';
import { silentProgress } from '../core/progress.js';
import type { NgramAnalyzer } from './ngram-analyzer.js';
import { weighRow, type TfidfWeighting } from './tfidf-weighting.js';

/** What one counting pass over a corpus learns. Arrays indexed by term id hold at least `nTerms` entries. */
export interface CorpusCounts {
  nTerms: number;
  /** Documents containing each term. */
  df: Int32Array;
  /** Occurrences of each term in the corpus (only when asked for, else empty). */
  tf: Float64Array;
  /** Row d's distinct terms are `rowIds[indptr[d] .. indptr[d+1])` with counts `rowCounts[...]` (when rows are kept). */
  indptr: Int32Array;
  rowIds: Int32Array;
  rowCounts: Int32Array;
}

/**
 * Analyses every document once, interning new n-grams: df and (optionally) corpus tf per term and, with
 * `keepRows`, each document's distinct terms and counts, appended to growable typed buffers. Per-document
 * deduplication uses a last-seen-document mark per term, so nothing is sorted or allocated per n-gram.
 * @throws the signal's reason when `options.signal` aborts.
 */
export function countCorpus(
  analyzer: NgramAnalyzer,
  docs: readonly string[],
  keepRows: boolean,
  countTf: boolean,
  options: FitOptions & { label?: string } = {},
): CorpusCounts {
  const n = docs.length;
  options.signal?.throwIfAborted();
  const task = (options.progress ?? silentProgress).task(options.label ?? 'count terms', n);
  let df = new Int32Array(1 << 14);
  let tf = new Float64Array(countTf ? 1 << 14 : 0);
  let lastDoc = new Int32Array(1 << 14).fill(-1);
  let slot = new Int32Array(keepRows ? 1 << 14 : 0);
  const indptr = new Int32Array(n + 1);
  let rowIds = new Int32Array(keepRows ? 1 << 16 : 0);
  let rowCounts = new Int32Array(rowIds.length);
  let nnz = 0;
  try {
    for (let d = 0; d < n; d++) {
      if ((d & 1023) === 1023) {
        options.signal?.throwIfAborted();
        task.tick(1024);
      }
      const k = analyzer.analyze(docs[d], true);
      const ids = analyzer.ids;
      const size = analyzer.terms.size;
      if (size > df.length) {
        const capacity = Math.max(size, df.length * 2);
        df = grow(df, capacity);
        lastDoc = grow(lastDoc, capacity, -1);
        if (countTf) tf = grow(tf, capacity);
        if (keepRows) slot = grow(slot, capacity);
      }
      if (keepRows && nnz + k > rowIds.length) {
        const capacity = Math.max(nnz + k, Math.floor(rowIds.length * 1.5));
        rowIds = grow(rowIds, capacity);
        rowCounts = grow(rowCounts, capacity);
      }
      for (let t = 0; t < k; t++) {
        const id = ids[t];
        if (countTf) tf[id]++;
        if (lastDoc[id] !== d) {
          lastDoc[id] = d;
          df[id]++;
          if (keepRows) {
            slot[id] = nnz;
            rowIds[nnz] = id;
            rowCounts[nnz++] = 1;
          }
        } else if (keepRows) {
          rowCounts[slot[id]]++;
        }
      }
      indptr[d + 1] = nnz;
    }
  } finally {
    task.done();
  }
  return { nTerms: analyzer.terms.size, df, tf, indptr, rowIds, rowCounts };
}

/**
 * Rewrites the counting buffers into the TF-IDF matrix, in place: row d's (term id, count) pairs become
 * (column, weight) pairs sorted by column, terms with `columnOf[id] < 0` dropped. Weights are written as float32
 * into the count buffer's memory, so the corpus is never held twice before the final trim to size.
 * The counts' buffers are consumed.
 */
export function countsToTfidf(
  counts: CorpusCounts,
  columnOf: Int32Array,
  nCols: number,
  idf: Float64Array | undefined,
  weighting: TfidfWeighting,
): CsrMatrix {
  const { indptr, rowIds, rowCounts } = counts;
  const nRows = indptr.length - 1;
  const data = new Float32Array(rowCounts.buffer, rowCounts.byteOffset, rowCounts.length);
  const countOf = new Float64Array(nCols);
  let longest = 0;
  for (let d = 0; d < nRows; d++) longest = Math.max(longest, indptr[d + 1] - indptr[d]);
  const columns = new Int32Array(longest);
  const values = new Float64Array(longest);
  let out = 0;
  let start = 0;
  for (let d = 0; d < nRows; d++) {
    const end = indptr[d + 1];
    let m = 0;
    for (let k = start; k < end; k++) {
      const c = columnOf[rowIds[k]];
      if (c >= 0) {
        columns[m++] = c;
        countOf[c] = rowCounts[k];
      }
    }
    columns.subarray(0, m).sort();
    for (let t = 0; t < m; t++) values[t] = countOf[columns[t]];
    const scale = weighRow(columns, values, m, idf, weighting);
    // out <= start: this row was read completely before any of its output is written.
    for (let t = 0; t < m; t++) {
      rowIds[out] = columns[t];
      data[out++] = values[t] / scale;
    }
    start = end;
    indptr[d + 1] = out;
  }
  return new CsrMatrix(nRows, nCols, indptr, rowIds.slice(0, out), data.slice(0, out));
}

/** Reusable per-vectorizer buffers for `documentsToTfidf` (one count slot per column). */
export interface RowScratch {
  counts: Float64Array;
  columns: Int32Array;
  values: Float64Array;
}

/** Fresh scratch buffers for a vocabulary of `nCols` terms. */
export function rowScratch(nCols: number): RowScratch {
  return { counts: new Float64Array(nCols), columns: new Int32Array(1024), values: new Float64Array(1024) };
}

/**
 * TF-IDF rows of documents through a lookup-only analyzer whose term ids are columns (unknown n-grams are
 * already dropped by the analyzer). Counts are gathered in `scratch.counts`, which is left zeroed.
 */
export function documentsToTfidf(
  analyzer: NgramAnalyzer,
  docs: readonly string[],
  nCols: number,
  idf: Float64Array | undefined,
  weighting: TfidfWeighting,
  scratch: RowScratch,
): CsrMatrix {
  const indptr = new Int32Array(docs.length + 1);
  let indices = new Int32Array(Math.max(16, docs.length * 64));
  let data = new Float32Array(indices.length);
  let nnz = 0;
  const counts = scratch.counts;
  for (let d = 0; d < docs.length; d++) {
    const k = analyzer.analyze(docs[d], false);
    const ids = analyzer.ids;
    if (scratch.columns.length < k) {
      scratch.columns = new Int32Array(k * 2);
      scratch.values = new Float64Array(k * 2);
    }
    const { columns, values } = scratch;
    let m = 0;
    for (let t = 0; t < k; t++) {
      const c = ids[t];
      if (counts[c] === 0) columns[m++] = c;
      counts[c]++;
    }
    columns.subarray(0, m).sort();
    for (let t = 0; t < m; t++) values[t] = counts[columns[t]];
    const scale = weighRow(columns, values, m, idf, weighting);
    if (nnz + m > indices.length) {
      const capacity = Math.max(nnz + m, indices.length * 2);
      indices = grow(indices, capacity);
      data = grow(data, capacity);
    }
    for (let t = 0; t < m; t++) {
      indices[nnz] = columns[t];
      data[nnz++] = values[t] / scale;
      counts[columns[t]] = 0;
    }
    indptr[d + 1] = nnz;
  }
  return new CsrMatrix(docs.length, nCols, indptr, indices.slice(0, nnz), data.slice(0, nnz));
}

/** A larger copy of a typed array, the new tail filled with `fill`. */
function grow<T extends Int32Array | Float64Array | Float32Array>(a: T, capacity: number, fill = 0): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
