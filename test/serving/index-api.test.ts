// POST /api/index without a task queue: the server builds the active model's similarity index into its folder and serves it.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimilarResponse } from '../../src/serving/api-similar-types.js';
import type { JobResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { endedJob } from '../helpers/jobs.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

const TOKEN = 'index-admin-token';
const admin = { authorization: `Bearer ${TOKEN}` };
const root = tempDir();
let app: FastifyInstance;
let modelDir: string;

beforeAll(async () => {
  const { dir, file: _file, ...trained } = await trainShopModel(root, { seed: 3, folder: 'shop', perLeaf: 10 });
  modelDir = dir;
  app = await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var'), adminToken: TOKEN, webRoot: null });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('POST /api/index on one server', () => {
  it('builds the index as a job and answers similar products from it at once', async () => {
    const similar = () => app.inject({ method: 'POST', url: '/api/similar', payload: { title: 'forged paring blade', k: 2 } });
    expect((await similar()).statusCode).toBe(404);
    const started = await app.inject({ method: 'POST', url: '/api/index', headers: admin });
    expect(started.statusCode, started.body).toBe(202);
    const again = await app.inject({ method: 'POST', url: '/api/index', headers: admin });
    expect([202, 409]).toContain(again.statusCode);
    const job = await endedJob(app, started.json() as JobResponse, { timeoutMs: 60_000 });
    expect(job).toMatchObject({ kind: 'index', status: 'done', fraction: 1, resultUrl: null });
    expect(existsSync(join(modelDir, 'similar'))).toBe(true);
    const res = await similar();
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as SimilarResponse;
    expect(body.indexed).toBe(40);
    expect(body.neighbours[0].title).toMatch(/^forged paring blade/);
    if (again.statusCode === 202) await endedJob(app, again.json() as JobResponse, { timeoutMs: 60_000 });
  }, 120_000);
});
