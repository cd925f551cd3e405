// Clean-up of what scale-out keeps for other hosts: old model-cache versions, unused data-cache copies, stored data sets no job needs.

import type { Dirent } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Storage } from '../storage/storage.js';
import { MODEL_CACHE_DIR, modelCacheFolder } from './model-folders.js';
import { DATA_CACHE_COMPLETE, DATA_CACHE_DIR, type SharedData } from './shared-data.js';

export interface CacheCleanupOptions {
  now?: Date;
  /**
   * The folders this process has models loaded from: never removed, even when a newer version is stored. Absent, the
   * model cache is left alone: a process that does not know what its host serves (`prodclass gc`) must not guess.
   */
  modelDirsInUse?: Iterable<string>;
  /** Days a fetched data set no unfinished job names is kept after its last use (default 7). */
  dataCacheDays?: number;
  /** Days a stored data set (`dataset_files`) no unfinished job names is kept after it was last shared; absent, none is removed. */
  storedDataDays?: number;
}

export interface CacheCleanupReport {
  /** Model-cache folders removed: a version no longer stored, or a model no longer registered. */
  modelVersions: number;
  /** Data-cache copies removed. */
  dataCaches: number;
  /** Stored data sets deleted from the database. */
  datasets: number;
  /** Bytes freed on this host (the database's are not counted). */
  bytesFreed: number;
}

export const DEFAULT_DATA_CACHE_DAYS = 7;

const DAY_MS = 86_400_000;
/**
 * A cache folder used (fetched or opened: both touch it) this recently stays whatever the records say: a host may be
 * loading it from a digest read a moment before a newer version was stored.
 */
export const CACHE_GRACE_MS = 10 * 60_000;
/** A `.partial-*` folder older than this was left by a process killed while fetching. */
const PARTIAL_GRACE_MS = 3_600_000;

async function entriesOf(dir: string): Promise<Dirent[]> {
  return readdir(dir, { withFileTypes: true }).catch((): Dirent[] => []);
}

async function bytesUnder(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }).catch((): Dirent[] => [])) {
    if (entry.isFile()) bytes += (await stat(join(entry.parentPath, entry.name)).catch(() => null))?.size ?? 0;
  }
  return bytes;
}

async function removeFolder(dir: string): Promise<number> {
  const bytes = await bytesUnder(dir);
  await rm(dir, { recursive: true, force: true });
  return bytes;
}

async function ageMs(path: string, now: number): Promise<number | null> {
  const info = await stat(path).catch(() => null);
  return info ? now - info.mtimeMs : null;
}

/**
 * Removes from `cacheRoot` (a host's `<var>/model-cache`) every copy that no host would fetch again: a version whose
 * digest is no longer the one stored for its model, or whose model is no longer registered. A folder in `inUse` (what
 * this process serves or runs with), or used within CACHE_GRACE_MS, stays; so does a fetch under way.
 * @returns how many folders went and their bytes.
 */
export async function pruneModelCache(storage: Storage, cacheRoot: string, inUse: Iterable<string>, now = Date.now()): Promise<{ removed: number; bytes: number }> {
  const outcome = { removed: 0, bytes: 0 };
  const entries = await entriesOf(cacheRoot);
  if (entries.length === 0) return outcome;
  const wanted = new Set([...(await storage.modelFiles.registeredDigests())].map(([id, digest]) => modelCacheFolder(id, digest)));
  const held = new Set([...inUse].map((dir) => resolve(dir)));
  for (const entry of entries) {
    const dir = join(cacheRoot, entry.name);
    if (!entry.isDirectory() || wanted.has(entry.name) || held.has(resolve(dir))) continue;
    const age = await ageMs(dir, now);
    if (age === null || age < (entry.name.includes('.partial-') ? PARTIAL_GRACE_MS : CACHE_GRACE_MS)) continue;
    outcome.bytes += await removeFolder(dir);
    outcome.removed++;
  }
  return outcome;
}

/** The data sets the queued and running jobs of every catalog name (`input.data.digest`): live work, on whatever host. */
export async function dataDigestsInUse(storage: Storage): Promise<Set<string>> {
  const digests = new Set<string>();
  for (const job of await storage.jobs.unfinishedEverywhere()) {
    const data = job.input.data as SharedData | undefined;
    if (data && typeof data.digest === 'string') digests.add(data.digest);
  }
  return digests;
}

