// The API with a model that reads photos (clip-fusion, on the committed tiny CLIP): modalities, explanations, uploads, batch images.

import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { buildImageIndex, imageFileName } from '../../src/data/image-index.js';
import { encodeJpeg } from '../../src/image/decode-image.js';
import { releaseSharedEncoders } from '../../src/models/clip/encoder-registry.js';
import { saveModel } from '../../src/models/model-store.js';
import type { JobResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainModel } from '../../src/training/train-model.js';
import { classPhoto, writeImageCatalog, type ImageCatalog } from '../helpers/image-catalog.js';
import { TINY_CLIP, useTinyClipOffline } from '../helpers/tiny-clip.js';
import { tempDir } from '../helpers/tmp.js';
import { makeZip } from '../helpers/zip.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';
import { endedJob } from '../helpers/jobs.js';

useTinyClipOffline();
let catalog: ImageCatalog;
let app: FastifyInstance;
let base: string;
let trainedModel: Awaited<ReturnType<typeof trainModel>>['model'];
let trainedCard: Awaited<ReturnType<typeof trainModel>>['card'];
let trainedDir: string;

beforeAll(async () => {
  const root = tempDir();
  catalog = await writeImageCatalog(join(root, 'data'), { perClass: 20, ambiguous: 0.6 });
  const images = await buildImageIndex(catalog.dir, { train: catalog.products });
  const params = { clip: { model: TINY_CLIP, nJobs: 1 }, head: { learningRate: 0.01, maxEpochs: 20 } };
  const { model, card } = await trainModel({ data: catalog, taxonomy: RAKUTEN_TAXONOMY, source: catalog.dir, demo: false, images, kind: 'clip-fusion', params: params as never, seed: 7, validationFraction: 0.25 });
  const dir = join(root, 'models', 'mm');
  await saveModel(dir, model, card, RAKUTEN_TAXONOMY);
  [trainedModel, trainedCard, trainedDir] = [model, card, dir];
  app = await buildApp({ model, card, modelDir: dir, varDir: join(root, 'var'), webRoot: null });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
}, 180_000);

afterAll(async () => {
  await app?.close();
  await releaseSharedEncoders();
});

async function predict(fields: Record<string, string>, image?: Uint8Array): Promise<Response> {
  return predictAt(base, fields, image);
}

async function predictAt(url: string, fields: Record<string, string>, image?: Uint8Array): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (image) form.append('image', new Blob([image], { type: 'image/jpeg' }), 'photo.jpg');
  return fetch(`${url}/api/predict`, { method: 'POST', body: form });
}

describe('API with a model that reads photos', () => {
  it('reads the uploaded photo, says so, and splits the explanation between text and photo', async () => {
    const code = catalog.labels[0];
    const res = await predict({ designation: 'lot de 3' }, await encodeJpeg(classPhoto(code, new Rng(3))));
    expect(res.status).toBe(200);
    const json = (await res.json()) as PredictResponse;
    const shares = json.explanation!.modalities!;
    expect(shares.text + shares.image).toBeCloseTo(1, 5);
    expect(shares.image).toBeGreaterThan(0);
    expect(json).toMatchObject({ imageGiven: true, modalities: ['text', 'image'], model: { kind: 'clip-fusion' } });
    const health = (await (await fetch(`${base}/api/health`)).json()) as { modalities: string[] };
    expect(health.modalities).toEqual(['text', 'image']);
  });

  it('reads text only when no photo is given, and falls back to the text for a photo that does not decode (no 500)', async () => {
    const textOnly = (await (await predict({ designation: 'lot de 3' })).json()) as PredictResponse;
    expect(textOnly.modalities).toEqual(['text']);
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a jpeg')]);
    const res = await predict({ designation: 'lot de 3' }, broken);
    expect(res.status).toBe(200);
    const fallback = (await res.json()) as PredictResponse;
    expect(fallback.predictions).toEqual(textOnly.predictions);
    expect(fallback).toMatchObject({ imageGiven: true, modalities: ['text'] });
  });

  it('classifies a batch with its photos from a zip', async () => {
    const products = catalog.products.slice(0, 6);
    let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
    for (const p of products) csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    const rng = new Rng(5);
    const zip = makeZip(await Promise.all(products.map(async (p, i) => ({ name: `images/${imageFileName(p)}`, data: Buffer.from(await encodeJpeg(classPhoto(catalog.labels[i], rng))) }))));
    const form = new FormData();
    form.append('file', new Blob([csv]), 'batch.csv');
    form.append('images', new Blob([zip], { type: 'application/zip' }), 'images.zip');
    let job = (await (await fetch(`${base}/api/predict/batch`, { method: 'POST', body: form })).json()) as JobResponse;
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await fetch(`${base}/api/jobs/${job.id}`)).json()) as JobResponse;
    }
    expect(job).toMatchObject({ status: 'done', summary: { rows: 6, failed: 0, images: { extracted: 6, skipped: 0 } } });
  });
});

