// The fast n-gram counter behind TfidfVectorizer: documents to term ids through hash tables, one pass, no strings per n-gram.

import { ProdclassError } from '../core/errors.js';
import { fromCodePoints, isSpace, isWordChar, toCodePoints } from './char-classes.js';
import type { TermSource } from './term-list.js';
import { HASH_SEED, TermTable, hashStep } from './term-table.js';
import { WordNgramCache } from './word-ngram-cache.js';

export type AnalyzerKind = 'word' | 'char' | 'char_wb';

export interface AnalyzerOptions {
  analyzer: AnalyzerKind;
  ngramRange: readonly [number, number];
  lowercase: boolean;
  /** Replace ASCII digits 1-9 by 0 (after lower-casing). */
  maskDigits: boolean;
  /** Word analyzer only: shortest token, in code points. */
  minTokenLength: number;
  /** Word analyzer only: tokens removed before n-grams are formed. */
  stopWords: ReadonlySet<string> | null;
}

const SPACE = 0x20;

/**
 * Turns documents into sequences of term ids, producing exactly the n-grams of `tokenize.ts` (scikit-learn's
 * analyzers) but hashing code points (char analyzers) or token ids (word analyzer) instead of building strings.
 * `analyze(doc, true)` adds unseen n-grams to `terms` (fitting); `analyze(doc, false)` skips them (transforming).
 * One instance is not re-entrant: `ids` is overwritten by each call.
 */
export class NgramAnalyzer {
  readonly terms: TermTable;
  /** Term ids of the last `analyze` call, in its first (returned count) positions. */
  ids: Int32Array = new Int32Array(1024);
  /** Word analyzer: token code points -> token id (the symbols of word n-grams). */
  readonly tokens: TermTable | undefined;
  private tokenStop: Uint8Array = new Uint8Array(1024);
  private tokenStrings: string[] = [];
  private cps: Int32Array = new Int32Array(1024);
  private work: Int32Array = new Int32Array(1024);
  private readonly min: number;
  private readonly max: number;
  private wordCache: WordNgramCache | undefined;

  constructor(
    readonly options: AnalyzerOptions,
    shared?: { terms?: TermTable; tokens?: TermTable; tokenStop?: Uint8Array },
  ) {
    [this.min, this.max] = options.ngramRange;
    this.terms = shared?.terms ?? new TermTable(1 << 14);
    if (options.analyzer === 'word') {
      this.tokens = shared?.tokens ?? new TermTable(1 << 12);
      if (shared?.tokenStop) this.tokenStop = shared.tokenStop;
    }
  }

  /**
   * Analyses one document into `ids[0 .. returned count)`, one id per n-gram occurrence (repeats included).
   * @param grow true while fitting: unseen n-grams get new ids; false: unseen n-grams are dropped.
   */
  analyze(doc: string, grow: boolean): number {
    const text = this.options.lowercase ? doc.toLowerCase() : doc;
    const cp = toCodePoints(text, this.cps);
    this.cps = cp.buffer;
    if (this.options.maskDigits) {
      const cps = this.cps;
      for (let i = 0; i < cp.length; i++) if (cps[i] >= 0x31 && cps[i] <= 0x39) cps[i] = 0x30;
    }
    switch (this.options.analyzer) {
      case 'char_wb':
        return this.charWb(cp.length, grow);
      case 'char':
        return this.char(cp.length, grow);
      case 'word':
        return this.word(cp.length, grow);
    }
  }

  /** The readable term of `id`: the n-gram itself, word n-grams joined by one space. */
  termString(id: number): string {
    const symbols = this.terms.symbols(id);
    if (!this.tokens) return fromCodePoints(symbols, 0, symbols.length);
    if (symbols.length === 1) return this.tokenString(symbols[0]);
    const parts: string[] = [];
    for (let k = 0; k < symbols.length; k++) parts.push(this.tokenString(symbols[k]));
    return parts.join(' ');
  }

  /** The inverse of `termString`: the id of `term` (word n-grams joined by one space), or -1 when it is no term. */
  termId(term: string): number {
    if (!this.tokens) {
      const cp = toCodePoints(term, this.cps);
      this.cps = cp.buffer;
      return this.terms.find(cp.buffer, 0, cp.length, sequenceHash(cp.buffer, 0, cp.length));
    }
    const parts = term.split(' ');
    const ids = this.ensureWork(parts.length);
    for (let k = 0; k < parts.length; k++) {
      const cp = toCodePoints(parts[k], this.cps);
      this.cps = cp.buffer;
      ids[k] = this.tokens.find(cp.buffer, 0, cp.length, sequenceHash(cp.buffer, 0, cp.length));
      if (ids[k] < 0) return -1;
    }
    return this.terms.find(ids, 0, parts.length, sequenceHash(ids, 0, parts.length));
  }