/**
 * Removes from `cacheRoot` (a worker's `<var>/data-cache`) the copies no name in `named` asks for and not used for
 * `maxAgeMs` (a copy's last use is its `.complete` file's time), and fetches cut short over an hour ago.
 */
export async function pruneDataCache(cacheRoot: string, named: ReadonlySet<string>, maxAgeMs: number, now = Date.now()): Promise<{ removed: number; bytes: number }> {
  const outcome = { removed: 0, bytes: 0 };
  for (const entry of await entriesOf(cacheRoot)) {
    if (!entry.isDirectory()) continue;
    const dir = join(cacheRoot, entry.name);
    const partial = entry.name.includes('.partial-');
    if (!partial && named.has(entry.name)) continue;
    // A copy without its mark is a fetch under way (renamed into place whole) or damaged: its folder's age decides.
    const age = partial ? await ageMs(dir, now) : ((await ageMs(join(dir, DATA_CACHE_COMPLETE), now)) ?? (await ageMs(dir, now)));
    if (age === null || age < (partial ? PARTIAL_GRACE_MS : maxAgeMs)) continue;
    outcome.bytes += await removeFolder(dir);
    outcome.removed++;
  }
  return outcome;
}

/**
 * Deletes the stored data sets (`dataset_files`) that no name in `named` asks for and that were last shared before
 * `before` (ISO). The age is checked in the delete itself, so a data set an API host shares at the same moment stays.
 * @returns how many data sets went.
 */
export async function pruneStoredDatasets(storage: Storage, named: ReadonlySet<string>, before: string): Promise<number> {
  let removed = 0;
  for (const dataset of await storage.datasetFiles.list()) {
    if (named.has(dataset.digest) || dataset.createdAt >= before) continue;
    if ((await storage.datasetFiles.remove(dataset.digest, { sharedBefore: before })) > 0) removed++;
  }
  return removed;
}

/**
 * One clean-up pass over `varDir`'s caches and, with `storedDataDays`, the stored data sets; only what the shared job
 * records say no queued or running job needs, never another host's live work. The unfinished jobs are read first, so
 * a job submitted during the pass shares its data (which touches it) before anything is deleted.
 * @throws Error when the database cannot be read.
 */
export async function cleanCaches(storage: Storage, varDir: string, options: CacheCleanupOptions = {}): Promise<CacheCleanupReport> {
  const now = (options.now ?? new Date()).getTime();
  const report: CacheCleanupReport = { modelVersions: 0, dataCaches: 0, datasets: 0, bytesFreed: 0 };
  const named = await dataDigestsInUse(storage);
  if (options.modelDirsInUse && storage.backend === 'postgres') {
    const models = await pruneModelCache(storage, join(varDir, MODEL_CACHE_DIR), options.modelDirsInUse, now);
    report.modelVersions = models.removed;
    report.bytesFreed += models.bytes;
  }
  const data = await pruneDataCache(join(varDir, DATA_CACHE_DIR), named, (options.dataCacheDays ?? DEFAULT_DATA_CACHE_DAYS) * DAY_MS, now);
  report.dataCaches = data.removed;
  report.bytesFreed += data.bytes;
  if (options.storedDataDays !== undefined) report.datasets = await pruneStoredDatasets(storage, named, new Date(now - options.storedDataDays * DAY_MS).toISOString());
  return report;
}

/** A worker's clean-ups, run at start and then every `everyMs`; `close` stops them and waits for a pass under way. */
export interface CacheCleaner {
  close(): Promise<void>;
}

/**
 * Runs cleanCaches now and every `everyMs` (unref'd timer), the model folders in use read at each pass; a failed pass is
 * logged and the next one tried.
 */
export function startCacheCleaner(storage: Storage, varDir: string, settings: { everyMs: number; dataCacheDays: number; modelDirsInUse: () => Iterable<string>; log(message: string): void }): CacheCleaner {
  let running: Promise<void> = Promise.resolve();
  const pass = () => {
    running = running.then(async () => {
      try {
        const report = await cleanCaches(storage, varDir, { modelDirsInUse: settings.modelDirsInUse(), dataCacheDays: settings.dataCacheDays });
        if (report.modelVersions + report.dataCaches > 0) settings.log(`clean-up: ${report.modelVersions} old model versions and ${report.dataCaches} data sets removed from the cache (${report.bytesFreed} bytes)`);
      } catch (error) {
        settings.log(`clean-up failed: ${(error as Error).message}`);
      }
    });
  };
  pass();
  const timer = setInterval(pass, settings.everyMs);
  timer.unref();
  return {
    close: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
