// TfidfVectorizer: documents to a TF-IDF weighted CSR matrix, numerically scikit-learn's TfidfVectorizer.

import type { CsrMatrix } from '../core/csr-matrix.js';
import { ProdclassError } from '../core/errors.js';
import { BaseEstimator, type EstimatorState, type FitOptions, type Transformer } from '../core/estimator.js';
import { registerEstimator } from '../core/registry.js';
import { NgramAnalyzer } from './ngram-analyzer.js';
import { charNgrams, charWbNgrams, wordNgrams, wordTokens } from './tokenize.js';
import { selectVocabulary } from './select-vocabulary.js';
import { countCorpus, countsToTfidf, documentsToTfidf, rowScratch, type RowScratch } from './term-counts.js';
import { sortIdsByTerm } from './term-order.js';
import { TermList, type TermSource } from './term-list.js';
import { analyzerTerms, packVocabulary, unpackVocabulary } from './packed-vocabulary.js';
import { termList } from './term-strings.js';
import { analyzerOptions, checkTfidfParams, freezeTfidfArrays, TFIDF_CONSTRAINTS, TFIDF_DEFAULTS, type TfidfParams } from './tfidf-params.js';
import { inverseDocumentFrequency } from './tfidf-weighting.js';

export { TFIDF_DEFAULTS, type TfidfParams } from './tfidf-params.js';

const KIND = 'tfidf';

interface Fitted {
  /** Column j's term is terms.at(j). */
  terms: TermSource;
  idf: Float64Array;
  nDocs: number;
}

/**
 * Converts documents to TF-IDF features, computing what scikit-learn's
 * `TfidfVectorizer(analyzer, ngram_range, min_df, max_df, max_features, sublinear_tf, norm, use_idf, smooth_idf,
 * binary, stop_words, lowercase, token_pattern=r"(?u)[^\W_]{2,}")` computes, to float32 precision:
 *
 *   x(t, d) = tf(t, d) * idf(t) / ||tf(., d) * idf(.)||2,   idf(t) = ln((1 + n) / (1 + df(t))) + 1
 *
 * with tf(t, d) the count of t in d (1 + ln(count) with `sublinearTf`, 1 with `binary`), n the number of
 * training documents and df(t) how many contain t; `inverseDocumentFrequency` and `weighRow` give every variant.
 * The "+ 1" outside the log departs from the textbook idf = ln(n / df) so that terms in every document still
 * count. Columns are the vocabulary in sorted (code-point) order, as scikit-learn's.
 *
 * Where this departs from scikit-learn: tokens are runs of letters and digits (`_` separates them, where
 * scikit-learn's default `\b\w\w+\b` keeps it); a `maxDf` of 1 means 100% (scikit-learn's 1.0; its integer 1,
 * "at most one document", cannot be expressed); output is float32 (computed in float64, then rounded); stop word
 * lists are named by language. Documents must already be cleaned (`cleanText`); only lower-casing happens here.
 *
 * Fitting counts every n-gram in one pass through integer hash tables (no string per n-gram), prunes by
 * document frequency and `maxFeatures`, and builds the CSR matrix in place in the counting buffers.
 */
export class TfidfVectorizer extends BaseEstimator<TfidfParams> implements Transformer<readonly string[], CsrMatrix, TfidfParams> {
  readonly kind = KIND;
  private state: Fitted | undefined;
  private lookup: NgramAnalyzer | undefined;
  private scratch: RowScratch | undefined;

