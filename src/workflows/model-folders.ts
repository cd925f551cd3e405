// Model folders shared through PostgreSQL: stored when registered, fetched into a host's local cache before it loads one.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import { SIMILAR_INDEX_DIR } from '../models/similar/similar-index.js';
import { folderDigest, MANIFEST_PATH, type ModelFile } from '../storage/model-files.js';
import type { ModelEntry } from '../storage/model-registry.js';
import type { Storage } from '../storage/storage.js';

/** Where a host caches fetched model folders, under its var folder. */
export const MODEL_CACHE_DIR = 'model-cache';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function filesOf(dir: string): Promise<ModelFile[]> {
  const files: ModelFile[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path);
    files.push({ path: relative(dir, path).split(sep).join('/'), sha256: sha256(bytes), bytes });
  }
  return files;
}

/** The digest (folderDigest) of every file of `dir`, or null when it holds no manifest (or is gone). */
async function digestOf(dir: string | null): Promise<string | null> {
  if (dir === null || !existsSync(join(dir, MANIFEST_PATH))) return null;
  return folderDigest(await filesOf(dir));
}

/**
 * On PostgreSQL, stores the files of model `id`'s folder `dir` in the database (unless the same files are there
 * already), so that hosts without that folder can load the model, and those serving it fetch the new files. Nothing on
 * SQLite, where one host owns the folder.
 * @throws Error when the folder cannot be read or the database refuses the files.
 */
export async function publishModelFolder(storage: Storage, id: string, dir: string): Promise<void> {
  if (storage.backend !== 'postgres') return;
  const files = existsSync(join(dir, MANIFEST_PATH)) ? await filesOf(dir) : [];
  if (files.length === 0 || (await storage.modelFiles.digest(id)) === folderDigest(files)) return;
  await storage.modelFiles.put(id, files);
}

/**
 * On PostgreSQL, stores model `id`'s folder with the similarity index at `indexDir` in place of the one it had (the
 * model's other files as stored, or read from `modelDir` when none are): no model folder on any host is written.
 * @throws ProdclassError MODEL_NOT_FOUND on SQLite (where the index is built into the folder itself); Error when a folder
 *   cannot be read or the database refuses the files.
 */
export async function publishModelIndex(storage: Storage, id: string, modelDir: string, indexDir: string): Promise<void> {
  if (storage.backend !== 'postgres') throw new ProdclassError('MODEL_NOT_FOUND', 'an index is published with the model files stored in PostgreSQL only');
  const stored = await storage.modelFiles.get(id);
  const model = (stored.length > 0 ? stored : await filesOf(modelDir)).filter((f) => !f.path.startsWith(`${SIMILAR_INDEX_DIR}/`));
  const index = (await filesOf(indexDir)).map((f) => ({ ...f, path: `${SIMILAR_INDEX_DIR}/${f.path}` }));
  await storage.modelFiles.put(id, [...model, ...index]);
}

/**
 * The folder this host loads model `entry` from: its registered folder when that holds the stored files (or the
 * database stores none: SQLite, or a model registered before folders were stored), else a copy fetched from the
 * database into `<cacheRoot>/<id>-<digest>`: one folder per version of the stored files, so that a host whose copy is
 * stale (an index published since) fetches the new one beside it, and a host that opened the old one keeps it.
 * @throws ProdclassError MODEL_CORRUPT when a stored file does not match its checksum.
 */
export async function localModelDir(storage: Storage, entry: ModelEntry, cacheRoot: string): Promise<string | null> {
  if (storage.backend !== 'postgres') return entry.dir;
  const digest = await storage.modelFiles.digest(entry.id);
  if (digest === null || (await digestOf(entry.dir)) === digest) return entry.dir;
  // Complete when present: the copy is renamed into place whole, after every file was checked.
  const cached = join(cacheRoot, modelCacheFolder(entry.id, digest));
  if (existsSync(cached)) {
    // Its last use: the model-cache clean-up leaves a folder used within its grace period (pruneModelCache).
    const now = new Date();
    await utimes(cached, now, now).catch(() => {});
    return cached;
  }
  const files = await storage.modelFiles.get(entry.id);
  const staging = `${cached}.partial-${randomBytes(4).toString('hex')}`;
  try {
    for (const file of files) {
      if (sha256(file.bytes) !== file.sha256) throw new ProdclassError('MODEL_CORRUPT', `the stored file ${file.path} of model ${entry.id} does not match its checksum: register the model again`);
      const path = join(staging, ...file.path.split('/'));
      if (!path.startsWith(staging + sep)) throw new ProdclassError('MODEL_CORRUPT', `the stored model ${entry.id} names a file outside its folder: ${file.path}`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.bytes);
    }
    if (folderDigest(files) !== digest) throw new ProdclassError('MODEL_CORRUPT', `the stored files of model ${entry.id} changed while they were fetched: load it again`);
    // Whole or not at all: a host killed while fetching leaves a .partial folder, never a half cache.
    await rename(staging, cached).catch(async (error: unknown) => {
      // Another load of this process fetched the same model at the same moment.
      if (!existsSync(cached)) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return cached;
}

/** The name of the cached copy of model `id`'s stored folder with digest `digest` under a host's model cache. */
export function modelCacheFolder(id: string, digest: string): string {
  return `${folderName(id)}-${digest.slice(0, 16)}`;
}

/** A model id as a folder name: its safe characters, and a hash so that two ids never share one. */
function folderName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}-${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}
