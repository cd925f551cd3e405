// Late fusion: mixing two models' class probabilities with weights fitted on held-out rows, per modality pattern.

import { DenseMatrix } from '../../core/dense-matrix.js';
import { meanLogLoss } from './head-metrics.js';

/** Which inputs a product has; each pattern gets its own mixing weight. */
export type ModalityPattern = 'both' | 'textOnly' | 'imageOnly' | 'none';

export function modalityPattern(hasText: number, hasImage: number): ModalityPattern {
  return hasText ? (hasImage ? 'both' : 'textOnly') : hasImage ? 'imageOnly' : 'none';
}

/** Weight of the CLIP fusion model per pattern; the text model gets 1 - w. */
export type FusionWeights = Record<ModalityPattern, number>;

/** Until fitted: the text path alone, and the image path alone for products without text. */
export const TEXT_FIRST_WEIGHTS: FusionWeights = Object.freeze({ both: 0, textOnly: 0, imageOnly: 1, none: 0 });

/** Held-out rows of a pattern below which its weight stays at TEXT_FIRST_WEIGHTS (too few to fit on). */
export const MIN_ROWS_TO_FIT = 20;

/** How a pattern's weight was chosen. */
export interface WeightFit {
  weight: number;
  rows: number;
  /** Mean log-loss of the text model alone, and of the chosen mix, on the pattern's held-out rows. */
  textLogLoss: number | null;
  mixLogLoss: number | null;
}

/**
 * p_i = (1 - w) text_i + w fusion_i, w the weight of row i's modality pattern. Rows stay probability vectors
 * (convex mix of two), so missing image -> text model (w = 0 unless fitted otherwise), missing text -> fusion model.
 */
export function mixProbabilities(text: DenseMatrix, fusion: DenseMatrix, patterns: readonly ModalityPattern[], weights: FusionWeights): DenseMatrix {
  const out = new DenseMatrix(text.rows, text.cols);
  for (let i = 0; i < text.rows; i++) {
    const w = weights[patterns[i]];
    const o = i * text.cols;
    for (let j = 0; j < text.cols; j++) out.data[o + j] = (1 - w) * text.data[o + j] + w * fusion.data[o + j];
  }
  return out;
}

/**
 * For the 'both' and 'textOnly' patterns, the w in {0, step, 2 step, ..., 1} of lowest mean log-loss on the held-out
 * rows of that pattern; ties and near-ties (within `tolerance`) go to the smaller w, so a modality that does
 * not help keeps weight 0 and the mix is never worse than the text model on the rows it was fitted on.
 * 'imageOnly' is always 1 (the text model has nothing to read), 'none' 0.
 */
export function fitFusionWeights(
  text: DenseMatrix,
  fusion: DenseMatrix,
  yIndex: ArrayLike<number>,
  patterns: readonly ModalityPattern[],
  step = 0.05,
  tolerance = 1e-3,
): { weights: FusionWeights; fits: Record<'both' | 'textOnly', WeightFit> } {
  const weights: FusionWeights = { ...TEXT_FIRST_WEIGHTS };
  const fits = {} as Record<'both' | 'textOnly', WeightFit>;
  for (const pattern of ['both', 'textOnly'] as const) {
    const rows = patterns.flatMap((p, i) => (p === pattern ? [i] : []));
    if (rows.length < MIN_ROWS_TO_FIT) {
      fits[pattern] = { weight: weights[pattern], rows: rows.length, textLogLoss: null, mixLogLoss: null };
      continue;
    }
    const textLoss = meanLogLoss(text, yIndex, rows);
    let best = { w: 0, loss: textLoss };
    const steps = Math.round(1 / step);
    for (let s = 1; s <= steps; s++) {
      const w = s / steps;
      const loss = mixedLogLoss(text, fusion, yIndex, rows, w);
      if (loss < best.loss - tolerance) best = { w, loss };
    }
    weights[pattern] = best.w;
    fits[pattern] = { weight: best.w, rows: rows.length, textLogLoss: textLoss, mixLogLoss: best.loss };
  }
  return { weights, fits };
}

function mixedLogLoss(text: DenseMatrix, fusion: DenseMatrix, yIndex: ArrayLike<number>, rows: number[], w: number): number {
  let sum = 0;
  for (const i of rows) {
    const p = (1 - w) * text.get(i, yIndex[i]) + w * fusion.get(i, yIndex[i]);
    sum -= Math.log(Math.max(p, 1e-15));
  }
  return sum / rows.length;
}
