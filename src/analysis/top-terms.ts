// The words and bigrams that mark each category: counted once per product, ranked by how much more often the category uses them.

import { stopWordSet } from '../text/stop-words.js';
import type { CategoryTerms, TermScore } from './dataset-analysis-types.js';

export interface TopTermOptions {
  /** Words kept per category (default 40). */
  words?: number;
  /** Bigrams kept per category (default 20). */
  bigrams?: number;
  /** Fewest products of the category that must hold a term (default 2). */
  minProducts?: number;
}

const ALL_DIGITS = /^\p{N}+$/u;
/** A product's bigrams are packed as first * 2^26 + second (exact in a float64 while ids stay below 2^26) to sort and deduplicate them. */
const PAIR = 2 ** 26;

/**
 * Counts, per category, the products holding each word and each pair of consecutive words, and ranks them.
 * Intern every lower-cased word token of a product, then `add` the ids; stop words (French, English and German
 * lists of `src/text/stop-words.ts`, accented and folded) and numbers are dropped, and bigrams join words left
 * adjacent once they are gone, as scikit-learn's n-grams do after stop-word removal.
 *
 * Terms are interned to integer ids, counts kept in typed arrays, and bigrams keyed by number, so 85,000
 * products (7 million tokens) take a few seconds.
 */
export class TermCounter {
  private readonly stopWords = stopWordSet(['fr', 'en', 'de'], 'both');
  private readonly ids = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly column: Map<number, number>;
  private wordCounts: Int32Array[];
  private lastSeen = new Int32Array(1024).fill(-1);
  private kept = new Uint8Array(1024);
  private pairBuffer = new Float64Array(1024);
  /** Per category: first word id -> second word id -> products (small-integer keys hash fast, unlike packed doubles). */
  private readonly pairCounts: Map<number, Map<number, number>>[];
  private readonly productsOf: number[];
  private capacity = 1024;
  private product = 0;

  constructor(private readonly codes: readonly number[]) {
    this.column = new Map(codes.map((code, k) => [code, k]));
    this.wordCounts = codes.map(() => new Int32Array(this.capacity));
    this.pairCounts = codes.map(() => new Map<number, Map<number, number>>());
    this.productsOf = codes.map(() => 0);
  }

  /** True for the tokens that take part: not a stop word, not a number. */
  keeps(token: string): boolean {
    return !this.stopWords.has(token) && !ALL_DIGITS.test(token);
  }

  /** Number of distinct tokens seen so far; ids run from 0 to size - 1. */
  get size(): number {
    return this.terms.length;
  }

  /**
   * The id of `token`, interning it on first sight (ids are dense and stable). Callers that look at every
   * token anyway (the language detector) can key their own per-token data by id, so each token costs one
   * hash lookup in all.
   */
  intern(token: string): number {
    let id = this.ids.get(token);
    if (id !== undefined) return id;
    id = this.terms.length;
    this.ids.set(token, id);
    this.terms.push(token);
    if (id >= this.capacity) this.grow();
    this.kept[id] = this.keeps(token) ? 1 : 0;
    return id;
  }

