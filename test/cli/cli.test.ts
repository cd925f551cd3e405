import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCatalog } from '../../src/data/demo-catalog.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir();
const data = join(root, 'catalog');
const model = join(root, 'model');

beforeAll(async () => {
  await writeDemoCatalog(data, { seed: 5, perClass: 30 });
  const r = await runCli(['train', '--data', data, '--out', model, '--seed', '3', '--validation-fraction', '0.1', '--json']);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
}, 120_000);

describe('prodclass train', () => {
  it('writes a model folder whose card records data, split, parameters, metrics and code version', () => {
    const manifest = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8'));
    const card = manifest.card;
    // The default for a catalog of up to 100 categories (27 here): the stack of the SVM and naive Bayes.
    expect(card.kind).toBe('text-ensemble');
    expect(typeof card.extra.training.stacked).toBe('boolean');
    expect(card.demo).toBe(true);
    expect(card.seed).toBe(3);
    expect(card.data.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(card.data.nTrain + card.data.nValidation).toBe(27 * 30);
    expect(card.data.split).toEqual({ validationFraction: 0.1, seed: 3 });
    expect(card.metrics.validation.weightedF1).toBeGreaterThan(0.8);
    expect(card.codeVersion).toMatch(/^(git:[0-9a-f]{12}(-dirty)?|package:)/);
    expect(manifest.weights.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is reproducible: the same seed gives byte-identical weights', async () => {
    const again = join(root, 'model-again');
    const r = await runCli(['train', '--data', data, '--out', again, '--seed', '3', '--validation-fraction', '0.1']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(again, 'weights.bin')).equals(readFileSync(join(model, 'weights.bin')))).toBe(true);
  });

  it('by default validates out-of-fold on 5 folds and fits the saved model on every row; evaluate then points to the card', async () => {
    const oof = join(root, 'model-oof');
    const r = await runCli(['train', '--data', data, '--out', oof, '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    const card = JSON.parse(r.stdout);
    expect(card.data.split).toEqual({ validationFraction: 0, seed: 3, folds: 5 });
    expect(card.data).toMatchObject({ nTrain: 27 * 30, nValidation: 27 * 30 });
    expect(card.data.validation).toMatch(/^out-of-fold: each of the 810 rows .* the saved model is fitted on every row$/);
    expect(card.metrics.validation.n).toBe(27 * 30);
    expect(card.metrics.validation.weightedF1).toBeGreaterThan(0.8);
    expect(card.extra.precisionCoverage.n).toBe(27 * 30);
    expect(card.extra.validationPredictions.fold).toHaveLength(27 * 30);
    const refused = await runCli(['evaluate', '--model', oof, '--data', data, '--split', 'validation']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/fitted on every row, validated out-of-fold \(5 folds\).*metrics\.validation/);
    const all = await runCli(['evaluate', '--model', oof, '--data', data, '--json']);
    expect(JSON.parse(all.stdout)).toMatchObject({ split: 'all', n: 27 * 30 });
    expect(all.stderr).toMatch(/out-of-fold figures are in its card/);
  });

  it('names the file and line of a malformed label and exits with status 2', async () => {
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'X_train_update.csv'), ',designation,description,productid,imageid\n0,"Livre, poche",,1,2\n1,Console,,3,4\n');
    writeFileSync(join(bad, 'Y_train_CVw08PX.csv'), ',prdtypecode\n0,10\n1,9999\n');
    const r = await runCli(['train', '--data', bad, '--out', join(root, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DATA_UNKNOWN_CODE');
    expect(r.stderr).toContain('Y_train_CVw08PX.csv:3');
  });

  it('rejects an unknown model kind and a bad seed with a clear message', async () => {
    const kind = await runCli(['train', '--data', data, '--out', join(root, 'x'), '--model', 'nope']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/unknown model kind "nope" \(available: .*text-linear/);
    const seed = await runCli(['train', '--data', data, '--out', join(root, 'x'), '--seed', '-1']);
    expect(seed.code).not.toBe(0);
    expect(seed.stderr).toMatch(/--seed must be an integer >= 0/);
  });
});

describe('prodclass evaluate', () => {
  it('prints one JSON object with the headline metrics, scored on the held-out rows', async () => {
    const r = await runCli(['evaluate', '--model', model, '--data', data, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const card = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')).card;
    expect(report.split).toBe('validation');
    expect(report.n).toBe(card.data.nValidation);
    expect(report.weightedF1).toBeCloseTo(card.metrics.validation.weightedF1, 10);
    for (const key of ['macroF1', 'accuracy', 'perClass', 'confusion']) expect(report).toHaveProperty(key);
    expect(report.perClass).toHaveLength(27);
    // The card's own thresholds applied to these rows; ECE of the top probability.
    expect(report.automation.map((a: { targetPrecision: number }) => a.targetPrecision)).toEqual([0.9, 0.95, 0.98]);
    const thresholds = card.extra.precisionCoverage.targets.map((t: { threshold: number | null }) => t.threshold);
    expect(report.automation.map((a: { threshold: number | null }) => a.threshold)).toEqual(thresholds);
    for (const a of report.automation) expect(a.coverage).toBeGreaterThanOrEqual(0);
    expect(report.probability.ece).toBeGreaterThanOrEqual(0);
    expect(report.probability.ece).toBeLessThan(0.5);
    expect(report.confusion.counts.flat().reduce((s: number, v: number) => s + v, 0)).toBe(report.n);
  });

  it('scores all rows with --split all', async () => {
    const r = await runCli(['evaluate', '--model', model, '--data', data, '--split', 'all', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ split: 'all', n: 27 * 30 });
  });
});

describe('prodclass predict', () => {
  it('returns the top 5 with codes, names and probabilities, best first, and the words behind it', async () => {
    const r = await runCli(['predict', '--model', model, '--designation', 'Piscine tubulaire Intex 3m avec pompe', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.predictions).toHaveLength(5);
    expect(out.predictions[0]).toMatchObject({ code: 2583, name: 'Pool & spa' });
    const p = out.predictions.map((x: { probability: number }) => x.probability);
    expect(p).toEqual([...p].sort((a, b) => b - a));
    expect(p.reduce((s: number, v: number) => s + v, 0)).toBeLessThanOrEqual(1.0001);
    expect(out.explanation.terms.map((t: { term: string }) => t.term)).toContain('piscine');
    // A flat model has no per-depth filing: its answer is the most probable class, as before.
    expect(out.filing).toBeUndefined();
    expect(out.decision).toMatchObject({ code: 2583, depth: 1 });
  });

  it('decides auto or review for each product of a file as the server would, at the threshold asked for', async () => {
    const card = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')).card;
    const own = new Map<string, number | null>(card.extra.categoryThresholds.categories.map((c: { code: number; threshold: number | null }) => [String(c.code), c.threshold]));
    const review95 = card.extra.precisionCoverage.targets.find((t: { precision: number }) => t.precision === 0.95).threshold as number;
    const rowsOf = async (...more: string[]) => {
      const out = join(root, `decided-${more.join('') || 'default'}.csv`);
      const r = await runCli(['predict', '--model', model, '--data', data, '--out', out, ...more]);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('id,title,category_id,category_path,category_name,probability,depth,decision');
      const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
      // Probabilities are written with 6 decimals: rows that close to a threshold cannot be checked from the file.
      return rows.map((r) => ({ code: r.category_id, probability: Number(r.probability), decision: r.decision }));
    };
    const near = (p: number, t: number | null | undefined) => t !== null && t !== undefined && Math.abs(p - t) < 1e-6;
    const byDefault = (await rowsOf()).filter((r) => !near(r.probability, review95));
    expect(byDefault.map((r) => r.decision)).toEqual(byDefault.map((r) => (r.probability >= review95 ? 'auto' : 'review')));
    const median = byDefault.map((r) => r.probability).sort((a, b) => a - b)[byDefault.length >> 1];
    const halved = (await rowsOf('--review-threshold', String(median))).filter((r) => !near(r.probability, median));
    expect(halved.map((r) => r.decision)).toEqual(halved.map((r) => (r.probability >= median ? 'auto' : 'review')));
    expect(new Set(halved.map((r) => r.decision))).toEqual(new Set(['auto', 'review']));
    expect((await rowsOf('--review-threshold', '0')).every((r) => r.decision === 'auto')).toBe(true);
    const perCategory = (await rowsOf('--review-threshold', '0', '--per-category-thresholds')).filter((r) => !near(r.probability, own.get(r.code)));
    expect(perCategory.map((r) => r.decision)).toEqual(perCategory.map((r) => {
      const t = own.get(r.code);
      return t !== null && t !== undefined && r.probability >= t ? 'auto' : 'review';
    }));
    const one = JSON.parse((await runCli(['predict', '--model', model, '--designation', 'Piscine tubulaire Intex 3m avec pompe', '--review-threshold', '1', '--json'])).stdout);
    expect(one.confidence).toMatchObject({ reviewThreshold: 1, decision: one.confidence.value >= 1 ? 'auto' : 'review' });
  });

  it('reports a missing model folder with how to make one', async () => {
    const r = await runCli(['predict', '--model', join(root, 'missing'), '--designation', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MODEL_NOT_FOUND.*prodclass train/);
  });
});