  /**
   * A lookup-only analyzer whose term ids are positions in `keep` (ids of this one, in column order),
   * for transforming with a fitted vocabulary. Shares the token table.
   */
  restrict(keep: ArrayLike<number>): NgramAnalyzer {
    const terms = new TermTable(keep.length);
    for (let j = 0; j < keep.length; j++) {
      const symbols = this.terms.symbols(keep[j]);
      terms.intern(symbols, 0, symbols.length, this.terms.hashOf(keep[j]));
    }
    return new NgramAnalyzer(this.options, { terms, tokens: this.tokens, tokenStop: this.tokenStop });
  }

  /**
   * A lookup-only analyzer whose term ids are positions in `vocabulary` (as saved by a fitted vectorizer).
   * @throws ProdclassError MODEL_CORRUPT when the vocabulary repeats a term.
   */
  static fromVocabulary(options: AnalyzerOptions, vocabulary: TermSource): NgramAnalyzer {
    const analyzer = new NgramAnalyzer(options, { terms: new TermTable(vocabulary.length) });
    let buf: Int32Array = new Int32Array(64);
    for (let j = 0; j < vocabulary.length; j++) {
      const term = vocabulary.at(j)!;
      let length: number;
      if (analyzer.tokens) {
        const parts = term.split(' ');
        if (buf.length < parts.length) buf = new Int32Array(parts.length * 2);
        for (let k = 0; k < parts.length; k++) {
          const cp = toCodePoints(parts[k], analyzer.cps);
          analyzer.cps = cp.buffer;
          buf[k] = analyzer.tokens.intern(cp.buffer, 0, cp.length, sequenceHash(cp.buffer, 0, cp.length));
        }
        length = parts.length;
      } else {
        const cp = toCodePoints(term, buf);
        buf = cp.buffer;
        length = cp.length;
      }
      const id = analyzer.terms.intern(buf, 0, length, sequenceHash(buf, 0, length));
      if (id !== j) {
        throw new ProdclassError('MODEL_CORRUPT', `the saved vocabulary repeats the term ${JSON.stringify(term)} (positions ${id} and ${j})`);
      }
    }
    return analyzer;
  }

  private ensureIds(capacity: number): Int32Array {
    if (this.ids.length < capacity) this.ids = new Int32Array(Math.max(capacity, this.ids.length * 2));
    return this.ids;
  }

  private ensureWork(capacity: number): Int32Array {
    if (this.work.length < capacity) this.work = new Int32Array(Math.max(capacity, this.work.length * 2));
    return this.work;
  }

  /**
   * scikit-learn `_char_wb_ngrams`: each whitespace-separated word padded with one space on each side. Lookups
   * (not `grow`) go through a per-analyzer memo of each word's ids, since a word's n-grams do not depend on its
   * neighbours.
   */
  private charWb(length: number, grow: boolean): number {
    const cps = this.cps;
    const ids = this.ensureIds(3 * length * (this.max - this.min + 1) + 16);
    const w = this.ensureWork(length + 2);
    const cache = grow ? undefined : (this.wordCache ??= new WordNgramCache());
    let count = 0;
    let i = 0;
    while (i < length) {
      if (isSpace(cps[i])) {
        i++;
        continue;
      }
      // Copy the padded word into w[0 .. L).
      let L = 1;
      w[0] = SPACE;
      while (i < length && !isSpace(cps[i])) w[L++] = cps[i++];
      w[L++] = SPACE;
      if (!cache) {
        count = this.paddedWordNgrams(w, L, ids, count, grow);
        continue;
      }
      const h = sequenceHash(w, 0, L);
      const known = cache.find(w, 0, L, h);
      if (known >= 0) {
        count = cache.copyInto(known, ids, count);
      } else {
        const first = count;
        count = this.paddedWordNgrams(w, L, ids, count, false);
        cache.store(w, 0, L, h, ids, first, count);
      }
    }
    return count;
  }

