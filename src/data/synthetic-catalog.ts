// A seeded synthetic catalog on any category tree: products whose titles mix words of their category, its ancestors and the whole catalog.
//
// How it works (every step draws from one seeded Rng, so a seed gives the same catalog every time):
// - Words. Every category gets a vocabulary of `ownWords` words: the words of its own name (lower-cased, 3+
//   letters, at most half of the vocabulary) completed with made-up words of 2-4 syllables. Siblings share
//   words: each category also borrows `sharedWords` words from a random sibling, which is what makes sister
//   categories confusable. The whole catalog shares `noiseWords` made-up noise words ("brands", "colours").
// - Counts. Categories get product counts proportional to a Zipf law over a random ranking of the categories,
//   weight 1 / (rank + 10)^zipfExponent, with at least `minPerCategory` products each: every category, internal
//   ones included, is a label.
// - Titles. A title has 3 to 14 words (about 7 on average). Each word is drawn from the category's own
//   vocabulary (probability pOwn, a Zipf-weighted pick so a few words are typical), from the vocabulary of one
//   of its ancestors (pAncestor; a title never reads only its ancestors' words, so a parent and its children
//   stay apart) or from the catalog-wide noise (the rest, Zipf-weighted), plus now and then a number with a
//   unit ("250 ml", "3 pack"). A fraction `ambiguous` of titles take their own words from a sibling (or a
//   random category at the top level) instead: labels those titles cannot reveal, so no model reaches F1 1.0.
// - Descriptions are left empty: the catalog models titles, as most shop feeds fill them.

import type { ProductText } from './product.js';
import { Rng } from '../core/rng.js';

/** A category of the tree: its label, its parent's label (null at the top level), its display name. */
export interface SyntheticCategory {
  key: number;
  parent: number | null;
  name: string;
}

export interface SyntheticCatalogOptions {
  nProducts: number;
  seed: number;
  /** Words of each category's own vocabulary. */
  ownWords: number;
  /** Of those, words borrowed from a random sibling. */
  sharedWords: number;
  noiseWords: number;
  /** Probabilities that a title word comes from the category itself or from one of its ancestors (the rest is noise). */
  pOwn: number;
  pAncestor: number;
  /** Fraction of titles whose own words are those of a sibling. */
  ambiguous: number;
  zipfExponent: number;
  minPerCategory: number;
}

export const SYNTHETIC_CATALOG_DEFAULTS: Omit<SyntheticCatalogOptions, 'nProducts'> = {
  seed: 0,
  ownWords: 8,
  sharedWords: 2,
  noiseWords: 3000,
  pOwn: 0.45,
  pAncestor: 0.25,
  ambiguous: 0.08,
  zipfExponent: 1,
  minPerCategory: 4,
};

export interface SyntheticCatalog {
  products: ProductText[];
  /** The category key of each product. */
  labels: Int32Array;
  options: SyntheticCatalogOptions;
}

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'ch', 'cl', 'dr', 'gr', 'pl', 'st', 'tr', 'sh'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ea', 'y'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 'x', 'nd', 'rt', 'm'];
const UNITS = ['ml', 'cm', 'mm', 'kg', 'g', 'pack', 'pcs', 'w', 'l', 'in'];

/** A made-up word of 2-4 syllables. */
function madeUpWord(rng: Rng): string {
  const syllables = 2 + rng.int(3);
  let word = '';
  for (let s = 0; s < syllables; s++) word += ONSETS[rng.int(ONSETS.length)] + VOWELS[rng.int(VOWELS.length)];
  return word + CODAS[rng.int(CODAS.length)];
}

/** Index drawn with probability proportional to 1 / (i + 1): a few words are typical, the rest rarer. */
function zipfIndex(rng: Rng, cumulative: Float64Array): number {
  const u = rng.next() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function zipfCumulative(n: number, exponent = 1): Float64Array {
  const c = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) c[i] = sum += 1 / Math.pow(i + 1, exponent);
  return c;
}

/**
 * Products on `categories` (a tree given by parent keys, parents listed in any order) as the header of this file
 * describes, in random order.
 * @param options.nProducts products in all; at least `minPerCategory` per category, so it is raised to that when smaller.
 */
