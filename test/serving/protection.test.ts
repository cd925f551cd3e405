import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedModel } from '../../src/models/model-store.js';
import type { ErrorResponse, FeedbackItem, FeedbackListResponse, HealthResponse, PredictResponse } from '../../src/serving/api-types.js';
import { parseReviewerTokens } from '../../src/serving/plugins/admin-auth.js';
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

describe('reviewer tokens', () => {
  it('restricts feedback to the reviewers (and the admin) and records who sent it', async () => {
    const alice = 'alice-token-0123456789';
    const base = await start({ reviewerTokens: parseReviewerTokens(`alice:${alice}, bob:bob-token-0123456789`), adminToken: 'admin-token-0123456789' }, 'var-reviewers');
    expect(((await (await fetch(`${base}/api/health`)).json()) as HealthResponse).reviewers).toBe(true);
    const predicted = (await (await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"designation":"Drone"}' })).json()) as PredictResponse;
    const send = (authorization?: string) =>
      fetch(`${base}/api/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ predictionId: predicted.predictionId, correctCode: 1300 }),
      });
    const anonymous = await send();
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as ErrorResponse).message).toMatch(/reviewer token/);
    expect((await send('Bearer wrong-token-0123456789')).status).toBe(401);
    const byAlice = await send(`bearer ${alice}`);
    expect(byAlice.status).toBe(201);
    expect(((await byAlice.json()) as { feedback: FeedbackItem }).feedback.reviewer).toBe('alice');
    expect(((await (await send('Bearer admin-token-0123456789')).json()) as { feedback: FeedbackItem }).feedback.reviewer).toBe('admin');
    const list = (await (await fetch(`${base}/api/feedback`)).json()) as FeedbackListResponse;
    expect(list.items.map((i) => i.reviewer)).toEqual(['admin', 'alice']);
  });

  it('leaves feedback open without reviewer tokens, and refuses malformed ones by name', async () => {
    expect(parseReviewerTokens('')).toEqual({});
    expect(() => parseReviewerTokens('alice')).toThrow(/"alice" is not name:token/);
    expect(() => parseReviewerTokens('alice:short')).toThrow(/token of "alice" must be at least 16/);
    expect(() => parseReviewerTokens('admin:admin-token-0123456789')).toThrow(/not "admin"/);
    expect(() => parseReviewerTokens('a:0123456789abcdef,a:0123456789abcdeg')).toThrow(/"a" is given twice/);
  });
});

describe('security headers and rate limits', () => {
  it('sends a content security policy, nosniff and frame options', async () => {
    const base = await start({}, 'var-headers');
    const res = await fetch(`${base}/api/health`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('content-security-policy')).toMatch(/img-src 'self' data: blob:/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // Plain HTTP behind whatever terminates TLS: neither HSTS nor an upgrade of requests to HTTPS.
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
    // Errors and unknown routes carry the headers too.
    const missing = await fetch(`${base}/api/no-such-route`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
    expect(missing.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
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
