// A tree model's filing under its card's per-depth thresholds: the category filed at (a parent when the leaf is unsure), its depth, auto or review.

import type { ModelCard } from '../core/model-card.js';
import { decisionOf, rankedPrediction, type RankedPrediction } from '../models/top-predictions.js';
import { backOff, filedDepth, surestPath, type PathStep, type Taxonomy } from '../taxonomy/index.js';
import { categoryThresholdMap, defaultReviewThreshold, filingDecision, REVIEW_PRECISION, type FilingDecision } from './served-model.js';

/** Where a tree model files a product. */
export interface DepthFiling {
  /** The category filed at: the step of the surest path at `depth`, or its deepest step when nothing reached a threshold. */
  key: number;
  /** That category's probability (its descendants' summed). */
  probability: number;
  /** Depth filed at (1 = top level); 0 when no depth reached its threshold and the product goes to review. */
  depth: number;
  decision: FilingDecision;
}

/**
 * The card's per-depth thresholds at `precision` (`thresholds[d - 1]` for depth d; null where nothing is filed), or null
 * when the card has none (a flat taxonomy, or a model trained before they existed): its products are filed as a flat
 * model's.
 */
export function depthThresholdsOf(card: ModelCard, precision = REVIEW_PRECISION): (number | null)[] | null {
  return depthThresholdTargets(card).find((t) => t.targetPrecision === precision)?.thresholds ?? null;
}

/** Every target precision the card has per-depth thresholds for (90/95/98 %), with them; empty when it has none. */
export function depthThresholdTargets(card: ModelCard): { targetPrecision: number; thresholds: (number | null)[] }[] {
  const record = card.extra.depthThresholds as { targets?: { targetPrecision: number; depths: { threshold: number | null }[] }[] } | undefined;
  return (record?.targets ?? []).map((t) => ({ targetPrecision: t.targetPrecision, thresholds: t.depths.map((d) => d.threshold) }));
}

/**
 * Files a product of a tree model at the deepest step of its surest path `path` whose probability reaches its depth's
 * 95 % threshold; a review threshold other than the card's own (a server or job setting) is a floor at every depth
 * (a team asking for more care gets it at the parents too). Review when no depth reaches; with `perCategory`, a leaf
 * filing whose class has its own threshold must reach it too (else review, as for a flat model). Null when the card
 * has no per-depth thresholds.
 */
export function depthFiling(card: ModelCard, path: readonly PathStep[], reviewThreshold: number, perCategory = false): DepthFiling | null {
  const thresholds = depthThresholdsOf(card);
  if (thresholds === null || path.length === 0) return null;
  const floor = reviewThreshold === defaultReviewThreshold(card) ? 0 : reviewThreshold;
  const depth = filedDepth(path, thresholds, floor);
  const step = path[Math.max(depth, 1) - 1];
  if (depth === 0) return { ...path[path.length - 1], depth, decision: 'review' };
  if (perCategory) {
    const own = categoryThresholdMap(card);
    if (own.has(step.key)) {
      const t = own.get(step.key);
      if (t === null || t === undefined || step.probability < t) return { ...step, depth, decision: 'review' };
    }
  }
  return { ...step, depth, decision: 'auto' };
}

/** The category filed at when a tree model filed a product automatically elsewhere than at its best class (a parent), else null: what its prediction record keeps. */
export function filedElsewhere(filing: DepthFiling | null, bestCode: number): number | null {
  return filing !== null && filing.decision === 'auto' && filing.key !== bestCode ? filing.key : null;
}

/** Columns a tree model with per-depth thresholds adds to batch results (the API's catalog batch and `predict --data`): the category filed at (a parent when the leaf was unsure) and its depth; empty when reviewed. */
export const FILED_RESULT_COLUMNS = ['filed_id', 'filed_path', 'filed_depth'] as const;

/** The values of FILED_RESULT_COLUMNS for `filing` (three empty cells when reviewed or not filed by depth). */
export function filedColumnValues(taxonomy: Taxonomy, filing: DepthFiling | null): [string, string, string] {
  if (!filing || filing.depth === 0) return ['', '', ''];
  return [taxonomy.get(filing.key).id, taxonomy.pathString(filing.key), String(filing.depth)];
}

/** What a product is filed under: the answer of the API's predict and of `prodclass predict`. */
export interface ProductFiling {
  /**
   * The category answered: where a tree model filed it automatically by its per-depth thresholds (a parent when the
   * leaf is unsure), unless `minConfidence` asks for its back-off; otherwise the most probable class, or with
   * `minConfidence` its surest ancestor reaching it.
   */
  decision: RankedPrediction & { depth: number };
  /** The per-depth filing (auto or review, its depth); null for a flat taxonomy or a card without per-depth thresholds. */
  filing: DepthFiling | null;
  /** Filed without a person (auto) or sent to review: by the per-depth filing when there is one, else by `filingDecision`. */
  outcome: FilingDecision;
}

/**
 * Files one product from its probabilities `p` (over `classes`) as the API does, for any caller: by the card's
 * per-depth thresholds for a tree model that has them (see depthFiling), else the flat answer.
 */
export function productFiling(
  taxonomy: Taxonomy,
  card: ModelCard,
  classes: Int32Array,
  p: ArrayLike<number>,
  options: { reviewThreshold: number; perCategory?: boolean; minConfidence?: number },
): ProductFiling {
  const filing = taxonomy.isTree ? depthFiling(card, surestPath(taxonomy, classes, p), options.reviewThreshold, options.perCategory ?? false) : null;
  const best = backOff(taxonomy, classes, p);
  const outcome = filing?.decision ?? filingDecision(card, best.key, best.probability, options.reviewThreshold, options.perCategory ?? false);
  const decision =
    filing?.decision === 'auto' && options.minConfidence === undefined
      ? { ...rankedPrediction(taxonomy, filing.key, filing.probability), depth: filing.depth }
      : decisionOf(taxonomy, classes, p, options.minConfidence);
  return { decision, filing, outcome };
}