  /**
   * Counts one product of category `code` (a code not given to the constructor is ignored). Each list of
   * `fields` holds the token ids (from `intern`) of one field, in text order (the title's, the description's):
   * words are counted once per product, bigrams within a field, between words left adjacent once stop words
   * and numbers are dropped.
   */
  add(code: number, fields: readonly ArrayLike<number>[]): void {
    const k = this.column.get(code);
    const product = this.product++;
    if (k === undefined) return;
    this.productsOf[k]++;
    const counts = this.wordCounts[k];
    let nPairs = 0;
    for (const ids of fields) {
      if (this.pairBuffer.length < nPairs + ids.length) this.pairBuffer = new Float64Array(2 * (nPairs + ids.length));
      let previous = -1;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (!this.kept[id]) continue;
        if (this.lastSeen[id] !== product) {
          this.lastSeen[id] = product;
          counts[id]++;
        }
        if (previous >= 0) this.pairBuffer[nPairs++] = previous * PAIR + id;
        previous = id;
      }
    }
    if (nPairs === 0) return;
    // Sorted (natively: no comparator) so each distinct pair is counted once per product.
    const pairs = this.pairBuffer.subarray(0, nPairs).sort();
    const byFirst = this.pairCounts[k];
    for (let i = 0; i < nPairs; i++) {
      if (i > 0 && pairs[i] === pairs[i - 1]) continue;
      const first = Math.floor(pairs[i] / PAIR);
      const second = pairs[i] - first * PAIR;
      let seconds = byFirst.get(first);
      if (seconds === undefined) {
        seconds = new Map<number, number>();
        byFirst.set(first, seconds);
      }
      seconds.set(second, (seconds.get(second) ?? 0) + 1);
    }
  }

  /** The top words and bigrams of every category given to the constructor, in that order. */
  top(options: TopTermOptions = {}): CategoryTerms[] {
    const nWords = options.words ?? 40;
    const nBigrams = options.bigrams ?? 20;
    const minProducts = options.minProducts ?? 2;
    const total = this.productsOf.reduce((s, n) => s + n, 0);
    // With a single non-empty category every lift is 1: rank by frequency alone instead of dropping everything.
    const positiveOnly = this.productsOf.filter((n) => n > 0).length > 1;

    const wordTotals = new Int32Array(this.terms.length);
    for (const counts of this.wordCounts) for (let id = 0; id < this.terms.length; id++) wordTotals[id] += counts[id];
    const pairTotals = new Map<number, Map<number, number>>();
    for (const byFirst of this.pairCounts) {
      for (const [first, seconds] of byFirst) {
        let totals = pairTotals.get(first);
        if (totals === undefined) {
          totals = new Map<number, number>();
          pairTotals.set(first, totals);
        }
        for (const [second, n] of seconds) totals.set(second, (totals.get(second) ?? 0) + n);
      }
    }

    return this.codes.map((code, k) => {
      const n = this.productsOf[k];
      const score = (count: number, overall: number, term: () => string): TermScore | null => {
        if (count < minProducts) return null;
        const share = count / n;
        const lift = share / (overall / total);
        const value = share * Math.log(lift);
        if (positiveOnly && !(value > 0)) return null;
        return { term: term(), products: count, share, lift, score: value };
      };
      const words: TermScore[] = [];
      const counts = this.wordCounts[k];
      for (let id = 0; id < this.terms.length; id++) {
        if (counts[id] < minProducts) continue;
        const found = score(counts[id], wordTotals[id], () => this.terms[id]);
        if (found) words.push(found);
      }
      const bigrams: TermScore[] = [];
      for (const [first, seconds] of this.pairCounts[k]) {
        const totals = pairTotals.get(first)!;
        for (const [second, count] of seconds) {
          if (count < minProducts) continue;
          const found = score(count, totals.get(second)!, () => `${this.terms[first]} ${this.terms[second]}`);
          if (found) bigrams.push(found);
        }
      }
      return { code, products: n, words: best(words, nWords), bigrams: best(bigrams, nBigrams) };
    });
  }

  private grow(): void {
    this.capacity *= 2;
    this.wordCounts = this.wordCounts.map((old) => {
      const next = new Int32Array(this.capacity);
      next.set(old);
      return next;
    });
    const seen = new Int32Array(this.capacity).fill(-1);
    seen.set(this.lastSeen);
    this.lastSeen = seen;
    const kept = new Uint8Array(this.capacity);
    kept.set(this.kept);
    this.kept = kept;
  }
}

/** The `n` highest scores, ties broken by more products then alphabetical order, so results are stable. */
function best(items: TermScore[], n: number): TermScore[] {
  items.sort((a, b) => b.score - a.score || b.products - a.products || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  return items.slice(0, n);
}
