// A registered model as a worker loads it: its folder from the registry (fetched from the database when not on this host).

import { join } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import { loadModel } from '../models/model-store.js';
import type { ModelEntry } from '../storage/model-registry.js';
import type { Storage } from '../storage/storage.js';
import { localModelDir, MODEL_CACHE_DIR } from './model-folders.js';
import { servedModel, type ServedModel } from './served-model.js';
import { withAdditions } from './taxonomy-additions.js';

/**
 * The folder of model `id` of `storage`'s catalog on this host: its registered folder, or a copy fetched from the
 * database (PostgreSQL) into `<varDir>/model-cache`.
 * @throws ProdclassError MODEL_NOT_FOUND when the model is not registered or has no folder this host can load; the
 *   errors of localModelDir.
 */
export async function registeredModelDir(storage: Storage, id: string, varDir: string): Promise<{ entry: ModelEntry; dir: string }> {
  const entry = await storage.models.get(id);
  const dir = entry ? await localModelDir(storage, entry, join(varDir, MODEL_CACHE_DIR)) : null;
  if (!entry || !dir) throw new ProdclassError('MODEL_NOT_FOUND', `model ${id} of catalog "${storage.catalog}" has no folder this worker can load`);
  return { entry, dir };
}

/**
 * Loads model `id` of `storage`'s catalog with the categories added to it since, from its registered folder or a copy
 * fetched into `<varDir>/model-cache`.
 * @throws ProdclassError MODEL_NOT_FOUND when the model is not registered or has no folder this host can load; the
 *   errors of localModelDir and loadModel.
 */
export async function loadRegisteredModel(storage: Storage, id: string, varDir: string): Promise<ServedModel> {
  return loadModelFolder(storage, id, (await registeredModelDir(storage, id, varDir)).dir);
}

/**
 * Loads model `id` of `storage`'s catalog from `dir`, a folder of it already found (registeredModelDir), with the
 * categories added to it since.
 * @throws the errors of loadModel.
 */
export async function loadModelFolder(storage: Storage, id: string, dir: string): Promise<ServedModel> {
  const loaded = await loadModel(dir);
  const taxonomy = withAdditions(loaded.taxonomy, await storage.categoryAdditions.list(id));
  return servedModel({ id, model: loaded.model, card: loaded.card, dir, taxonomy });
}
