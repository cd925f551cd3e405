// The JSON shapes of the Explore and Models routes (dataset analysis, models summary), re-exported by api-types.ts; self-contained like it.
//
// These mirror src/analysis (DatasetAnalysis, ModelsSummary) without importing it, so the page stays free of server
// code. The routes assign the analysis objects to these types, so the compiler says when the two drift apart.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Summary statistics of a set of numbers (all null when there are none). */
export interface DistributionSummary {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  p10: number | null;
  median: number | null;
  p90: number | null;
}

/** `counts[i]` holds values in [edges[i], edges[i + 1]); `overflow` those at or above the last edge. */
export interface Histogram {
  edges: number[];
  counts: number[];
  overflow: number;
  underflow: number;
}

export interface LengthDistribution {
  summary: DistributionSummary;
  histogram: Histogram;
}

export interface FieldLengths {
  field: 'designation' | 'description';
  unit: 'characters';
  counted: number;
  overall: LengthDistribution;
  perCategory: ({ code: number } & LengthDistribution)[];
  words: DistributionSummary;
}

/** One category's row of the class-distribution and missing-description charts. */
export interface CategoryCount {
  code: number;
  nameEn: string;
  nameFr: string;
  count: number;
  share: number;
  withoutDescription: number;
  withoutDescriptionShare: number;
  withImage: number | null;
}

export type DetectedLanguage = 'fr' | 'en' | 'de' | 'other' | 'unknown';

export interface LanguageCount {
  language: DetectedLanguage;
  count: number;
  share: number;
}

export interface LanguageMix {
  method: 'function-words';
  /** In the order fr, en, de, other, unknown. */
  overall: LanguageCount[];
  perCategory: { code: number; counts: LanguageCount[] }[];
}

/** One term of a category's word cloud. */
export interface TermScore {
  term: string;
  products: number;
  share: number;
  lift: number;
  /** share × ln(lift): the ranking key and the word-cloud weight. */
  score: number;
}

export interface CategoryTerms {
  code: number;
  products: number;
  words: TermScore[];
  bigrams: TermScore[];
}

export interface DuplicateProduct {
  index: number;
  designation: string;
  code: number;
}

export interface DuplicateGroup {
  key: string;
  size: number;
  codes: { code: number; count: number }[];
  conflicting: boolean;
  products: DuplicateProduct[];
}

export interface DuplicateAnalysis {
  method: 'same-word-set';
  groups: number;
  duplicatedProducts: number;
  redundantProducts: number;
  conflictingGroups: number;
  conflictingProducts: number;
  conflictPairs: { codes: [number, number]; groups: number }[];
  largestGroups: DuplicateGroup[];
  conflicts: DuplicateGroup[];
}

export interface ValueDistribution {
  summary: DistributionSummary;
  histogram: Histogram;
}

export interface ImageAnalysis {
  products: number;
  withImage: number;
  missing: number;
  distinctFiles: number;
  analysed: number;
  sampled: boolean;
  corrupt: number;
  corruptFiles: { file: string; reason: string }[];
  width: DistributionSummary;
  height: DistributionSummary;
  commonSizes: { width: number; height: number; count: number }[];
  formats: { format: string; count: number }[];
  aspect: ValueDistribution;
  brightness: ValueDistribution;
  whiteBorder: ValueDistribution;
  fileBytes: DistributionSummary;
}

export interface SampleProduct {
  index: number;
  designation: string;
  /** Relative to the data folder (`images/image_train/...`), or null. */
  image: string | null;
}

export interface CategorySamples {
  code: number;
  titles: SampleProduct[];
  images: SampleProduct[];
}

/** GET /api/explore: the dataset analysis, as `prodclass explore --json` prints it. */
export interface DatasetAnalysis {
  format: 'prodclass-dataset-analysis';
  version: number;
  createdAt: string;
  data: { source: string; fingerprint: string; demo: boolean; products: number; unlabelled: number; categoriesPresent: number };
  /** The 27 categories (and any unknown code found), ascending by code. */
  categories: CategoryCount[];
  description: { missing: number; missingShare: number };
  lengths: { designation: FieldLengths; description: FieldLengths };
  languages: LanguageMix;
  /** Per category, in the order of `categories`. */
  terms: CategoryTerms[];
  duplicates: DuplicateAnalysis;
  images: ImageAnalysis | null;
  samples: CategorySamples[];
  timings: { totalSeconds: number; steps: Record<string, number> };
}

/** GET /api/explore answers 202 with this while the analysis is being computed. */
export interface AnalysisPending {
  status: 'computing';
  dataDir: string;
  /** When the computation started (ISO). */
  startedAt: string;
  message: string;
}

