// Chooses a vectorizer's vocabulary from corpus counts: document-frequency limits, max_features, sorted order.

import { ProdclassError } from '../core/errors.js';
import { numpyArgsort } from './numpy-argsort.js';

export interface VocabularyLimits {
  /** Integer >= 1: a document count; in [0, 1): a fraction of the documents. */
  minDf: number;
  /** In [0, 1]: a fraction of the documents; integer > 1: a document count. */
  maxDf: number;
  /** Keep at most this many terms, the most frequent in the corpus; null: no limit. */
  maxFeatures: number | null;
}

/**
 * Document-count bounds from the limits: scikit-learn's `min_df * n` / `max_df * n` for fractions, the value
 * itself for counts. A term is kept when low <= df <= high.
 * @throws ProdclassError INVALID_PARAM when maxDf allows fewer documents than minDf requires.
 */
export function documentCountBounds(limits: VocabularyLimits, nDocs: number): { low: number; high: number } {
  const low = limits.minDf >= 1 ? limits.minDf : limits.minDf * nDocs;
  const high = limits.maxDf <= 1 ? limits.maxDf * nDocs : limits.maxDf;
  if (high < low) {
    throw new ProdclassError(
      'INVALID_PARAM',
      `maxDf=${limits.maxDf} allows at most ${high} of the ${nDocs} documents, fewer than minDf=${limits.minDf} requires (${low}): raise maxDf or lower minDf`,
      { location: { field: 'maxDf' } },
    );
  }
  return { low, high };
}

/**
 * The vocabulary scikit-learn's CountVectorizer keeps, as term ids in column order:
 * 1. terms whose document frequency is within `documentCountBounds`;
 * 2. put in their strings' code-point order (Python's `sorted`) by `sortIds`, which is the column order;
 * 3. with `maxFeatures`, the first `maxFeatures` of `numpyArgsort(-tf)` over that sorted list, where tf is the
 *    term's total count in the corpus (its document frequency when `binary`), so ties at the cut-off are broken
 *    exactly as scikit-learn's `(-tfs[mask]).argsort()[:limit]` breaks them; the survivors stay in sorted order.
 * @throws ProdclassError INVALID_INPUT when no term remains (empty documents, only stop words, or limits too tight).
 */
export function selectVocabulary(
  nTerms: number,
  df: Int32Array,
  tf: Float64Array,
  sortIds: (ids: Int32Array) => Int32Array,
  limits: VocabularyLimits,
  nDocs: number,
): Int32Array {
  if (nTerms === 0) {
    throw new ProdclassError('INVALID_INPUT', 'empty vocabulary: the documents contain no terms (are they empty or only stop words?)');
  }
  const { low, high } = documentCountBounds(limits, nDocs);
  let nKept = 0;
  for (let id = 0; id < nTerms; id++) if (df[id] >= low && df[id] <= high) nKept++;
  const candidates = new Int32Array(nKept);
  nKept = 0;
  for (let id = 0; id < nTerms; id++) if (df[id] >= low && df[id] <= high) candidates[nKept++] = id;
  let ids = sortIds(candidates);
  if (limits.maxFeatures !== null && ids.length > limits.maxFeatures) {
    const negTf = new Float64Array(ids.length);
    for (let j = 0; j < ids.length; j++) negTf[j] = -tf[ids[j]];
    const order = numpyArgsort(negTf);
    const keep = new Uint8Array(ids.length);
    for (let r = 0; r < limits.maxFeatures; r++) keep[order[r]] = 1;
    ids = ids.filter((_, j) => keep[j] === 1);
  }
  if (ids.length === 0) {
    throw new ProdclassError(
      'INVALID_INPUT',
      `after pruning, no terms remain (minDf=${limits.minDf}, maxDf=${limits.maxDf} over ${nDocs} documents): lower minDf or raise maxDf`,
    );
  }
  return ids;
}
