// Puts term ids in vocabulary order (their strings' code-point order) by comparing symbol ranks, not strings.

import type { NgramAnalyzer } from './ngram-analyzer.js';
import type { TermTable } from './term-table.js';

/** 2^53: below it every integer is exact in a float64. */
const EXACT = 9007199254740992;

/**
 * An analyzer's term ids in vocabulary order, the code-point order of their strings, without building the
 * strings: characters rank by code point; tokens (word n-grams) rank by their strings' order.
 */
export function sortIdsByTerm(analyzer: NgramAnalyzer, ids: Int32Array): Int32Array {
  const tokens = analyzer.tokens;
  if (tokens) {
    const n = tokens.size;
    const strings: string[] = [];
    let astral = false;
    for (let t = 0; t < n; t++) {
      strings.push(analyzer.tokenString(t));
      astral ||= hasSurrogate(strings[t]);
    }
    const order = Array.from({ length: n }, (_, t) => t);
    order.sort(
      astral
        ? (a, b) => compareCodePoints(strings[a], strings[b])
        : (a, b) => (strings[a] < strings[b] ? -1 : strings[a] > strings[b] ? 1 : 0),
    );
    const rank = new Int32Array(n);
    for (let r = 0; r < n; r++) rank[order[r]] = r + 1;
    return sortTermIds(analyzer.terms, ids, rank, n);
  }
  const seen = new Uint8Array(0x110000);
  const { terms } = analyzer;
  const pool = terms.pool;
  for (let i = 0; i < ids.length; i++) {
    const start = terms.start(ids[i]);
    const end = start + terms.length(ids[i]);
    for (let k = start; k < end; k++) seen[pool[k]] = 1;
  }
  const rank = new Int32Array(0x110000);
  let nRanks = 0;
  for (let c = 0; c < seen.length; c++) if (seen[c]) rank[c] = ++nRanks;
  return sortTermIds(analyzer.terms, ids, rank, nRanks);
}

/**
 * Sorts term ids lexicographically by their symbol sequences, symbol `s` comparing as `rank[s]` (ranks start
 * at 1) and a sequence before any longer sequence it begins. With ranks that follow code-point order (char
 * n-grams) or token string order (word n-grams, whose joining space sorts below every letter and digit), this is
 * exactly Python's `sorted()` of the term strings, which gives scikit-learn's column order.
 *
 * When `(nRanks + 1) ^ longest` stays below 2^53, each sequence is packed into one exact float64 key and the keys
 * are sorted natively (the usual case: bigrams of up to ~90 million tokens, 5-grams of up to ~1,300 distinct
 * characters); otherwise ids are sorted with a comparator.
 */
export function sortTermIds(table: TermTable, ids: Int32Array, rank: Int32Array, nRanks: number): Int32Array {
  let longest = 0;
  for (let i = 0; i < ids.length; i++) longest = Math.max(longest, table.length(ids[i]));
  const radix = nRanks + 1;
  if (Math.pow(radix, longest) < EXACT) return sortByPackedKeys(table, ids, rank, radix, longest);
  const order = Array.from(ids);
  order.sort((a, b) => compareRanked(table.symbols(a), table.symbols(b), rank));
  return Int32Array.from(order);
}

function sortByPackedKeys(table: TermTable, ids: Int32Array, rank: Int32Array, radix: number, longest: number): Int32Array {
  const keys = new Float64Array(ids.length);
  const pool = table.pool;
  for (let i = 0; i < ids.length; i++) {
    const start = table.start(ids[i]);
    const length = table.length(ids[i]);
    let key = 0;
    for (let k = 0; k < longest; k++) key = key * radix + (k < length ? rank[pool[start + k]] : 0);
    keys[i] = key;
  }
  const sorted = keys.slice().sort();
  // Keys are distinct (distinct sequences), so each id's position is where its key sits in the sorted keys.
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const key = keys[i];
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    out[lo] = ids[i];
  }
  return out;
}

function compareRanked(a: Int32Array, b: Int32Array, rank: Int32Array): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const d = rank[a[k]] - rank[b[k]];
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** True when the string holds a UTF-16 surrogate (an astral code point, or a lone surrogate). */
export function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** Orders strings by code point, as Python compares str (JavaScript's `<` compares UTF-16 code units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (an astral code point) sorts after every BMP character, including U+E000-U+FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
