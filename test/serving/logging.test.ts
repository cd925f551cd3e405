import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';

interface LogLine {
  level: number;
  reqId?: string;
  msg: string;
  err?: { message: string; stack: string };
  code?: string;
}

describe('request and error logs', () => {
  it('writes JSON lines to --log-file with the request id in every line of a request, and a 500 with its stack', async () => {
    const root = tempDir();
    const trained = await trainDemoModel(root, 6);
    const file = join(root, 'server.log');
    const app = await buildApp({ model: trained.model, card: trained.card, varDir: join(root, 'var'), webRoot: null, logger: { level: 'info', file } });
    // A route that fails the way a bug would: a plain Error, not one of ours.
    app.get('/api/test-failure', async () => {
      throw new Error('a bug in a route');
    });
    const failed = await app.inject({ method: 'GET', url: '/api/test-failure' });
    const mistake = await app.inject({ method: 'POST', url: '/api/feedback', payload: { predictionId: '1', correctCode: 10 } });
    await app.close();

    expect(failed.statusCode).toBe(500);
    const body = failed.json() as ErrorResponse;
    expect(body).toMatchObject({ error: 'INTERNAL' });
    expect(body.message).not.toMatch(/a bug in a route/);
    expect(body.message).toContain(body.requestId!);

    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine);
    const ofFailure = lines.filter((l) => l.reqId === body.requestId);
    expect(ofFailure.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    const error = ofFailure.find((l) => l.level === 50)!;
    expect(error.err!.message).toBe('a bug in a route');
    expect(error.err!.stack).toMatch(/at .*logging\.test\.ts/);

    const mistakeId = (mistake.json() as ErrorResponse).requestId;
    const ofMistake = lines.filter((l) => l.reqId === mistakeId);
    expect(ofMistake.find((l) => l.code === 'INVALID_INPUT')!.level).toBe(30);
    // Every line about a request names it.
    for (const line of lines.filter((l) => /request/.test(l.msg))) expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
