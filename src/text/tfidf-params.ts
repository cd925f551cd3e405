// TfidfVectorizer's hyperparameters: their types, defaults, constraint table and the checks the table cannot express.

import { ProdclassError } from '../core/errors.js';
import type { ParamConstraints } from '../core/params.js';
import type { AnalyzerKind, AnalyzerOptions } from './ngram-analyzer.js';
import { checkStopWordLanguages, stopWordSet, type StopWordLanguage } from './stop-words.js';
import { checkRange } from './tokenize.js';

export interface TfidfParams {
  /** `word`: word n-grams; `char`: character n-grams over the text; `char_wb`: character n-grams of space-padded words. */
  analyzer: AnalyzerKind;
  /** [min, max] n-gram sizes (words or characters). Default [1, 1]. */
  ngramRange: readonly [number, number];
  /** Drop terms in fewer documents: integer >= 1 is a count, a value in [0, 1) a fraction. Default 1. */
  minDf: number;
  /** Drop terms in more documents: a value in (0, 1] is a fraction, an integer > 1 a count. Default 1 (100%). */
  maxDf: number;
  /** Keep only the most frequent terms (by total count in the corpus), or null for all. Default null. */
  maxFeatures: number | null;
  /** tf = 1 + ln(count) instead of count. Default false. */
  sublinearTf: boolean;
  /** Scale each row to unit Euclidean length (`l2`) or not (`none`). Default `l2`. */
  norm: 'l2' | 'none';
  /** Multiply by the inverse document frequency. Default true. */
  useIdf: boolean;
  /** Add one to document counts as if an extra document held every term once. Default true. */
  smoothIdf: boolean;
  /** Count each term at most once per document. Default false. */
  binary: boolean;
  /** Word analyzer: remove the stop words of these languages (accented and folded spellings), or null. Default null. */
  stopWords: readonly StopWordLanguage[] | null;
  /** Lower-case documents before analysis. Default true. */
  lowercase: boolean;
  /**
   * Replace every ASCII digit by 0 before analysis, so n-grams of numbers generalise across values
   * (`240x320 mm` -> `000x000 mm`). Not in scikit-learn (its `preprocessor` hook does it). Default false.
   */
  maskDigits: boolean;
  /** Word analyzer: shortest token in characters. Default 2 (scikit-learn's `\b\w\w+\b`). */
  minTokenLength: number;
}

/** scikit-learn's TfidfVectorizer defaults. */
export const TFIDF_DEFAULTS: Readonly<TfidfParams> = Object.freeze({
  analyzer: 'word',
  ngramRange: Object.freeze([1, 1] as const),
  minDf: 1,
  maxDf: 1,
  maxFeatures: null,
  sublinearTf: false,
  norm: 'l2',
  useIdf: true,
  smoothIdf: true,
  binary: false,
  stopWords: null,
  lowercase: true,
  maskDigits: false,
  minTokenLength: 2,
});

export const TFIDF_CONSTRAINTS: ParamConstraints<TfidfParams> = {
  analyzer: { type: 'enum', values: ['word', 'char', 'char_wb'] },
  ngramRange: { type: 'number-array' },
  minDf: { type: 'number', min: 0 },
  maxDf: { type: 'number', min: 0, minExclusive: true },
  maxFeatures: { type: 'number', integer: true, min: 1, nullable: true },
  sublinearTf: { type: 'boolean' },
  norm: { type: 'enum', values: ['l2', 'none'] },
  useIdf: { type: 'boolean' },
  smoothIdf: { type: 'boolean' },
  binary: { type: 'boolean' },
  stopWords: { type: 'json', nullable: true },
  lowercase: { type: 'boolean' },
  maskDigits: { type: 'boolean' },
  minTokenLength: { type: 'number', integer: true, min: 1 },
};

/** Copies array-valued parameters into frozen arrays, so `params` is immutable all the way down. */
export function freezeTfidfArrays(params: Partial<TfidfParams>): Partial<TfidfParams> {
  const out = { ...params };
  if (Array.isArray(out.ngramRange)) out.ngramRange = Object.freeze([...out.ngramRange]) as unknown as readonly [number, number];
  if (Array.isArray(out.stopWords)) out.stopWords = Object.freeze([...out.stopWords]);
  return out;
}

/** Checks the rules the constraint table cannot express. @throws ProdclassError INVALID_PARAM naming the parameter. */
export function checkTfidfParams(kind: string, p: Readonly<TfidfParams>): void {
  checkRange(p.ngramRange, 'ngramRange');
  const fail = (field: string, message: string): never => {
    throw new ProdclassError('INVALID_PARAM', `${kind}: parameter "${field}" ${message}`, { location: { field } });
  };
  if (p.minDf > 1 && !Number.isInteger(p.minDf)) fail('minDf', `must be an integer count >= 1 or a fraction in [0, 1), got ${p.minDf}`);
  if (p.maxDf > 1 && !Number.isInteger(p.maxDf)) fail('maxDf', `must be a fraction in (0, 1] or an integer count > 1, got ${p.maxDf}`);
  if (p.stopWords !== null) {
    if (!Array.isArray(p.stopWords)) fail('stopWords', `must be null or a list of languages (fr, en, de, es, it, nl), got ${JSON.stringify(p.stopWords)}`);
    checkStopWordLanguages(p.stopWords, 'stopWords');
  }
}

/** What the n-gram analyzer needs from the parameters; stop words only apply to the word analyzer, as in scikit-learn. */
export function analyzerOptions(p: Readonly<TfidfParams>): AnalyzerOptions {
  return {
    analyzer: p.analyzer,
    ngramRange: p.ngramRange,
    lowercase: p.lowercase,
    maskDigits: p.maskDigits,
    minTokenLength: p.minTokenLength,
    stopWords: p.analyzer === 'word' && p.stopWords ? stopWordSet(p.stopWords, 'both') : null,
  };
}
