// Same-product detection: offers whose titles differ only in order, units, colour words, seller noise or typos (or that share a photo) grouped as one product.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import { cleanText } from '../../text/clean.js';
import { foldAccents } from '../../text/fold.js';
import { TfidfVectorizer } from '../../text/tfidf-vectorizer.js';

/** An offer to compare: its id, title and (optionally) its photo's content hash. */
export interface Offer {
  id: string;
  title: string;
  photoHash?: string | null;
}

export interface SameProductOptions {
  /** Title similarity (character n-gram cosine) from which two offers are one product. */
  threshold: number;
  /** Offers sharing a photo are one product from this title similarity (a shared stock photo alone proves nothing). */
  photoThreshold: number;
  /** Words in more offers than this do not make two offers candidates (they would pair everything). */
  maxWordOffers: number;
}

/**
 * bench/same-product.ts: the best pairwise F1 on the Rakuten sample's repeated titles plus 600 generated reworded copies
 * (0.888 at 0.85: precision 0.908, recall 0.870) beside word TF-IDF cosine neighbours at their best threshold (0.775 at 0.825).
 */
export const SAME_PRODUCT_DEFAULTS: SameProductOptions = { threshold: 0.85, photoThreshold: 0.3, maxWordOffers: 200 };

const WORD = /[\p{L}\p{N}]+/gu;
const NUMBER = /\d+(?:[.,]\d+)?/g;
/** Shop talk that says nothing about which product it is. */
const NOISE = new Set(
  'neuf new nouveau promo promotion livraison gratuite rapide offerte offert express stock dispo disponible occasion top qualite quality original authentique lot destockage soldes vente prix bas pas cher garantie france fr'.split(' '),
);

/** The title as compared: cleaned, lower-case, accents folded, units glued to their numbers, shop talk dropped. */
export function comparableTitle(title: string): string {
  const folded = foldAccents(cleanText(title, { lowercase: true }));
  const glued = folded.replace(/(\d)\s+(ml|cl|l|g|kg|mg|cm|mm|m|go|gb|to|tb|mo|w|v|mah|pcs|x)\b/g, '$1$2').replace(/,(\d)/g, '.$1');
  return (glued.match(WORD) ?? []).filter((w) => !NOISE.has(w)).join(' ');
}

/** The numbers of a title ("tome 2", "240x320", "500ml" -> 2, 240, 320, 500): two offers whose numbers differ are different products. */
function numbersOf(title: string): Set<string> {
  return new Set(title.match(NUMBER) ?? []);
}

function sameNumbers(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const n of a) if (!b.has(n)) return false;
  return true;
}

/** Cosine of two L2-normalised rows of a CSR matrix with sorted column indices. */
export function rowCosine(x: CsrMatrix, i: number, j: number): number {
  let a = x.indptr[i];
  let b = x.indptr[j];
  const aEnd = x.indptr[i + 1];
  const bEnd = x.indptr[j + 1];
  let dot = 0;
  while (a < aEnd && b < bEnd) {
    const ca = x.indices[a];
    const cb = x.indices[b];
    if (ca === cb) dot += x.data[a++] * x.data[b++];
    else if (ca < cb) a++;
    else b++;
  }
  return dot;
}

/** Pairs of offers sharing at least one word that few offers have (blocking, so that not every pair is scored). */
function candidatePairs(titles: readonly string[], maxWordOffers: number): Array<[number, number]> {
  const offersOf = new Map<string, number[]>();
  titles.forEach((t, i) => {
    for (const w of new Set(t.split(' '))) if (w.length > 1) (offersOf.get(w) ?? offersOf.set(w, []).get(w)!).push(i);
  });
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  const n = titles.length;
  for (const list of offersOf.values()) {
    if (list.length < 2 || list.length > maxWordOffers) continue;
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const key = list[a] * n + list[b];
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.push([list[a], list[b]]);
      }
    }
  }
  return pairs;
}

/** A scored candidate pair. */
export interface ScoredPair {
  a: number;
  b: number;
  /** Title similarity; 0 when their numbers differ. */
  score: number;
  samePhoto: boolean;
}

/**
 * Every candidate pair of offers with its score (character 2-4-gram TF-IDF cosine of the comparable titles, 0 when
 * their numbers differ, 1 for identical comparable titles).
 * @throws ProdclassError INVALID_INPUT when two offers share an id.
 */
export async function scoreOfferPairs(offers: readonly Offer[], options: Partial<SameProductOptions> = {}): Promise<ScoredPair[]> {
  const p = { ...SAME_PRODUCT_DEFAULTS, ...options };
  const ids = new Set<string>();
  for (const o of offers) {
    if (ids.has(o.id)) throw new ProdclassError('INVALID_INPUT', `two offers share the id "${o.id}": give each row its own id (--columns id=...)`);
    ids.add(o.id);
  }
  const titles = offers.map((o) => comparableTitle(o.title));
  const x = await new TfidfVectorizer({ analyzer: 'char_wb', ngramRange: [2, 4], sublinearTf: true, lowercase: false }).fitTransform(titles);
  const numbers = titles.map(numbersOf);
  const pairs = candidatePairs(titles, p.maxWordOffers);
  // Offers sharing a photo are candidates too, whatever their words.
  const byPhoto = new Map<string, number[]>();
  offers.forEach((o, i) => {
    if (o.photoHash) (byPhoto.get(o.photoHash) ?? byPhoto.set(o.photoHash, []).get(o.photoHash)!).push(i);
  });
  const listed = new Set(pairs.map(([a, b]) => a * offers.length + b));
  for (const list of byPhoto.values()) {
    for (let a = 0; a < list.length; a++) for (let b = a + 1; b < list.length; b++) if (!listed.has(list[a] * offers.length + list[b])) pairs.push([list[a], list[b]]);
  }
  return pairs.map(([a, b]) => {
    const score = titles[a] === titles[b] ? 1 : sameNumbers(numbers[a], numbers[b]) ? rowCosine(x, a, b) : 0;
    const samePhoto = !!offers[a].photoHash && offers[a].photoHash === offers[b].photoHash;
    return { a, b, score, samePhoto };
  });
}

/** Groups (of two or more offer positions) joined by the pairs at or above the thresholds, largest first. */
export function groupPairs(n: number, pairs: readonly ScoredPair[], options: Partial<SameProductOptions> = {}): number[][] {
  const p = { ...SAME_PRODUCT_DEFAULTS, ...options };
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (const pair of pairs) {
    if (pair.score >= p.threshold || (pair.samePhoto && pair.score >= p.photoThreshold)) {
      const ra = find(pair.a);
      const rb = find(pair.b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) (groups.get(find(i)) ?? groups.set(find(i), []).get(find(i))!).push(i);
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length || a[0] - b[0]);
}

/**
 * The offers that are one product, as groups of ids (two or more each), largest first.
 * @throws ProdclassError INVALID_INPUT when two offers share an id; INVALID_PARAM for a threshold outside [0, 1].
 */
export async function findSameProducts(offers: readonly Offer[], options: Partial<SameProductOptions> = {}): Promise<string[][]> {
  for (const name of ['threshold', 'photoThreshold'] as const) {
    const v = options[name];
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new ProdclassError('INVALID_PARAM', `${name} must be in [0, 1], got ${v}`);
  }
  const pairs = await scoreOfferPairs(offers, options);
  return groupPairs(offers.length, pairs, options).map((g) => g.map((i) => offers[i].id));
}
