// Model folders shared through PostgreSQL: stored when registered, fetched into a host's local cache before it loads one.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import { DIGEST_FILE, type ModelFile } from '../storage/model-files.js';
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

/** The SHA-256 of `dir`'s manifest, or null when it has none. */
async function digestOf(dir: string | null): Promise<string | null> {
  if (dir === null) return null;
  const bytes = await readFile(join(dir, DIGEST_FILE)).catch(() => null);
  return bytes ? sha256(bytes) : null;
}

/**
 * On PostgreSQL, stores the files of model `id`'s folder `dir` in the database (unless the same manifest is there
 * already), so that hosts without that folder can load the model. Nothing on SQLite, where one host owns the folder.
 * @throws Error when the folder cannot be read or the database refuses the files.
 */
export async function publishModelFolder(storage: Storage, id: string, dir: string): Promise<void> {
  if (storage.backend !== 'postgres') return;
  const digest = await digestOf(dir);
  if (digest === null || (await storage.modelFiles.digest(id)) === digest) return;
  await storage.modelFiles.put(id, await filesOf(dir));
}

/**
 * The folder this host loads model `entry` from: its registered folder when that holds the stored manifest (or the
 * database stores none: SQLite, or a model registered before folders were stored), else a copy fetched from the
 * database into `<cacheRoot>/<id>` (kept while its manifest matches).
 * @throws ProdclassError MODEL_CORRUPT when a stored file does not match its checksum.
 */
export async function localModelDir(storage: Storage, entry: ModelEntry, cacheRoot: string): Promise<string | null> {
  if (storage.backend !== 'postgres') return entry.dir;
  const digest = await storage.modelFiles.digest(entry.id);
  if (digest === null || (await digestOf(entry.dir)) === digest) return entry.dir;
  const cached = join(cacheRoot, folderName(entry.id));
  if ((await digestOf(cached)) === digest) return cached;
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
    // Whole or not at all: a host killed while fetching leaves a .partial folder, never a half cache.
    if (existsSync(cached)) await rm(cached, { recursive: true, force: true });
    await rename(staging, cached).catch(async (error: unknown) => {
      // Another load of this process fetched the same model at the same moment.
      if ((await digestOf(cached)) !== digest) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return cached;
}

/** A model id as a folder name: its safe characters, and a hash so that two ids never share one. */
function folderName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}-${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}
