// The JSON shapes of the dataset analysis (GET /api/explore, `prodclass explore --json`, the report): types only, so the web page can read them.

/** Summary statistics of a set of numbers (all null when there are none). */
export interface DistributionSummary {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Quantiles by linear interpolation between closest ranks (numpy's default `linear` method). */
  p10: number | null;
  median: number | null;
  p90: number | null;
}

/**
 * Counts of values in consecutive bins: `counts[i]` holds the values v with `edges[i] <= v < edges[i + 1]`,
 * and `overflow` those with v >= the last edge (charts show it as a "≥ last edge" bar). Values below
 * `edges[0]` are counted in `underflow` (never, for lengths, whose first edge is 0).
 */
export interface Histogram {
  edges: number[];
  counts: number[];
  overflow: number;
  underflow: number;
}

/** One category's row of the class-distribution and missing-description charts. */
export interface CategoryCount {
  code: number;
  nameEn: string;
  nameFr: string;
  count: number;
  /** count / all products (0 for an empty dataset). */
  share: number;
  /** Products whose description is empty (after HTML removal and trimming). */
  withoutDescription: number;
  /** withoutDescription / count (0 for an empty category). */
  withoutDescriptionShare: number;
  /** Products with an image file, or null when the dataset was analysed without an image index. */
  withImage: number | null;
}

/** Summary and histogram of one set of lengths. */
export interface LengthDistribution {
  summary: DistributionSummary;
  histogram: Histogram;
}

/** Lengths of one text field. Characters are counted after `cleanText` (HTML removed, whitespace collapsed). */
export interface FieldLengths {
  field: 'designation' | 'description';
  unit: 'characters';
  /** Products counted: all of them for the designation, those with a non-empty description for the description. */
  counted: number;
  overall: LengthDistribution;
  /** Same bin edges as `overall`, so categories compare bar for bar; one entry per code of `categories`. */
  perCategory: ({ code: number } & LengthDistribution)[];
  /** Word tokens per product (letters and digits runs of two or more), over the same products. */
  words: DistributionSummary;
}

/**
 * What the language detector can answer: one of six languages, another language, or too little text to tell
 * (DETECTED_LANGUAGES in src/text/language-detector.ts lists them in order; language-mix.ts checks the two agree).
 * Spelled out here because the page's compile reads this file and nothing of src/text.
 */
export type DetectedLanguage = 'fr' | 'en' | 'de' | 'es' | 'it' | 'nl' | 'other' | 'unknown';

export interface LanguageCount {
  language: DetectedLanguage;
  count: number;
  /** count / products counted (0 when there are none). */
  share: number;
}

export interface LanguageMix {
  /** How languages were told apart: function-word votes over the designation and description (see LanguageDetector). */
  method: 'function-words';
  /** One entry per detected language, in the order fr, en, de, es, it, nl, other, unknown. */
  overall: LanguageCount[];
  perCategory: { code: number; counts: LanguageCount[] }[];
}

/** One term of a category's word cloud. */
export interface TermScore {
  term: string;
  /** Products of the category whose text holds the term. */
  products: number;
  /** products / products of the category. */
  share: number;
  /** share / share of all products holding the term (above 1: the category uses it more than the catalog does). */
  lift: number;
  /** share × ln(lift): frequent and specific terms score high; the ranking key and the word-cloud weight. */
  score: number;
}

export interface CategoryTerms {
  code: number;
  /** Products of the category. */
  products: number;
  words: TermScore[];
  bigrams: TermScore[];
}

/** One product of a duplicate group. */
export interface DuplicateProduct {
  /** The product's index (first column of the challenge files). */
  index: number;
  designation: string;
  code: number;
}

/** Products whose titles have the same words. */
export interface DuplicateGroup {
  /** The shared words, sorted: what made these titles equal. */
  key: string;
  size: number;
  /** Labels in the group, most frequent first (ties by code). */
  codes: { code: number; count: number }[];
  /** True when the copies carry more than one label. */
  conflicting: boolean;
  /** The group's first products in data order (at most `productsPerGroup`). */
  products: DuplicateProduct[];
}

/** A pair of categories that duplicate groups put the same title in. */
export interface ConflictPair {
  /** The two codes, ascending. */
  codes: [number, number];
  /** Conflicting groups holding both codes. */
  groups: number;
}

export interface DuplicateAnalysis {
  /** How titles are compared; see `duplicateKey`. */
  method: 'same-word-set';
  /** Groups of two or more products with the same title words. */
  groups: number;
  /** Products in those groups. */
  duplicatedProducts: number;
  /** Copies beyond the first of each group (what deduplication would remove). */
  redundantProducts: number;
  conflictingGroups: number;
  conflictingProducts: number;
  conflictPairs: ConflictPair[];
  /** The largest groups, biggest first. */
  largestGroups: DuplicateGroup[];
  /** The largest conflicting groups, biggest first. */
  conflicts: DuplicateGroup[];
}

export interface ValueDistribution {
  summary: DistributionSummary;
  histogram: Histogram;
}

export interface ImageAnalysis {
  /** Products analysed, those with an image file and those without (exact, from the image index). */
  products: number;
  withImage: number;
  missing: number;
  /** Distinct image files among the products (the same file may serve several rows). */
  distinctFiles: number;
  /** Files decoded for the statistics below. */
  analysed: number;
  /** True when `analysed` < `distinctFiles`: the statistics are estimates from a random sample. */
  sampled: boolean;
  /** Files among `analysed` that could not be decoded (corrupt, truncated, not an image). */
  corrupt: number;
  /** Up to 20 corrupt files, relative to the data folder, with the reason. */
  corruptFiles: { file: string; reason: string }[];
  width: DistributionSummary;
  height: DistributionSummary;
  /** The most common pixel dimensions, most frequent first (at most 10). */
  commonSizes: { width: number; height: number; count: number }[];
  formats: { format: string; count: number }[];
  /** width / height: 1 is square, above 1 landscape. */
  aspect: ValueDistribution;
  /** Mean luma, 0 black to 1 white. */
  brightness: ValueDistribution;
  /** Share of the border that is near white, 0 to 1. */
  whiteBorder: ValueDistribution;
  fileBytes: DistributionSummary;
}

export interface SampleProduct {
  index: number;
  designation: string;
  /** The photo's path relative to the data folder (`images/image_train/...`), or null. */
  image: string | null;
}

export interface CategorySamples {
  code: number;
  /** Random products of the category, in data order. */
  titles: SampleProduct[];
  /** Random products of the category that have a photo, in data order. */
  images: SampleProduct[];
}

/** Everything the Explore page and the report show about a dataset. All counts are over labelled training products. */
export interface DatasetAnalysis {
  format: 'prodclass-dataset-analysis';
  version: number;
  createdAt: string;
  data: {
    /** The data folder (absolute), or a label for in-memory data. */
    source: string;
    /** dataFingerprint of the labelled products: the cache key, and what model cards record. */
    fingerprint: string;
    demo: boolean;
    products: number;
    /** Training products without a label, left out of the analysis. */
    unlabelled: number;
    /** Categories with at least one product. */
    categoriesPresent: number;
  };
  /** The 27 categories (and any unknown code found), ascending by code. */
  categories: CategoryCount[];
  description: { missing: number; missingShare: number };
  lengths: { designation: FieldLengths; description: FieldLengths };
  languages: LanguageMix;
  /** Per category, in the order of `categories`. */
  terms: CategoryTerms[];
  duplicates: DuplicateAnalysis;
  /** Null when the dataset was analysed without an image index, or with `images: false`. */
  images: ImageAnalysis | null;
  /** Per category, in the order of `categories`. */
  samples: CategorySamples[];
  /** Wall-clock seconds of each step and in all. */
  timings: { totalSeconds: number; steps: Record<string, number> };
}
