// The JSON shapes of the Explore and Models routes (dataset analysis, models summary), re-exported by api-types.ts.
//
// The routes send the analysis objects as they are (JSON.stringify, no response schema), so their shapes are the
// analysis types themselves, re-exported from the type-only files of src/analysis and src/evaluation (which import
// no server code, so the page's compile reads them too). Only what the routes add is declared here.

import type { LivePrecision } from '../evaluation/live-precision.js';
import type { CategoryCount, DistributionSummary, LanguageCount, TermScore } from '../analysis/dataset-analysis-types.js';
import type { ModelComparisonRow, ModelSummary } from '../analysis/models-summary-types.js';

export type { Json as JsonValue } from '../core/json.js';

// GET /api/explore sends a DatasetAnalysis, as `prodclass explore --json` prints it.
export type {
  CategoryCount,
  CategorySamples,
  CategoryTerms,
  DatasetAnalysis,
  DetectedLanguage,
  DistributionSummary,
  DuplicateAnalysis,
  DuplicateGroup,
  DuplicateProduct,
  FieldLengths,
  Histogram,
  ImageAnalysis,
  LanguageCount,
  LanguageMix,
  LengthDistribution,
  SampleProduct,
  TermScore,
  ValueDistribution,
} from '../analysis/dataset-analysis-types.js';

export type {
  Confusion as ConfusionCell,
  CurveSeries,
  Misclassification,
  ModelComparisonRow,
  PredictLatency,
  TrainingCurves,
  TuneHistory,
  TuneTrial,
} from '../analysis/models-summary-types.js';

export type { CoveragePoint, CoverageTarget, NamedClassMetrics, PrecisionCoverage } from '../evaluation/evaluation-types.js';

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

/** One saved model as the Models page shows it: its summary (`sameData` against the data the server explores), and whether it is served. */
export interface ModelDetails extends ModelSummary {
  /** Whether it is the model the server serves now. */
  active: boolean;
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

/** GET /api/models/summary: the summary, and what spot checks measure in production. */
export interface ModelsPageResponse extends ModelsSummaryResponse {
  /** Whether each category's own threshold applies too (--per-category-thresholds). */
  perCategoryThresholds: boolean;
  spotChecks: {
    /** The share of automatic filings sent to review as spot checks. */
    share: number;
    /** One entry per model that has had spot checks. */
    live: LivePrecision[];
  };
}
