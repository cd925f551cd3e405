import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findModelDirs, summarizeModels } from '../../src/analysis/models-summary.js';
import { parseCurves, findTrainingCurves } from '../../src/analysis/training-curves.js';
import { parseTuneLog, readTuneLog } from '../../src/analysis/tune-history.js';
import { isProdclassError } from '../../src/core/errors.js';
import type { JsonObject } from '../../src/core/estimator.js';
import { dataFingerprint } from '../../src/data/fingerprint.js';
import type { LabelledProducts } from '../../src/data/product.js';
import { saveModel } from '../../src/models/model-store.js';
import { trainModel, type TrainResult } from '../../src/training/train-model.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';
import { tempDir } from '../helpers/tmp.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';

const root = tempDir();
const history = [
  { epoch: 1, trainLoss: 1.2, validationLoss: 1.3, validationWeightedF1: 0.5, learningRate: 0.001 },
  { epoch: 2, trainLoss: 0.8, validationLoss: 0.9, validationWeightedF1: 0.7, learningRate: 0.0005 },
  { epoch: 3, trainLoss: 0.6, validationLoss: null, validationWeightedF1: 0.68, learningRate: 0.0001 },
];
let data: LabelledProducts;
let trained: TrainResult;

beforeAll(async () => {
  data = syntheticProducts(30, 7);
  trained = await trainModel({ data, taxonomy: RAKUTEN_TAXONOMY, source: 'synthetic', demo: false, kind: 'text-linear', seed: 1, validationFraction: 0.25 });
  await saveModel(join(root, 'models', 'linear'), trained.model, trained.card, RAKUTEN_TAXONOMY);
  const neuralCard = { ...trained.card, modelId: 'neural-1', trainingSeconds: 100, extra: { ...trained.card.extra, training: { head: { bestEpoch: 2, history } } as unknown as JsonObject } };
  await saveModel(join(root, 'models', 'neural'), trained.model, neuralCard, RAKUTEN_TAXONOMY);
  writeFileSync(
    join(root, 'models', 'linear', 'tune-log.jsonl'),
    ['{"kind":"text-linear","metric":"weightedF1"}', '{"number":0,"params":{"C":0.1},"value":0.8}', '{"number":1,"params":{"C":1},"value":0.9,"seconds":3}'].join('\n'),
  );
  mkdirSync(join(root, 'models', 'broken'));
  writeFileSync(join(root, 'models', 'broken', 'manifest.json'), '{ not json');
  mkdirSync(join(root, 'models', 'not-a-model'));
}, 120_000);

describe('summarizeModels', () => {
  it('finds model folders under a folder, skipping those without a manifest', async () => {
    expect((await findModelDirs(join(root, 'models'))).map((d) => d.split(/[/\\]/).pop())).toEqual(['broken', 'linear', 'neural']);
    expect(await findModelDirs(join(root, 'models', 'linear'))).toEqual([join(root, 'models', 'linear')]);
  });

  it('summarises each model from its card, with size on disk, measured latency and named confusions', async () => {
    const dirs = await findModelDirs(join(root, 'models'));
    const summary = await summarizeModels(dirs, { data: { ...data, fingerprint: dataFingerprint(data.products, data.labels) }, latency: { budgetMs: 50, batchSize: 16 } });
    expect(summary.skipped).toHaveLength(1);
    expect(summary.skipped[0]).toMatchObject({ code: 'MODEL_CORRUPT' });
    expect(summary.models.map((m) => m.id).sort()).toEqual([trained.card.modelId, 'neural-1'].sort());

    const linear = summary.models.find((m) => m.kind === 'text-linear' && m.id !== 'neural-1')!;
    const validation = trained.validation!;
    expect(linear.metrics).toMatchObject({ n: validation.n, weightedF1: validation.weightedF1, macroF1: validation.macroF1, accuracy: validation.accuracy });
    expect(linear.sameData).toBe(true);
    const files = readdirSync(linear.dir).map((f) => statSync(join(linear.dir, f)).size);
    expect(linear.sizeBytes).toBe(files.reduce((s, n) => s + n, 0));
    expect(linear.latency).toMatchObject({ source: 'measured', batchSize: 16 });
    expect(linear.latency!.singleMs.p50).toBeGreaterThan(0);
    expect(linear.latency!.singleMs.n).toBeGreaterThanOrEqual(5);
    expect(linear.confusion!.namesFr).toContain('Piscine & spa');
    expect(linear.confusion!.counts.flat().reduce((s, v) => s + v, 0)).toBe(validation.n);
    expect(linear.perClass.find((c) => c.code === 2583)).toMatchObject({ name: 'Pool & spa', nameFr: 'Piscine & spa' });
    expect(linear.precisionCoverage!.targets.map((t) => t.precision)).toEqual([0.9, 0.95, 0.98]);
    expect(linear.curves).toBeNull();
    expect(linear.tune).toMatchObject({ kind: 'text-linear', metric: 'weightedF1', best: { number: 1, value: 0.9, seconds: 3 } });

    const neural = summary.models.find((m) => m.id === 'neural-1')!;
    expect(neural.curves).toMatchObject({ source: 'extra.training.head.history', epochs: [1, 2, 3], bestEpoch: 2 });
    expect(neural.curves!.series.find((s) => s.name === 'validationLoss')).toEqual({ name: 'validationLoss', kind: 'loss', values: [1.3, 0.9, null] });
    expect(neural.curves!.series.find((s) => s.name === 'learningRate')!.kind).toBe('other');
    expect(summary.comparison.find((r) => r.id === 'neural-1')).toMatchObject({ trainingSeconds: 100, sizeBytes: neural.sizeBytes });
  });

  it('names misclassified products by title on the model\'s own data only', async () => {
    const dir = join(root, 'models', 'linear');
    // Predictions of the card, with one made wrong on purpose so the test does not depend on the model erring.
    const forged = { index: [3, 4], truth: [10, 10], predicted: [60, 10], confidence: [0.9, 0.8] };
    const card = { ...trained.card, modelId: 'forged', extra: { ...trained.card.extra, validationPredictions: forged } };
    await saveModel(join(root, 'forged'), trained.model, card, RAKUTEN_TAXONOMY);
    const same = await summarizeModels([join(root, 'forged')], { data: { ...data, fingerprint: dataFingerprint(data.products, data.labels) }, measureLatency: false });
    expect(same.models[0].misclassified).toEqual([{ index: 3, truth: 10, predicted: 60, confidence: 0.9, designation: data.products[3].designation }]);
    const other = await summarizeModels([join(root, 'forged')], { data: { ...data, fingerprint: 'other' }, measureLatency: false });
    expect(other.models[0]).toMatchObject({ sameData: false, latency: null });
    expect(other.models[0].misclassified[0].designation).toBeNull();
    const bare = await summarizeModels([dir]);
    expect(bare.models[0]).toMatchObject({ sameData: null, latency: null });
  });

  it('lists a folder without a manifest as MODEL_NOT_FOUND', async () => {
    const summary = await summarizeModels([join(root, 'models', 'not-a-model')]);
    expect(summary.skipped[0].code).toBe('MODEL_NOT_FOUND');
  });
});

