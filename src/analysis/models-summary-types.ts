// The JSON shapes of the models summary (the Models page, GET /api/models/summary, the report): types only, so the web page can read them.

import type { DataProvenance } from '../core/data-provenance.js';
import type { JsonObject } from '../core/json.js';
import type { NamedClassMetrics, PrecisionCoverage } from '../evaluation/evaluation-types.js';
import type { DepthThresholdSet } from '../evaluation/depth-thresholds.js';

/** Headline validation metrics of a model. */
export interface ModelMetrics {
  n: number;
  weightedF1: number;
  macroF1: number;
  accuracy: number;
  logLoss: number | null;
  ece: number | null;
}

export interface PredictLatency {
  /** measured: timed while building the summary; card: recorded in the model card at training. */
  source: 'measured' | 'card';
  /** Milliseconds to classify one product, on this machine, one call at a time. */
  singleMs: { p50: number; p95: number; n: number };
  /** Products per second classifying a batch of `batchSize` in one call. */
  batchProductsPerSecond: number;
  batchSize: number;
}

/** One off-diagonal cell of a confusion matrix. */
export interface Confusion {
  truth: number;
  predicted: number;
  count: number;
  /** count / products of the true category (its recall lost to this cell). */
  shareOfTruth: number;
}

/** A validation product the model got wrong (what a click on a confusion cell lists). */
export interface Misclassification {
  index: number;
  truth: number;
  predicted: number;
  /** The model's probability for its (wrong) top class. */
  confidence: number;
  /** The product's title when the summary was given the data the model was validated on, else null. */
  designation: string | null;
}

export interface CurveSeries {
  /** The field name as the model wrote it (trainLoss, validationLoss, validationWeightedF1, learningRate...). */
  name: string;
  /** loss: lower is better; metric: F1, accuracy, precision or recall; other: learning rate, seconds. */
  kind: 'loss' | 'metric' | 'other';
  /** One value per entry of `epochs`; null where that epoch lacks it. */
  values: (number | null)[];
}

export interface TrainingCurves {
  /** Where in the card the curves were found, e.g. "extra.curves" or "extra.training.head.history". */
  source: string;
  epochs: number[];
  series: CurveSeries[];
  /** The epoch whose weights were kept, when the card says. */
  bestEpoch: number | null;
}

export interface TuneTrial {
  number: number;
  /** The objective (e.g. cross-validated weighted F1), or null for a failed or pruned trial. */
  value: number | null;
  params: JsonObject;
  seconds: number | null;
  /** complete, pruned, failed... as the log says; "complete" when it does not. */
  state: string;
}

export interface TuneHistory {
  /** The file read, or "card" when the history came from the model card. */
  source: string;
  /** The model kind searched, when the log says. */
  kind: string | null;
  /** What `value` measures, when the log says (e.g. "weightedF1"). */
  metric: string | null;
  direction: 'maximize' | 'minimize';
  trials: TuneTrial[];
  /** The best complete trial, or null. */
  best: TuneTrial | null;
}

export interface ModelSummary {
  dir: string;
  id: string;
  kind: string;
  createdAt: string;
  demo: boolean;
  codeVersion: string;
  data: DataProvenance | null;
  /** Whether the model was trained on the data given to the summary (same fingerprint); null without data. */
  sameData: boolean | null;
  /** On the model's held-out validation rows, from its card; null when it was trained without validation. */
  metrics: ModelMetrics | null;
  trainingSeconds: number | null;
  /** Bytes of all files in the model folder. */
  sizeBytes: number;
  latency: PredictLatency | null;
  perClass: (NamedClassMetrics & { nameFr: string })[];
  /** Rows: true category, columns: predicted, both in `labels` order. */
  confusion: { labels: number[]; namesEn: string[]; namesFr: string[]; counts: number[][] } | null;
  topConfusions: Confusion[];
  /**
   * For a tree taxonomy, the largest confusions once true and predicted categories are cut to each depth above the
   * leaves (a knife taken for a pan is a Kitchen-Kitchen hit at depth 2), with the categories' names.
   */
  confusionsByDepth: Array<{ depth: number; confusions: Array<Confusion & { truthName: string; predictedName: string }> }>;
  /** Validation products behind the confusion cells (a few per cell, most confident first). */
  misclassified: Misclassification[];
  /** Saved with the model at training: automation share at each target precision, and the curve. */
  precisionCoverage: PrecisionCoverage | null;
  /**
   * Categories whose own validation predictions never reached 95 % precision (or were too few to say): with
   * per-category thresholds, their products always go to review. Empty when the card has no per-category thresholds.
   */
  alwaysReviewed: { code: number; name: string; nameFr: string; predicted: number }[];
  /**
   * For a tree taxonomy: per target precision, each depth's threshold and the share and precision it files on the
   * held-out rows (a product filed at a parent counts as right when its true category lies under it); how they were
   * chosen (`rule`) and on which rows (`source`). Null for a flat taxonomy or a card without them.
   */
  depthThresholds: { rule: string; source: string; targets: DepthThresholdSet[] } | null;
  curves: TrainingCurves | null;
  tune: TuneHistory | null;
  /** Scores of a multi-part model's parts (text, image, fusion), as its card records them. */
  components: JsonObject | null;
  params: JsonObject;
  /** Why something is missing (no latency measured, a tune log unreadable...). */
  notes: string[];
}

/** One row of the side-by-side comparison (quality against cost). */
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
  /** Share filed automatically at 95 % precision (validation estimate), or null. */
  automatedAt95: number | null;
}

/** What summarizeModels returns (the report's models part). */
export interface ModelsSummary {
  format: 'prodclass-models-summary';
  version: number;
  createdAt: string;
  /** Best validation weighted F1 first; models without metrics last. */
  models: ModelSummary[];
  comparison: ModelComparisonRow[];
  /** Folders that could not be read, with the error. */
  skipped: { dir: string; code: string; message: string }[];
}