  /** @throws ProdclassError INVALID_PARAM naming the parameter, what is allowed and what was given. */
  constructor(params: Partial<TfidfParams> = {}) {
    super(KIND, TFIDF_DEFAULTS, TFIDF_CONSTRAINTS, freezeTfidfArrays(params));
    checkTfidfParams(KIND, this.params);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** Terms in column order, as a new array (built on each call). @throws ProdclassError NOT_FITTED before fit. */
  get vocabulary(): readonly string[] {
    const terms = this.terms;
    return Array.from({ length: terms.length }, (_, j) => terms.at(j)!);
  }

  /** Terms in column order (see TermSource). @throws ProdclassError NOT_FITTED before fit. */
  get terms(): TermSource {
    return this.fitted(this.state).terms;
  }

  /** Inverse document frequency per column (float64). @throws ProdclassError NOT_FITTED before fit. */
  get idf(): Float64Array {
    return this.fitted(this.state).idf;
  }

  /** @throws ProdclassError NOT_FITTED before fit. */
  get nFeatures(): number {
    return this.terms.length;
  }

  /**
   * Learns the vocabulary and idf.
   * @throws ProdclassError INVALID_INPUT when a document is not a string or no term survives pruning;
   *   INVALID_PARAM when maxDf allows fewer documents than minDf requires.
   */
  async fit(docs: readonly string[], options: FitOptions = {}): Promise<this> {
    this.fitCore(docs, false, options);
    return this;
  }

  /** `fit(docs)` then `transform(docs)`, in one counting pass. @throws as `fit`. */
  async fitTransform(docs: readonly string[], options: FitOptions = {}): Promise<CsrMatrix> {
    return this.fitCore(docs, true, options)!;
  }

  /**
   * Features of `docs` with the fitted vocabulary; unseen terms are ignored.
   * @throws ProdclassError NOT_FITTED before fit; INVALID_INPUT when a document is not a string;
   *   MODEL_CORRUPT when a loaded vocabulary repeats a term.
   */
  transform(docs: readonly string[]): CsrMatrix {
    const { terms, idf } = this.fitted(this.state);
    checkDocuments(docs);
    const lookup = this.lookupAnalyzer(terms);
    if (this.scratch?.counts.length !== terms.length) this.scratch = rowScratch(terms.length);
    return documentsToTfidf(lookup, docs, terms.length, this.params.useIdf ? idf : undefined, this.params, this.scratch);
  }

  /**
   * The columns of the terms of `doc`, one per occurrence, unweighted: what explanations need to know which
   * columns a word feeds. A view that the next call overwrites.
   * @throws ProdclassError NOT_FITTED before fit.
   */
  termColumns(doc: string): Int32Array {
    const { terms } = this.fitted(this.state);
    const lookup = this.lookupAnalyzer(terms);
    return lookup.ids.subarray(0, lookup.analyze(doc, false));
  }

  /** The column of `term` as the vocabulary writes it, or -1 when it is none. @throws ProdclassError NOT_FITTED before fit. */
  column(term: string): number {
    return this.lookupAnalyzer(this.fitted(this.state).terms).termId(term);
  }

  /**
   * A document as the analyzer reads it: lower-cased (`lowercase`) and with digits read as 0 (`maskDigits`);
   * scikit-learn's `build_preprocessor()`. Needs no fitting.
   */
  preprocess(doc: string): string {
    const lowered = this.params.lowercase ? doc.toLowerCase() : doc;
    return this.params.maskDigits ? lowered.replace(/[1-9]/g, '0') : lowered;
  }

  /**
   * The terms of one document, repeats included, as `fit` counts them (before the vocabulary is applied);
   * scikit-learn's `build_analyzer()`. For explanations and debugging: transform does not build these strings.
   */
  analyze(doc: string): string[] {
    const p = this.params;
    const text = this.preprocess(doc);
    if (p.analyzer === 'char') return charNgrams(text, p.ngramRange);
    if (p.analyzer === 'char_wb') return charWbNgrams(text, p.ngramRange);
    const stopWords = analyzerOptions(p).stopWords ?? undefined;
    return wordNgrams(wordTokens(text, { minLength: p.minTokenLength, stopWords }), p.ngramRange);
  }

  /**
   * Hyperparameters, idf (float64) and the vocabulary as its lookup tables (see PackedVocabulary), for
   * `writeModelFolder`. @throws ProdclassError NOT_FITTED.
   */
  getState(): EstimatorState {
    const { terms, idf, nDocs } = this.fitted(this.state);
    const packed = packVocabulary(this.lookupAnalyzer(terms));
    return {
      kind: KIND,
      params: this.paramsJson(),
      fitted: { nDocs, nFeatures: terms.length },
      arrays: { idf, ...packed },
      strings: {},
    };
  }

  /** Rebuilds a fitted vectorizer. @throws ProdclassError MODEL_CORRUPT when the state is inconsistent. */
  static fromState(state: EstimatorState): TfidfVectorizer {
    if (state.kind !== KIND) throw new ProdclassError('MODEL_CORRUPT', `expected a "${KIND}" state, got "${state.kind}"`);
    const vectorizer = new TfidfVectorizer(state.params as Partial<TfidfParams>);
    const { idf, termLengths, termSymbols, termSlots, tokenLengths, tokenSymbols, tokenSlots } = state.arrays;
    const nDocs = state.fitted.nDocs;
    // Folders of format 1 hold the vocabulary as strings, to be interned again.
    const vocabulary = state.strings?.vocabulary;
    let lookup: NgramAnalyzer | undefined;
    let terms: TermSource | undefined;
    if (termLengths instanceof Uint16Array && termSymbols instanceof Int32Array) {
      const slots = termSlots instanceof Int32Array ? { termSlots } : {};
      const words = tokenLengths instanceof Uint16Array && tokenSymbols instanceof Int32Array ? { tokenLengths, tokenSymbols, ...(tokenSlots instanceof Int32Array ? { tokenSlots } : {}) } : {};
      lookup = unpackVocabulary(analyzerOptions(vectorizer.params), { termLengths, termSymbols, ...slots, ...words });
      terms = analyzerTerms(lookup);
    } else if (vocabulary) {
      terms = TermList.of(vocabulary);
    }
    if (!terms || !(idf instanceof Float64Array) || idf.length !== terms.length || typeof nDocs !== 'number') {
      throw new ProdclassError('MODEL_CORRUPT', `${KIND}: saved state needs a vocabulary and a float64 idf of the same length, and nDocs`);
    }
    vectorizer.state = { terms, idf, nDocs };
    vectorizer.lookup = lookup;
    return vectorizer;
  }

  /** The analyzer that maps a document's n-grams to columns: the fitted one, or one interned from saved strings. */
  private lookupAnalyzer(terms: TermSource): NgramAnalyzer {
    return (this.lookup ??= NgramAnalyzer.fromVocabulary(analyzerOptions(this.params), terms));
  }

  private fitCore(docs: readonly string[], buildMatrix: boolean, options: FitOptions): CsrMatrix | undefined {
    checkDocuments(docs);
    const p = this.params;
    const { counts, kept, terms, lookup } = this.learnVocabulary(docs, buildMatrix, options);
    const keptDf = new Int32Array(kept.length);
    for (let j = 0; j < kept.length; j++) keptDf[j] = counts.df[kept[j]];
    const idf = inverseDocumentFrequency(keptDf, docs.length, p.smoothIdf);
    let matrix: CsrMatrix | undefined;
    if (buildMatrix) {
      const columnOf = new Int32Array(counts.nTerms).fill(-1);
      for (let j = 0; j < kept.length; j++) columnOf[kept[j]] = j;
      matrix = countsToTfidf(counts, columnOf, kept.length, p.useIdf ? idf : undefined, p);
    }
    this.state = { terms, idf, nDocs: docs.length };
    this.lookup = lookup;
    return matrix;
  }

  /**
   * The counting pass and vocabulary choice. The fitting analyzer (a table of every n-gram seen) lives only in
   * here, so it can be collected before the matrix is built; the lookup analyzer keeps just the chosen terms.
   */
  private learnVocabulary(docs: readonly string[], keepRows: boolean, options: FitOptions) {
    const p = this.params;
    const analyzer = new NgramAnalyzer(analyzerOptions(p));
    const label = `tfidf ${p.analyzer} ${p.ngramRange.join('-')}`;
    const counts = countCorpus(analyzer, docs, keepRows, p.maxFeatures !== null && !p.binary, { ...options, label });
    // scikit-learn ranks max_features by column sums of the count matrix, which hold df once `binary` applies.
    const corpusTf = p.binary ? Float64Array.from(counts.df.subarray(0, counts.nTerms)) : counts.tf;
    const kept = selectVocabulary(counts.nTerms, counts.df, corpusTf, (ids) => sortIdsByTerm(analyzer, ids), p, docs.length);
    counts.tf = new Float64Array(0);
    return { counts, kept, terms: termList(analyzer, kept), lookup: analyzer.restrict(kept) };
  }
}

function checkDocuments(docs: readonly string[]): void {
  if (!Array.isArray(docs)) throw new ProdclassError('INVALID_INPUT', `${KIND}: expected an array of documents (strings)`);
  for (let i = 0; i < docs.length; i++) {
    if (typeof docs[i] !== 'string') {
      throw new ProdclassError('INVALID_INPUT', `${KIND}: document ${i} is ${docs[i] === null ? 'null' : typeof docs[i]}, expected a string`);
    }
  }
}

registerEstimator(KIND, (state) => TfidfVectorizer.fromState(state));
