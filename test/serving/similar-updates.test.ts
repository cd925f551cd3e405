// The similarity index follows the catalog: products filed automatically or corrected through the API join it, move with corrections, and outlive a restart.

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/data/load-catalog.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import { catalogEntries } from '../../src/models/similar/catalog-entries.js';
import { SimilarIndex } from '../../src/models/similar/similar-index.js';
import { modelIndexDir } from '../../src/models/similar/similar-view.js';
import type { JobResponse, PredictResponse } from '../../src/serving/api-types.js';
import type { SimilarResponse } from '../../src/serving/api-similar-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';
import { endedJob } from '../helpers/jobs.js';

let root: string;
let trained: LoadedModel & { dataDir: string };
let catalogSize: number;
let app: FastifyInstance | undefined;

beforeAll(async () => {
  root = tempDir();
  trained = await trainDemoModel(root, 8);
  const index = await SimilarIndex.build(catalogEntries(await loadCatalog(trained.dataDir)), { embedder: { dims: 24 } });
  catalogSize = index.size;
  await index.save(modelIndexDir(trained.dir));
}, 120_000);

afterAll(async () => {
  await app?.close();
});

// Every prediction is filed automatically (threshold 0); no spot checks.
// Filings wait a minute for others (unless flushed): a test that finds one found it through a flush, not a timer.
const start = () => buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, varDir: join(root, 'var'), webRoot: null, reviewThreshold: 0, spotCheckShare: 0, indexFilingDelayMs: 60_000 });

const TITLE = 'Trottinette électrique pliable 350 W autonomie 25 km';

async function similarTo(title: string): Promise<SimilarResponse> {
  const res = await app!.inject({ method: 'POST', url: '/api/similar', payload: { title, k: 3 } });
  expect(res.statusCode).toBe(200);
  return res.json() as SimilarResponse;
}

describe('the similarity index of a served model', () => {
  it('takes in a product filed automatically, moves it when a person corrects it, and keeps it across a restart', async () => {
    app = await start();
    expect((await similarTo(TITLE)).indexed).toBe(catalogSize);

    // A page preview is not filed: the index is unchanged.
    await app.inject({ method: 'POST', url: '/api/predict', payload: { designation: TITLE, origin: 'page' } });
    expect((await similarTo(TITLE)).indexed).toBe(catalogSize);

    const predicted = (await app.inject({ method: 'POST', url: '/api/predict', payload: { designation: TITLE } })).json() as PredictResponse;
    expect(predicted.confidence.decision).toBe('auto');
    const id = `prediction-${predicted.predictionId}`;
    const filed = await similarTo(TITLE);
    expect(filed.indexed).toBe(catalogSize + 1);
    expect(filed.neighbours[0]).toMatchObject({ id, title: TITLE, category: String(predicted.predictions[0].code), similarity: 1 });
    const byId = await app.inject({ method: 'GET', url: `/api/products/${id}/similar?k=2` });
    expect(byId.statusCode).toBe(200);

    const corrected = predicted.predictions[1].code;
    const feedback = await app.inject({ method: 'POST', url: '/api/feedback', payload: { predictionId: predicted.predictionId, correctCode: corrected } });
    expect(feedback.statusCode).toBe(201);
    const moved = await similarTo(TITLE);
    expect(moved.indexed).toBe(catalogSize + 1);
    expect(moved.neighbours[0]).toMatchObject({ id, category: String(corrected) });

    // The changes are in the database, not yet in the saved folder: the next server replays them, and finds the product
    // where the person put it.
    await app.close();
    expect((await SimilarIndex.load(modelIndexDir(trained.dir))).product(id)).toBeUndefined();
    app = await start();
    expect((await similarTo(TITLE)).neighbours[0]).toMatchObject({ id, category: String(corrected) });
  }, 60_000);

  it("takes in a batch's rows filed automatically: under the file's own ids, or ids of the job's own", async () => {
    app ??= await start();
    const batch = async (name: string, csv: string): Promise<string> => {
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), name);
      const res = await app!.inject({ method: 'POST', url: '/api/predict/batch', payload: form as unknown as string });
      expect(res.statusCode, res.body).toBe(202);
      const job = await endedJob(app!, res.json() as JobResponse);
      expect(job.status, JSON.stringify(job)).toBe('done');
      return job.id;
    };
    const before = (await similarTo(TITLE)).indexed;
    await batch('offers.csv', 'sku,title\nSKU-77,Aspirateur robot laveur connecté wifi\nSKU-78,Tapis de yoga antidérapant 6 mm\n');
    const robot = await similarTo('Aspirateur robot laveur connecté wifi');
    expect(robot.indexed).toBe(before + 2);
    expect(robot.neighbours[0]).toMatchObject({ id: 'SKU-77', similarity: 1 });

    const id = await batch('products.csv', ',designation,description,productid,imageid\n0,Guirlande lumineuse LED 10 m blanc chaud,,1,1\n');
    const garland = await similarTo('Guirlande lumineuse LED 10 m blanc chaud');
    expect(garland.indexed).toBe(before + 3);
    expect(garland.neighbours[0]).toMatchObject({ id: `${id}:0`, similarity: 1 });
  }, 60_000);

  it('answers a prediction before filing it: the filing is written after, counted in the metrics, and not lost when the server closes at once', async () => {
    app ??= await start();
    const title = 'Bouilloire électrique inox 1,7 L arrêt automatique';
    const counted = async () => {
      const text = (await app!.inject({ method: 'GET', url: '/api/metrics' })).body;
      return Number(/prodclass_index_filings_total\{outcome="filed"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const before = await counted();
    const predicted = (await app.inject({ method: 'POST', url: '/api/predict', payload: { designation: title } })).json() as PredictResponse;
    expect(predicted.confidence.decision).toBe('auto');
    // A similar-products request files what this host queued first.
    expect((await similarTo(title)).neighbours[0]).toMatchObject({ id: `prediction-${predicted.predictionId}`, similarity: 1 });
    expect(await counted()).toBe(before + 1);

    // Closed right after answering: the queued filing is written on the way out, and the next server finds it.
    const late = 'Grille-pain 2 fentes larges 850 W';
    const second = (await app.inject({ method: 'POST', url: '/api/predict', payload: { designation: late } })).json() as PredictResponse;
    expect(second.confidence.decision).toBe('auto');
    await app.close();
    app = await start();
    const byId = await app.inject({ method: 'GET', url: `/api/products/prediction-${second.predictionId}/similar?k=1` });
    expect(byId.statusCode, byId.body).toBe(200);
  }, 60_000);
});
