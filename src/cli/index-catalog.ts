// `prodclass index`: build the similarity index of a catalog, inside a model folder (--model) or on its own (--out).

import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import { readManifest } from '../core/model-folder.js';
import { readModelTaxonomy } from '../models/model-store.js';
import { SIMILAR_INDEX_DIR } from '../models/similar/similar-index.js';
import { TEXT_EMBEDDER_DEFAULTS } from '../models/similar/text-embedder.js';
import { openStorage } from '../storage/storage.js';
import { publishModelFolder } from '../workflows/model-folders.js';
import { saveCatalogIndex, type IndexBuilt } from '../workflows/model-index-build.js';
import { addCatalogOptions, loadCatalogWith, type CatalogCliOptions } from './data-options.js';
import { addDatabaseOption, databaseUrlOf } from './database-option.js';
import { intOption, printJson } from './options.js';
import { terminalProgress } from './progress-bar.js';
import { CLIP_MODEL_HELP, clipDtypeOption } from './clip-options.js';
import { defaultClipModel, embeddingCacheRoot, normalizeClipModel, type ClipDtype } from '../models/clip/clip-spec.js';

interface IndexCliOptions extends CatalogCliOptions {
  data: string;
  model?: string;
  out?: string;
  dims: number;
  seed: number;
  /** Embed the catalog's photos with CLIP too (by=image, by=both, photo and cross-modal search). */
  photos?: boolean;
  clipModel?: string;
  clipDtype?: ClipDtype;
  json?: boolean;
  /** The shared PostgreSQL database: a --model it stores gets its stored files updated with the index. */
  database?: string;
}

/**
 * Builds and saves the index of the catalog at `data`; returns where it went and its size.
 * @throws ProdclassError INVALID_INPUT when neither --model nor --out says where it goes; MODEL_NOT_FOUND for a --model
 * that is not a model folder; the catalog's loading errors.
 */
export async function buildIndexFolder(options: Omit<IndexCliOptions, 'json'>): Promise<IndexBuilt> {
  if (!options.model && !options.out) throw new ProdclassError('INVALID_INPUT', 'say where the index goes: --model MODEL (inside the model folder) or --out DIR');
  if (options.model) await readManifest(options.model);
  const taxonomy = options.model ? await readModelTaxonomy(options.model) : undefined;
  const catalog = await loadCatalogWith(options.data, options, { requireLabels: false, taxonomy });
  for (const warning of catalog.warnings) process.stderr.write(`warning: ${warning}\n`);
  const photos = options.photos ? { spec: { model: normalizeClipModel(defaultClipModel(options.clipModel)), dtype: options.clipDtype ?? 'fp32' }, cacheRoot: embeddingCacheRoot() } : undefined;
  const dir = options.out ?? join(options.model!, SIMILAR_INDEX_DIR);
  // The model folder has the taxonomy; an index on its own keeps a copy.
  return saveCatalogIndex(catalog, dir, { settings: { dims: options.dims, seed: options.seed }, photos, withTaxonomy: !options.model, progress: terminalProgress() });
}

/**
 * Stores the indexed model folder `dir` again in the PostgreSQL database at `databaseUrl` when the database stores that
 * model (it was registered there): every host serving it then fetches the folder with its index. Returns whether it did.
 * @throws ProdclassError DATABASE_UNAVAILABLE when the database cannot be reached; MODEL_NOT_FOUND for a folder that is no model.
 */
export async function publishIndexedModel(dir: string, databaseUrl: string): Promise<boolean> {
  const storage = await openStorage(null, { databaseUrl });
  try {
    const id = (await readManifest(dir)).card.modelId;
    if ((await storage.modelFiles.digest(id)) === null) return false;
    await publishModelFolder(storage, id, resolve(dir));
    return true;
  } finally {
    await storage.close();
  }
}

export function registerIndex(program: Command): void {
  const command = program
    .command('index')
    .description('build the similarity index of a catalog (for similar products, search and duplicates)')
    .requiredOption('--data <file|dir>', 'the catalog: a catalog file or a folder in the challenge layout')
    .option('--model <dir>', 'model folder: the index goes inside it and reads categories with its taxonomy')
    .option('--out <dir>', 'folder for an index on its own (instead of --model)')
    .option('--dims <n>', 'length of the text vectors', intOption('dims', 2, 1024), TEXT_EMBEDDER_DEFAULTS.dims)
    .option('--seed <n>', 'seed of the subsample, the SVD and the graph', intOption('seed', 0, 2 ** 32 - 1), 42)
    .option('--photos', "embed the catalog's photos with CLIP too (similar by photo, search by photo or by words over photos)")
    .option('--clip-model <id|dir>', `${CLIP_MODEL_HELP}; with --photos`)
    .option('--clip-dtype <dtype>', 'fp32 or q8 CLIP weights', clipDtypeOption)
    .option('--json', 'print a JSON summary on stdout');
  addDatabaseOption(addCatalogOptions(command)).action(async (options: IndexCliOptions) => {
    const built = await buildIndexFolder(options);
    const databaseUrl = databaseUrlOf(options);
    // Only a model folder is stored in the database (an index on its own, --out, is not).
    const published = options.model && databaseUrl ? await publishIndexedModel(options.model, databaseUrl) : null;
    const result = { ...built, published };
    if (options.json) printJson(result);
    else process.stderr.write(`indexed ${result.products} products (${result.dims} dims) in ${result.dir} (${result.seconds.toFixed(1)} s)${published ? '; published with the model\'s stored files' : ''}\n`);
  });
}
