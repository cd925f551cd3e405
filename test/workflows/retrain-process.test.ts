import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainSeparableModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';

/** This process's children running the retraining script, with the niceness of each of their threads (Linux /proc). */
function retrainChildren(): { pid: number; niceness: number[] }[] {
  const pids = readdirSync('/proc/self/task').flatMap((t) => readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  return pids
    .filter((pid) => existsSync(`/proc/${pid}/cmdline`) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('retrain-child'))
    .map((pid) => ({
      pid,
      niceness: readdirSync(`/proc/${pid}/task`).map((t) => {
        const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      }),
    }));
}

async function retrain(app: Awaited<ReturnType<typeof buildApp>>, token: string): Promise<JobResponse> {
  const predicted = (await app.inject({ method: 'POST', url: '/api/predict', payload: { designation: 'piscine bâche filtre grand' } })).json() as PredictResponse;
  expect((await app.inject({ method: 'POST', url: '/api/feedback', payload: { predictionId: predicted.predictionId, correctCode: 2583 } })).statusCode).toBe(201);
  const started = await app.inject({ method: 'POST', url: '/api/retrain', headers: { authorization: `Bearer ${token}` } });
  expect(started.statusCode).toBe(202);
  let job = started.json() as JobResponse;
  for (let i = 0; i < 1200 && job.status !== 'done' && job.status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = (await app.inject({ method: 'GET', url: `/api/jobs/${job.id}` })).json() as JobResponse;
  }
  return job;
}

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

  it.runIf(existsSync('/proc/self/task'))('keeps a low-priority process ready, started with the app, for one retraining after another', async () => {
    const root = tempDir();
    const trained = await trainSeparableModel(root);
    const token = 'retrain-admin-token';
    const app = await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, varDir: join(root, 'var'), adminToken: token, webRoot: null, retrainProcessReady: true });
    let ready: { pid: number; niceness: number[] }[] = [];
    try {
      ready = retrainChildren();
      expect(ready).toHaveLength(1);
      // Every thread, started after the priority was lowered, runs below the server's (where the system permits it).
      const own = readFileSync('/proc/self/stat', 'utf8');
      const serverNiceness = Number(own.slice(own.lastIndexOf(')') + 2).split(' ')[16]);
      if (serverNiceness < 10) expect(new Set(ready[0].niceness)).toEqual(new Set([10]));
      const first = await retrain(app, token);
      expect(first).toMatchObject({ status: 'done', activated: true });
      const second = await retrain(app, token);
      expect(second).toMatchObject({ status: 'done' });
      expect(second.gate!.baseModelId).toBe(first.gate!.newModelId);
      expect(retrainChildren().map((c) => c.pid)).toEqual([ready[0].pid]);
    } finally {
      await app.close();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(`/proc/${ready[0]?.pid}/cmdline`) && readFileSync(`/proc/${ready[0].pid}/cmdline`, 'utf8').includes('retrain-child')).toBe(false);
  }, 240_000);
});
