// One product classified and (optionally) explained, in one pass where the model offers it: what the server and `predict` do.

import type { DenseMatrix } from '../core/dense-matrix.js';
import type { Explanation, ProductInput, ProductModel } from './product-model.js';

export interface ClassifiedProduct {
  /** One row of class probabilities, in `model.classes` order. */
  proba: DenseMatrix;
  /** Why the most likely class won; null when not asked for or the model cannot say. */
  explanation: Explanation | null;
}

/**
 * `model.predictExplained` when the model has it (its features computed once: about 0.5 ms saved per product
 * for text-linear on Rakuten descriptions), else `predictProba` then `explain` of the most likely class.
 */
export async function classifyOne(model: ProductModel, input: ProductInput, options: { explain: boolean; topTerms?: number }): Promise<ClassifiedProduct> {
  const topTerms = options.topTerms ?? 8;
  if (options.explain && model.predictExplained) return model.predictExplained(input, topTerms);
  const proba = await model.predictProba([input]);
  if (!options.explain || !model.explain) return { proba, explanation: null };
  return { proba, explanation: await model.explain(input, model.classes[proba.argmaxRows()[0]], topTerms) };
}