const waitForJob = (url: string, id: string) => endedJob(url, id, { everyMs: 100 });

describe('a catalog batch whose model reads photos', () => {
  let photoServer: Server;
  let photoUrl: string;
  let photo: Uint8Array;
  let trusting: FastifyInstance;
  let trustingBase: string;

  beforeAll(async () => {
    photo = await encodeJpeg(classPhoto(catalog.labels[3], new Rng(11)));
    photoServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo));
    await new Promise<void>((done) => photoServer.listen(0, '127.0.0.1', done));
    photoUrl = `http://127.0.0.1:${(photoServer.address() as { port: number }).port}/p/4.jpg`;
    // The same model, on a server told to fetch from this machine (as a catalog on an intranet would need).
    const root = tempDir();
    trusting = await buildApp({ model: trainedModel, card: trainedCard, modelDir: trainedDir, varDir: join(root, 'var'), webRoot: null, allowPrivatePhotos: true });
    trustingBase = await trusting.listen({ port: 0, host: '127.0.0.1' });
  }, 60_000);

  afterAll(async () => {
    await trusting?.close();
    await new Promise((done) => photoServer?.close(done));
  });

  const rows = () => {
    const p = catalog.products;
    return [
      ['sku', 'title', 'photo'],
      ['a', p[0].designation, 'photos/a.jpg'],
      ['b', p[1].designation, 'elsewhere/b.jpg'],
      ['c', p[2].designation, 'missing.jpg'],
      ['d', 'lot de 3', photoUrl],
      ['e', p[4].designation, ''],
    ];
  };
  const upload = async (url: string): Promise<JobResponse> => {
    const rng = new Rng(12);
    const zip = makeZip([
      { name: 'photos/a.jpg', data: Buffer.from(await encodeJpeg(classPhoto(catalog.labels[0], rng))) },
      { name: 'b.jpg', data: Buffer.from(await encodeJpeg(classPhoto(catalog.labels[1], rng))) },
    ]);
    const form = new FormData();
    form.append('file', new Blob([rows().map((r) => formatCsvRow(r)).join('')]), 'catalog.csv');
    form.append('images', new Blob([zip], { type: 'application/zip' }), 'photos.zip');
    const started = (await (await fetch(`${url}/api/predict/batch`, { method: 'POST', body: form })).json()) as JobResponse;
    return waitForJob(url, started.id);
  };

  it('reads photos from the zip (as written, or by file name), reports the missing file and refuses a private URL', async () => {
    const job = await upload(base);
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({ rows: 5, failed: 0, photos: { cells: 4, found: 2, notUploaded: ['missing.jpg'] } });
    expect(job.summary!.photos!.failed).toEqual([{ url: photoUrl, reason: expect.stringMatching(/private|loopback/) }]);
  });

  it('fetches an allowed URL and classifies that row with its photo, exactly as a single prediction with the photo', async () => {
    const job = await upload(trustingBase);
    expect(job.summary).toMatchObject({ rows: 5, failed: 0, photos: { cells: 4, found: 3, failed: [] } });
    const result = (await (await fetch(`${trustingBase}${job.resultUrl}`)).text()).trim().split('\n');
    const header = result[0].split(',');
    const rowD = result.find((line) => line.startsWith('d,'))!.split(',');
    const probability = Number(rowD[header.indexOf('probability')]);
    const single = (await (await predictAt(trustingBase, { title: 'lot de 3' }, photo)).json()) as PredictResponse;
    expect(single.modalities).toEqual(['text', 'image']);
    expect(rowD[header.indexOf('category_id')]).toBe(single.predictions[0].id);
    expect(probability).toBeCloseTo(single.predictions[0].probability, 5);
    const textOnly = (await (await predictAt(trustingBase, { title: 'lot de 3' })).json()) as PredictResponse;
    expect(probability).not.toBeCloseTo(textOnly.predictions[0].probability, 5);
  });
});

