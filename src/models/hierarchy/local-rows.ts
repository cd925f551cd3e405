// The rows a parent node trains on, narrowed to the features those rows use (a node deep in the tree sees few words).

import { CsrMatrix } from '../../core/csr-matrix.js';

/**
 * Rows `rows` of x (ascending) with their columns renumbered 0..features.length-1 in ascending global order, so
 * a node's classifier is as wide as its own vocabulary. `scratch` (length x.nCols, all -1) is left as it was
 * given. All the rows of x, with every column used, are x itself (the root's case: no copy).
 */
export function localRows(x: CsrMatrix, rows: Int32Array, scratch: Int32Array): { matrix: CsrMatrix; features: Int32Array } {
  const used: number[] = [];
  let nnz = 0;
  for (const i of rows) {
    for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) {
      const j = x.indices[p];
      if (scratch[j] === -1) {
        scratch[j] = 0;
        used.push(j);
      }
    }
    nnz += x.indptr[i + 1] - x.indptr[i];
  }
  const features = Int32Array.from(used).sort();
  features.forEach((j, local) => (scratch[j] = local));
  try {
    if (rows.length === x.nRows && features.length === x.nCols) return { matrix: x, features };
    const indptr = new Int32Array(rows.length + 1);
    const indices = new Int32Array(nnz);
    const data = new Float32Array(nnz);
    let at = 0;
    rows.forEach((i, r) => {
      for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) {
        indices[at] = scratch[x.indices[p]];
        data[at++] = x.data[p];
      }
      indptr[r + 1] = at;
    });
    return { matrix: new CsrMatrix(rows.length, features.length, indptr, indices, data), features };
  } finally {
    for (const j of features) scratch[j] = -1;
  }
}
