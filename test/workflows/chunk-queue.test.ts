// A challenge-layout batch on the shared queue, driven directly: chunks queued as they are cut, a job stopped and resumed
// (its cut made again) or queued again after Redis lost it, every row classified and recorded once, in the file's order;
// and the worker's model preload. The worker has its own var folder: it reads the job's rows from the database only.

import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import type { Product } from '../../src/data/product.js';
import { loadCatalog } from '../../src/data/load-catalog.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import { catalogEntries } from '../../src/models/similar/catalog-entries.js';
import { SimilarIndex } from '../../src/models/similar/similar-index.js';
import { modelIndexDir } from '../../src/models/similar/similar-view.js';
import { CatalogIndexes } from '../../src/workflows/catalog-index.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { Queue } from 'bullmq';
import { CHUNK_QUEUE, redisConnection, runQueuedBatchJob } from '../../src/workflows/chunk-queue.js';
import { MANIFEST_FILE } from '../../src/workflows/queued-result.js';
import { servedModel, type ServedModel } from '../../src/workflows/served-model.js';
import { jobPaths } from '../../src/workflows/job-folder.js';
import { startQueueWorker, type QueueWorker } from '../../src/workflows/queue-worker.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { until } from '../helpers/run-cli.js';
import { redisAvailability, redisDatabaseUrl } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';

