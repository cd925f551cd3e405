// Per-depth thresholds of a tree model through the API: a product whose leaf is unsure but whose parent is sure is filed
// at the parent automatically, in the predict answer, the Review queue and a batch's result columns.

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobResponse, ModelsResponse, PredictResponse, ReviewResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import type { DepthThresholdSet } from '../../src/evaluation/depth-thresholds.js';
import { depthThresholdsOf } from '../../src/workflows/depth-decision.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';
import { multipartBody } from './bad-requests.js';
import { endedJob } from '../helpers/jobs.js';

const root = tempDir();
let app: FastifyInstance;
let record: { rule: string; source: string; targets: DepthThresholdSet[] };
let thresholds: (number | null)[];

beforeAll(async () => {
  // Out-of-fold over 5 folds, as `prodclass train` does by default.
  const { dir, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop', folds: 5 });
  record = trained.card.extra.depthThresholds as unknown as typeof record;
  thresholds = depthThresholdsOf(trained.card)!;
  // Every automatic filing is spot-checked (share 1), at a leaf or at a parent.
  app = await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var'), webRoot: null, spotCheckShare: 1 });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const predict = async (title: string) => (await app.inject({ method: 'POST', url: '/api/predict', payload: { title } })).json() as PredictResponse;

describe('per-depth thresholds of a tree model', () => {
  it('are chosen at training on the out-of-fold predictions, each depth reaching its target there, and say how', () => {
    expect(record.source).toBe('out-of-fold predictions of all 64 rows');
    expect(record.rule).toMatch(/deepest depth first/);
    expect(record.targets.map((t) => t.targetPrecision)).toEqual([0.9, 0.95, 0.98]);
    for (const target of record.targets) {
      expect(target.depths.map((d) => d.depth)).toEqual([1, 2, 3]);
      const shares = target.depths.reduce((s, d) => s + d.share, 0) + target.reviewed;
      expect(shares).toBeCloseTo(1, 12);
      for (const d of target.depths) if (d.vouched && d.precision !== null) expect(d.precision).toBeGreaterThanOrEqual(target.targetPrecision);
    }
    expect(thresholds).toEqual(record.targets[1].depths.map((d) => d.threshold));
  });

  it('files a product whose leaf is unsure at its sure parent, automatically', async () => {
    // Knife and pan words together: Kitchen is sure, neither leaf is.
    const mixed = await predict('blade skillet chef wok');
    expect(mixed.predictions[0].path!.slice(0, 2)).toEqual(['Home', 'Kitchen']);
    expect(mixed.predictions[0].probability).toBeLessThan(thresholds[2]!);
    expect(mixed.decision).toMatchObject({ id: 'Home > Kitchen', path: ['Home', 'Kitchen'], depth: 2 });
    expect(mixed.decision.probability).toBeGreaterThanOrEqual(thresholds[1]!);
    // The parent's probability is the sum of its leaves'.
    const kitchen = mixed.predictions.filter((p) => p.path![1] === 'Kitchen').reduce((s, p) => s + p.probability, 0);
    expect(mixed.decision.probability).toBeCloseTo(kitchen, 5);
    expect(mixed.confidence).toMatchObject({ decision: 'auto', filedDepth: 2 });
    expect(mixed.spotCheck).toBe(true);

    const clear = await predict('forged chef blade paring');
    expect(clear.decision).toMatchObject({ id: 'Home > Kitchen > Knives', depth: 3 });
    expect(clear.confidence).toMatchObject({ decision: 'auto', filedDepth: 3 });
    expect(clear.spotCheck).toBe(true);

    // Toys and Bath words: not even a top-level category is sure; the best prediction is answered, for review.
    const lost = await predict('puzzle towel');
    expect(lost.confidence).toMatchObject({ decision: 'review', filedDepth: 0 });
    expect(lost.decision.code).toBe(lost.predictions[0].code);
  });

  it('lists the per-depth thresholds at each target in GET /api/models, compact, beside the catalog-wide ones', async () => {
    const listed = (await app.inject({ method: 'GET', url: '/api/models' })).json() as ModelsResponse;
    const model = listed.models.find((m) => m.id === listed.activeId)!;
    expect(model.precisionTargets.map((t) => t.precision)).toEqual([0.9, 0.95, 0.98]);
    expect(model.depthThresholds).toEqual(
      record.targets.map((t) => ({ targetPrecision: t.targetPrecision, depths: t.depths.map(({ depth, threshold, share, precision }) => ({ depth, threshold, share, precision })) })),
    );
    // The thresholds the API files by at 95 % are those listed.
    expect(model.depthThresholds!.find((t) => t.targetPrecision === 0.95)!.depths.map((d) => d.threshold)).toEqual(thresholds);
  });

  it('lists a product filed at a parent in the Review queue as filed there, so that a person picks its leaf', async () => {
    const queue = (await app.inject({ method: 'GET', url: '/api/review?limit=100' })).json() as ReviewResponse;
    const mixed = queue.items.find((i) => i.designation === 'blade skillet chef wok');
    expect(mixed?.filedAt).toMatchObject({ name: 'Kitchen', path: ['Home', 'Kitchen'], depth: 2 });
    expect(queue.items.find((i) => i.designation === 'puzzle towel')?.filedAt).toBeNull();
    // The sure leaf filing is there only as a spot check.
    expect(queue.items.find((i) => i.designation === 'forged chef blade paring')).toMatchObject({ spotCheck: true, filedAt: null });
  });

  it('measures live precision on spot checks filed at a parent: right when the reviewer picks a leaf under it', async () => {
    const live = async () => {
      const listed = (await app.inject({ method: 'GET', url: '/api/models' })).json() as ModelsResponse;
      const { reviewed, correct } = listed.models.find((m) => m.id === listed.activeId)!.livePrecision ?? { reviewed: 0, correct: 0 };
      return { reviewed, correct };
    };
    const before = await live();
    const [under, outside] = [await predict('blade skillet chef wok'), await predict('blade skillet chef wok')];
    for (const r of [under, outside]) expect(r).toMatchObject({ spotCheck: true, decision: { depth: 2 } });
    const pans = under.predictions.find((p) => p.path!.join(' > ') === 'Home > Kitchen > Pans')!;
    const elsewhere = under.predictions.find((p) => p.path![1] !== 'Kitchen')!;
    const feedback = (predictionId: number, correctCode: number) => app.inject({ method: 'POST', url: '/api/feedback', payload: { predictionId, correctCode } });
    expect((await feedback(under.predictionId, pans.code)).statusCode).toBe(201);
    expect((await feedback(outside.predictionId, elsewhere.code)).statusCode).toBe(201);
    expect(await live()).toEqual({ reviewed: before.reviewed + 2, correct: before.correct + 1 });
  });

  it('writes the decision and the category filed at into a batch result', async () => {
    const lines = await batchResult('new.csv', 'id,title\nb1,blade skillet chef wok\nb2,forged chef blade paring\nb3,puzzle towel\n');
    expect(lines[0]).toBe('id,title,category_id,category_path,category_name,probability,decision,filed_id,filed_path,filed_depth');
    const row = (id: string) => lines.find((l) => l.startsWith(`${id},`))!.split(',');
    expect(row('b1').slice(-4)).toEqual(['auto', 'Home > Kitchen', 'Home > Kitchen', '2']);
    expect(row('b2').slice(-4)).toEqual(['auto', 'Home > Kitchen > Knives', 'Home > Kitchen > Knives', '3']);
    expect(row('b3').slice(-4)).toEqual(['review', '', '', '']);
  }, 60_000);

  it('adds the filed-at columns to a challenge-layout batch result too, which a tree model can be given', async () => {
    const csv = ',designation,description,productid,imageid\n0,blade skillet chef wok,,1,1\n1,forged chef blade paring,,2,2\n2,puzzle towel,,3,3\n';
    const lines = await batchResult('X_test.csv', csv);
    expect(lines[0]).toBe('index,prdtypecode,name,probability,decision,filed_id,filed_path,filed_depth');
    const row = (index: string) => lines.find((l) => l.startsWith(`${index},`))!.split(',');
    expect(row('0').slice(-4)).toEqual(['auto', 'Home > Kitchen', 'Home > Kitchen', '2']);
    expect(row('1').slice(-4)).toEqual(['auto', 'Home > Kitchen > Knives', 'Home > Kitchen > Knives', '3']);
    expect(row('2').slice(-4)).toEqual(['review', '', '', '']);
  }, 60_000);
});

/** Sends `csv` as a batch, waits for the job and answers its result's lines. */
async function batchResult(name: string, csv: string): Promise<string[]> {
  const started = await app.inject({
    method: 'POST',
    url: '/api/predict/batch',
    headers: { 'content-type': 'multipart/form-data; boundary=prodclass-corpus-boundary' },
    payload: multipartBody([], [{ field: 'file', name, type: 'text/csv', data: Buffer.from(csv) }]),
  });
  expect(started.statusCode, started.body).toBe(202);
  const job = await endedJob(app, started.json() as JobResponse);
  expect(job.status, JSON.stringify(job)).toBe('done');
  return (await app.inject({ method: 'GET', url: `/api/jobs/${job.id}/result` })).body.trim().split('\n');
}
