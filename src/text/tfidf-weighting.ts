// The TF-IDF formulas: inverse document frequency and the weighting + normalisation of one row of counts.

/** The weighting hyperparameters of a TF-IDF vectorizer (scikit-learn's TfidfTransformer options). */
export interface TfidfWeighting {
  norm: 'l2' | 'none';
  useIdf: boolean;
  smoothIdf: boolean;
  sublinearTf: boolean;
  binary: boolean;
}

/**
 * Inverse document frequency of each term, scikit-learn's definition (natural log, float64):
 *
 *   smoothIdf:  idf(t) = ln((1 + n) / (1 + df(t))) + 1
 *   otherwise:  idf(t) = ln(n / df(t)) + 1
 *
 * where n is the number of training documents and df(t) the number of them containing t. The "+ 1" outside
 * the log departs from the textbook idf = ln(n / df): a term present in every document keeps weight 1 instead
 * of being ignored. Smoothing acts as if one extra document contained every term once, preventing division by
 * zero.
 */
export function inverseDocumentFrequency(df: ArrayLike<number>, nDocs: number, smoothIdf: boolean): Float64Array {
  const idf = new Float64Array(df.length);
  const s = smoothIdf ? 1 : 0;
  for (let j = 0; j < df.length; j++) idf[j] = Math.log((nDocs + s) / (df[j] + s)) + 1;
  return idf;
}

/**
 * Weighs one document's raw counts in place (float64) and returns the row's scale factor:
 *
 *   tf(t, d) = count(t, d), or 1 when `binary`; with `sublinearTf`, tf = 1 + ln(tf)
 *   w(t, d)  = tf(t, d) * idf(t)      (tf alone when useIdf is false)
 *   x(t, d)  = w(t, d) / ||w(., d)||2  with norm 'l2' (rows without terms stay zero), w(t, d) with norm 'none'
 *
 * exactly as scikit-learn's TfidfVectorizer computes them (CountVectorizer, then TfidfTransformer, float64).
 * The caller divides each `values[k]` by the returned factor (1 when no normalisation applies) and stores
 * the result as float32, the only place precision is reduced.
 */
export function weighRow(
  columns: Int32Array,
  values: Float64Array,
  length: number,
  idf: Float64Array | undefined,
  weighting: TfidfWeighting,
): number {
  let squares = 0;
  for (let k = 0; k < length; k++) {
    let tf = weighting.binary ? 1 : values[k];
    if (weighting.sublinearTf) tf = 1 + Math.log(tf);
    const w = idf ? tf * idf[columns[k]] : tf;
    values[k] = w;
    squares += w * w;
  }
  return weighting.norm === 'l2' && squares > 0 ? Math.sqrt(squares) : 1;
}