/** A sample product with where to fetch its photo. */
export interface SampleProductView {
  index: number;
  designation: string;
  /** GET it for the photo (only files of the data folder's images/image_train), or null. */
  imageUrl: string | null;
}

/** GET /api/explore/categories/:code: one category's numbers, word cloud terms and samples. */
export interface ExploreCategoryResponse {
  category: CategoryCount;
  words: TermScore[];
  bigrams: TermScore[];
  titles: SampleProductView[];
  images: SampleProductView[];
  lengths: { designation: DistributionSummary; description: DistributionSummary };
  languages: LanguageCount[];
}

export interface NamedClassMetrics {
  code: number;
  name: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
  predicted: number;
}

export interface CoveragePoint {
  threshold: number;
  coverage: number;
  precision: number;
}

export interface CoverageTarget {
  precision: number;
  /** Lowest confidence reaching the precision on validation data, or null when none does. */
  threshold: number | null;
  /** Share of products filed automatically at that threshold. */
  coverage: number;
}

export interface PrecisionCoverage {
  /** By decreasing threshold. */
  curve: CoveragePoint[];
  targets: CoverageTarget[];
  n: number;
}

export interface ConfusionCell {
  truth: number;
  predicted: number;
  count: number;
  shareOfTruth: number;
}

export interface Misclassification {
  index: number;
  truth: number;
  predicted: number;
  confidence: number;
  /** Null when the server's data is not the data the model was validated on. */
  designation: string | null;
}

export interface PredictLatency {
  source: 'measured' | 'card';
  singleMs: { p50: number; p95: number; n: number };
  batchProductsPerSecond: number;
  batchSize: number;
}

export interface CurveSeries {
  name: string;
  kind: 'loss' | 'metric' | 'other';
  values: (number | null)[];
}

export interface TrainingCurves {
  source: string;
  epochs: number[];
  series: CurveSeries[];
  bestEpoch: number | null;
}

export interface TuneTrial {
  number: number;
  value: number | null;
  params: { [key: string]: JsonValue };
  seconds: number | null;
  state: string;
}

export interface TuneHistory {
  source: string;
  kind: string | null;
  metric: string | null;
  direction: 'maximize' | 'minimize';
  trials: TuneTrial[];
  best: TuneTrial | null;
}

/** One saved model as the Models page shows it. */
export interface ModelDetails {
  dir: string;
  id: string;
  kind: string;
  createdAt: string;
  demo: boolean;
  codeVersion: string;
  data: { source: string; fingerprint: string; nTrain: number; nValidation: number; classes: number[]; split: { validationFraction: number; seed: number } } | null;
  /** Whether the model was trained on the data the server explores; null without data. */
  sameData: boolean | null;
  metrics: { n: number; weightedF1: number; macroF1: number; accuracy: number; logLoss: number | null; ece: number | null } | null;
  trainingSeconds: number | null;
  sizeBytes: number;
  latency: PredictLatency | null;
  perClass: (NamedClassMetrics & { nameFr: string })[];
  /** Rows: true category, columns: predicted, both in `labels` order. */
  confusion: { labels: number[]; namesEn: string[]; namesFr: string[]; counts: number[][] } | null;
  topConfusions: ConfusionCell[];
  misclassified: Misclassification[];
  precisionCoverage: PrecisionCoverage | null;
  curves: TrainingCurves | null;
  tune: TuneHistory | null;
  components: { [key: string]: JsonValue } | null;
  params: { [key: string]: JsonValue };
  notes: string[];
  /** Whether it is the model the server serves now. */
  active: boolean;
}

export interface ModelComparisonRow {
  id: string;
  kind: string;
  weightedF1: number | null;
  macroF1: number | null;
  accuracy: number | null;
  trainingSeconds: number | null;
  sizeBytes: number;
  latencyP50Ms: number | null;
  batchProductsPerSecond: number | null;
  automatedAt95: number | null;
}

/** GET /api/models/summary: every registered model with a folder, best validation weighted F1 first. */
export interface ModelsSummaryResponse {
  activeId: string;
  /** The confidence under which the Review queue lists predictions now. */
  reviewThreshold: number;
  /** The validation precision the default review threshold aims at (0.95). */
  reviewPrecision: number;
  /** The data latency was timed on and misclassified titles come from; null when the server has none. */
  data: { dir: string; fingerprint: string } | null;
  models: ModelDetails[];
  comparison: ModelComparisonRow[];
  /** Registered models that could not be summarised (folder gone, held in memory, unreadable). */
  skipped: { id: string; dir: string | null; code: string; message: string }[];
  notes: string[];
}
