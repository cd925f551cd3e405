// Exact nearest neighbours by inner product over unit vectors (cosine): the ground truth the approximate index is measured against, and the search for small catalogs.

/** The k best rows of one query, best first. */
export interface Neighbours {
  rows: Int32Array;
  similarities: Float32Array;
}

/**
 * The `k` rows of `vectors` (row-major, `dims` wide) with the highest inner product with `query`, best first,
 * skipping `exclude` (the query's own row in leave-one-out). Ties keep the lower row first.
 */
export function exactNeighbours(vectors: Float32Array, dims: number, query: Float32Array, k: number, exclude = -1): Neighbours {
  const n = vectors.length / dims;
  const take = Math.min(k, n - (exclude >= 0 && exclude < n ? 1 : 0));
  const rows = new Int32Array(Math.max(0, take)).fill(-1);
  const sims = new Float32Array(Math.max(0, take)).fill(-Infinity);
  if (take <= 0) return { rows, similarities: sims };
  for (let r = 0; r < n; r++) {
    if (r === exclude) continue;
    let dot = 0;
    const base = r * dims;
    for (let d = 0; d < dims; d++) dot += vectors[base + d] * query[d];
    if (dot <= sims[take - 1]) continue;
    // Insertion into the sorted top list (k is small).
    let at = take - 1;
    while (at > 0 && sims[at - 1] < dot) {
      sims[at] = sims[at - 1];
      rows[at] = rows[at - 1];
      at--;
    }
    sims[at] = dot;
    rows[at] = r;
  }
  return { rows, similarities: sims };
}

/** Mean share of each row's `k` nearest other rows that carry its label, and how often their distance-weighted vote names it. */
export function neighbourLabelAgreement(vectors: Float32Array, dims: number, labels: ArrayLike<number>, k: number): { agreement: number; voteAccuracy: number } {
  const n = labels.length;
  let agree = 0;
  let voted = 0;
  for (let i = 0; i < n; i++) {
    const { rows, similarities } = exactNeighbours(vectors, dims, vectors.subarray(i * dims, (i + 1) * dims), k, i);
    const votes = new Map<number, number>();
    let same = 0;
    rows.forEach((r, j) => {
      if (labels[r] === labels[i]) same++;
      votes.set(labels[r], (votes.get(labels[r]) ?? 0) + Math.max(similarities[j], 0) + 1e-6);
    });
    agree += same / Math.max(rows.length, 1);
    let best = -1;
    let bestVote = -1;
    for (const [label, vote] of votes) if (vote > bestVote) [best, bestVote] = [label, vote];
    if (best === labels[i]) voted++;
  }
  return { agreement: agree / n, voteAccuracy: voted / n };
}
