// Classifying with the served model: on its worker threads when it has them, else in this thread.

import type { DenseMatrix } from '../core/dense-matrix.js';
import { classifyOne, type ClassifiedProduct } from '../models/classify-one.js';
import type { ProductInput } from '../models/product-model.js';
import { localModel, type ServedModel } from './served-model.js';

/** Pools only hold text models: the photo stays here rather than being copied to a thread that ignores it. */
const textOf = (input: ProductInput): ProductInput => ({ designation: input.designation, description: input.description });

/** One product's probabilities and, when asked, the explanation of its most likely class. */
export async function classifyServed(served: ServedModel, input: ProductInput, options: { explain: boolean; topTerms?: number }): Promise<ClassifiedProduct> {
  if (served.pool?.usable) return served.pool.classify(textOf(input), options);
  return classifyOne(await localModel(served), input, options);
}

/** Probabilities of a batch of products (a batch job's chunk), cut across the worker threads when there are some. */
export async function predictProbaServed(served: ServedModel, inputs: ProductInput[]): Promise<DenseMatrix> {
  if (served.pool?.usable) return served.pool.predictProba(inputs.map(textOf));
  return (await localModel(served)).predictProba(inputs);
}
