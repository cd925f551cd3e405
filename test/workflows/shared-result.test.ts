// In-process batch results every host serves: two API hosts on one PostgreSQL database, no Redis, separate var folders.

import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import type { JobResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { runBatchJob, type BatchProgress } from '../../src/workflows/batch-job.js';
import { jobPaths } from '../../src/workflows/job-folder.js';
import { fetchQueuedResult, HEADER_FILE, MANIFEST_FILE } from '../../src/workflows/queued-result.js';
import { servedModel } from '../../src/workflows/served-model.js';
import { shareManifest } from '../../src/workflows/shared-result.js';
import { collectGarbage, DEFAULT_RETENTION } from '../../src/workflows/retention.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { freshPostgresDatabase, postgresAvailability } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';

describe.skipIf(!postgresAvailability().ok)('in-process batch results on PostgreSQL without Redis', () => {
  let root: string;
  let url: string;
  let model: LoadedModel;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let storage: Storage;

  beforeAll(async () => {
    root = tempDir();
    url = await freshPostgresDatabase();
    model = await trainDemoModel(root, 8);
    const host = (name: string, chunkSize?: number) =>
      buildApp({ model: model.model, card: model.card, modelDir: model.dir, varDir: join(root, `var-${name}`), databaseUrl: url, redisUrl: null, webRoot: null, retention: false, rateLimit: false, batchChunkSize: chunkSize });
    // Host a checkpoints every 5 rows: its result spans several stored chunks.
    a = await host('a', 5);
    b = await host('b');
    storage = await openStorage(null, { databaseUrl: url });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await storage?.close();
  });

  async function upload(app: FastifyInstance, path: string, name: string, text: string): Promise<JobResponse> {
    const boundary = 'shared-result-boundary';
    const payload = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: text/csv\r\n\r\n${text}\r\n--${boundary}--\r\n`;
    const res = await app.inject({ method: 'POST', url: path, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode, res.body).toBe(202);
    let job = res.json() as JobResponse;
    for (const started = Date.now(); job.status !== 'done' && job.status !== 'failed'; job = (await app.inject({ method: 'GET', url: `/api/jobs/${job.id}` })).json() as JobResponse) {
      if (Date.now() - started > 60_000) throw new Error(`job ${job.id} has not ended: ${JSON.stringify(job)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return job;
  }

  const result = (app: FastifyInstance, id: string) => app.inject({ method: 'GET', url: `/api/jobs/${id}/result` });

  it('a batch run in-process on host a is served byte for byte by host b, which never saw it', async () => {
    const { products } = generateDemoProducts({ seed: 4, perClass: 1 });
    let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
    for (const p of products) csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    // A bad row is counted, not written: the stored chunks skip it as the file does.
    csv += 'not,enough\n';
    const job = await upload(a, '/api/predict/batch', 'products.csv', csv);
    expect(job).toMatchObject({ status: 'done', summary: { rows: products.length, failed: 1 } });
    expect(await storage.jobChunks.done(job.id)).toHaveLength(Math.ceil(products.length / 5));

    const onA = await result(a, job.id);
    expect(onA.statusCode, onA.body).toBe(200);
    expect(existsSync(join(root, 'var-b', 'jobs', job.id))).toBe(false);
    const onB = await result(b, job.id);
    expect(onB.statusCode, onB.body).toBe(200);
    expect(onB.rawPayload.equals(onA.rawPayload)).toBe(true);
    expect(onB.headers['content-disposition']).toBe(onA.headers['content-disposition']);
    expect(onA.body.trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]))).toEqual(products.map((p) => p.index));

    // Retention removes the shared rows with the job's files; host b's copy goes with its own clean-up.
    const later = new Date(Date.now() + (DEFAULT_RETENTION.fileDays + 1) * 86_400_000);
    await collectGarbage(storage, join(root, 'var-a'), DEFAULT_RETENTION, { now: later });
    expect(await storage.jobChunks.done(job.id)).toEqual([]);
    expect(await storage.jobFiles.get(job.id, [HEADER_FILE, MANIFEST_FILE])).toEqual([]);
    await collectGarbage(storage, join(root, 'var-b'), DEFAULT_RETENTION, { now: later });
    expect((await result(b, job.id)).statusCode).toBe(404);
  }, 90_000);

  it("a catalog file's result keeps its format on the other host, and an empty file gives its header alone", async () => {
    const rows = [['sku', 'title'], ...Array.from({ length: 7 }, (_, i) => [`s${i}`, ['chaussures cuir homme', 'jeu video console', 'piscine gonflable jardin'][i % 3]])];
    const job = await upload(a, '/api/predict/batch', 'catalog.csv', rows.map((r) => `${r.join(';')}\n`).join(''));
    expect(job.status, JSON.stringify(job)).toBe('done');
    const onA = await result(a, job.id);
    const onB = await result(b, job.id);
    expect(onB.statusCode, onB.body).toBe(200);
    expect(onB.body).toBe(onA.body);
    expect(onB.body.split('\n')[0].startsWith('sku;title;category_id')).toBe(true);

    const empty = await upload(a, '/api/predict/batch', 'empty.csv', formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']));
    expect(empty.status).toBe('done');
    const emptyOnB = await result(b, empty.id);
    expect(emptyOnB.statusCode, emptyOnB.body).toBe(200);
    expect(emptyOnB.body).toBe((await result(a, empty.id)).body);
  }, 60_000);

  it('a job resumed after a crash stores exactly the chunks its file keeps: the shared result is the file, byte for byte', async () => {
    const varDir = join(root, 'var-resume');
    const job = await storage.jobs.create({ id: 'resumed-1', kind: 'batch', modelId: model.card.modelId, input: { fileName: 'products.csv' } });
    const paths = jobPaths(varDir, job.id);
    mkdirSync(paths.dir, { recursive: true });
    const { products } = generateDemoProducts({ seed: 6, perClass: 1 });
    let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
    for (const p of products) csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    writeFileSync(paths.input, csv);
    const served = servedModel({ id: model.card.modelId, model: model.model, card: model.card, dir: model.dir, taxonomy: model.taxonomy });
    const controller = new AbortController();
    let chunks = 0;
    await expect(
      runBatchJob(job, served, { storage, varDir, chunkSize: 4, lowConfidence: 0.5, signal: controller.signal }, () => {
        if (++chunks === 2) controller.abort(new Error('crash'));
      }),
    ).rejects.toThrow('crash');
    // Bytes past the checkpoint (a crash between the write and the commit): cut from the file, never stored.
    appendFileSync(paths.result, '999,10,half-written');
    const saved = (await storage.jobs.get(job.id))!;
    expect((saved.progress as BatchProgress).sharedChunks).toBe(2);
    const progress = await runBatchJob(saved, served, { storage, varDir, chunkSize: 4, lowConfidence: 0.5 });
    expect(progress.sharedChunks).toBe(Math.ceil(products.length / 4));
    await shareManifest(storage, saved, progress.sharedChunks!, paths.result, progress);
    const elsewhere = join(root, 'var-elsewhere', 'result.csv');
    expect(await fetchQueuedResult(storage, job.id, elsewhere)).toBe(true);
    expect(readFileSync(elsewhere).equals(readFileSync(paths.result))).toBe(true);
    expect(readFileSync(paths.result, 'utf8')).not.toContain('half-written');
  }, 60_000);
});
