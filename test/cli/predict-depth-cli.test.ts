// `prodclass predict` with a tree model whose card has per-depth thresholds: it files as the API does (a parent when
// the leaf is unsure), in the printed line, --json and the CSV of --data; --min-confidence keeps its back-off meaning.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { depthThresholdsOf } from '../../src/workflows/depth-decision.js';
import { runCli } from '../helpers/run-cli.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir();
let model: string;
let thresholds: (number | null)[];
let app: FastifyInstance;

beforeAll(async () => {
  const trained = await trainShopModel(root, { seed: 4, folder: 'shop', folds: 5 });
  model = trained.dir;
  thresholds = depthThresholdsOf(trained.card)!;
  app = await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, varDir: join(root, 'var'), webRoot: null });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const cliJson = async (title: string, ...more: string[]) => {
  const r = await runCli(['predict', '--model', model, '--title', title, '--json', ...more]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const api = async (title: string) => (await app.inject({ method: 'POST', url: '/api/predict', payload: { title } })).json() as PredictResponse;

describe('prodclass predict with per-depth thresholds', () => {
  it('files a product whose leaf is unsure at its sure parent, as the API does', async () => {
    // Knife and pan words together: Kitchen is sure, neither leaf is.
    const mixed = await cliJson('blade skillet chef wok');
    expect(mixed.predictions[0].probability).toBeLessThan(thresholds[2]!);
    expect(mixed.filing).toMatchObject({ decision: 'auto', depth: 2, category: { id: 'Home > Kitchen', path: ['Home', 'Kitchen'] } });
    expect(mixed.filing.category.probability).toBeGreaterThanOrEqual(thresholds[1]!);
    const served = await api('blade skillet chef wok');
    expect(mixed.decision).toEqual(served.decision);
    expect(served.confidence).toMatchObject({ decision: mixed.filing.decision, filedDepth: mixed.filing.depth });

    const clear = await cliJson('forged chef blade paring');
    expect(clear.filing).toMatchObject({ decision: 'auto', depth: 3, category: { id: 'Home > Kitchen > Knives' } });
    expect(clear.decision).toEqual((await api('forged chef blade paring')).decision);

    // Not even a top-level category is sure: reviewed, the best prediction answered.
    const lost = await cliJson('puzzle towel');
    expect(lost.filing).toEqual({ decision: 'review', depth: 0, category: null });
    expect(lost.decision.code).toBe(lost.predictions[0].code);
    expect((await api('puzzle towel')).confidence).toMatchObject({ decision: 'review', filedDepth: 0 });
  });

  it('keeps --min-confidence as the back-off, and still says where it files', async () => {
    // Asking for just more than the leaf's probability: the answer backs off to a surer ancestor.
    const leaf = (await cliJson('forged chef blade paring')).predictions[0].probability as number;
    const asked = String(leaf + 1e-9);
    const r = await cliJson('forged chef blade paring', '--min-confidence', asked);
    expect(r.decision.depth).toBeLessThan(3);
    expect(r.decision.probability).toBeGreaterThanOrEqual(Number(asked));
    expect(r.filing).toMatchObject({ decision: 'auto', depth: 3 });
  });

  it('prints the filing in a line', async () => {
    const mixed = await runCli(['predict', '--model', model, '--title', 'blade skillet chef wok']);
    expect(mixed.stdout).toMatch(/^filed at depth 2: Home > Kitchen \(\d+\.\d%\), auto$/m);
    const lost = await runCli(['predict', '--model', model, '--title', 'puzzle towel']);
    expect(lost.stdout).toMatch(/^filed at: no depth reaches its threshold, review$/m);
  });

  it('adds decision and the filed-at columns to the CSV of --data, with the API batch names', async () => {
    const file = join(root, 'new.csv');
    // The category column as the model read its own data, empty for the new products (a file needs one labelled row).
    writeFileSync(file, 'id,title,category\nq0,lego doll jigsaw,Toys\nq1,blade skillet chef wok,\nq2,forged chef blade paring,\nq3,puzzle towel,\n');
    const out = join(root, 'filed.csv');
    const r = await runCli(['predict', '--model', model, '--data', file, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(header).toEqual(['id', 'title', 'category_id', 'category_path', 'category_name', 'probability', 'depth', 'decision', 'filed_id', 'filed_path', 'filed_depth']);
    const byId = Object.fromEntries(rows.map((row) => [row[0], Object.fromEntries(header.map((c, k) => [c, row[k]]))]));
    // category_* stay the most probable class; the filing is beside it.
    expect(byId.q1).toMatchObject({ category_id: (await api('blade skillet chef wok')).predictions[0].id, depth: '3', decision: 'auto', filed_id: 'Home > Kitchen', filed_path: 'Home > Kitchen', filed_depth: '2' });
    expect(byId.q2).toMatchObject({ category_id: 'Home > Kitchen > Knives', decision: 'auto', filed_id: 'Home > Kitchen > Knives', filed_depth: '3' });
    expect(byId.q3).toMatchObject({ decision: 'review', filed_id: '', filed_path: '', filed_depth: '' });

    // --min-confidence backs category_* off; the filing columns do not change.
    const backed = join(root, 'backed.csv');
    const asked = String(Number(byId.q2.probability) + 1e-6);
    expect((await runCli(['predict', '--model', model, '--data', file, '--out', backed, '--min-confidence', asked])).code).toBe(0);
    const q2 = readFileSync(backed, 'utf8').trim().split('\n')[3].split(',');
    expect(Number(q2[6])).toBeLessThan(3);
    expect(q2.slice(7)).toEqual(['auto', 'Home > Kitchen > Knives', 'Home > Kitchen > Knives', '3']);
  });
});
