// Saving and loading product models as model folders (manifest + weights), through the estimator registry.

import { ProdclassError } from '../core/errors.js';
import type { ModelCard } from '../core/model-card.js';
import { readModelFolder, writeModelFolder } from '../core/model-folder.js';
import { estimatorFromState } from '../core/registry.js';
import './registrations.js';
import type { ProductModel } from './product-model.js';

export interface LoadedModel {
  model: ProductModel;
  card: ModelCard;
  dir: string;
}

export async function saveModel(dir: string, model: ProductModel, card: ModelCard): Promise<void> {
  await writeModelFolder(dir, model.getState(), card);
}

/**
 * Loads the model folder at `dir`, rebuilding the estimator named by its manifest.
 * @throws ProdclassError MODEL_NOT_FOUND, MODEL_CORRUPT, MODEL_UNKNOWN_KIND.
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const { state, card } = await readModelFolder(dir);
  let model: ProductModel;
  try {
    model = estimatorFromState<ProductModel>(state);
  } catch (error) {
    if (error instanceof ProdclassError) throw error;
    throw new ProdclassError('MODEL_CORRUPT', `cannot rebuild the model in ${dir}: ${(error as Error).message}`, { cause: error });
  }
  if (typeof model.predictProba !== 'function') {
    throw new ProdclassError('MODEL_CORRUPT', `${dir} holds a "${state.kind}", which is not a product classifier`);
  }
  return { model, card, dir };
}
