// Per-class sums of sparse feature values, the sufficient statistics of the multinomial and complement naive Bayes models.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import { ProdclassError } from '../../core/errors.js';

/**
 * N_kj = sum of x_ij over rows i of class k (scikit-learn's feature_count_), feature-major (F x K: entry j * K + k),
 * the layout scoring reads, so that the weights are made in place with no transpose; and the number of rows of
 * each class.
 * @throws ProdclassError INVALID_INPUT on a negative value (naive Bayes counts must be non-negative).
 */
export function classFeatureCounts(kind: string, x: CsrMatrix, yIndex: Int32Array, nClasses: number): { counts: Float64Array; classCount: Float64Array } {
  const counts = new Float64Array(nClasses * x.nCols);
  const classCount = new Float64Array(nClasses);
  for (let i = 0; i < x.nRows; i++) {
    const c = yIndex[i];
    classCount[c]++;
    for (let k = x.indptr[i]; k < x.indptr[i + 1]; k++) {
      const v = x.data[k];
      if (v < 0) throw new ProdclassError('INVALID_INPUT', `${kind}: naive Bayes needs non-negative features, row ${i} column ${x.indices[k]} is ${v}`);
      counts[x.indices[k] * nClasses + c] += v;
    }
  }
  return { counts, classCount };
}
