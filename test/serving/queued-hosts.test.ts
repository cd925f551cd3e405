// Queued batches with no shared filesystem: two API hosts and a worker on one PostgreSQL database and Redis queue, each
// with its own var folder. The worker classifies a text batch, a catalog file of another catalog, and an image model's
// upload with its photos from the database, and a catalog file whose photo cells are URLs the worker fetches itself; a
// host that never saw an upload serves its result.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { buildImageIndex, imageFileName } from '../../src/data/image-index.js';
import { encodeJpeg } from '../../src/image/decode-image.js';
import { releaseSharedEncoders } from '../../src/models/clip/encoder-registry.js';
import { saveModel, type LoadedModel } from '../../src/models/model-store.js';
import type { JobResponse } from '../../src/serving/api-types.js';
import { buildApp, type AppOptions } from '../../src/serving/app.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';
import { trainModel } from '../../src/training/train-model.js';
import { startQueueWorker, type QueueWorker } from '../../src/workflows/queue-worker.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { GARDEN_TAXONOMY, trainGardenModel } from '../helpers/garden-model.js';
import { classPhoto, writeImageCatalog, type ImageCatalog } from '../helpers/image-catalog.js';
import { freshPostgresDatabase, postgresAvailability, redisAvailability, redisDatabaseUrl } from '../helpers/services.js';
import { TINY_CLIP, useTinyClipOffline } from '../helpers/tiny-clip.js';
import { tempDir } from '../helpers/tmp.js';
import { makeZip } from '../helpers/zip.js';

const TOKEN = 'queued-hosts-token';
const admin = { authorization: `Bearer ${TOKEN}` };

useTinyClipOffline();

