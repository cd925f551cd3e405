// A challenge-layout batch of a tree model with per-depth thresholds, spread over the Redis queue: the worker writes
// the filed-at columns and the assembled result's header names them (the in-process path: depth-filing-api.test.ts).

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { startQueueWorker, type QueueWorker } from '../../src/workflows/queue-worker.js';
import { multipartBody } from '../serving/bad-requests.js';
import { redisAvailability, redisDatabaseUrl } from '../helpers/services.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';
import { endedJob } from '../helpers/jobs.js';

const root = tempDir();
const varDir = join(root, 'var');
let app: FastifyInstance;
let storage: Storage;
let worker: QueueWorker;

describe.skipIf(!redisAvailability().ok)('a queued challenge-layout batch of a tree model', () => {
  beforeAll(async () => {
    const trained = await trainShopModel(root, { seed: 4, folder: 'shop', folds: 5 });
    const redis = await redisDatabaseUrl('queued-depth-batch');
    app = await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, varDir, webRoot: null, redisUrl: redis });
    storage = await openStorage(varDir);
    worker = startQueueWorker({ storage, redisUrl: redis, varDir: join(root, 'worker-var'), log: () => {} });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await storage?.close();
  });

  it('adds decision and the filed-at columns, header and rows', async () => {
    const csv = ',designation,description,productid,imageid\n0,blade skillet chef wok,,1,1\n1,forged chef blade paring,,2,2\n2,puzzle towel,,3,3\n';
    const started = await app.inject({
      method: 'POST',
      url: '/api/predict/batch',
      headers: { 'content-type': 'multipart/form-data; boundary=prodclass-corpus-boundary' },
      payload: multipartBody([], [{ field: 'file', name: 'X_test.csv', type: 'text/csv', data: Buffer.from(csv) }]),
    });
    expect(started.statusCode, started.body).toBe(202);
    const job = await endedJob(app, started.json() as JobResponse);
    expect(job.status, JSON.stringify(job)).toBe('done');
    // It went through the queue: the worker recorded the chunk.
    expect(await storage.jobChunks.done(job.id)).toEqual([0]);
    const lines = (await app.inject({ method: 'GET', url: `/api/jobs/${job.id}/result` })).body.trim().split('\n');
    expect(lines[0]).toBe('index,prdtypecode,name,probability,decision,filed_id,filed_path,filed_depth');
    expect(lines.slice(1).map((l) => l.split(',').slice(-4))).toEqual([
      ['auto', 'Home > Kitchen', 'Home > Kitchen', '2'],
      ['auto', 'Home > Kitchen > Knives', 'Home > Kitchen > Knives', '3'],
      ['review', '', '', ''],
    ]);
  }, 60_000);
});
