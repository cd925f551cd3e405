// The JSON shapes of the HTTP API, shared by the server, its tests and the web page (the page imports only this file, and only types).

import type { Explanation } from '../models/explanation.js';
import type { LivePrecision } from '../evaluation/live-precision.js';

// The Explore and Models shapes live beside it, the explanation of a prediction with the models; they and what they
// re-export are type-only files that import no server code.
export type * from './api-insight-types.js';
export type { Explanation, TermContribution } from '../models/explanation.js';

export type Modality = 'text' | 'image';
export type { LivePrecision } from '../evaluation/live-precision.js';

export interface ErrorResponse {
  /** Stable error code (see ERROR_CODES in src/core/errors.ts). */
  error: string;
  message: string;
  /** The request's id, as in the server's log lines: quote it when reporting a problem. */
  requestId?: string;
}

/** A category of the active model's taxonomy. */
export interface Category {
  /** The key models predict: the category's id itself when the taxonomy's ids are numbers (Rakuten's codes). */
  code: number;
  /** The category's id in its taxonomy. */
  id: string;
  /** The name in the taxonomy's default language. */
  name: string;
  /** Names from the top level down to this category. */
  path: string[];
  /** The parent's code, or null at the top level. */
  parent: number | null;
  depth: number;
  /** Names by language, where the taxonomy has several. */
  names: Record<string, string>;
  /** The French and English names (the default name where the taxonomy has none in that language), as clients of the 27-code API read them. */
  fr: string;
  en: string;
}

export interface RankedPrediction {
  code: number;
  /** The category's id in the model's taxonomy (for Rakuten, its code as text). */
  id?: string;
  /** Name in the taxonomy's default language; the page shows its own language from /api/categories. */
  name: string;
  /** Names from the top level down (one name in a flat taxonomy). */
  path?: string[];
  probability: number;
}

export interface ModelRef {
  id: string;
  kind: string;
  demo: boolean;
}

/** How sure the model is, in words: high at or above the 95 %-precision threshold, low below the review threshold. */
export interface Confidence {
  level: 'high' | 'medium' | 'low';
  /** The top class's probability. */
  value: number;
  /** Predictions under this go to the review queue. */
  reviewThreshold: number;
  /** At or above this, validation predictions were right 95 % of the time (null when the card does not say). */
  highThreshold: number | null;
  /** auto: filed without a person (at or above the review threshold); review: sent to the Review queue. */
  decision: 'auto' | 'review';
  /**
   * Tree models with per-depth thresholds only: the depth the product is filed at (the response's `decision`; 1 = top
   * level, shallower than the best prediction's when its leaf was unsure), 0 when no depth reached its threshold.
   */
  filedDepth?: number;
}

export interface PredictRequest {
  /** The product title (`designation`, the challenge's name for it, is accepted too: one of the two is required). */
  title?: string;
  designation?: string;
  description?: string;
  /**
   * For a tree taxonomy: answer in `decision` the deepest category whose probability reaches this (back-off to a surer
   * parent); without it, `decision` is the most probable category.
   */
  minConfidence?: number;
  /** Who asks: 'page' for the web page's as-you-type previews (kept off the review queue), 'api' otherwise. */
  origin?: 'api' | 'page';
  /** Include the explanation (default true). */
  explain?: boolean;
}

export interface PredictResponse {
  /** Send it back with POST /api/feedback to confirm or correct this prediction. */
  predictionId: number;
  predictions: RankedPrediction[];
  /**
   * The category to file the product under: the best prediction, or its surest ancestor reaching `minConfidence`; for
   * a tree model with per-depth thresholds (without `minConfidence`), the deepest category of its surest path reaching
   * its depth's threshold (a parent when the leaf is unsure), or the best prediction when it goes to review.
   */
  decision: RankedPrediction & { depth: number };
  model: ModelRef;
  /** The inputs the model actually read: 'image' only when an image was given and the model reads images. */
  modalities: Modality[];
  imageGiven: boolean;
  confidence: Confidence;
  /** Filed automatically and also sent to the Review queue as a spot check (a random share; see --spot-check-share). */
  spotCheck: boolean;
  explanation: Explanation | null;
  latencyMs: number;
}

