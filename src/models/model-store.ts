// Saving and loading product models as model folders (manifest + weights), through the estimator registry.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import type { ModelCard } from '../core/model-card.js';
import { readModelFiles, restoreModelFolder, writeModelFolder, type ModelFolderFiles } from '../core/model-folder.js';
import { estimatorFromState } from '../core/registry.js';
import './registrations.js';
import { RAKUTEN_TAXONOMY, Taxonomy } from '../taxonomy/index.js';
import type { ProductModel } from './product-model.js';

/** The model's categories, saved beside its manifest. */
export const TAXONOMY_FILE = 'taxonomy.json';

export interface LoadedModel {
  model: ProductModel;
  card: ModelCard;
  dir: string;
  /** The categories the model's classes are keys of. */
  taxonomy: Taxonomy;
}

export async function saveModel(dir: string, model: ProductModel, card: ModelCard, taxonomy: Taxonomy): Promise<void> {
  await writeModelFolder(dir, model.getState(), card, { [TAXONOMY_FILE]: JSON.stringify(taxonomy.toJSON()) });
}

/**
 * The taxonomy saved in a model folder. Folders written before taxonomies were saved hold Rakuten models
 * (the only catalog prodclass read then), so a missing file means Rakuten's 27 codes.
 * @throws ProdclassError MODEL_CORRUPT for a file that is not a taxonomy.
 */
export async function readModelTaxonomy(dir: string): Promise<Taxonomy> {
  const path = join(dir, TAXONOMY_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return RAKUTEN_TAXONOMY;
    throw new ProdclassError('MODEL_CORRUPT', `cannot read ${path}`, { cause: error });
  }
  try {
    return Taxonomy.fromJSON(JSON.parse(text));
  } catch (error) {
    throw new ProdclassError('MODEL_CORRUPT', `${path} is not a taxonomy: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Loads the model folder at `dir`, rebuilding the estimator named by its manifest.
 * @param files the folder's files when another thread has read them already (`readModelFiles`).
 * @throws ProdclassError MODEL_NOT_FOUND, MODEL_CORRUPT, MODEL_UNKNOWN_KIND.
 */
export async function loadModel(dir: string, files?: ModelFolderFiles): Promise<LoadedModel> {
  const { state, card } = restoreModelFolder(files ?? (await readModelFiles(dir)));
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
  return { model, card, dir, taxonomy: await readModelTaxonomy(dir) };
}
