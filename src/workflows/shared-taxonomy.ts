// A new taxonomy version crossing hosts for a queued retraining: the API host stores the uploaded files, a worker fetches them.

import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import type { Storage } from '../storage/storage.js';
import type { NextTaxonomyFiles } from './next-taxonomy.js';
import { fetchLabelledData, shareFiles, type SharedData } from './shared-data.js';

/** The file names of a version (taxonomy, then mapping when there is one), as its job folder and a worker's copy name them. */
function namesOf(files: NextTaxonomyFiles): string[] {
  return files.mappingFile === undefined ? [files.taxonomyFile] : [files.taxonomyFile, files.mappingFile];
}

/**
 * Stores the version's files, named relative to `dir` (the job's folder where the upload was received), in the database
 * as one checksummed data set, so that a worker on any host retrains onto it. The same files are stored once.
 * @throws ProdclassError INVALID_INPUT for a name that is not a plain file name; Error when a file cannot be read or the
 *   database refuses it.
 */
export function shareNextTaxonomy(storage: Storage, dir: string, files: NextTaxonomyFiles): Promise<SharedData> {
  return shareFiles(
    storage,
    namesOf(files).map((name) => ({ path: name, file: join(dir, name) })),
    { read: 'folder', name: files.taxonomyName },
  );
}

/**
 * The version's files on this host: fetched from the database into `cacheRoot` (each checked against its checksum, as
 * any shared data set), and named there.
 * @throws ProdclassError DATA_NOT_FOUND when the database no longer stores them or lacks one; DATA_CORRUPT when one
 *   does not match its checksum.
 */
export async function fetchNextTaxonomy(storage: Storage, files: NextTaxonomyFiles, shared: SharedData, cacheRoot: string): Promise<NextTaxonomyFiles> {
  const dir = await fetchLabelledData(storage, { ...shared, read: 'folder' }, cacheRoot);
  for (const name of namesOf(files)) {
    if (basename(name) !== name || !existsSync(join(dir, name))) {
      throw new ProdclassError('DATA_NOT_FOUND', `the stored taxonomy upload ${shared.digest} (${files.taxonomyName}) has no file ${name}; upload the version again`);
    }
  }
  return {
    taxonomyFile: join(dir, files.taxonomyFile),
    taxonomyName: files.taxonomyName,
    ...(files.mappingFile === undefined ? {} : { mappingFile: join(dir, files.mappingFile) }),
  };
}
