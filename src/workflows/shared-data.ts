// Labelled data crossing hosts through the database: an API host stores the files it would read, a worker fetches them.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import { CHALLENGE_FILES } from '../data/challenge-folder.js';
import { catalogFilesIn } from '../data/load-catalog.js';
import type { DatasetFile } from '../storage/dataset-files.js';
import type { Storage } from '../storage/storage.js';

/** Where a worker caches fetched data sets, under its var folder. */
export const DATA_CACHE_DIR = 'data-cache';

/** A data set stored in the database, as a job's input names it. */
export interface SharedData extends JsonObject {
  digest: string;
  /** What loadCatalog is given once fetched: the folder itself (challenge layout) or the one catalog file in it. */
  read: 'folder' | 'file';
  /** The file to read when `read` is "file"; for a folder, the name of the original (for messages). */
  name: string;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * The files loadCatalog reads at `source`: a challenge folder's CSV files (its photos are not read by the text tasks
 * that share data), or the one catalog file (given, or alone in its folder).
 * @throws ProdclassError DATA_NOT_FOUND when `source` is missing or holds no catalog file; INVALID_INPUT for several.
 */
async function dataFilesAt(source: string): Promise<{ read: 'folder' | 'file'; files: { path: string; file: string }[] }> {
  const target = resolve(source);
  const info = await stat(target).catch(() => null);
  if (!info) throw new ProdclassError('DATA_NOT_FOUND', `no file or folder at ${target}: the labelled data to share with the workers`);
  if (info.isFile()) return { read: 'file', files: [{ path: basename(target), file: target }] };
  if (existsSync(join(target, CHALLENGE_FILES.trainProducts))) {
    const names = Object.values(CHALLENGE_FILES).filter((name) => existsSync(join(target, name)));
    return { read: 'folder', files: names.map((name) => ({ path: name, file: join(target, name) })) };
  }
  const found = await catalogFilesIn(target);
  if (found.length !== 1) {
    throw new ProdclassError(found.length === 0 ? 'DATA_NOT_FOUND' : 'INVALID_INPUT', `${target} must hold the challenge layout or exactly one catalog file to be shared (found ${found.length})`);
  }
  return { read: 'file', files: [{ path: found[0], file: join(target, found[0]) }] };
}

/** The digest of a data set: its files' paths and checksums, so that the same files give the same digest on any host. */
export function datasetDigest(files: readonly Pick<DatasetFile, 'path' | 'sha256'>[]): string {
  return sha256([...files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => `${f.path}\0${f.sha256}\n`).join(''));
}

/**
 * Stores the labelled data at `source` (a folder in the challenge layout, a catalog file, or a folder holding one) in
 * the database unless the same files are there already, and says how a worker finds it.
 * @throws ProdclassError as dataFilesAt; Error when a file cannot be read or the database refuses it.
 */
export async function shareLabelledData(storage: Storage, source: string): Promise<SharedData> {
  const { read, files } = await dataFilesAt(source);
  return shareFiles(storage, files, { read, name: read === 'file' ? files[0].path : basename(resolve(source)) });
}

/**
 * Stores `files` (plain file names, as a worker's copy names them, and where they are on this host) as one data set
 * in the database unless the same files are there already; `fetchLabelledData` gives a worker its copy. A file whose
 * size and modification time have not changed since this process last read it is not read again to find that out.
 * @throws ProdclassError INVALID_INPUT for a name that is not a plain file name; Error when a file cannot be read or
 *   the database refuses it.
 */
export async function shareFiles(storage: Storage, files: readonly { path: string; file: string }[], how: Pick<SharedData, 'read' | 'name'>): Promise<SharedData> {
  for (const { path } of files) if (basename(path) !== path) throw new ProdclassError('INVALID_INPUT', `a shared file must have a plain file name, not ${path}`);
  const sums = await Promise.all(files.map(async ({ path, file }) => ({ path, sha256: await fileChecksum(file) })));
  let digest = datasetDigest(sums);
  // Touched when stored already: retention then counts the data set's age from now, and leaves it to the job named next.
  if (!(await storage.datasetFiles.touch(digest))) {
    const stored: DatasetFile[] = await Promise.all(
      files.map(async ({ path, file }) => {
        const bytes = await readFile(file);
        return { path, sha256: sha256(bytes), bytes };
      }),
    );
    // A file rewritten since its checksum was taken is stored under the digest of what was read.
    digest = datasetDigest(stored);
    await storage.datasetFiles.put(digest, stored);
  }
  return { digest, ...how };
}

/** Checksums of files this process has read, by path: a queued task on the same unchanged data reads none of it again. */
const checksums = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

/** The SHA-256 of `file`, read again only when its size or modification time changed since the last call. */
async function fileChecksum(file: string): Promise<string> {
  const { size, mtimeMs } = await stat(file);
  const known = checksums.get(file);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return known.sha256;
  const sum = sha256(await readFile(file));
  checksums.set(file, { size, mtimeMs, sha256: sum });
  return sum;
}

/**
 * The path to read data set `shared` from on this host: a copy under `cacheRoot/<digest>`, fetched from the database
 * and checked against its digest once, then kept (a digest names its content for good).
 * @returns a folder (challenge layout) or a file, as `shared.read` says.
 * @throws ProdclassError DATA_NOT_FOUND when the database no longer stores it; DATA_CORRUPT when a file does not match.
 */
export async function fetchLabelledData(storage: Storage, shared: SharedData, cacheRoot: string): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(shared.digest)) throw new ProdclassError('INVALID_INPUT', `not a data set digest: ${shared.digest}`);
  const dir = join(cacheRoot, shared.digest);
  const target = shared.read === 'file' ? join(dir, basename(shared.name)) : dir;
  if (existsSync(join(dir, DATA_CACHE_COMPLETE))) {
    // Its last use, which the data-cache clean-up reads (pruneDataCache).
    const now = new Date();
    await utimes(join(dir, DATA_CACHE_COMPLETE), now, now).catch(() => {});
    return target;
  }
  const files = await storage.datasetFiles.get(shared.digest);
  if (files.length === 0) throw new ProdclassError('DATA_NOT_FOUND', `the data set ${shared.digest} (${shared.name}) is not in the database; start the task again from an API host that has the data`);
  for (const file of files) {
    if (sha256(file.bytes) !== file.sha256) throw new ProdclassError('DATA_CORRUPT', `the stored data file ${file.path} of data set ${shared.digest} does not match its checksum`);
    if (basename(file.path) !== file.path) throw new ProdclassError('DATA_CORRUPT', `the stored data set ${shared.digest} names a file outside its folder: ${file.path}`);
  }
  if (datasetDigest(files) !== shared.digest) throw new ProdclassError('DATA_CORRUPT', `the stored files of data set ${shared.digest} do not make up that digest`);
  // Whole or not at all: a worker killed while fetching leaves a .partial folder, never a half copy.
  const staging = `${dir}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(staging, { recursive: true });
    for (const file of files) await writeFile(join(staging, file.path), file.bytes);
    await writeFile(join(staging, DATA_CACHE_COMPLETE), shared.digest);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir).catch((error: unknown) => {
      // Another task of this worker fetched the same data at the same moment.
      if (!existsSync(join(dir, DATA_CACHE_COMPLETE))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return target;
}

/** Written last into a fetched copy: its presence means every file is there and was checked; its time, the copy's last use. */
export const DATA_CACHE_COMPLETE = '.complete';
