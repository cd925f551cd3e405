// The precision measured in production on reviewed spot checks, with its interval, beside the precision promised.

import type { Taxonomy } from '../taxonomy/index.js';
import { wilsonInterval } from './wilson-interval.js';

/** One model's spot checks: made, reviewed by a person, and confirmed right by that review. */
export interface SpotCheckCounts {
  modelId: string;
  checks: number;
  reviewed: number;
  correct: number;
}

/**
 * Spot checks of one model alike in what they filed and what the review said: `n` predictions filed under `code`
 * (or, for a tree model filing at a parent, under `filedCode`), whose latest feedback names `correctCode` (null:
 * not reviewed yet).
 */
export interface SpotCheckGroup {
  modelId: string;
  code: number;
  filedCode: number | null;
  correctCode: number | null;
  n: number;
}

/**
 * Per model, its spot checks made, reviewed and right. A product filed at a parent (the leaf was unsure) is right when
 * the reviewer's category lies under that parent, as its per-depth threshold promised; `taxonomyOf` gives the model's
 * taxonomy to tell (null when it cannot: such a check is then right only if the reviewer named the parent itself).
 */
export function tallySpotChecks(groups: readonly SpotCheckGroup[], taxonomyOf: (modelId: string) => Taxonomy | null): SpotCheckCounts[] {
  const byModel = new Map<string, SpotCheckCounts>();
  for (const g of groups) {
    let counts = byModel.get(g.modelId);
    if (!counts) byModel.set(g.modelId, (counts = { modelId: g.modelId, checks: 0, reviewed: 0, correct: 0 }));
    counts.checks += g.n;
    if (g.correctCode === null) continue;
    counts.reviewed += g.n;
    if (g.filedCode === null ? g.correctCode === g.code : within(taxonomyOf(g.modelId), g.filedCode, g.correctCode)) counts.correct += g.n;
  }
  return [...byModel.values()].sort((a, b) => (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));
}

function within(taxonomy: Taxonomy | null, parent: number, code: number): boolean {
  if (code === parent) return true;
  return taxonomy !== null && taxonomy.has(code) && taxonomy.ancestors(code).includes(parent);
}

/** The precision measured on one model's reviewed spot checks, beside the one it promised. */
export interface LivePrecision extends SpotCheckCounts {
  /** correct / reviewed; null before the first review. */
  precision: number | null;
  /** Its 95 % Wilson interval; null before the first review. */
  interval: [number, number] | null;
  /** The precision the automatic filings were promised (the review threshold's target). */
  promised: number;
}

/** What one model's spot-check counts say of the precision reached in production. */
export function livePrecision(counts: SpotCheckCounts, promised: number): LivePrecision {
  const measured = counts.reviewed > 0;
  return {
    ...counts,
    precision: measured ? counts.correct / counts.reviewed : null,
    interval: measured ? wilsonInterval(counts.correct, counts.reviewed) : null,
    promised,
  };
}