  /** The n-grams of the padded word `w[0 .. L)` appended to `ids` from `count`; returns the new count. */
  private paddedWordNgrams(w: Int32Array, L: number, ids: Int32Array, count: number, grow: boolean): number {
    const { min, max, terms } = this;
    // Windows shorter than the padded word, for n in [min, max].
    const nCap = Math.min(max, L - 1);
    for (let s = 0; min <= nCap && s + min <= L; s++) {
      let h = HASH_SEED;
      const limit = Math.min(nCap, L - s);
      for (let n = 1; n <= limit; n++) {
        h = hashStep(h, w[s + n - 1]);
        if (n >= min) {
          const id = grow ? terms.intern(w, s, n, h) : terms.find(w, s, n, h);
          if (id >= 0) ids[count++] = id;
        }
      }
    }
    // A padded word no longer than max is also taken once, whole (even when shorter than min).
    if (L <= max) {
      const h = sequenceHash(w, 0, L);
      const id = grow ? terms.intern(w, 0, L, h) : terms.find(w, 0, L, h);
      if (id >= 0) ids[count++] = id;
    }
    return count;
  }

  /** scikit-learn `_char_ngrams`: whitespace runs of two or more become one space, then windows over the text. */
  private char(length: number, grow: boolean): number {
    const cps = this.cps;
    const { min, max, terms } = this;
    const w = this.ensureWork(length);
    let L = 0;
    for (let i = 0; i < length; i++) {
      if (isSpace(cps[i]) && i + 1 < length && isSpace(cps[i + 1])) {
        while (i + 1 < length && isSpace(cps[i + 1])) i++;
        w[L++] = SPACE;
      } else {
        w[L++] = cps[i];
      }
    }
    const ids = this.ensureIds(L * (max - min + 1) + 16);
    let count = 0;
    for (let s = 0; s + min <= L; s++) {
      let h = HASH_SEED;
      const limit = Math.min(max, L - s);
      for (let n = 1; n <= limit; n++) {
        h = hashStep(h, w[s + n - 1]);
        if (n >= min) {
          const id = grow ? terms.intern(w, s, n, h) : terms.find(w, s, n, h);
          if (id >= 0) ids[count++] = id;
        }
      }
    }
    return count;
  }

  /** scikit-learn `_word_ngrams` over `[^\W_]{minTokenLength,}` tokens with stop words removed. */
  private word(length: number, grow: boolean): number {
    const cps = this.cps;
    const tokens = this.tokens!;
    const { min, max, terms } = this;
    const minLength = this.options.minTokenLength;
    const stop = this.options.stopWords;
    // Token ids into w[0 .. T); -1 for a token unknown to a lookup-only analyzer.
    const w = this.ensureWork(length);
    let T = 0;
    let i = 0;
    while (i < length) {
      if (!isWordChar(cps[i])) {
        i++;
        continue;
      }
      const start = i;
      let h = HASH_SEED;
      while (i < length && isWordChar(cps[i])) h = hashStep(h, cps[i++]);
      if (i - start < minLength) continue;
      let token: number;
      if (grow) {
        const before = tokens.size;
        token = tokens.intern(cps, start, i - start, h);
        if (token === before) this.noteNewToken(token, stop);
        if (this.tokenStop[token]) continue;
      } else {
        token = tokens.find(cps, start, i - start, h);
        if (token >= 0 ? token < this.tokenStop.length && this.tokenStop[token] === 1 : stop?.has(fromCodePoints(cps, start, i - start))) continue;
      }
      w[T++] = token;
    }
    const ids = this.ensureIds(T * (max - min + 1) + 16);
    let count = 0;
    for (let s = 0; s + min <= T; s++) {
      let h = HASH_SEED;
      const limit = Math.min(max, T - s);
      for (let n = 1; n <= limit; n++) {
        const token = w[s + n - 1];
        if (token < 0) break;
        h = hashStep(h, token);
        if (n >= min) {
          const id = grow ? terms.intern(w, s, n, h) : terms.find(w, s, n, h);
          if (id >= 0) ids[count++] = id;
        }
      }
    }
    return count;
  }

  private noteNewToken(token: number, stop: ReadonlySet<string> | null): void {
    if (token >= this.tokenStop.length) {
      const grown = new Uint8Array(this.tokenStop.length * 2);
      grown.set(this.tokenStop);
      this.tokenStop = grown;
    }
    if (stop && stop.has(this.tokenString(token))) this.tokenStop[token] = 1;
  }

  /** The string of token `token` (word analyzer), cached. */
  tokenString(token: number): string {
    let s = this.tokenStrings[token];
    if (s === undefined) {
      const symbols = this.tokens!.symbols(token);
      s = fromCodePoints(symbols, 0, symbols.length);
      this.tokenStrings[token] = s;
    }
    return s;
  }
}

/** Hash of a whole sequence, equal to the incremental hashes `analyze` computes. */
export function sequenceHash(buf: ArrayLike<number>, start: number, length: number): number {
  let h = HASH_SEED;
  for (let k = start; k < start + length; k++) h = hashStep(h, buf[k]);
  return h;
}