export function syntheticCatalog(categories: readonly SyntheticCategory[], options: Partial<SyntheticCatalogOptions> & { nProducts: number }): SyntheticCatalog {
  const o: SyntheticCatalogOptions = { ...SYNTHETIC_CATALOG_DEFAULTS, ...options };
  const rng = new Rng(o.seed);
  const n = categories.length;
  const position = new Map(categories.map((c, i) => [c.key, i]));
  const parentOf = categories.map((c) => (c.parent === null ? -1 : (position.get(c.parent) ?? -1)));
  const children: number[][] = categories.map(() => []);
  const topLevel: number[] = [];
  parentOf.forEach((p, i) => (p < 0 ? topLevel : children[p]).push(i));
  const siblings = (i: number) => (parentOf[i] < 0 ? topLevel : children[parentOf[i]]);

  const vocab: string[][] = categories.map((c) => {
    const named = [...new Set(c.name.toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 3))].slice(0, o.ownWords >> 1);
    const words = [...named];
    while (words.length < o.ownWords - o.sharedWords) words.push(madeUpWord(rng));
    return words;
  });
  // Borrowed after every category has its own words, so that a sibling's words are its real ones.
  const borrowed = vocab.map((words, i) => {
    const sisters = siblings(i).filter((s) => s !== i);
    const out = [...words];
    for (let b = 0; b < o.sharedWords; b++) {
      out.push(sisters.length > 0 ? vocab[sisters[rng.int(sisters.length)]][rng.int(o.ownWords - o.sharedWords)] : madeUpWord(rng));
    }
    return out;
  });
  const noise = Array.from({ length: o.noiseWords }, () => madeUpWord(rng));
  const ownCumulative = zipfCumulative(o.ownWords, 0.7);
  const noiseCumulative = zipfCumulative(o.noiseWords);

  const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const weights = new Float64Array(n);
  for (let r = 0; r < n; r++) weights[order[r]] = 1 / Math.pow(r + 10, o.zipfExponent);
  const free = Math.max(0, o.nProducts - n * o.minPerCategory);
  const total = weights.reduce((s, w) => s + w, 0);
  const counts = Array.from(weights, (w) => o.minPerCategory + Math.floor((free * w) / total));
  let missing = Math.max(o.nProducts, n * o.minPerCategory) - counts.reduce((s, c) => s + c, 0);
  for (let r = 0; missing > 0; r = (r + 1) % n, missing--) counts[order[r]]++;

  const ancestorsOf = (i: number) => {
    const out: number[] = [];
    for (let p = parentOf[i]; p >= 0; p = parentOf[p]) out.push(p);
    return out;
  };
  const products: ProductText[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const ancestors = ancestorsOf(i);
    for (let c = 0; c < counts[i]; c++) {
      let source = i;
      if (rng.next() < o.ambiguous) {
        const pool = siblings(i).length > 1 ? siblings(i) : topLevel;
        source = pool[rng.int(pool.length)];
      }
      const length = Math.min(14, Math.max(3, Math.round(7 + 2.2 * rng.normal())));
      const words: string[] = [borrowed[source][zipfIndex(rng, ownCumulative)]];
      for (let w = 1; w < length; w++) {
        const u = rng.next();
        if (u < o.pOwn) words.push(borrowed[source][zipfIndex(rng, ownCumulative)]);
        else if (u < o.pOwn + o.pAncestor && ancestors.length > 0) {
          const a = ancestors[rng.int(ancestors.length)];
          words.push(borrowed[a][zipfIndex(rng, ownCumulative)]);
        } else if (rng.next() < 0.08) words.push(`${1 + rng.int(500)} ${UNITS[rng.int(UNITS.length)]}`);
        else words.push(noise[zipfIndex(rng, noiseCumulative)]);
      }
      rng.shuffle(words);
      words[0] = words[0][0].toUpperCase() + words[0].slice(1);
      products.push({ designation: words.join(' '), description: '' });
      labels.push(categories[i].key);
    }
  }
  const shuffled = rng.shuffle(Int32Array.from(labels.keys()));
  return { products: Array.from(shuffled, (p) => products[p]), labels: Int32Array.from(shuffled, (p) => labels[p]), options: o };
}

/**
 * A subtree-closed subset of `categories` of about `size` categories: random categories with all their
 * ancestors, added until the count is reached (seeded), in the order of `categories`.
 */
export function sampleCategories(categories: readonly SyntheticCategory[], size: number, seed: number): SyntheticCategory[] {
  if (size >= categories.length) return [...categories];
  const byKey = new Map(categories.map((c) => [c.key, c]));
  const rng = new Rng(seed);
  const chosen = new Set<number>();
  for (const c of rng.shuffle([...categories])) {
    if (chosen.size >= size) break;
    for (let k: number | null = c.key; k !== null && !chosen.has(k); k = byKey.get(k)?.parent ?? null) chosen.add(k);
  }
  return categories.filter((c) => chosen.has(c.key));
}
