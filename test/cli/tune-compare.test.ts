import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCatalog } from '../../src/data/demo-catalog.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir();
const data = join(root, 'catalog');
/**
 * Small forests and few rounds keep these end-to-end runs quick. With 11 training rows per class, a softmax leaf's
 * hessian sum p(1 - p) stays far below XGBoost's default min_child_weight of 1, so boosting gets a smaller one.
 */
const small: Record<string, string> = {
  'naive-bayes': '{}',
  'random-forest': '{"select":{"k":800},"classifier":{"nEstimators":30}}',
  gbdt: '{"select":{"k":800},"classifier":{"nEstimators":15,"minChildWeight":0.1}}',
};

beforeAll(async () => {
  await writeDemoCatalog(data, { seed: 5, perClass: 12 });
}, 60_000);

describe('prodclass train / predict / evaluate with the classical kinds', () => {
  for (const kind of Object.keys(small)) {
    it(`${kind}: trains, saves, predicts with an explanation, evaluates`, async () => {
      const out = join(root, `model-${kind}`);
      const train = await runCli(['train', '--data', data, '--model', kind, '--out', out, '--seed', '2', '--validation-fraction', '0.1', '--params', small[kind], '--json']);
      expect(train.stderr).not.toMatch(/error/i);
      expect(train.code).toBe(0);
      const card = JSON.parse(train.stdout);
      expect(card.kind).toBe(kind);
      expect(card.metrics.validation.weightedF1).toBeGreaterThan(0.5);
      const predict = await runCli(['predict', '--model', out, '--designation', 'Piscine tubulaire Intex 3m avec pompe de filtration', '--json']);
      expect(predict.code).toBe(0);
      const answer = JSON.parse(predict.stdout);
      expect(answer.predictions).toHaveLength(5);
      expect(answer.model.kind).toBe(kind);
      expect(Array.isArray(answer.explanation.terms)).toBe(true);
      const evaluate = await runCli(['evaluate', '--model', out, '--data', data, '--json']);
      expect(evaluate.code).toBe(0);
      expect(JSON.parse(evaluate.stdout).weightedF1).toBeCloseTo(card.metrics.validation.weightedF1, 10);
    }, 120_000);
  }
});

describe('prodclass tune', () => {
  it('logs every trial, writes the best parameters, and train takes them with --params @file', async () => {
    const best = join(root, 'best.json');
    const log = join(root, 'log.json');
    const r = await runCli(['tune', '--model', 'naive-bayes', '--data', data, '--trials', '5', '--cv', '2', '--seed', '3', '--out', best, '--log', log]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/trial 5\/5/);
    const file = JSON.parse(readFileSync(best, 'utf8'));
    expect(file).toMatchObject({ kind: 'naive-bayes', metric: 'weightedF1', cv: 2, seed: 3, trials: 5 });
    expect(Object.keys(file.params.classifier).sort()).toEqual(['alpha', 'norm']);
    const trials = JSON.parse(readFileSync(log, 'utf8')).trials;
    expect(trials).toHaveLength(5);
    expect(Math.max(...trials.filter((t: { state: string }) => t.state === 'complete').map((t: { value: number }) => t.value))).toBe(file.value);
    const out = join(root, 'tuned');
    const train = await runCli(['train', '--data', data, '--model', 'naive-bayes', '--out', out, '--params', `@${best}`, '--json']);
    expect(train.code).toBe(0);
    expect(JSON.parse(train.stdout).params).toEqual(file.params);
  }, 120_000);

  it('tunes a tree kind over its declared space, from base parameters', async () => {
    const r = await runCli(['tune', '--model', 'random-forest', '--data', data, '--trials', '2', '--cv', '2', '--sampler', 'random', '--params', small['random-forest'], '--out', join(root, 'rf.json'), '--log', join(root, 'rf-log.json'), '--json']);
    expect(r.code).toBe(0);
    const file = JSON.parse(r.stdout);
    expect(file.params.classifier.nEstimators).toBe(30);
    expect(file.params.select.k).toBeGreaterThanOrEqual(1000);
  }, 120_000);

  it('rejects an unknown sampler', async () => {
    const r = await runCli(['tune', '--model', 'naive-bayes', '--data', data, '--sampler', 'grid']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--sampler must be tpe or random/);
  });
});

describe('prodclass compare', () => {
  it('cross-validates every kind on the same folds: JSON report and a table', async () => {
    const report = join(root, 'report.json');
    const r = await runCli([
      'compare', '--data', data, '--models', 'naive-bayes,logreg,text-linear,random-forest,gbdt', '--cv', '2', '--out', report,
      '--params', `random-forest=${small['random-forest']}`, '--params', `gbdt=${small.gbdt}`,
    ]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/model\s+weighted F1\s+macro F1\s+accuracy\s+fit s\s+predict ms\/1k\s+size MB/);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.models.map((m: { kind: string }) => m.kind)).toEqual(['naive-bayes', 'logreg', 'text-linear', 'random-forest', 'gbdt']);
    for (const m of json.models) {
      expect(m.folds).toHaveLength(2);
      for (const key of ['weightedF1', 'macroF1', 'accuracy', 'fitSeconds', 'predictSeconds', 'modelBytes']) expect(m.mean[key]).toBeGreaterThan(0);
    }
    expect(json.ranking).toHaveLength(5);
  }, 240_000);

  it('rejects an unknown kind before fitting anything', async () => {
    const r = await runCli(['compare', '--data', data, '--models', 'naive-bayes,nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown model kind "nope"/);
  });
});
