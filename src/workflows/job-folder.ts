// The folder of one job under var/jobs/: its uploaded CSV and images, and the result it writes.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import { realPathInside } from './safe-path.js';

export interface JobPaths {
  dir: string;
  /** The uploaded products, in the challenge's X layout. */
  input: string;
  /** The uploaded zip, removed once extracted. */
  zip: string;
  /** Images of the job (extracted from the zip or uploaded one by one). */
  images: string;
  /** The classified rows: index, prdtypecode, name, probability. */
  result: string;
}

const JOB_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** @throws ProdclassError NOT_FOUND for an id that cannot be a job id (so it never becomes a path). */
export function jobPaths(varDir: string, id: string): JobPaths {
  if (!JOB_ID.test(id)) throw new ProdclassError('NOT_FOUND', `no job "${id}"`);
  const dir = join(varDir, 'jobs', id);
  return { dir, input: join(dir, 'input.csv'), zip: join(dir, 'images.zip'), images: join(dir, 'images'), result: join(dir, 'result.csv') };
}

/**
 * Every regular file under the job's image folder, by file name (the first one found wins), as real paths
 * checked to stay inside the folder. Symbolic links are not followed, so none can lead out.
 */
export async function indexJobImages(paths: JobPaths): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
      throw error;
    });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && !found.has(entry.name)) {
        const real = await realPathInside(paths.images, path);
        if (real) found.set(entry.name, real);
      }
    }
  };
  await walk(paths.images);
  return found;
}
