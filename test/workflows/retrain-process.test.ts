import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainSeparableModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';

describe('retraining from the server', () => {
  it('runs in a child process, then the server activates the new model and keeps serving', async () => {
    const root = tempDir();
    const trained = await trainSeparableModel(root);
    const token = 'retrain-admin-token';
    const app = await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, varDir: join(root, 'var'), adminToken: token, webRoot: null });
    try {
      const predicted = (await app.inject({ method: 'POST', url: '/api/predict', payload: { designation: 'piscine bâche filtre grand' } })).json() as PredictResponse;
      expect((await app.inject({ method: 'POST', url: '/api/feedback', payload: { predictionId: predicted.predictionId, correctCode: 2583 } })).statusCode).toBe(201);
      const started = await app.inject({ method: 'POST', url: '/api/retrain', headers: { authorization: `Bearer ${token}` } });
      expect(started.statusCode).toBe(202);
      const id = (started.json() as JobResponse).id;
      let job = started.json() as JobResponse;
      const stages = new Set<string>();
      // The server answers while the child trains: each status request is served at once.
      for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        job = (await app.inject({ method: 'GET', url: `/api/jobs/${id}` })).json() as JobResponse;
        if (job.stage) stages.add(job.stage.split(' ')[0]);
      }
      expect(job).toMatchObject({ status: 'done', activated: true });
      expect([...stages]).toEqual(expect.arrayContaining(['training']));
      const health = (await app.inject({ method: 'GET', url: '/api/health' })).json() as { model: string };
      expect(health.model).toBe(job.gate!.newModelId);
      expect(existsSync(join(root, 'models', job.gate!.newModelId, 'manifest.json'))).toBe(true);
      expect((await app.inject({ method: 'POST', url: '/api/predict', payload: { designation: 'piscine bâche' } })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  }, 120_000);
});
