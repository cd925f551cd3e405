// ProductTextVectorizer's hyperparameters: blocks, cleaning and languages, their defaults and their checks.

import { ProdclassError } from '../core/errors.js';
import type { ParamConstraints } from '../core/params.js';
import { DEFAULT_CLEAN_OPTIONS, type CleanOptions } from './clean.js';
import { TEXT_LANGUAGES, type TextLanguage } from './language-detector.js';
import { TfidfVectorizer, type TfidfParams } from './tfidf-vectorizer.js';

export const PRODUCT_TEXT_KIND = 'product-tfidf';

/**
 * Which text a block reads: `title` the cleaned designation; `description` the cleaned description, or the
 * designation when the description is empty; `text` the title repeated `titleRepeat` times, then the description
 * (with the same fallback), so the designation weighs more than the description.
 */
export type ProductField = 'title' | 'description' | 'text';

/** One TF-IDF block of the feature stack. */
export interface TextBlock {
  /** Unique; names the block's columns (`title:word:console ps4`) and its sub-vectorizer in saved state. */
  name: string;
  field: ProductField;
  /** Multiplies the block's (row-normalised) features, setting its share of the stacked row. */
  weight: number;
  /** The block's TfidfVectorizer hyperparameters (its defaults for what is left out). */
  tfidf: Partial<TfidfParams>;
  /**
   * Word blocks only: remove the stop words of the vectorizer's languages (see `language`), in accented and
   * accent-folded spellings. Exclusive with `tfidf.stopWords`, which names the languages itself. Default false.
   */
  stopWords?: boolean;
}

/**
 * The languages the vectorizer follows: `auto` detects them from the training texts at fit (the languages of at
 * least 10% of the products whose language can be told, see `detectCatalogLanguages`), a list names them. An empty
 * list means none: no stop words, no language-specific cleaning.
 */
export type LanguageParam = 'auto' | readonly TextLanguage[];

export interface ProductTextParams {
  /** The feature blocks, stacked left to right. */
  blocks: TextBlock[];
  /**
   * How designations and descriptions are cleaned (see `cleanText`). Options left out take this vectorizer's
   * defaults (accents folded, case kept for the blocks to decide), then `cleanText`'s.
   */
  clean: CleanOptions;
  /** Copies of the title in the `text` field. */
  titleRepeat: number;
  /** The catalog's languages: `auto` (default) or a list such as `['fr', 'en']`; see `LanguageParam`. */
  language: LanguageParam;
  /**
   * When the blocks' document-frequency cut-offs (`tfidf.minDf` counts above 1) apply: from this many training
   * products, or (see `minDfFromRowsPerCategory`) once the categories are large enough; before, every term is kept. In
   * a small catalog a category may have two or three products, and the words they alone share are all that tell it
   * apart; in a large one, terms seen once are mostly noise that costs memory and time. Default 10,000; 0 always
   * applies them.
   */
  minDfFromRows: number;
  /**
   * Mean training products per category (the labels' distinct values, when the fit is given them) from which the
   * cut-offs apply, however few the products. Default 50. Rare terms serve small categories and cost large ones a
   * little: Flipkart's 1,050 products in 243 leaves (4.3 a leaf) lose 0.024 leaf weighted F1 with the cut-offs on the
   * catalogs bench's 10 % splits (one held-out product for most small categories; 5 seeds), but gain 0.002 on 5 grouped
   * folds (every product held out once, so weighted towards the large leaves; 5 fold seeds). Where categories hold
   * more, the folds favour the cut-offs: 62 categories (17 a category) +0.003, the Rakuten sample cut to 1,000 / 2,000
   * products (37 / 74) +0.004 / -0.002, all 4,640 (172) +0.003 with text-ensemble, which also calibrates better (3
   * fold seeds each), and it trains 20 to 50 % faster; below 50 a category, the 10 % splits disagree too often (37 a
   * category: -0.025 over 5 seeds) to change what small catalogs have. 0 leaves only `minDfFromRows`.
   */
  minDfFromRowsPerCategory: number;
  /**
   * Apply the languages' own cleaning after `clean`: French and Italian elisions split off their word
   * (`l'eau` -> `l' eau`, see `splitElisions`). Default false (see PRODUCT_TEXT_DEFAULTS for why).
   */
  languageCleaning: boolean;
  /**
   * The weight of a column, after the blocks', that is 1 for a product without a description; 0 leaves it out. Default
   * 1. The description blocks read the title of such a product in its place (see `ProductField`), and each block's
   * rows are normalised, so whether a description was written would otherwise not reach a classifier; yet it tells
   * categories apart: on the Rakuten sample 10 % of used books (code 10) have one against 60 % of new books (2705), 1 %
   * of the lots of magazines (2403) against 96 % of the decoration (2060). The column is there only when the training
   * products have some with a description and some without. text-ensemble's stack on the sample's features (5 grouped
   * folds, fold seeds 0-2, pooled weighted F1 0.7713 without it): weights 0.5 / 1 / 2 / 3 0.7747 / 0.7755 / 0.7751 /
   * 0.7752. The whole default (`bench automation`, fold seeds 0-2): weighted F1 0.7719 -> 0.7744, ECE 0.035 -> 0.031.
   * One-hot bins of the title's and the description's lengths beside it gained a little more on the sample (0.7756
   * with 5 title bins) but cost the Flipkart export (every product described, 243 leaves) 0.010 of top-level weighted
   * F1 on the catalogs bench's 5 seeds, so they were left out.
   */
  missingDescriptionWeight: number;
  /**
   * Threads that fit the blocks side by side (each block is fitted as alone, so the features are the same whatever
   * the value): -1 one per core once the training texts are long enough to repay a thread's start, n n threads.
   */
  nJobs: number;
}

