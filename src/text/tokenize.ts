// Word tokens and character n-grams, exactly as scikit-learn's CountVectorizer analyzers define them.

import { ProdclassError } from '../core/errors.js';
import { fromCodePoints, isSpace, isWordChar, toCodePoints } from './char-classes.js';

export type NgramRange = readonly [min: number, max: number];

export interface WordTokenOptions {
  /** Shortest token kept, in characters (code points). Default 2, as scikit-learn's `\b\w\w+\b`. */
  minLength?: number;
  /** Tokens to drop (compared after any lower-casing the caller did). */
  stopWords?: ReadonlySet<string>;
}

/**
 * Word tokens: maximal runs of letters and digits (Unicode L* and N*) at least `minLength` long, so `4k`, `500go`,
 * `x2`, `3d` and `ps4` are tokens while punctuation, apostrophes and underscores separate them (`l'été` -> `été`
 * with minLength 2). This equals scikit-learn's `token_pattern=r"(?u)[^\W_]{2,}"` for minLength 2; its default
 * `\b\w\w+\b` differs only in also treating `_` as a letter.
 */
export function wordTokens(text: string, options: WordTokenOptions = {}): string[] {
  const minLength = options.minLength ?? 2;
  const { buffer, length } = toCodePoints(text, new Int32Array(text.length));
  const tokens: string[] = [];
  let i = 0;
  while (i < length) {
    if (!isWordChar(buffer[i])) {
      i++;
      continue;
    }
    const start = i;
    while (i < length && isWordChar(buffer[i])) i++;
    if (i - start >= minLength) {
      const token = fromCodePoints(buffer, start, i - start);
      if (!options.stopWords?.has(token)) tokens.push(token);
    }
  }
  return tokens;
}

/**
 * Word n-grams joined by one space, scikit-learn's `_word_ngrams`: all unigrams first when min is 1, then for
 * each n all windows of n consecutive tokens. Stop words must already be removed, so n-grams span them.
 * @throws ProdclassError INVALID_PARAM for a range that is not 1 <= min <= max.
 */
export function wordNgrams(tokens: readonly string[], ngramRange: NgramRange): string[] {
  const [min, max] = checkRange(ngramRange);
  const out: string[] = [];
  for (let n = min; n <= Math.min(max, tokens.length); n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  }
  return out;
}

/**
 * Character n-grams over the whole text, scikit-learn's `_char_ngrams`: runs of two or more whitespace characters
 * become one space (a single tab or newline stays as it is), then every window of n code points for n in
 * [min, max], shorter texts giving no n-gram of that size.
 * @throws ProdclassError INVALID_PARAM for a range that is not 1 <= min <= max.
 */
export function charNgrams(text: string, ngramRange: NgramRange): string[] {
  const [min, max] = checkRange(ngramRange);
  const cps = collapseWhitespaceRuns(text);
  const out: string[] = [];
  for (let n = min; n <= Math.min(max, cps.length); n++) {
    for (let i = 0; i + n <= cps.length; i++) out.push(String.fromCodePoint(...cps.slice(i, i + n)));
  }
  return out;
}

/**
 * Character n-grams inside word boundaries, scikit-learn's `_char_wb_ngrams`: the text is split on whitespace,
 * each word is padded with one space on each side, and every window of n code points of the padded word is
 * taken for n in [min, max]. A padded word no longer than n is taken once, whole, and larger n are skipped for
 * it, so `a` with range [2, 5] gives ` a`, `a `, ` a ` and with range [4, 5] just ` a `.
 * @throws ProdclassError INVALID_PARAM for a range that is not 1 <= min <= max.
 */
export function charWbNgrams(text: string, ngramRange: NgramRange): string[] {
  const [min, max] = checkRange(ngramRange);
  const out: string[] = [];
  for (const word of splitWhitespace(text)) {
    const w = [0x20, ...word, 0x20];
    for (let n = min; n <= max; n++) {
      if (n >= w.length) {
        out.push(String.fromCodePoint(...w));
        break;
      }
      for (let i = 0; i + n <= w.length; i++) out.push(String.fromCodePoint(...w.slice(i, i + n)));
    }
  }
  return out;
}

/** @throws ProdclassError INVALID_PARAM unless 1 <= min <= max (both integers). */
export function checkRange(range: NgramRange, field = 'ngramRange'): [number, number] {
  const [min, max] = range;
  if (range.length !== 2 || !Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new ProdclassError('INVALID_PARAM', `${field} must be [min, max] with integers 1 <= min <= max, got ${JSON.stringify(range)}`, {
      location: { field },
    });
  }
  return [min, max];
}

function codePointArray(text: string): number[] {
  const { buffer, length } = toCodePoints(text, new Int32Array(text.length));
  return Array.from(buffer.subarray(0, length));
}

function collapseWhitespaceRuns(text: string): number[] {
  const cps = codePointArray(text);
  const out: number[] = [];
  for (let i = 0; i < cps.length; i++) {
    if (isSpace(cps[i]) && i + 1 < cps.length && isSpace(cps[i + 1])) {
      while (i + 1 < cps.length && isSpace(cps[i + 1])) i++;
      out.push(0x20);
    } else {
      out.push(cps[i]);
    }
  }
  return out;
}

function splitWhitespace(text: string): number[][] {
  const words: number[][] = [];
  let current: number[] = [];
  for (const c of codePointArray(text)) {
    if (isSpace(c)) {
      if (current.length) words.push(current);
      current = [];
    } else {
      current.push(c);
    }
  }
  if (current.length) words.push(current);
  return words;
}