describe('training curves and tune logs', () => {
  it('reads curves as columns or records, and finds none where there are none', () => {
    expect(parseCurves({ epoch: [1, 2], loss: [0.5, 0.4], accuracy: [0.7, 0.8] }, 'extra.curves', null)).toEqual({
      source: 'extra.curves',
      epochs: [1, 2],
      series: [
        { name: 'loss', kind: 'loss', values: [0.5, 0.4] },
        { name: 'accuracy', kind: 'metric', values: [0.7, 0.8] },
      ],
      bestEpoch: null,
    });
    expect(findTrainingCurves({ curves: { history, bestEpoch: 3 } } as unknown as JsonObject)).toMatchObject({ source: 'extra.curves.history', bestEpoch: 3 });
    expect(findTrainingCurves({ precisionCoverage: { curve: [{ threshold: 1 }] } } as unknown as JsonObject)).toBeNull();
    expect(parseCurves({ loss: [1, 2], f1: [1] }, 'x', null)).toBeNull();
  });

  it('reads tune logs as JSON or JSON lines and rejects files without trials', async () => {
    const log = parseTuneLog({ direction: 'minimize', objective: 'logLoss', trials: [{ params: { a: 1 }, value: 0.5 }, { params: { a: 2 }, value: 0.3 }, { params: { a: 3 }, state: 'FAIL' }] }, 'card')!;
    expect(log).toMatchObject({ metric: 'logLoss', direction: 'minimize', best: { number: 1, value: 0.3 } });
    expect(log.trials[2]).toMatchObject({ value: null, state: 'fail' });
    expect(parseTuneLog([{ params: {}, score: 1 }], 'x')!.trials[0]).toMatchObject({ number: 0, value: 1, state: 'complete' });
    // The log `prodclass tune` writes.
    const tuned = parseTuneLog(
      {
        kind: 'text-linear',
        cv: 3,
        trials: [
          { number: 0, state: 'complete', values: { 'classifier.C': 0.5 }, value: 0.71, foldScores: [0.7, 0.72, 0.71], intermediate: [], seconds: 12 },
          { number: 1, state: 'pruned', values: { 'classifier.C': 0.01 }, value: 0.4, foldScores: [0.4], intermediate: [], seconds: 3 },
        ],
        best: null,
      },
      'tune-log.json',
    )!;
    expect(tuned).toMatchObject({ kind: 'text-linear', metric: 'weightedF1, 3-fold CV', best: { number: 0, params: { 'classifier.C': 0.5 }, seconds: 12 } });
    expect(tuned.trials[1].state).toBe('pruned');
    const bad = join(tempDir(), 'tune.json');
    writeFileSync(bad, '{"trials": []}');
    await expect(readTuneLog(bad)).rejects.toSatisfy((e) => isProdclassError(e, 'INVALID_INPUT'));
  });
});