export interface HealthResponse {
  status: 'ok';
  model: string;
  kind: string;
  demo: boolean;
  modalities: Modality[];
  uptimeSeconds: number;
  /** Whether admin actions are enabled (PRODCLASS_ADMIN_TOKEN is set). */
  admin: boolean;
  /** Whether feedback needs a reviewer token (PRODCLASS_REVIEWER_TOKENS is set). */
  reviewers: boolean;
  /** Worker threads classifying for the active model (0: the server's own thread). */
  predictWorkers: number;
  /** The database behind predictions, feedback, jobs and models, and whether it answered just now (GET /api/ready fails when not). */
  storage: StorageHealth;
}

export interface StorageHealth {
  backend: 'sqlite' | 'postgres';
  up: boolean;
  /** Round trip of a trivial query, in ms; null when it failed. */
  latencyMs: number | null;
  /** Why it did not answer, when it did not. */
  error?: string;
}

export interface CategoriesResponse {
  /** The taxonomy's name ("rakuten", "learnt from labels", the taxonomy file's name). */
  taxonomy: string;
  /** True when some category has a parent. */
  tree: boolean;
  categories: readonly Category[];
}

/** One target precision's per-depth thresholds as GET /api/models lists them. */
export interface DepthThresholdListing {
  targetPrecision: number;
  /** Per depth (1 = top level): its threshold (null: nothing filed there), and the share of held-out products filed there and their precision. */
  depths: { depth: number; threshold: number | null; share: number; precision: number | null }[];
}

export interface PrecisionTarget {
  precision: number;
  threshold: number | null;
}

export interface RetrainGate {
  baseModelId: string;
  baseWeightedF1: number;
  newModelId: string;
  newWeightedF1: number;
  validationRows: number;
  passed: boolean;
}

export interface ModelSummary {
  id: string;
  kind: string;
  demo: boolean;
  createdAt: string;
  active: boolean;
  /** False when its folder is gone (it cannot be activated). */
  available: boolean;
  metrics: { weightedF1?: number; macroF1?: number; accuracy?: number; n?: number };
  precisionTargets: PrecisionTarget[];
  /**
   * A tree model's per-depth thresholds, per target precision: at each depth the threshold and the share of held-out
   * products filed there and their precision (see the card's `extra.depthThresholds`); null for a flat model or a
   * card without them.
   */
  depthThresholds: DepthThresholdListing[] | null;
  source: string | null;
  /** For a model made by retraining: the gate it went through. */
  retrain: { baseModelId: string; feedbackRows: number; gate: RetrainGate } | null;
  /** The precision its reviewed spot checks measure in production; null before its first spot check. */
  livePrecision: LivePrecision | null;
}

export interface ModelsResponse {
  activeId: string;
  models: ModelSummary[];
}

export interface ActivateResponse {
  active: ModelSummary;
}

export interface FeedbackRequest {
  /** The right category's id (or full path) in the active model's taxonomy; or give correctCode, or newCategory. */
  category?: string;
  /** A category the taxonomy lacks, created under `parent` (a category id; absent for the top level). */
  newCategory?: { name: string; parent?: string };
  predictionId: number;
  /** The right category's code (its key in the taxonomy). */
  correctCode?: number;
}

export interface FeedbackItem {
  id: number;
  predictionId: number;
  correctCode: number;
  correctName: string;
  predictedCode: number;
  predictedName: string;
  /** True when the feedback confirms the prediction. */
  accepted: boolean;
  designation: string;
  imageUrl: string | null;
  modelId: string;
  createdAt: string;
  /** Who sent it, when the server has reviewer tokens ("admin" for the admin token); null otherwise. */
  reviewer: string | null;
}