/**
 * Defaults chosen on the 4,640-product Rakuten sample with LinearSVC(C=0.5), 5-fold stratified CV, weighted F1
 * (bench/text-features-experiment.py): 0.723 for the plain word 1-2 + char_wb 2-5 baseline, 0.759 for these.
 * The largest gains: separate title blocks beside the title+description blocks (+0.014), digits read as 0 by
 * the character blocks (+0.006), sublinear tf (+0.005), character n-grams of the title across word boundaries
 * (+0.0025) and with its case (+0.003); smaller ones: char n-grams from 1, accents folded, description words
 * seen in at least 2 products. Block weights other than 1 and a repeated title did not help.
 *
 * Languages (bench/language-experiment.ts, text-linear, 5-fold weighted F1, mean over fold seeds): removing the
 * stop words of the detected languages from `text:word` gains +0.0033 on an English catalog (Flipkart's
 * 1,050-product sample, 62 categories; +0.001 to +0.005 over 4 fold seeds) and costs -0.0004 on Rakuten (French,
 * -0.0002 and -0.0005 over 2 seeds, within noise), so `text:word` asks for them; in the title blocks they did not
 * help (+0.0032 instead of +0.0039 on Flipkart). Splitting elisions (`languageCleaning`) changed Rakuten by
 * +0.0001 (dropping the elided article instead: -0.0004) and English not at all, so it stays off.
 */
export const PRODUCT_TEXT_DEFAULTS: Readonly<ProductTextParams> = deepFreeze({
  blocks: [
    { name: 'title:word', field: 'title', weight: 1, tfidf: { ngramRange: [1, 2], sublinearTf: true } },
    {
      name: 'title:char',
      field: 'title',
      weight: 1,
      tfidf: { analyzer: 'char', ngramRange: [1, 5], minDf: 2, sublinearTf: true, lowercase: false, maskDigits: true },
    },
    { name: 'text:word', field: 'text', weight: 1, tfidf: { ngramRange: [1, 2], minDf: 2, sublinearTf: true }, stopWords: true },
    {
      name: 'text:char',
      field: 'text',
      weight: 1,
      tfidf: { analyzer: 'char_wb', ngramRange: [1, 5], minDf: 2, sublinearTf: true, maskDigits: true },
    },
  ],
  // Case is kept here so that a block can use it (title:char); the other blocks lower-case for themselves.
  clean: { foldAccents: true, lowercase: false },
  titleRepeat: 1,
  language: 'auto',
  minDfFromRows: 10_000,
  minDfFromRowsPerCategory: 50,
  languageCleaning: false,
  missingDescriptionWeight: 1,
  nJobs: -1,
} as ProductTextParams);

export const PRODUCT_TEXT_CONSTRAINTS: ParamConstraints<ProductTextParams> = {
  blocks: { type: 'json' },
  clean: { type: 'json' },
  titleRepeat: { type: 'number', integer: true, min: 0, max: 10 },
  minDfFromRows: { type: 'number', integer: true, min: 0 },
  minDfFromRowsPerCategory: { type: 'number', min: 0 },
  language: { type: 'json' },
  languageCleaning: { type: 'boolean' },
  missingDescriptionWeight: { type: 'number', min: 0 },
  nJobs: { type: 'jobs' },
};

const KIND = PRODUCT_TEXT_KIND;
const BLOCK_NAME = /^[a-z][a-z0-9_-]*(?::[a-z0-9_-]+)*$/;
const FIELDS: readonly ProductField[] = ['title', 'description', 'text'];

/**
 * Whether a fit on `rows` products keeps the terms its blocks' minDf would cut: fewer products than `minDfFromRows`,
 * and, when the labels are known, fewer per category on average than `minDfFromRowsPerCategory`.
 */
