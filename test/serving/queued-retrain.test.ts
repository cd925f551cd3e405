// Retraining on the task queue with what only the API host that received it had: a new taxonomy version uploaded to one
// host, and the photos of feedback. Two API hosts and a worker, each with its own var folder, on one PostgreSQL
// database and Redis; the worker reads both from the database.

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoriesResponse, JobResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { photoDigest, uploadDigest } from '../../src/storage/upload-photos.js';
import { fetchFeedbackPhotos, photoFetcher } from '../../src/workflows/feedback-photos.js';
import { feedbackInputs } from '../../src/workflows/retrain.js';
import { startTaskWorker, type TaskWorker } from '../../src/workflows/task-worker.js';
import { endedJob } from '../helpers/jobs.js';
import { freshPostgresDatabase, postgresAvailability, redisAvailability, redisDatabaseUrl } from '../helpers/services.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';
import { multipartBody } from './bad-requests.js';

const TOKEN = 'queued-retrain-token';
const admin = { authorization: `Bearer ${TOKEN}` };
const MULTIPART = { 'content-type': 'multipart/form-data; boundary=prodclass-corpus-boundary' };
/** Bytes an upload takes for a PNG (the signature is what the API checks; the text model never decodes them). */
const png = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`photo ${n}`)]);

const predictWithPhoto = async (host: FastifyInstance, title: string, photo: Buffer) => {
  const res = await host.inject({ method: 'POST', url: '/api/predict', headers: MULTIPART, payload: multipartBody([['title', title]], [{ field: 'image', name: 'p.png', type: 'image/png', data: photo }]) });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as PredictResponse).predictionId;
};