describe.skipIf(!redisAvailability().ok)('runQueuedBatchJob', () => {
  let root: string;
  let varDir: string;
  let workerVar: string;
  let served: ServedModel;
  let redis: string;
  let storage: Storage;
  let trained: LoadedModel & { dataDir: string };
  const workers: QueueWorker[] = [];

  beforeAll(async () => {
    root = tempDir();
    varDir = join(root, 'var');
    workerVar = join(root, 'worker-var');
    trained = await trainDemoModel(root, 10);
    served = servedModel({ id: 'demo', model: trained.model, card: trained.card, dir: trained.dir, taxonomy: trained.taxonomy });
    redis = await redisDatabaseUrl('chunk-queue');
    storage = await openStorage(varDir);
    await storage.models.upsert({ id: 'demo', dir: trained.dir!, kind: 'text-linear', demo: true, createdAt: new Date().toISOString(), metrics: {}, info: {} });
    await storage.models.setActive('demo');
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await storage?.close();
  });

  /** A new job whose input.csv holds `products` (and one bad row after the first). */
  async function newJob(products: Product[], modelId = 'demo') {
    const id = crypto.randomUUID();
    const paths = jobPaths(varDir, id);
    mkdirSync(paths.dir, { recursive: true });
    let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
    products.forEach((p, i) => {
      csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
      if (i === 0) csv += 'not-a-number,broken,,x,y\n';
    });
    writeFileSync(paths.input, csv);
    await storage.jobs.create({ id, kind: 'batch', modelId, input: { fileName: 'products.csv' } });
    return { id, paths };
  }

  const context = (signal?: AbortSignal) => ({ storage, varDir, chunkSize: 16, lowConfidence: 0.5, signal });

  it('resumes a job stopped midway, its cut made again: every row once, in order, recorded once', async () => {
    const { products } = generateDemoProducts({ seed: 3, perClass: 4 });
    const { id, paths } = await newJob(products);
    const chunks = Math.ceil(products.length / 16);

    // No worker yet: the job cuts and queues every chunk, then waits; it is stopped there.
    const stop = new AbortController();
    const first = runQueuedBatchJob((await storage.jobs.get(id))!, served, redis, context(stop.signal));
    await until('the cut', async () => (await storage.jobFiles.list(id)).includes(MANIFEST_FILE));
    stop.abort(new Error('stopped'));
    await expect(first).rejects.toThrow('stopped');
    // As if the host had died before the manifest was stored: the next run cuts again and re-queues the same ids.
    await storage.db.deleteFrom('job_files').where('job_id', '=', id).where('path', '=', MANIFEST_FILE).execute();

    const worker = startQueueWorker({ storage, redisUrl: redis, varDir: workerVar, log: () => {} });
    workers.push(worker);
    const progress = await runQueuedBatchJob((await storage.jobs.get(id))!, served, redis, context());

    expect(progress).toMatchObject({ rowsRead: products.length + 1, rowsDone: products.length, rowsFailed: 1 });
    expect(await storage.jobChunks.done(id)).toHaveLength(chunks);
    // Nothing of the job in the worker's folder: its rows came from the database.
    expect(existsSync(join(workerVar, 'jobs'))).toBe(false);
    const lines = readFileSync(paths.result, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^index,prdtypecode/);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(products.map((p) => p.index));
    const rows = await storage.db.selectFrom('predictions').select('row_index').where('job_id', '=', id).orderBy('row_index').execute();
    expect(rows.map((r) => r.row_index)).toEqual(products.map((p) => p.index).sort((a, b) => a - b));
  }, 60_000);

  it('records a chunk queued again after it was done (Redis lost its record) once', async () => {
    const { products } = generateDemoProducts({ seed: 4, perClass: 2 });
    const { id, paths } = await newJob(products);
    if (workers.length === 0) workers.push(startQueueWorker({ storage, redisUrl: redis, varDir: workerVar, log: () => {} }));
    await runQueuedBatchJob((await storage.jobs.get(id))!, served, redis, context());
    const first = readFileSync(paths.result, 'utf8');

    // Redis forgets every chunk: the resumed job queues them all again under the same ids, as new.
    const queue = new Queue(CHUNK_QUEUE, { connection: redisConnection(redis) });
    await queue.obliterate({ force: true });
    await queue.close();
    await runQueuedBatchJob((await storage.jobs.get(id))!, served, redis, context());

    expect(readFileSync(paths.result, 'utf8')).toBe(first);
    const rows = await storage.db.selectFrom('predictions').select('row_index').where('job_id', '=', id).execute();
    expect(rows).toHaveLength(products.length);
  }, 60_000);

  it("hands the rows filed automatically back to the API host, which files them into the model's similarity index", async () => {
    const dir = join(root, 'indexed-model');
    cpSync(trained.dir, dir, { recursive: true });
    const index = await SimilarIndex.build(catalogEntries(await loadCatalog(trained.dataDir)), { embedder: { dims: 16 } });
    await index.save(modelIndexDir(dir));
    await storage.models.upsert({ id: 'indexed', dir, kind: 'text-linear', demo: true, createdAt: new Date().toISOString(), metrics: {}, info: {} });
    const indexed = servedModel({ id: 'indexed', model: trained.model, card: trained.card, dir, taxonomy: trained.taxonomy });
    if (workers.length === 0) workers.push(startQueueWorker({ storage, redisUrl: redis, varDir: workerVar, log: () => {} }));
    const { products } = generateDemoProducts({ seed: 6, perClass: 2 });
    const { id } = await newJob(products, 'indexed');
    const indexes = new CatalogIndexes({ changes: storage.indexChanges, saveDelayMs: 0 });
    await runQueuedBatchJob((await storage.jobs.get(id))!, indexed, redis, { ...context(), indexes });
    await indexes.close();

    // As another API host on the same database opens it: the saved folder, then the changes recorded.
    const saved = (await new CatalogIndexes({ changes: storage.indexChanges }).of(indexed)).index;
    const rows = await storage.db.selectFrom('predictions').select(['row_index', 'confidence']).where('job_id', '=', id).execute();
    expect(rows.some((r) => r.confidence >= 0.5)).toBe(true);
    for (const row of rows) expect(saved.product(`${id}:${row.row_index}`) !== undefined, `row ${row.row_index}`).toBe(row.confidence >= 0.5);
  }, 60_000);

  it('a worker loads the active model before its first chunk, and says so when it cannot', async () => {
    const ready = startQueueWorker({ storage, redisUrl: redis, varDir: workerVar, log: () => {} });
    workers.push(ready);
    await expect(ready.ready).resolves.toBeUndefined();

    // A registered model whose folder is gone: the worker still starts, and logs why it loaded nothing ahead.
    await storage.models.upsert({ id: 'gone', dir: join(root, 'no-such-model'), kind: 'text-linear', demo: true, createdAt: new Date().toISOString(), metrics: {}, info: {} });
    await storage.models.setActive('gone');
    try {
      const messages: string[] = [];
      const missing = startQueueWorker({ storage, redisUrl: redis, varDir: workerVar, log: (m) => messages.push(m) });
      workers.push(missing);
      await missing.ready;
      expect(messages.join('\n')).toMatch(/active model was not loaded ahead: no model at .*no-such-model/);
    } finally {
      await storage.models.setActive('demo');
    }
  }, 60_000);
});
