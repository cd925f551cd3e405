// Building the served model's similarity index from its catalog's labelled data, as a job: on this host or a worker.

import { join } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import type { Progress } from '../core/progress.js';
import { loadCatalog } from '../data/load-catalog.js';
import { catalogEntries } from '../models/similar/catalog-entries.js';
import { SIMILAR_INDEX_DIR, SimilarIndex } from '../models/similar/similar-index.js';
import { TEXT_EMBEDDER_DEFAULTS } from '../models/similar/text-embedder.js';
import type { Storage } from '../storage/storage.js';
import type { CatalogIndexes } from './catalog-index.js';
import { publishModelFolder } from './model-folders.js';
import type { ServedModel } from './served-model.js';

/** How an index job embeds (recorded in the job's input): the CLI's --dims and --seed. */
export interface IndexSettings extends JsonObject {
  dims: number;
  seed: number;
}

export const DEFAULT_INDEX_SETTINGS: IndexSettings = { dims: TEXT_EMBEDDER_DEFAULTS.dims, seed: 42 };

/** The settings a job's input records, the defaults for those it does not. */
export function indexSettingsOf(recorded: unknown): IndexSettings {
  const given = (recorded ?? {}) as { dims?: unknown; seed?: unknown };
  return {
    dims: typeof given.dims === 'number' ? given.dims : DEFAULT_INDEX_SETTINGS.dims,
    seed: typeof given.seed === 'number' ? given.seed : DEFAULT_INDEX_SETTINGS.seed,
  };
}

/**
 * Builds the text similarity index of the catalog at `source` (read as `served`'s card records it read its own data,
 * its categories under the model's taxonomy) and saves it to `modelDir/similar`, the place the model's index is read from.
 * @throws the errors of loadCatalog; Error when the folder cannot be written.
 */
export async function buildModelIndex(served: ServedModel, source: string, modelDir: string, settings: IndexSettings, progress?: Progress): Promise<JsonObject> {
  const started = performance.now();
  const reading = served.card.data?.reading;
  const catalog = await loadCatalog(source, { taxonomy: served.taxonomy, requireLabels: false, separator: reading?.separator, depth: reading?.depth, columns: reading?.columns });
  const index = await SimilarIndex.build(catalogEntries(catalog), { embedder: { dims: settings.dims, seed: settings.seed }, graph: { seed: settings.seed }, progress });
  await index.save(join(modelDir, SIMILAR_INDEX_DIR), {});
  return { products: index.size, dims: index.dims, seconds: (performance.now() - started) / 1000 };
}

/**
 * An index job run by the host that received it (no task queue): the index is built into the served model's own folder,
 * published with its files on PostgreSQL, and this host's indexes reopen it.
 * @throws ProdclassError MODEL_NOT_FOUND when the model was handed over in memory (no folder to index into).
 */
export async function runLocalIndexJob(request: { served: ServedModel; source: string; settings: IndexSettings; storage: Storage; indexes?: CatalogIndexes; progress?: Progress }): Promise<JsonObject> {
  const { served } = request;
  if (!served.dir) throw new ProdclassError('MODEL_NOT_FOUND', `model ${served.id} was handed over in memory and has no folder to build its index into; serve a model folder`);
  const result = await buildModelIndex(served, request.source, served.dir, request.settings, request.progress);
  await request.indexes?.forget(served.dir);
  await publishModelFolder(request.storage, served.id, served.dir);
  return result;
}
