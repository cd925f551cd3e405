// Scores of a multi-part model's parts on the same rows (text alone, image alone, CLIP fusion, late fusion), for its card.

import type { Json, JsonObject } from '../core/estimator.js';
import { classificationMetrics } from '../evaluation/classification-metrics.js';
import type { ProductInput, ProductModel } from '../models/product-model.js';

/**
 * For each part named by `model.componentProba`: weighted F1, macro F1 and accuracy on all the given rows, and on
 * the rows that have an image (where the parts differ most). Null for models without parts.
 */
export async function componentMetrics(model: ProductModel, inputs: ProductInput[], truth: Int32Array): Promise<JsonObject | null> {
  if (!model.componentProba || inputs.length === 0) return null;
  const parts = await model.componentProba(inputs);
  const withImage = inputs.flatMap((p, i) => (p.image ? [i] : []));
  const score = (predicted: Int32Array, rows: number[] | null): Json => {
    if (rows !== null && rows.length === 0) return null;
    const yTrue = rows ? rows.map((i) => truth[i]) : truth;
    const yPred = rows ? rows.map((i) => predicted[i]) : predicted;
    const m = classificationMetrics(yTrue, yPred);
    return { n: m.n, weightedF1: m.weightedF1, macroF1: m.macroF1, accuracy: m.accuracy };
  };
  const out: JsonObject = {};
  for (const [name, proba] of Object.entries(parts)) {
    const predicted = proba.argmaxRows().map((j) => model.classes[j]);
    out[name] = { all: score(predicted, null), withImage: score(predicted, withImage) };
  }
  return out;
}
