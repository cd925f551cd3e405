// Clean-ups of scale-out's caches and stored data sets, on real folders and real databases: only what no unfinished job needs.

import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { cleanCaches, pruneDataCache, pruneModelCache } from '../../src/workflows/cache-cleanup.js';
import { localModelDir, MODEL_CACHE_DIR, modelCacheFolder, publishModelFolder } from '../../src/workflows/model-folders.js';
import { collectGarbage, DEFAULT_RETENTION } from '../../src/workflows/retention.js';
import { DATA_CACHE_DIR, fetchLabelledData, shareLabelledData, type SharedData } from '../../src/workflows/shared-data.js';
import { buildApp } from '../../src/serving/app.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { freshPostgresDatabase, postgresAvailability } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';

const DAY_MS = 86_400_000;
const hasPostgres = postgresAvailability().ok;
const opened: Storage[] = [];
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close();
});

/** Sets a path's times `days` back. */
function age(path: string, days: number): void {
  const then = new Date(Date.now() - days * DAY_MS);
  utimesSync(path, then, then);
}

/** A labelled catalog file in its own folder, shared into the database: what an API host does before queueing an audit. */
async function shared(storage: Storage, root: string, name: string): Promise<SharedData> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.csv`), `id,title,category\n1,${name} knife,Kitchen\n`);
  return shareLabelledData(storage, join(dir, `${name}.csv`));
}

describe('the data cache of a worker', () => {
  it('removes copies no unfinished job names once unused for the given days; a copy used again is kept; a fetch cut short goes after an hour', async () => {
    const root = tempDir();
    const storage = await openStorage(join(root, 'db'));
    opened.push(storage);
    const cache = join(root, 'var', DATA_CACHE_DIR);
    const [named, stale, used] = await Promise.all(['named', 'stale', 'used'].map((n) => shared(storage, root, n)));
    for (const data of [named, stale, used]) await fetchLabelledData(storage, data, cache);
    for (const data of [named, stale, used]) age(join(cache, data.digest, '.complete'), 10);
    // Fetching a cached copy is a use: it counts from now.
    await fetchLabelledData(storage, used, cache);
    mkdirSync(join(cache, `${stale.digest}.partial-dead`));
    age(join(cache, `${stale.digest}.partial-dead`), 1);
    mkdirSync(join(cache, `${used.digest}.partial-live`));

    const outcome = await pruneDataCache(cache, new Set([named.digest]), 7 * DAY_MS);
    expect(outcome.removed).toBe(2);
    expect(outcome.bytes).toBeGreaterThan(0);
    expect(existsSync(join(cache, stale.digest))).toBe(false);
    expect(existsSync(join(cache, `${stale.digest}.partial-dead`))).toBe(false);
    expect(existsSync(join(cache, named.digest, '.complete'))).toBe(true);
    expect(existsSync(join(cache, used.digest, '.complete'))).toBe(true);
    expect(existsSync(join(cache, `${used.digest}.partial-live`))).toBe(true);
  });
});

function storedDataContract(backend: string, open: (root: string) => Promise<Storage>): void {
  describe(`stored data sets (${backend})`, () => {
    it('deletes those no queued or running job of any catalog names, once last shared before the retention period', async () => {
      const root = tempDir();
      const storage = await open(root);
      opened.push(storage);
      const [queued, running, done, unnamed] = await Promise.all(['queued', 'running', 'done', 'unnamed'].map((n) => shared(storage, root, n)));
      await storage.jobs.create({ id: 'j-queued', kind: 'audit', modelId: null, input: { task: true, data: queued } });
      // Another catalog's running job, whatever host runs it.
      await storage.forCatalog('garden').jobs.create({ id: 'j-running', kind: 'retrain', modelId: null, input: { task: true, data: running }, host: 'another-host' });
      await storage.forCatalog('garden').jobs.update('j-running', { status: 'running' });
      await storage.jobs.create({ id: 'j-done', kind: 'audit', modelId: null, input: { task: true, data: done } });
      await storage.jobs.update('j-done', { status: 'done' });

      // Nothing is old enough yet.
      expect((await cleanCaches(storage, join(root, 'var'), { storedDataDays: 30 })).datasets).toBe(0);
      expect(await storage.datasetFiles.list()).toHaveLength(4);

      // 31 days on, through the retention pass (files kept 30 days by default): the finished job's and the unnamed go.
      const report = await collectGarbage(storage, join(root, 'var'), DEFAULT_RETENTION, { now: new Date(Date.now() + 31 * DAY_MS) });
      expect(report.datasets).toBe(2);
      const left = (await storage.datasetFiles.list()).map((d) => d.digest).sort();
      expect(left).toEqual([queued.digest, running.digest].sort());
      expect(left).not.toContain(unnamed.digest);
    });

    it('keeps a data set shared again during the clean-up: sharing it touches it, and the delete checks its age itself', async () => {
      const root = tempDir();
      const storage = await open(root);
      opened.push(storage);
      const data = await shared(storage, root, 'again');
      const before = new Date(Date.now() + 1_000).toISOString();
      const [first] = await storage.datasetFiles.list();
      // Shared again (another host queueing an audit on it) after the clean-up read the list but before its delete.
      await new Promise((r) => setTimeout(r, 1_100));
      const again = await shared(storage, root, 'again');
      expect(again.digest).toBe(data.digest);
      const [touched] = await storage.datasetFiles.list();
      expect(touched.createdAt > first.createdAt).toBe(true);
      expect(await storage.datasetFiles.remove(data.digest, { sharedBefore: before })).toBe(0);
      expect(await storage.datasetFiles.has(data.digest)).toBe(true);
      expect(await storage.datasetFiles.remove(data.digest, { sharedBefore: new Date(Date.now() + 1_000).toISOString() })).toBe(1);
    });
  });
}

storedDataContract('SQLite', async (root) => openStorage(join(root, 'db')));
if (hasPostgres) storedDataContract('PostgreSQL', async () => openStorage(null, { databaseUrl: await freshPostgresDatabase() }));

describe.skipIf(!hasPostgres)('the model cache of a host (PostgreSQL)', () => {
  /** A model folder (any files with a manifest are stored as they are) registered and stored under `id`. */
  async function register(storage: Storage, root: string, id: string, version: string): Promise<string> {
    const dir = join(root, 'models', id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id, version }));
    writeFileSync(join(dir, 'weights.bin'), `weights of ${id} ${version}`);
    await storage.models.upsert({ id, dir: join(root, 'elsewhere', id), kind: 'text-linear', demo: false, createdAt: new Date().toISOString(), metrics: {}, info: {} });
    await publishModelFolder(storage, id, dir);
    return dir;
  }

  /** The folder a host fetches model `id`'s stored version into under `cache`, as it would to serve it. */
  async function fetched(storage: Storage, id: string, cache: string): Promise<string> {
    return (await localModelDir(storage, (await storage.models.get(id))!, cache))!;
  }

  it('removes versions no longer stored and models no longer registered, never a folder in use or just used', async () => {
    const root = tempDir();
    const storage = await openStorage(null, { databaseUrl: await freshPostgresDatabase() });
    opened.push(storage);
    const cache = join(root, 'var', MODEL_CACHE_DIR);
    await register(storage, root, 'm1', 'v1');
    const m1v1 = await fetched(storage, 'm1', cache);
    await register(storage, root, 'm1', 'v2');
    const m1v2 = await fetched(storage, 'm1', cache);
    expect(m1v2).not.toBe(m1v1);
    await register(storage, root, 'm2', 'v1');
    const m2v1 = await fetched(storage, 'm2', cache);
    await register(storage, root, 'm2', 'v2');
    // A model whose files are stored but which no catalog registers (any more).
    const gone = join(cache, modelCacheFolder('gone', 'f'.repeat(64)));
    mkdirSync(gone);
    writeFileSync(join(gone, 'manifest.json'), '{}');
    const deadFetch = join(cache, `${modelCacheFolder('m1', 'a'.repeat(64))}.partial-dead`);
    mkdirSync(deadFetch);
    for (const dir of [m1v1, m1v2, m2v1, gone, deadFetch]) age(dir, 2);

    // The served m2 v1 is in use: it stays though v2 is stored; m1's current version stays though unused.
    const outcome = await pruneModelCache(storage, cache, [m2v1]);
    expect(outcome.removed).toBe(3);
    expect([m1v1, m1v2, m2v1, gone, deadFetch].map((dir) => existsSync(dir))).toEqual([false, true, true, false, false]);

    // Out of use: the retention pass of an API host removes it, given what it serves.
    age(m2v1, 2);
    const report = await collectGarbage(storage, join(root, 'var'), DEFAULT_RETENTION, { modelDirsInUse: [m1v2] });
    expect(report.modelVersions).toBe(1);
    expect(existsSync(m2v1)).toBe(false);
    // `prodclass gc` (no folders in use given) leaves the model cache alone.
    await register(storage, root, 'm1', 'v3');
    age(m1v2, 2);
    expect((await collectGarbage(storage, join(root, 'var'), DEFAULT_RETENTION)).modelVersions).toBe(0);
    expect(existsSync(m1v2)).toBe(true);
  });

  it('keeps an old version used within the grace period: a host may be loading it', async () => {
    const root = tempDir();
    const storage = await openStorage(null, { databaseUrl: await freshPostgresDatabase() });
    opened.push(storage);
    const cache = join(root, 'var', MODEL_CACHE_DIR);
    await register(storage, root, 'm', 'v1');
    const v1 = await fetched(storage, 'm', cache);
    await register(storage, root, 'm', 'v2');
    expect((await pruneModelCache(storage, cache, [])).removed).toBe(0);
    expect(existsSync(v1)).toBe(true);
  });
});

describe.skipIf(!hasPostgres)("an API host's retention pass (PostgreSQL)", () => {
  it('removes at start the cached copies of a version no longer stored, and leaves the rest of its var folder', async () => {
    const root = tempDir();
    const databaseUrl = await freshPostgresDatabase();
    const trained = await trainDemoModel(root, 4);
    const varDir = join(root, 'var');
    const stale = join(varDir, MODEL_CACHE_DIR, modelCacheFolder(trained.card.modelId, 'a'.repeat(64)));
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'manifest.json'), '{}');
    age(stale, 2);
    const app = await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, varDir, databaseUrl, webRoot: null, rateLimit: false });
    try {
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(trained.dir)).toBe(true);
      expect((await app.inject({ method: 'POST', url: '/api/predict', payload: { designation: 'Console PS4' } })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  }, 120_000);
});
