import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedModel } from '../../src/models/model-store.js';
import type { ErrorResponse } from '../../src/serving/api-types.js';
import { buildApp, type AppOptions } from '../../src/serving/app.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';

let root: string;
let trained: LoadedModel;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  root = tempDir();
  trained = await trainDemoModel(root, 6);
});

afterAll(async () => {
  for (const app of apps) await app.close();
});

async function start(over: Partial<AppOptions>, name: string): Promise<string> {
  const app = await buildApp({ model: trained.model, card: trained.card, varDir: join(root, name), webRoot: null, ...over });
  apps.push(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

describe('security headers and rate limits', () => {
  it('sends a content security policy, nosniff and frame options', async () => {
    const base = await start({}, 'var-headers');
    const res = await fetch(`${base}/api/health`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('content-security-policy')).toMatch(/img-src 'self' data: blob:/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('limits each client to --rate-limit requests a minute, answering 429 with Retry-After', async () => {
    const base = await start({ rateLimit: { max: 3, loopback: true } }, 'var-limited');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${base}/api/health`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await fetch(`${base}/api/categories`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as ErrorResponse;
    expect(body.error).toBe('RATE_LIMITED');
    expect(body.message).toMatch(/more than 3 requests in 60 s/);
  });

  it('leaves this machine unlimited unless told otherwise (benchmarks, npm start)', async () => {
    const base = await start({ rateLimit: { max: 2 } }, 'var-loopback');
    const statuses = await Promise.all(Array.from({ length: 6 }, async () => (await fetch(`${base}/api/health`)).status));
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});