export interface FeedbackListResponse {
  total: number;
  items: FeedbackItem[];
}

export interface ReviewItem {
  predictionId: number;
  createdAt: string;
  origin: 'api' | 'page' | 'batch';
  modelId: string;
  jobId: string | null;
  designation: string;
  description: string;
  imageUrl: string | null;
  confidence: number;
  /** Best first; the first is the prediction under review. */
  top: RankedPrediction[];
  /** A spot check: confident enough to be filed automatically, listed so that a person measures the live precision. */
  spotCheck: boolean;
  /** Confident enough for the catalog's threshold, held by its category's own (per-category thresholds are on). */
  held: boolean;
  /**
   * A tree model filed it automatically at this parent, its leaf being unsure: it is in the catalog there already, and
   * listed so that a person picks the leaf. Null otherwise.
   */
  filedAt: { code: number; name: string; path: string[]; depth: number } | null;
}

export interface ReviewResponse {
  threshold: number;
  defaultThreshold: number;
  total: number;
  items: ReviewItem[];
}

export interface BatchSummary {
  rows: number;
  failed: number;
  counts: { code: number; name: string; count: number }[];
  lowConfidence: number;
  lowConfidenceShare: number;
  lowConfidenceThreshold: number;
  /** The first bad rows, with their line in the uploaded CSV. */
  errors: { line: number; message: string }[];
  seconds: number;
  /** What the images zip gave, when there was one. */
  images: { extracted: number; skipped: number; examples: { name: string; reason: string }[] } | null;
  /**
   * For a catalog file whose model reads photos: distinct photo cells, how many had a photo, and what could not be had
   * (URLs that failed with the reason, files the upload did not bring); those rows were classified from their text.
   */
  photos: { cells: number; found: number; failed: { url: string; reason: string }[]; notUploaded: string[] } | null;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobResponse {
  id: string;
  kind: 'batch' | 'retrain' | 'audit' | 'index';
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  modelId: string | null;
  /** 0..1, from the share of the CSV read (batch) or the stage reached (retraining). */
  fraction: number;
  rowsDone: number;
  stage: string | null;
  fileName: string | null;
  /** Batch jobs: counts so far, complete once done. */
  summary: BatchSummary | null;
  /** Retraining: the gate, once done. */
  gate: RetrainGate | null;
  activated: boolean | null;
  /**
   * Retraining onto a new taxonomy version: categories renamed, moved, merged, split, removed, unchanged; and, once
   * done, the original and feedback rows left out because their category was split or removed. Null otherwise.
   */
  taxonomyChange: { counts: Record<string, number>; unmapped: { rows: number; feedback: number } | null } | null;
  message: string | null;
  /** Where to download the result CSV (batch jobs), available while running too (rows so far); an audit's suspects once done. */
  resultUrl: string | null;
}

export interface JobsResponse {
  jobs: JobResponse[];
}

/** One audit suspect as the Audit page shows it (see `prodclass audit`), with category paths and the decision taken. */
export interface AuditSuspectItem {
  id: string;
  row: number;
  title: string;
  given: string;
  suggested: string;
  givenName: string;
  suggestedName: string;
  givenProbability: number;
  suggestedProbability: number;
  score: number;
  words: string[];
  reason: 'confident-learning' | 'duplicate-conflict';
  sameParent: boolean;
  decision: 'keep' | 'move' | null;
}

export interface AuditResponse {
  job: JobResponse;
  /** Best first; empty until the job is done. */
  suspects: AuditSuspectItem[];
  noise: { given: string; suggested: string; estimatedCount: number }[];
}

export interface AuditDecisionResponse {
  row: number;
  decision: 'keep' | 'move';
  /** The feedback row a move recorded (retraining learns it), null for keep. */
  feedbackId: number | null;
}