describe.skipIf(!postgresAvailability().ok || !redisAvailability().ok)('retraining on the task queue with what one host received', () => {
  let root: string;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let workerStorage: Storage;
  let worker: TaskWorker;
  const logged: string[] = [];

  beforeAll(async () => {
    root = tempDir();
    const [url, redis] = await Promise.all([freshPostgresDatabase(), redisDatabaseUrl('queued-retrain')]);
    const { dir, file: _file, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop', perLeaf: 12 });
    const host = (name: string) =>
      buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, `var-${name}`), databaseUrl: url, redisUrl: redis, adminToken: TOKEN, webRoot: null, retention: false, rateLimit: false });
    a = await host('a');
    b = await host('b');
    workerStorage = await openStorage(null, { databaseUrl: url });
    worker = startTaskWorker({ storage: workerStorage, redisUrl: redis, varDir: join(root, 'var-worker'), name: 'worker-1', lockMs: 5_000, log: (m) => logged.push(m) });
  }, 240_000);

  afterAll(async () => {
    await worker?.close();
    await Promise.all([a?.close(), b?.close()]);
    await workerStorage?.close();
  });

  it("stores a feedback photo uploaded on one host once; the worker's retraining rows read it from its own folder; a corrupt one is a warning", async () => {
    const [first, second] = [png(1), png(2)];
    const ids = [await predictWithPhoto(a, 'forged chef blade', first), await predictWithPhoto(a, 'nonstick skillet wok', second), await predictWithPhoto(b, 'paring blade', first)];
    for (const [i, category] of ['Home > Kitchen > Knives', 'Home > Kitchen > Pans', 'Home > Kitchen > Knives'].entries()) {
      const sent = await b.inject({ method: 'POST', url: '/api/feedback', payload: { predictionId: ids[i], category } });
      expect(sent.statusCode, sent.body).toBe(201);
    }
    // Once per content, whichever hosts received it.
    const stored = await workerStorage.photos.get([photoDigest(first), photoDigest(second)]);
    expect(stored.map((p) => p.bytes.toString()).sort()).toEqual([first.toString(), second.toString()]);
    await workerStorage.db.updateTable('upload_photos').set({ bytes: Buffer.from('not the photo') }).where('sha256', '=', photoDigest(second)).execute();

    const rows = await workerStorage.feedback.latestPerPrediction();
    const images = rows.map((r) => r.image!);
    expect(images.map((path) => uploadDigest(path))).toEqual([photoDigest(first), photoDigest(second), photoDigest(first)]);
    // The products the worker's retraining adds from feedback, as its task gathers them for a model that reads photos.
    const workerVar = join(root, 'var-worker');
    const warnings: string[] = [];
    const inputs = await feedbackInputs(rows, workerVar, photoFetcher(workerStorage, workerVar, (w) => warnings.push(w)));
    expect(inputs.map((p) => p.designation)).toEqual(['forged chef blade', 'nonstick skillet wok', 'paring blade']);
    expect(inputs[0].image).toBe(join(workerVar, images[0]));
    expect(readFileSync(inputs[0].image as string)).toEqual(first);
    expect(inputs[2].image).toBe(inputs[0].image);
    // The corrupt copy is not written: its row trains from its text, with a warning.
    expect(inputs[1].image).toBeNull();
    expect(existsSync(join(workerVar, images[1]))).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/feedback photo .* does not match its checksum; its row trains from its text/)]);
    // Kept: asked again, nothing is read from the database for it.
    await workerStorage.db.deleteFrom('upload_photos').where('sha256', '=', photoDigest(first)).execute();
    expect((await fetchFeedbackPhotos(workerStorage, [images[0], 'uploads/../prodclass.db'], workerVar)).found).toEqual([images[0]]);
    // Removed from the database (retention) while host a still has its file: sent again, it is stored again.
    await predictWithPhoto(a, 'chef blade', first);
    expect(await workerStorage.photos.get([photoDigest(first)])).toHaveLength(1);
  }, 60_000);

  it('retrains onto a new taxonomy version posted on one host, on the worker; the other host switches to it', async () => {
    const v2 = ['Home', 'Home > Kitchen', 'Home > Kitchen > Chef Knives', 'Home > Kitchen > Pans', 'Home > Bath', 'Toys'].join('\n');
    const payload = multipartBody([], [
      { field: 'taxonomy', name: 'shop-v2.txt', type: 'text/plain', data: Buffer.from(v2) },
      { field: 'mapping', name: 'map.csv', type: 'text/csv', data: Buffer.from('old,new\nHome > Kitchen > Knives,Home > Kitchen > Chef Knives\n') },
    ]);
    const started = await a.inject({ method: 'POST', url: '/api/retrain', headers: { ...MULTIPART, ...admin }, payload });
    expect(started.statusCode, started.body).toBe(202);
    const queued = started.json() as JobResponse;
    expect(queued.taxonomyChange).toMatchObject({ counts: { renamed: 1 } });
    // The upload is in the database only: host a keeps no copy that the worker could have read.
    expect(existsSync(join(root, 'var-a', 'jobs', queued.id))).toBe(false);
    rmSync(join(root, 'var-a', 'jobs'), { recursive: true, force: true });

    const job = await endedJob(b, queued.id, { timeoutMs: 180_000, everyMs: 100 });
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect(job.taxonomyChange).toEqual({ counts: expect.objectContaining({ renamed: 1 }), unmapped: { rows: 0, feedback: 0 } });
    const record = (await workerStorage.jobs.get(job.id))!;
    expect(record.input).toMatchObject({ task: true, nextTaxonomy: { taxonomyName: 'shop-v2.txt' }, taxonomyData: { read: 'folder', name: 'shop-v2.txt' } });
    expect(record.result).toMatchObject({ worker: 'worker-1', feedbackRows: 3, activated: true });
    const newId = job.gate!.newModelId;

    const health = async (host: FastifyInstance) => ((await host.inject({ method: 'GET', url: '/api/health' })).json() as { model: string }).model;
    let seen = await health(b);
    for (const t = Date.now(); seen !== newId && Date.now() - t < 5_000; seen = await health(b)) await new Promise((r) => setTimeout(r, 100));
    expect(seen).toBe(newId);
    const names = ((await b.inject({ method: 'GET', url: '/api/categories' })).json() as CategoriesResponse).categories.map((c) => c.name);
    expect(names).toContain('Chef Knives');
    expect(names).not.toContain('Knives');
    const answer = (await b.inject({ method: 'POST', url: '/api/predict', payload: { title: 'forged chef blade' } })).json() as PredictResponse;
    expect(answer.predictions[0].path).toEqual(['Home', 'Kitchen', 'Chef Knives']);
    // A model that reads text only fetches no photos for its retraining.
    expect(logged.filter((m) => m.includes('feedback photo'))).toEqual([]);
  }, 240_000);
});

describe('photos on SQLite', () => {
  it('keeps an uploaded photo in the var folder only: nothing goes to the database', async () => {
    const root = tempDir();
    const { dir, file: _file, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop', perLeaf: 8 });
    const app = await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var'), webRoot: null, retention: false, rateLimit: false });
    try {
      const photo = png(3);
      const id = await predictWithPhoto(app, 'forged chef blade', photo);
      const storage = await openStorage(join(root, 'var'));
      try {
        const image = (await storage.predictions.get(id))!.image!;
        expect(readFileSync(join(root, 'var', image))).toEqual(photo);
        expect(await storage.photos.get([photoDigest(photo)])).toEqual([]);
      } finally {
        await storage.close();
      }
    } finally {
      await app.close();
    }
  }, 60_000);
});
