// The prediction worker pool against the same model in this thread, and a server that classifies on worker threads.

import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { classifyOne } from '../../src/models/classify-one.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import type { HealthResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { PredictionPool, type PooledModel } from '../../src/workflows/prediction-pool.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';

let root: string;
let trained: LoadedModel;
const products = generateDemoProducts({ seed: 3, perClass: 4 }).products.map((p) => ({ designation: p.designation, description: p.description }));

beforeAll(async () => {
  root = tempDir();
  trained = await trainDemoModel(root, 12);
}, 120_000);

describe('PredictionPool', () => {
  let pool: PredictionPool;
  let model: PooledModel;
  beforeAll(async () => {
    pool = await PredictionPool.start(2);
    model = await pool.load(trained.dir, { modelId: trained.card.modelId });
    await model.complete;
  });
  afterAll(async () => {
    await pool.close();
  });

  it('classifies and explains exactly as the model does in this thread', async () => {
    expect(model.size).toBe(2);
    expect(Array.from(model.classes)).toEqual(Array.from(trained.model.classes));
    for (const input of products.slice(0, 20)) {
      const here = await classifyOne(trained.model, input, { explain: true });
      const there = await model.classify(input, { explain: true });
      expect(Array.from(there.proba.data)).toEqual(Array.from(here.proba.data));
      expect(there.explanation).toEqual(here.explanation);
    }
    expect((await model.classify(products[0], { explain: false })).explanation).toBeNull();
  });

  it('cuts a batch across its workers and puts the rows back in order', async () => {
    const batch = products.slice(0, 100);
    const here = await trained.model.predictProba(batch);
    const there = await model.predictProba(batch);
    expect([there.rows, there.cols]).toEqual([here.rows, here.cols]);
    expect(Array.from(there.data)).toEqual(Array.from(here.data));
  });

  it('holds several models at once in the same workers, each answering as its own folder does, until released', async () => {
    const other = await trainDemoModel(join(root, 'pool-other'), 8);
    const second = await pool.load(other.dir);
    // Serving starts with the first worker that holds it; the other catches up behind.
    expect(second.size).toBeGreaterThanOrEqual(1);
    await second.complete;
    expect(second.size).toBe(2);
    const input = products[7];
    expect(Array.from((await second.classify(input, { explain: false })).proba.data)).toEqual(Array.from((await other.model.predictProba([input])).data));
    expect(Array.from((await model.classify(input, { explain: false })).proba.data)).toEqual(Array.from((await trained.model.predictProba([input])).data));

    const running = second.classify(products[1], { explain: true });
    await second.release();
    await expect(running).resolves.toBeDefined();
    await expect(second.classify(products[1], { explain: false })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(second.usable).toBe(true);
    // The first model is untouched.
    await expect(model.classify(products[1], { explain: false })).resolves.toBeDefined();
  });

  it("fails to load with the loader's error when the folder holds no model, or another model than expected", async () => {
    await expect(pool.load(join(root, 'nowhere'))).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(pool.load(trained.dir, { modelId: 'someone-else' })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(pool.load(trained.dir, { classes: Int32Array.of(1, 2) })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('refuses work once closed, and says it is no longer usable', async () => {
    const closing = await PredictionPool.start(1);
    const held = await closing.load(trained.dir);
    const running = held.classify(products[1], { explain: true });
    await closing.close();
    await expect(running).resolves.toBeDefined();
    expect(closing.usable).toBe(false);
    expect(held.usable).toBe(false);
    await expect(closing.load(trained.dir)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('a server with prediction workers', () => {
  it('answers /api/predict like one without, and moves its workers to a newly activated model', async () => {
    const ask = async (base: string) => {
      const res = await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(products[5]) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as PredictResponse;
      return { predictions: body.predictions, explanation: body.explanation, model: body.model.id };
    };
    // A second model (trained on other demo rows) in the models folder, which the server registers at start.
    const second = join(root, 'models', 'second');
    const other = await trainDemoModel(join(root, 'other'), 8);
    cpSync(other.dir, second, { recursive: true });
    const plain = await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, webRoot: null });
    const pooled = await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, webRoot: null, predictWorkers: 2, adminToken: 't' });
    try {
      const [a, b] = [await plain.listen({ port: 0, host: '127.0.0.1' }), await pooled.listen({ port: 0, host: '127.0.0.1' })];
      expect(await ask(b)).toEqual(await ask(a));
      expect(((await (await fetch(`${b}/api/health`)).json()) as HealthResponse).predictWorkers).toBe(2);
      expect(((await (await fetch(`${a}/api/health`)).json()) as HealthResponse).predictWorkers).toBe(0);

      const registered = await fetch(`${b}/api/models`).then((r) => r.json() as Promise<{ models: { id: string }[] }>);
      expect(registered.models.map((m) => m.id)).toContain(other.card.modelId);
      const activated = await fetch(`${b}/api/models/${other.card.modelId}/activate`, { method: 'POST', headers: { authorization: 'Bearer t' } });
      expect(activated.status).toBe(200);
      const after = await ask(b);
      expect(after.model).toBe(other.card.modelId);
      const expected = await classifyOne(other.model, products[5], { explain: true });
      expect(after.predictions[0].probability).toBeCloseTo(expected.proba.data[expected.proba.argmaxRows()[0]], 6);
      expect(((await (await fetch(`${b}/api/health`)).json()) as HealthResponse).predictWorkers).toBe(2);

      // Back and forth: the model switched away from stays loaded with its workers, and both keep answering as before.
      const before = await ask(a);
      for (const [id, answer] of [[trained.card.modelId, before], [other.card.modelId, after], [trained.card.modelId, before]] as const) {
        const res = await fetch(`${b}/api/models/${id}/activate`, { method: 'POST', headers: { authorization: 'Bearer t' } });
        expect(res.status).toBe(200);
        expect(await ask(b)).toEqual(answer);
        expect(((await (await fetch(`${b}/api/health`)).json()) as HealthResponse).predictWorkers).toBe(2);
      }
    } finally {
      await plain.close();
      await pooled.close();
      rmSync(second, { recursive: true, force: true });
    }
  }, 120_000);
});
