// Building the served model's similarity index from its catalog's labelled data, as a job: on this host or a worker.

import { join } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import type { Progress } from '../core/progress.js';
import type { Catalog } from '../data/catalog.js';
import { loadCatalog, readAsRecorded } from '../data/load-catalog.js';
import type { ClipSpec } from '../models/clip/clip-spec.js';
import { catalogEntries } from '../models/similar/catalog-entries.js';
import { SIMILAR_INDEX_DIR, SimilarIndex } from '../models/similar/similar-index.js';
import { taxonomyFile } from '../models/similar/similar-view.js';
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

/** What building an index reports: where it went, what it holds, how long it took. */
export interface IndexBuilt extends JsonObject {
  dir: string;
  products: number;
  dims: number;
  photos: number;
  seconds: number;
}

/**
 * Builds the similarity index of a loaded catalog and saves it in `dir`: the one way prodclass builds an index (the
 * CLI, a job on this host, a worker's task).
 * @param options.photos embeds the catalog's photos with CLIP too.
 * @param options.withTaxonomy keeps a copy of the catalog's taxonomy in `dir`, for an index outside a model folder.
 * @throws Error when the folder cannot be written; the embedder's errors.
 */
export async function saveCatalogIndex(
  catalog: Catalog,
  dir: string,
  options: { settings: IndexSettings; photos?: { spec: ClipSpec; cacheRoot: string | null }; withTaxonomy?: boolean; progress?: Progress },
): Promise<IndexBuilt> {
  const started = performance.now();
  const { settings } = options;
  const index = await SimilarIndex.build(catalogEntries(catalog), { embedder: { dims: settings.dims, seed: settings.seed }, graph: { seed: settings.seed }, photos: options.photos, progress: options.progress });
  await index.save(dir, options.withTaxonomy ? taxonomyFile(catalog.taxonomy) : {});
  return { dir, products: index.size, dims: index.dims, photos: index.photoCount, seconds: (performance.now() - started) / 1000 };
}

/**
 * Builds the text similarity index of the catalog at `source` (read as `served`'s card records it read its own data,
 * its categories under the model's taxonomy) and saves it to `modelDir/similar`, the place the model's index is read from.
 * @throws the errors of loadCatalog and saveCatalogIndex.
 */
export async function buildModelIndex(served: ServedModel, source: string, modelDir: string, settings: IndexSettings, progress?: Progress): Promise<Omit<IndexBuilt, 'dir'>> {
  const catalog = await loadCatalog(source, { taxonomy: served.taxonomy, requireLabels: false, ...readAsRecorded(served.card.data?.reading) });
  // The folder is the model's own (or a worker's staging copy): not a figure for the job's record.
  const { products, dims, photos, seconds } = await saveCatalogIndex(catalog, join(modelDir, SIMILAR_INDEX_DIR), { settings, progress });
  return { products, dims, photos, seconds };
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
