// The languages a catalog is written in: per-product function-word votes, tallied over a seeded sample.

import { ProdclassError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { DETECTED_LANGUAGES, LanguageDetector, TEXT_LANGUAGES, type DetectedLanguage, type TextLanguage } from './language-detector.js';
import { wordTokens } from './tokenize.js';

export interface CatalogLanguageOptions {
  /**
   * Smallest share of the products whose language could be told (not `unknown`) that a language needs to count
   * as one of the catalog's. Default 0.1.
   */
  minShare?: number;
  /** Products read at most; larger catalogs are sampled (seeded), since a few thousand texts settle the shares. Default 5000. */
  sampleSize?: number;
  /** Seed of the sample. Default 0. */
  seed?: number;
}

/** How many of the products read came out in each language (keys: `DETECTED_LANGUAGES`). */
export interface CatalogLanguageCounts {
  /** Products read (all of them, or the sample). */
  read: number;
  counts: Record<DetectedLanguage, number>;
}

const DEFAULTS: Required<CatalogLanguageOptions> = { minShare: 0.1, sampleSize: 5000, seed: 0 };

/**
 * Tallies the detected language of each text (or of a seeded sample of `sampleSize` texts).
 * Texts should be cleaned (`cleanText`: no HTML); they are lower-cased here.
 * @throws ProdclassError INVALID_PARAM for a sample size that is not a positive integer.
 */
export function countCatalogLanguages(texts: readonly string[], options: CatalogLanguageOptions = {}): CatalogLanguageCounts {
  const { sampleSize, seed } = { ...DEFAULTS, ...options };
  if (!Number.isInteger(sampleSize) || sampleSize < 1) {
    throw new ProdclassError('INVALID_PARAM', `catalog languages: sampleSize must be an integer >= 1, got ${sampleSize}`, { location: { field: 'sampleSize' } });
  }
  const detector = new LanguageDetector();
  const counts = Object.fromEntries(DETECTED_LANGUAGES.map((l) => [l, 0])) as Record<DetectedLanguage, number>;
  const positions = samplePositions(texts.length, sampleSize, seed);
  for (const i of positions) counts[detector.detect(wordTokens(texts[i].toLowerCase()))]++;
  return { read: positions.length, counts };
}

/**
 * The named languages (`TEXT_LANGUAGES`) that make up at least `minShare` of the products whose language could be
 * told, most frequent first (ties in `TEXT_LANGUAGES` order). Empty when no text carries enough function words.
 * Deterministic: the same texts and options give the same answer.
 * @throws ProdclassError INVALID_PARAM for a share outside [0, 1] or a bad sample size.
 */
export function detectCatalogLanguages(texts: readonly string[], options: CatalogLanguageOptions = {}): TextLanguage[] {
  const { minShare } = { ...DEFAULTS, ...options };
  if (!(minShare >= 0 && minShare <= 1)) {
    throw new ProdclassError('INVALID_PARAM', `catalog languages: minShare must be in [0, 1], got ${minShare}`, { location: { field: 'minShare' } });
  }
  const { read, counts } = countCatalogLanguages(texts, options);
  const told = read - counts.unknown;
  if (told === 0) return [];
  return TEXT_LANGUAGES.filter((l) => counts[l] > 0 && counts[l] / told >= minShare - 1e-12)
    .map((l, order) => ({ l, order, n: counts[l] }))
    .sort((a, b) => b.n - a.n || a.order - b.order)
    .map((x) => x.l);
}

/** All positions when n <= size, else `size` distinct positions drawn with a seeded partial shuffle, ascending. */
function samplePositions(n: number, size: number, seed: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (n <= size) return all;
  const rng = new Rng(seed);
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(n - i);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.subarray(0, size).sort();
}
