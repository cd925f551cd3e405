// A model as the application serves it: its estimator here or on worker threads, its card, its folder and its registry id.

import type { ModelCard } from '../core/model-card.js';
import type { JsonObject } from '../core/estimator.js';
import type { ProductModel } from '../models/product-model.js';
import type { ModelEntry } from '../storage/model-registry.js';
import type { Taxonomy } from '../taxonomy/index.js';
import type { PooledModel } from './prediction-pool.js';
import { ProdclassError } from '../core/errors.js';
import { loadModel } from '../models/model-store.js';
import { depthThresholdListing } from './depth-threshold-listing.js';

export interface ServedModel {
  /** The registry id (the card's modelId). */
  id: string;
  /**
   * The estimator in this thread; null for a model that worker threads classify for, which this thread loads only when it
   * must classify itself (localModel).
   */
  model: ProductModel | null;
  /** The model's classes: the keys of its probability columns, in order. */
  classes: Int32Array;
  /** What the model reads of a product. */
  modalities: readonly ('text' | 'image')[];
  card: ModelCard;
  /** The model folder, or null for a model handed over in memory. */
  dir: string | null;
  /** The categories the model's classes are keys of. */
  taxonomy: Taxonomy;
  /** The model held by worker threads, while it is the active or previous one (text models served from a folder). */
  pool?: PooledModel | null;
}

/** A model loaded in this thread, as the application serves it. */
export function servedModel(loaded: { id: string; model: ProductModel; card: ModelCard; dir: string | null; taxonomy: Taxonomy }): ServedModel {
  return { ...loaded, classes: loaded.model.classes, modalities: loaded.model.modalities ?? ['text'] };
}

/**
 * The served model's estimator in this thread, loaded from its folder the first time it is needed (a model that worker
 * threads classify for, when they cannot).
 * @throws ProdclassError as loadModel.
 */
export function localModel(served: ServedModel): Promise<ProductModel> {
  if (served.model) return Promise.resolve(served.model);
  const dir = served.dir;
  if (!dir) return Promise.reject(new ProdclassError('INTERNAL', `model ${served.id} has neither an estimator in this thread nor a folder`));
  let loading = localLoads.get(served);
  if (!loading) {
    loading = loadModel(dir).then(({ model }) => (served.model = model));
    loading.catch(() => localLoads.delete(served));
    localLoads.set(served, loading);
  }
  return loading;
}

/** Loads in progress, so that requests arriving together load the model once. */
const localLoads = new WeakMap<ServedModel, Promise<ProductModel>>();

/** Fallback review threshold when a card has no precision-coverage record. */
export const DEFAULT_REVIEW_THRESHOLD = 0.5;

/** The precision the default review threshold aims at: products below it are not filed at this precision. */
export const REVIEW_PRECISION = 0.95;

interface CoverageTargetJson {
  precision: number;
  threshold: number | null;
}

/** The card's thresholds at 90/95/98 % validation precision (null where a precision is never reached). */
export function precisionThresholds(card: ModelCard): { precision: number; threshold: number | null }[] {
  const record = card.extra.precisionCoverage as { targets?: CoverageTargetJson[] } | undefined;
  return (record?.targets ?? []).map((t) => ({ precision: t.precision, threshold: t.threshold }));
}

/**
 * The confidence below which a prediction goes to review: the lowest threshold at which the model's validation
 * predictions were right 95 % of the time, or 0.5 when the card does not say.
 */
export function defaultReviewThreshold(card: ModelCard): number {
  const target = precisionThresholds(card).find((t) => t.precision === REVIEW_PRECISION);
  return target?.threshold ?? DEFAULT_REVIEW_THRESHOLD;
}

/** Whether a product is filed without a person ('auto') or goes to the Review queue ('review'). */
export type FilingDecision = 'auto' | 'review';

/**
 * The categories whose own validation predictions never reached the review precision (or were too few to
 * say): always reviewed when per-category thresholds apply. Empty for cards without per-category thresholds.
 */
export function alwaysReviewed(card: ModelCard): number[] {
  return categoryThresholdMap(card).size === 0 ? [] : [...categoryThresholdMap(card)].filter(([, t]) => t === null).map(([code]) => code);
}

/** The card's per-category thresholds (`extra.categoryThresholds`), code -> threshold or null (always review). */
export function categoryThresholdMap(card: ModelCard): Map<number, number | null> {
  const record = card.extra.categoryThresholds as { categories?: { code: number; threshold: number | null }[] } | undefined;
  return new Map((record?.categories ?? []).map((c) => [c.code, c.threshold]));
}

/**
 * Files `probability` for category `code` automatically when it reaches the review threshold and, with
 * `perCategory`, the category's own threshold too (a category without one is always reviewed).
 */
export function filingDecision(card: ModelCard, code: number, probability: number, reviewThreshold: number, perCategory = false): FilingDecision {
  if (probability < reviewThreshold) return 'review';
  if (!perCategory) return 'auto';
  const own = categoryThresholdMap(card);
  if (own.size === 0) return 'auto';
  const threshold = own.get(code);
  return threshold === undefined || threshold === null || probability < threshold ? 'review' : 'auto';
}

/**
 * Whether a product sent to review was held there by its category's own threshold: confident enough for the
 * catalog-wide `reviewThreshold`, so only the per-category rule of `filingDecision` sends it.
 */
export function heldByCategory(decision: FilingDecision, probability: number, reviewThreshold: number): boolean {
  return decision === 'review' && probability >= reviewThreshold;
}

/** What the registry keeps of a card: headline validation metrics and the facts a model list shows. */
export function registryEntryOf(card: ModelCard, dir: string | null): Omit<ModelEntry, 'registeredAt' | 'active' | 'catalog'> {
  const validation = (card.metrics.validation ?? {}) as JsonObject;
  const metrics: JsonObject = {};
  for (const key of ['weightedF1', 'macroF1', 'accuracy', 'n']) if (typeof validation[key] === 'number') metrics[key] = validation[key];
  const info: JsonObject = {
    source: card.data?.source ?? null,
    nTrain: card.data?.nTrain ?? null,
    nValidation: card.data?.nValidation ?? null,
    precisionTargets: precisionThresholds(card),
    // Beside the catalog-wide thresholds, so that a client comparing models sees where a tree model files at a parent.
    depthThresholds: depthThresholdListing(card) as unknown as JsonObject[] | null,
    retrain: (card.extra.retrain as JsonObject | undefined) ?? null,
  };
  return { id: card.modelId, dir, kind: card.kind, demo: card.demo, createdAt: card.createdAt, metrics, info };
}
