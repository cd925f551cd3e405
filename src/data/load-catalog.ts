// Load whatever data a command is pointed at: a folder in the challenge layout, a catalog file, or a folder holding one.

import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import type { Catalog } from './catalog.js';
import { loadCatalogFile, type CatalogFileOptions } from './catalog-file.js';
import { CHALLENGE_FILES, loadChallengeFolder, type LoadChallengeOptions } from './challenge-folder.js';

export type LoadCatalogOptions = CatalogFileOptions & Pick<LoadChallengeOptions, 'limit'>;

/** How a catalog was read, as a model card records it (`data.reading`): what `readAsRecorded` needs of it. */
type RecordedReading = Pick<CatalogFileOptions, 'separator' | 'depth' | 'columns'>;

/**
 * The options that read other data the way a recorded reading says a model's own data was read: the same category
 * separator, depth and columns (none recorded: the usual detection).
 */
export function readAsRecorded(reading: RecordedReading | undefined): RecordedReading {
  return { separator: reading?.separator, depth: reading?.depth, columns: reading?.columns };
}

/** Extensions of the catalog files a folder may hold (`readTable` reads them). */
export const CATALOG_EXTENSIONS: readonly string[] = ['.csv', '.tsv', '.txt', '.jsonl', '.ndjson', '.json', '.parquet', '.xlsx'];

/**
 * `path` is a folder in the challenge layout (it holds X_train_update.csv: the Rakuten preset, read exactly as
 * before, Rakuten's taxonomy), a catalog file, or a folder holding exactly one catalog file.
 * @throws ProdclassError DATA_NOT_FOUND for a missing path or a folder without catalog files; INVALID_INPUT for a
 *   folder with several (naming them); and the errors of `loadChallengeFolder` and `loadCatalogFile`.
 */
export async function loadCatalog(path: string, options: LoadCatalogOptions = {}): Promise<Catalog> {
  const target = resolve(path);
  const info = await stat(target).catch(() => null);
  if (!info) throw new ProdclassError('DATA_NOT_FOUND', `no file or folder at ${target}`);
  if (info.isFile()) return loadCatalogFile(target, options);
  if (await exists(join(target, CHALLENGE_FILES.trainProducts))) {
    return loadChallengeFolder(target, { limit: options.limit, requireLabels: options.requireLabels ?? true });
  }
  const files = await catalogFilesIn(target);
  if (files.length === 0) {
    throw new ProdclassError(
      'DATA_NOT_FOUND',
      `${target} holds neither ${CHALLENGE_FILES.trainProducts} (the challenge layout) nor a catalog file (${CATALOG_EXTENSIONS.join(', ')})`,
    );
  }
  if (files.length > 1) {
    throw new ProdclassError('INVALID_INPUT', `${target} holds several catalog files (${files.join(', ')}); give the one to read with --data FILE`);
  }
  return loadCatalogFile(join(target, files[0]), options);
}

/** The catalog files of a folder (by extension, hidden files left out), in name order. */
export async function catalogFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && CATALOG_EXTENSIONS.includes(extname(entry.name).toLowerCase()) && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}