describe.skipIf(!postgresAvailability().ok || !redisAvailability().ok)('queued batches across hosts that share no folder', () => {
  let root: string;
  let url: string;
  let redis: string;
  let rakuten: LoadedModel;
  let garden: LoadedModel;
  let photos: ImageCatalog;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let workerStorage: Storage;
  let worker: QueueWorker;
  const workerVar = () => join(root, 'var-worker');

  beforeAll(async () => {
    root = tempDir();
    [url, redis] = await Promise.all([freshPostgresDatabase(), redisDatabaseUrl('queued-hosts')]);
    rakuten = await trainDemoModel(root, 8);
    garden = await trainGardenModel(join(root, 'garden-models'), 'first', 1);
    // An image model (clip-fusion on the committed tiny CLIP) for a third catalog.
    photos = await writeImageCatalog(join(root, 'photo-data'), { perClass: 8, ambiguous: 0.6 });
    const images = await buildImageIndex(photos.dir, { train: photos.products });
    const params = { clip: { model: TINY_CLIP, nJobs: 1 }, head: { learningRate: 0.01, maxEpochs: 10 } };
    const { model, card } = await trainModel({ data: photos, taxonomy: RAKUTEN_TAXONOMY, source: photos.dir, demo: false, images, kind: 'clip-fusion', params: params as never, seed: 7, validationFraction: 0.25 });
    await saveModel(join(root, 'photo-models', 'mm'), model, card, RAKUTEN_TAXONOMY);

    const host = (name: string, over: Partial<AppOptions> = {}) =>
      buildApp({ model: rakuten.model, card: rakuten.card, modelDir: rakuten.dir, varDir: join(root, `var-${name}`), databaseUrl: url, redisUrl: redis, adminToken: TOKEN, webRoot: null, retention: false, rateLimit: false, ...over });
    // Host a cuts batches into chunks of 4 rows: a batch spans several chunks.
    // It also lets catalog photo URLs on this machine be fetched (the test's photo server): its jobs tell the worker so.
    a = await host('a', { batchChunkSize: 4, allowPrivatePhotos: true });
    b = await host('b');
    workerStorage = await openStorage(null, { databaseUrl: url });
    // On prediction threads, as `prodclass worker` runs by default: the text models classify there, the image model here.
    worker = startQueueWorker({ storage: workerStorage, redisUrl: redis, varDir: workerVar(), predictWorkers: 2, log: () => {} });
    await worker.ready;
  }, 240_000);

  afterAll(async () => {
    await worker?.close();
    await Promise.all([a?.close(), b?.close()]);
    await workerStorage?.close();
    await releaseSharedEncoders();
  });

  async function upload(app: FastifyInstance, path: string, file: { name: string; text: string }, zip?: Buffer): Promise<JobResponse> {
    const boundary = 'queued-hosts-boundary';
    const parts: Buffer[] = [Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: text/csv\r\n\r\n${file.text}\r\n`)];
    if (zip) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="images"; filename="photos.zip"\r\ncontent-type: application/zip\r\n\r\n`), zip, Buffer.from('\r\n'));
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const res = await app.inject({ method: 'POST', url: path, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
    expect(res.statusCode, res.body).toBe(202);
    // Asked for under the catalog's own prefix (/api/jobs lists the default catalog's only).
    const jobs = path.replace(/\/predict\/batch$/, '/jobs');
    let job = res.json() as JobResponse;
    for (const started = Date.now(); job.status !== 'done' && job.status !== 'failed'; job = (await app.inject({ method: 'GET', url: `${jobs}/${job.id}` })).json() as JobResponse) {
      if (Date.now() - started > 90_000) throw new Error(`job ${job.id} has not ended: ${JSON.stringify(job)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return job;
  }

  const result = async (app: FastifyInstance, path: string) => {
    const res = await app.inject({ method: 'GET', url: path });
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };

  it('a worker with its own var folder classifies a batch; a host that never saw the upload serves the same result', async () => {
    const { products } = generateDemoProducts({ seed: 9, perClass: 1 });
    let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
    for (const p of products) csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    const job = await upload(a, '/api/predict/batch', { name: 'products.csv', text: csv });
    expect(job).toMatchObject({ status: 'done', summary: { rows: products.length, failed: 0 } });
    expect(await workerStorage.jobChunks.done(job.id)).toHaveLength(Math.ceil(products.length / 4));

    const onA = await result(a, `/api/jobs/${job.id}/result`);
    expect(onA.trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]))).toEqual(products.map((p) => p.index));
    expect(existsSync(join(root, 'var-b', 'jobs', job.id))).toBe(false);
    expect(await result(b, `/api/jobs/${job.id}/result`)).toBe(onA);
    // Host b kept its copy; the worker's folder holds nothing of a text job.
    expect(readFileSync(join(root, 'var-b', 'jobs', job.id, 'result.csv'), 'utf8')).toBe(onA);
    expect(existsSync(join(workerVar(), 'jobs'))).toBe(false);
    const { n } = await workerStorage.db.selectFrom('predictions').select((eb) => eb.fn.countAll<number>().as('n')).where('job_id', '=', job.id).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(products.length);
  }, 120_000);

  it("classifies another catalog's catalog file with that catalog's model, in its format", async () => {
    const created = await a.inject({ method: 'POST', url: '/api/catalogs', payload: { name: 'garden', modelsDir: join(root, 'garden-models'), activeModel: garden.card.modelId }, headers: admin });
    expect(created.statusCode, created.body).toBeLessThan(300);
    const rows = [['sku', 'title'], ['g1', 'graines rosier bulbes'], ['g2', 'secateur lame acier'], ['g3', 'graines tomate semis'], ['g4', 'tuyau arrosage'], ['g5', 'bulbes tulipe']];
    const job = await upload(a, '/api/catalogs/garden/predict/batch', { name: 'garden.csv', text: rows.map((r) => formatCsvRow(r)).join('') });
    expect(job).toMatchObject({ status: 'done', summary: { rows: 5, failed: 0 } });
    // Queued: two chunks of 4 rows, recorded by the worker.
    expect(await workerStorage.jobChunks.done(job.id)).toEqual([0, 1]);
    const onA = await result(a, `/api/catalogs/garden/jobs/${job.id}/result`);
    const lines = onA.trim().split('\n');
    expect(lines[0]).toBe('sku,title,category_id,category_path,category_name,probability,decision');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
    expect(lines.slice(1).every((l) => GARDEN_TAXONOMY.byId(l.split(',')[2]) !== undefined)).toBe(true);
    expect(await result(b, `/api/catalogs/garden/jobs/${job.id}/result`)).toBe(onA);
    // Its predictions are the catalog's (its model's), not the default catalog's.
    const recorded = await workerStorage.db.selectFrom('predictions').select('model_id').where('job_id', '=', job.id).execute();
    expect(recorded.map((r) => r.model_id)).toEqual(Array(5).fill(garden.card.modelId));
  }, 120_000);

  it("classifies an image model's upload with its photos, the worker fetching only those its chunks' rows name", async () => {
    const created = await a.inject({ method: 'POST', url: '/api/catalogs', payload: { name: 'photos', modelsDir: join(root, 'photo-models') }, headers: admin });
    expect(created.statusCode, created.body).toBeLessThan(300);
    const products = photos.products.slice(0, 6);
    let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
    for (const p of products) csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    const rng = new Rng(5);
    const zip = makeZip([
      ...(await Promise.all(products.map(async (p, i) => ({ name: `images/${imageFileName(p)}`, data: Buffer.from(await encodeJpeg(classPhoto(photos.labels[i], rng))) })))),
      // A photo no row names: stored with the job, never fetched by the worker.
      { name: 'images/unused.jpg', data: Buffer.from(await encodeJpeg(classPhoto(photos.labels[0], rng))) },
    ]);
    const job = await upload(a, '/api/catalogs/photos/predict/batch', { name: 'batch.csv', text: csv }, zip);
    expect(job).toMatchObject({ status: 'done', summary: { rows: 6, failed: 0, images: { extracted: 7, skipped: 0 } } });
    expect(await workerStorage.jobChunks.done(job.id)).toEqual([0, 1]);
    expect(readdirSync(join(workerVar(), 'jobs', job.id, 'images')).sort()).toEqual(products.map((p) => imageFileName(p)).sort());
    // Each prediction names its photo, as a path under a var folder.
    const recorded = await workerStorage.db.selectFrom('predictions').select('image').where('job_id', '=', job.id).execute();
    expect(recorded.map((r) => r.image).sort()).toEqual(products.map((p) => join('jobs', job.id, 'images', imageFileName(p))).sort());
    expect(await result(b, `/api/catalogs/photos/jobs/${job.id}/result`)).toBe(await result(a, `/api/catalogs/photos/jobs/${job.id}/result`));
  }, 180_000);

  it("puts a catalog file with photo URLs on the queue: the worker fetches them itself, once, and reports each it could not have", async () => {
    const rng = new Rng(8);
    const served = Buffer.from(await encodeJpeg(classPhoto(photos.labels[2], rng)));
    const requests = new Map<string, number>();
    const photoServer = createServer((req, res) => {
      requests.set(req.url!, (requests.get(req.url!) ?? 0) + 1);
      if (req.url === '/p/ok.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(served);
      else res.writeHead(404).end();
    });
    await new Promise<void>((done) => photoServer.listen(0, '127.0.0.1', done));
    try {
      const origin = `http://127.0.0.1:${(photoServer.address() as { port: number }).port}`;
      const p = photos.products;
      // Chunks of 4 rows: the good URL is named in both chunks (which the worker takes at once), and fetched once.
      const rows = [
        ['sku', 'title', 'photo'],
        ['u1', p[0].designation, `${origin}/p/ok.jpg`],
        ['u2', p[1].designation, `${origin}/p/gone.jpg`],
        ['u3', p[2].designation, 'photos/x.jpg'],
        ['u4', p[3].designation, 'missing.jpg'],
        ['u5', p[4].designation, `${origin}/p/ok.jpg`],
        ['u6', p[5].designation, ''],
      ];
      const zip = makeZip([{ name: 'photos/x.jpg', data: Buffer.from(await encodeJpeg(classPhoto(photos.labels[2], rng))) }]);
      const job = await upload(a, '/api/catalogs/photos/predict/batch', { name: 'catalog.csv', text: rows.map((r) => formatCsvRow(r)).join('') }, zip);
      expect(job.status, JSON.stringify(job)).toBe('done');
      expect(job.summary).toMatchObject({ rows: 6, failed: 0, photos: { cells: 4, found: 2, notUploaded: ['missing.jpg'] } });
      expect(job.summary!.photos!.failed).toEqual([{ url: `${origin}/p/gone.jpg`, reason: expect.stringContaining('404') }]);
      // Queued, and fetched by the worker only: the API host's cache holds no photo.
      expect(await workerStorage.jobChunks.done(job.id)).toEqual([0, 1]);
      expect(requests.get('/p/ok.jpg')).toBe(1);
      expect(readdirSync(join(workerVar(), 'cache', 'images'))).toHaveLength(1);
      expect(existsSync(join(root, 'var-a', 'cache', 'images'))).toBe(false);
      // Rows with a photo name the worker's file; the others were classified from their text.
      const recorded = await workerStorage.db.selectFrom('predictions').select(['row_index', 'image']).where('job_id', '=', job.id).orderBy('row_index').execute();
      expect(recorded.map((r) => r.image !== null)).toEqual([true, false, true, false, true, false]);
      const onA = await result(a, `/api/catalogs/photos/jobs/${job.id}/result`);
      expect(onA.trim().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
      expect(await result(b, `/api/catalogs/photos/jobs/${job.id}/result`)).toBe(onA);
    } finally {
      await new Promise((done) => photoServer.close(done));
    }
  }, 180_000);
});
