import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';
import { BAD_REQUESTS, type BadRequest, type Known } from './bad-requests.js';

const TOKEN = 'corpus-admin-token';
let root: string;
let app: FastifyInstance;
let known: Known;

beforeAll(async () => {
  root = tempDir();
  const trained = await trainDemoModel(root, 8);
  const webRoot = join(root, 'web');
  mkdirSync(webRoot);
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>prodclass</title>');
  writeFileSync(join(root, 'secret.txt'), 'not for clients');
  app = await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, varDir: join(root, 'var'), adminToken: TOKEN, webRoot, limits: { image: 50_000 } });
  const predicted = await app.inject({ method: 'POST', url: '/api/predict', payload: { designation: 'Drone avec caméra' } });
  known = { predictionId: (predicted.json() as PredictResponse).predictionId, adminToken: TOKEN, modelId: trained.card.modelId };
});

afterAll(async () => {
  await app.close();
});

async function send(request: BadRequest) {
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k, v.replace('@token', known.adminToken)]));
  let payload: string | Buffer | undefined;
  if (typeof request.body === 'function') {
    payload = JSON.stringify(request.body(known));
    headers['content-type'] ??= 'application/json';
  } else payload = request.body;
  return app.inject({ method: request.method, url: request.url, headers, payload });
}

describe('the corpus of bad requests', () => {
  it.each(BAD_REQUESTS.map((r) => [r.name, r] as const))('%s', async (_name, request) => {
    const res = await send(request);
    const body = res.json() as ErrorResponse;
    expect({ status: res.statusCode, code: body.error }).toEqual({ status: request.status, code: request.code });
    if (request.message) expect(body.message).toMatch(request.message);
    // Every answer names its request, as the log does, and no server folder.
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(res.body).not.toContain(root);
    expect(res.body).not.toContain(tmpdir());
    expect(res.body).not.toContain(process.cwd());
  });
});

describe('answers that are not errors', () => {
  it('accepts the auth scheme in any case, and multipart explain=false', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/models/${known.modelId}/activate`, headers: { authorization: `bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    const form = await app.inject({
      method: 'POST',
      url: '/api/predict',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      payload: '--b\r\nContent-Disposition: form-data; name="designation"\r\n\r\nDrone\r\n--b\r\nContent-Disposition: form-data; name="explain"\r\n\r\nfalse\r\n--b--\r\n',
    });
    expect(form.statusCode).toBe(200);
    expect((form.json() as PredictResponse).explanation).toBeNull();
  });

  it('names no server folder in the model list, the models summary or the explored data', async () => {
    for (const url of ['/api/models', '/api/models/summary', '/api/explore?wait=30', '/api/health']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain(root);
      expect(res.body, url).not.toContain(tmpdir());
    }
    const models = (await app.inject({ method: 'GET', url: '/api/models' })).json() as { models: { source: string | null }[] };
    expect(models.models[0].source).toBe('data');
  });
});