export function keepsRareTerms(p: Readonly<ProductTextParams>, rows: number, labels?: ArrayLike<number>): boolean {
  if (rows >= p.minDfFromRows) return false;
  if (!labels || labels.length === 0 || p.minDfFromRowsPerCategory <= 0) return true;
  return rows / new Set(Array.from(labels)).size < p.minDfFromRowsPerCategory;
}

/**
 * The TfidfVectorizer parameters of a block once the languages are known: its stop words follow them when it asks; with
 * `keepRareTerms` (few products, in small categories: see `keepsRareTerms`) its minDf count is lifted to 1.
 */
export function blockTfidfParams(block: TextBlock, languages: readonly TextLanguage[] | undefined, keepRareTerms = false): Partial<TfidfParams> {
  if (keepRareTerms && (block.tfidf.minDf ?? 1) > 1) return blockTfidfParams({ ...block, tfidf: { ...block.tfidf, minDf: 1 } }, languages);
  if (!block.stopWords || !languages) return block.tfidf;
  return { ...block.tfidf, stopWords: languages.length ? languages : null };
}

/** Checks every product-tfidf parameter the constraint table cannot. @throws ProdclassError INVALID_PARAM naming it. */
export function checkProductTextParams(p: Readonly<ProductTextParams>): void {
  checkBlocks(p.blocks);
  checkCleanOptions(p.clean);
  checkLanguage(p.language);
}

function checkBlocks(blocks: readonly TextBlock[]): void {
  const fail = (message: string): never => {
    throw new ProdclassError('INVALID_PARAM', `${KIND}: ${message}`, { location: { field: 'blocks' } });
  };
  if (!Array.isArray(blocks) || blocks.length === 0) fail('parameter "blocks" must be a non-empty list of blocks');
  const seen = new Set<string>();
  blocks.forEach((b, i) => {
    if (typeof b !== 'object' || b === null) fail(`block ${i} must be an object { name, field, weight, tfidf }`);
    if (typeof b.name !== 'string' || !BLOCK_NAME.test(b.name)) fail(`block ${i} name ${JSON.stringify(b.name)} must match ${BLOCK_NAME}`);
    if (seen.has(b.name)) fail(`block name "${b.name}" is used twice`);
    seen.add(b.name);
    if (!FIELDS.includes(b.field)) fail(`block "${b.name}": field must be one of ${FIELDS.join(', ')}, got ${JSON.stringify(b.field)}`);
    if (typeof b.weight !== 'number' || !(b.weight > 0) || !Number.isFinite(b.weight)) {
      fail(`block "${b.name}": weight must be a number > 0, got ${JSON.stringify(b.weight)}`);
    }
    let tfidf: TfidfVectorizer | undefined;
    try {
      tfidf = new TfidfVectorizer(b.tfidf ?? {});
    } catch (e) {
      fail(`block "${b.name}": ${(e as Error).message}`);
    }
    if (b.stopWords !== undefined) {
      if (typeof b.stopWords !== 'boolean') fail(`block "${b.name}": stopWords must be true or false, got ${JSON.stringify(b.stopWords)}`);
      if (b.stopWords && tfidf!.params.analyzer !== 'word') {
        fail(`block "${b.name}": stopWords applies to word blocks only (this block's analyzer is "${tfidf!.params.analyzer}")`);
      }
      if (b.stopWords && tfidf!.params.stopWords !== null) {
        fail(`block "${b.name}": set either stopWords (the vectorizer's languages) or tfidf.stopWords (named languages), not both`);
      }
    }
  });
}

function checkCleanOptions(clean: CleanOptions): void {
  if (typeof clean !== 'object' || clean === null || Array.isArray(clean)) {
    throw new ProdclassError('INVALID_PARAM', `${KIND}: parameter "clean" must be an object of cleaning options`, { location: { field: 'clean' } });
  }
  for (const [name, value] of Object.entries(clean)) {
    if (!(name in DEFAULT_CLEAN_OPTIONS) || typeof value !== 'boolean') {
      throw new ProdclassError(
        'INVALID_PARAM',
        `${KIND}: clean option "${name}" must be one of ${Object.keys(DEFAULT_CLEAN_OPTIONS).join(', ')} set to true or false, got ${JSON.stringify(value)}`,
        { location: { field: 'clean' } },
      );
    }
  }
}

function checkLanguage(language: LanguageParam): void {
  if (language === 'auto') return;
  const known = TEXT_LANGUAGES as readonly string[];
  const ok = Array.isArray(language) && language.every((l) => known.includes(l)) && new Set(language).size === language.length;
  if (!ok) {
    throw new ProdclassError(
      'INVALID_PARAM',
      `${KIND}: parameter "language" must be "auto" or a list of distinct languages among ${TEXT_LANGUAGES.join(', ')} (e.g. ["fr", "en"]), got ${JSON.stringify(language)}`,
      { location: { field: 'language' } },
    );
  }
}

/** Freezes an object and everything in it, so that `params` is immutable all the way down. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
