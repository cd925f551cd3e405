// The missing-description column: 1 (times its weight) for a product without a description, after the TF-IDF blocks.

import { CsrMatrix } from '../core/csr-matrix.js';

/** The column's name among the vectorizer's feature names. */
export const MISSING_DESCRIPTION_FEATURE = 'missing:description';

/**
 * Whether a fit on these (cleaned) descriptions uses the column: when some products have a description and some do
 * not. Where none or all have one the column would be constant, and tell no category from another.
 */
export function usesMissingDescription(descriptions: readonly string[]): boolean {
  const described = descriptions.reduce((n, d) => n + (d === '' ? 0 : 1), 0);
  return described > 0 && described < descriptions.length;
}

/** One row per product, one column: `weight` where the (cleaned) description is empty. */
export function missingDescriptionColumn(descriptions: readonly string[], weight: number): CsrMatrix {
  const indptr = new Int32Array(descriptions.length + 1);
  let nnz = 0;
  descriptions.forEach((d, i) => {
    if (d === '') nnz++;
    indptr[i + 1] = nnz;
  });
  return new CsrMatrix(descriptions.length, 1, indptr, new Int32Array(nnz), new Float32Array(nnz).fill(weight));
}
