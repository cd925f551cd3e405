// A card's per-depth thresholds, compact, as the model registry lists them (GET /api/models) beside its catalog-wide ones.

import type { ModelCard } from '../core/model-card.js';

/** One target precision's per-depth thresholds as a model list shows them: per depth its threshold and the share and precision it filed on the held-out rows. */
export interface DepthThresholdListing {
  targetPrecision: number;
  depths: { depth: number; threshold: number | null; share: number; precision: number | null }[];
}

/** The card's per-depth thresholds, compact (what a client comparing models needs), or null when it has none (a flat taxonomy, an older card). */
export function depthThresholdListing(card: ModelCard): DepthThresholdListing[] | null {
  const record = card.extra.depthThresholds as { targets?: { targetPrecision: number; depths: DepthThresholdListing['depths'] }[] } | undefined;
  if (!record?.targets?.length) return null;
  return record.targets.map((t) => ({
    targetPrecision: t.targetPrecision,
    depths: t.depths.map((d) => ({ depth: d.depth, threshold: d.threshold, share: d.share, precision: d.precision })),
  }));
}
