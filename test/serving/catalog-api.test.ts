// The API on a catalog of its own: a tree learnt from a CSV's paths, titles under either name, back-off, feedback by
// category id or path, a new category created while correcting, and a retraining that learns it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoriesResponse, FeedbackItem, JobResponse, ModelsSummaryResponse, PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';
import iconv from 'iconv-lite';
import { multipartBody } from './bad-requests.js';
import { endedJob } from '../helpers/jobs.js';

const TOKEN = 'catalog-admin-token';
const root = tempDir();
let app: FastifyInstance;

beforeAll(async () => {
  const { dir, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop' });
  app = await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var'), adminToken: TOKEN, webRoot: null });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

/** The inject options of a multipart upload of `files`. */
const multipart = (files: { field: string; name: string; type: string; data: Buffer }[]) => ({
  headers: { 'content-type': 'multipart/form-data; boundary=prodclass-corpus-boundary' },
  payload: multipartBody([], files),
});
const predict = async (payload: object) => app.inject({ method: 'POST', url: '/api/predict', payload });
const feedback = async (payload: object) => app.inject({ method: 'POST', url: '/api/feedback', payload });

describe('a catalog of its own through the API', () => {
  it('takes the title under either name, answers paths, and backs off when asked for a confidence', async () => {
    const byTitle = (await predict({ title: 'forged chef paring blade' })).json() as PredictResponse;
    expect(byTitle.predictions[0]).toMatchObject({ id: 'Home > Kitchen > Knives', name: 'Knives', path: ['Home', 'Kitchen', 'Knives'] });
    expect(byTitle.decision).toMatchObject({ id: 'Home > Kitchen > Knives', depth: 3 });
    const byDesignation = (await predict({ designation: 'forged chef paring blade' })).json() as PredictResponse;
    expect(byDesignation.predictions[0].code).toBe(byTitle.predictions[0].code);
    // Nothing reaches 0.9999 here: the surest top-level category is answered, with the sum of its leaves' probabilities
    // (all four leaves are among the predictions).
    const unsure = (await predict({ title: 'kitchen things', minConfidence: 0.9999 })).json() as PredictResponse;
    expect(unsure.decision.depth).toBe(1);
    const top = unsure.decision.path![0];
    const sum = unsure.predictions.filter((p) => p.path![0] === top).reduce((s, p) => s + p.probability, 0);
    expect(unsure.decision.probability).toBeCloseTo(sum, 5);
    expect(unsure.predictions.filter((p) => p.path![0] !== top).every((p) => p.probability <= 1 - sum + 1e-6)).toBe(true);
    const both = await predict({ title: 'a', designation: 'b' });
    expect(both.statusCode).toBe(400);
    expect((await predict({ title: 'x', minConfidence: 2 })).statusCode).toBe(400);
  });

  it('lists the largest confusions per depth of the tree in the models summary', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/models/summary' });
    expect(r.statusCode, r.body).toBe(200);
    const model = (r.json() as ModelsSummaryResponse).models[0];
    expect(model.confusionsByDepth.map((d) => d.depth)).toEqual([1, 2]);
    const [top, middle] = model.confusionsByDepth;
    for (const c of [...top.confusions, ...middle.confusions]) expect(c.truth).not.toBe(c.predicted);
    // Cut to depth 1, both sides are top-level categories; to depth 2, at most two levels (Toys has no second).
    for (const c of top.confusions) expect([c.truthName, c.predictedName].map((n) => n.split(' > ').length)).toEqual([1, 1]);
    for (const c of middle.confusions) expect(c.truthName.split(' > ').length).toBeLessThanOrEqual(2);
  });

  it('takes feedback by category id or path and names the closest categories of an unknown one', async () => {
    const { predictionId } = (await predict({ title: 'cotton towel' })).json() as PredictResponse;
    const byId = await feedback({ predictionId, category: 'Home > Bath' });
    expect(byId.statusCode).toBe(201);
    expect((byId.json() as { feedback: FeedbackItem }).feedback.correctName).toBe('Bath');
    const unknown = await feedback({ predictionId, category: 'Home > Bathroom' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ error: 'DATA_UNKNOWN_CODE' });
    expect(unknown.json().message).toContain('"Home > Bath"');
    expect((await feedback({ predictionId, category: 'Home > Bath', correctCode: 1 })).statusCode).toBe(400);
  });

  it('classifies a catalog file in a batch, writing its own columns back with the category, in its format and encoding', async () => {
    const latin1 = iconv.encode('ref;nom;remarque\nA1;couteau forgé chef blade;été\nA2;cotton towel bathrobe;\n', 'latin1');
    const run = async (name: string, type: string, data: Buffer) => {
      const started = await app.inject({ method: 'POST', url: '/api/predict/batch', ...multipart([{ field: 'file', name, type, data }]) });
      expect(started.statusCode, started.body).toBe(202);
      const job = await endedJob(app, started.json() as JobResponse);
      expect(job.status, JSON.stringify(job)).toBe('done');
      return app.inject({ method: 'GET', url: `/api/jobs/${job.id}/result` });
    };
    const csv = await run('offers.csv', 'text/csv', latin1);
    expect(csv.headers['content-type']).toContain('charset=windows-1252');
    const text = iconv.decode(csv.rawPayload, 'windows-1252');
    const lines = text.trim().split('\n');
    // A tree model files by its per-depth thresholds: the category filed at (perhaps a parent) and its depth follow.
    expect(lines[0]).toBe('ref;nom;remarque;category_id;category_path;category_name;probability;decision;filed_id;filed_path;filed_depth');
    expect(lines[1]).toMatch(/^A1;couteau forgé chef blade;été;Home > Kitchen > Knives;Home > Kitchen > Knives;Knives;0\.\d{6};(auto;Home[^;]*;Home[^;]*;[123]|review;;;)$/);
    expect(lines[2]).toMatch(/^A2;cotton towel bathrobe;;Home > Bath;Home > Bath;Bath;/);

    const jsonl = await run('offers.jsonl', 'application/x-ndjson', Buffer.from('{"sku":"x1","title":"nonstick skillet wok"}\n'));
    expect(jsonl.headers['content-disposition']).toContain('.jsonl');
    expect(JSON.parse(jsonl.body.trim())).toMatchObject({ sku: 'x1', title: 'nonstick skillet wok', category_path: 'Home > Kitchen > Pans' });
  }, 60_000);

  it('reads an uploaded file by the columns the upload maps, and refuses a mapping it cannot follow', async () => {
    const data = Buffer.from('code,txt,notes\nq1,forged chef paring blade,sharp\nq2,nonstick skillet wok,\n');
    const upload = (fields: [string, string][]) =>
      app.inject({
        method: 'POST',
        url: '/api/predict/batch',
        headers: { 'content-type': 'multipart/form-data; boundary=prodclass-corpus-boundary' },
        payload: multipartBody(fields, [{ field: 'file', name: 'codes.csv', type: 'text/csv', data }]),
      });
    // No column is named like a title: found by nothing, refused before a job exists, naming the flag's form.
    const unmapped = await upload([]);
    expect(unmapped.statusCode).toBeGreaterThanOrEqual(400);
    expect(unmapped.statusCode).toBeLessThan(500);
    expect(unmapped.json()).toMatchObject({ error: 'DATA_MISSING_COLUMN' });
    expect(unmapped.json().message).toContain('title=COL');
    const malformed = await upload([['columns', 'title']]);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: 'INVALID_PARAM' });
    const absent = await upload([['columns', 'title=text']]);
    expect(absent.json()).toMatchObject({ error: 'DATA_MISSING_COLUMN' });
    expect(absent.json().message).toContain('"txt"');

    const started = await upload([['columns', 'title=txt,id=code']]);
    expect(started.statusCode, started.body).toBe(202);
    const job = await endedJob(app, started.json() as JobResponse);
    expect(job.status, JSON.stringify(job)).toBe('done');
    const lines = (await app.inject({ method: 'GET', url: `/api/jobs/${job.id}/result` })).body.trim().split('\n');
    expect(lines[0].startsWith('code,txt,notes,category_id,category_path')).toBe(true);
    expect(lines[1]).toMatch(/^q1,forged chef paring blade,sharp,Home > Kitchen > Knives,/);
    expect(lines[2]).toMatch(/^q2,nonstick skillet wok,,Home > Kitchen > Pans,/);
  }, 60_000);

  it('creates a category while correcting, lists it, and a retraining learns it', async () => {
    const ids: number[] = [];
    for (const title of ['oak cutting board', 'bamboo cutting board', 'walnut chopping board']) {
      const { predictionId } = (await predict({ title })).json() as PredictResponse;
      ids.push(predictionId);
      const r = await feedback({ predictionId, newCategory: { name: 'Cutting Boards', parent: 'Home > Kitchen' } });
      expect(r.statusCode, r.body).toBe(201);
    }
    const categories = (await app.inject({ method: 'GET', url: '/api/categories' })).json() as CategoriesResponse;
    const boards = categories.categories.filter((c) => c.name === 'Cutting Boards');
    expect(boards).toHaveLength(1);
    expect(boards[0].path).toEqual(['Home', 'Kitchen', 'Cutting Boards']);

    const started = await app.inject({ method: 'POST', url: '/api/retrain', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(started.statusCode).toBe(202);
    const job = await endedJob(app, started.json() as JobResponse, { timeoutMs: 120_000, everyMs: 100 });
    expect(job.status, JSON.stringify(job)).toBe('done');
    const newDir = join(root, 'models', job.gate!.newModelId);
    const saved = JSON.parse(readFileSync(join(newDir, 'taxonomy.json'), 'utf8')) as { categories: Array<{ id: string }> };
    expect(saved.categories.map((c) => c.id)).toContain('Home > Kitchen > Cutting Boards');
    const manifest = JSON.parse(readFileSync(join(newDir, 'manifest.json'), 'utf8'));
    expect(manifest.card.data.classes).toContain(boards[0].code);
  }, 180_000);

  it('retrains onto a new taxonomy version uploaded with its mapping, refusing unreadable files before any job starts', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const retrain = (files: { field: string; name: string; type: string; data: Buffer }[]) => {
      const body = multipart(files);
      return app.inject({ method: 'POST', url: '/api/retrain', headers: { ...body.headers, ...auth }, payload: body.payload });
    };
    const text = (field: string, name: string, data: string) => ({ field, name, type: 'text/plain', data: Buffer.from(data) });
    const v2 = ['Home', 'Home > Kitchen', 'Home > Kitchen > Chef Knives', 'Home > Kitchen > Pans', 'Home > Kitchen > Cutting Boards', 'Home > Bath'].join('\n');
    const jobsBefore = (await app.inject({ method: 'GET', url: '/api/jobs?kind=retrain' })).json().jobs.length;

    const refusals = [
      [await retrain([text('mapping', 'map.csv', 'old,new\n')]), 400, 'INVALID_INPUT', /no taxonomy received/],
      [await retrain([text('taxonomy', 'v2.xml', v2)]), 400, 'INVALID_INPUT', /\.json, \.csv, \.tsv, \.txt/],
      [await retrain([text('taxonomy', 'v2.json', '{"format": ')]), 400, 'INVALID_INPUT', /v2\.json is not valid JSON/],
      [await retrain([text('taxonomy', 'v2.txt', v2), text('mapping', 'map.csv', 'old,new\nGarden,Home > Bath\n')]), 422, 'DATA_UNKNOWN_CODE', /"Garden" is not in the old taxonomy/],
    ] as const;
    for (const [res, status, code, message] of refusals) {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json()).toMatchObject({ error: code, message: expect.stringMatching(message) });
      expect(res.body).not.toContain(root);
    }
    expect((await app.inject({ method: 'GET', url: '/api/jobs?kind=retrain' })).json().jobs).toHaveLength(jobsBefore);

    const started = await retrain([text('taxonomy', 'shop-v2.txt', v2), text('mapping', 'map.csv', 'old,new\nHome > Kitchen > Knives,Home > Kitchen > Chef Knives\nToys,\n')]);
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ taxonomyChange: { counts: { renamed: 1, removed: 1 }, unmapped: null } });
    const job = await endedJob(app, started.json() as JobResponse, { timeoutMs: 120_000, everyMs: 100 });
    expect(job.status, JSON.stringify(job)).toBe('done');
    // The 16 toys are left out; so is no feedback (the boards' category exists in the new version).
    expect(job.taxonomyChange!.unmapped).toEqual({ rows: 16, feedback: 0 });
    const saved = JSON.parse(readFileSync(join(root, 'models', job.gate!.newModelId, 'taxonomy.json'), 'utf8')) as { categories: Array<{ id: string }> };
    expect(saved.categories.map((c) => c.id)).toEqual(expect.arrayContaining(['Home > Kitchen > Chef Knives', 'Home > Kitchen > Cutting Boards']));
    expect(saved.categories.map((c) => c.id)).not.toContain('Toys');
    if (job.activated) {
      const categories = (await app.inject({ method: 'GET', url: '/api/categories' })).json() as CategoriesResponse;
      expect(categories.categories.map((c) => c.name)).toContain('Chef Knives');
      const answer = (await predict({ title: 'forged chef paring blade' })).json() as PredictResponse;
      expect(answer.predictions[0].path).toEqual(['Home', 'Kitchen', 'Chef Knives']);
    }
  }, 180_000);
});

