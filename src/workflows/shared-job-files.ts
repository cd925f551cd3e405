// A job's photos crossing hosts through the database: the API host stores those of an upload, a worker fetches a chunk's.

import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Storage } from '../storage/storage.js';
import { writeAtomic } from './atomic-file.js';
import { indexJobImages, type JobPaths } from './job-folder.js';

/** Where a job's photos are stored among its files: by file name, as a row's imageid names them. */
const IMAGES = 'images/';

/** Photos read and stored per statement: a few MB at a time, whatever the upload's size. */
const PHOTOS_PER_WRITE = 100;

/**
 * Stores the photos of the job's folder (extracted from its zip, or uploaded one by one) in the database, by file name,
 * so that a worker on any host can classify the job's rows. Idempotent: a job resumed stores them again, replacing.
 * @returns how many photos were stored.
 * @throws Error when a photo cannot be read or the database refuses it.
 */
export async function shareJobImages(storage: Storage, jobId: string, paths: JobPaths): Promise<number> {
  const images = [...(await indexJobImages(paths))];
  for (let from = 0; from < images.length; from += PHOTOS_PER_WRITE) {
    const files = await Promise.all(images.slice(from, from + PHOTOS_PER_WRITE).map(async ([name, path]) => ({ path: IMAGES + name, bytes: await readFile(path) })));
    await storage.jobFiles.put(jobId, files);
  }
  return images.length;
}

/**
 * The photos named `names` of a job, as files of this host's cache (`imagesDir`, the job's image folder under the
 * worker's own var folder): those cached already are kept, the others fetched from the database in one query. A name
 * the job has no photo for is left out of the map.
 * @throws Error when the database cannot be read or the cache written.
 */
export async function fetchJobImages(storage: Storage, jobId: string, names: Iterable<string>, imagesDir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const name of new Set(names)) {
    // Names come from the upload's rows: only a plain file name can become a path in the cache.
    if (!name || basename(name) !== name || name === '.' || name === '..') continue;
    const path = join(imagesDir, name);
    if (existsSync(path)) found.set(name, path);
    else missing.push(IMAGES + name);
  }
  if (missing.length === 0) return found;
  await mkdir(imagesDir, { recursive: true });
  for (const file of await storage.jobFiles.get(jobId, missing)) {
    const name = file.path.slice(IMAGES.length);
    const path = join(imagesDir, name);
    await writeAtomic(path, file.bytes);
    found.set(name, path);
  }
  return found;
}
