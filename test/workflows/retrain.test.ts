import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { loadModel } from '../../src/models/model-store.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { retrainFromFeedback } from '../../src/workflows/retrain.js';
import { registryEntryOf, servedModel, type ServedModel } from '../../src/workflows/served-model.js';
import { trainDemoModel, trainSeparableModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';

let root: string;
let base: ServedModel;
/** A model on separable classes: its validation F1 is 1 before and after a sensible correction. */
let separable: ServedModel;

beforeAll(async () => {
  root = tempDir();
  const demo = await trainDemoModel(root, 12);
  base = servedModel({ id: demo.card.modelId, model: demo.model, card: demo.card, dir: demo.dir, taxonomy: RAKUTEN_TAXONOMY });
  const easy = await trainSeparableModel(tempDir());
  separable = servedModel({ id: easy.card.modelId, model: easy.model, card: easy.card, dir: easy.dir, taxonomy: RAKUTEN_TAXONOMY });
});

async function freshStorage(base: ServedModel): Promise<Storage> {
  const storage = await openStorage(join(root, `var-${Math.random().toString(36).slice(2)}`));
  await storage.models.upsert(registryEntryOf(base.card, base.dir));
  await storage.models.setActive(base.id);
  return storage;
}

async function addFeedback(storage: Storage, base: ServedModel, products: { designation: string; description: string }[], code: number): Promise<void> {
  for (const p of products) {
    const id = await storage.predictions.insert({ origin: 'api', modelId: base.id, designation: p.designation, description: p.description, code: 60, confidence: 0.3, top: [[60, 0.3]] });
    await storage.feedback.add(id, code);
  }
}

describe('retrainFromFeedback', () => {
  it('trains on the data plus the corrections, scores both models on the same validation rows, and activates the new one when F1 is not lower', async () => {
    const base = separable;
    const storage = await freshStorage(base);
    await addFeedback(storage, base, [{ designation: 'piscine bâche filtre grand', description: '' }], 2583);
    const activated: string[] = [];
    const stages: string[] = [];
    const outcome = await retrainFromFeedback({
      storage,
      varDir: root,
      modelsDir: join(root, 'models'),
      base,
      activate: async (id) => {
        activated.push(id);
      },
      onStage: (s) => stages.push(s),
    });
    expect(outcome.feedbackRows).toBe(1);
    expect(outcome.gate.validationRows).toBe(base.card.data!.nValidation);
    expect(outcome.gate.baseWeightedF1).toBeCloseTo((base.card.metrics.validation as { weightedF1: number }).weightedF1, 10);
    expect(outcome.gate).toMatchObject({ baseWeightedF1: 1, newWeightedF1: 1, passed: true });
    expect(activated).toEqual([outcome.gate.newModelId]);
    expect(stages[0]).toMatch(/loading/);
    const saved = await loadModel(outcome.modelDir);
    expect(saved.card.modelId).toBe(outcome.gate.newModelId);
    expect(saved.card.data!.nTrain).toBe(base.card.data!.nTrain + 1);
    expect(saved.card.extra.retrain).toMatchObject({ baseModelId: base.id, feedbackRows: 1 });
    expect(await storage.models.get(outcome.gate.newModelId)).toBeDefined();
    await storage.close();
  });

  it('compares a model validated out-of-fold with its retrained successor on the same folds of every original row', async () => {
    const easy = await trainSeparableModel(tempDir(), 20, 4);
    const oofBase: ServedModel = servedModel({ id: easy.card.modelId, model: easy.model, card: easy.card, dir: easy.dir, taxonomy: RAKUTEN_TAXONOMY });
    const storage = await freshStorage(oofBase);
    await addFeedback(storage, oofBase, [{ designation: 'piscine bâche filtre grand', description: '' }], 2583);
    const stages: string[] = [];
    const outcome = await retrainFromFeedback({ storage, varDir: root, modelsDir: join(root, 'models-oof'), base: oofBase, activate: async () => {}, onStage: (s) => stages.push(s) });
    expect(outcome.gate.validationRows).toBe(80);
    expect(outcome.gate.baseWeightedF1).toBeCloseTo((oofBase.card.metrics.validation as { weightedF1: number }).weightedF1, 10);
    expect(outcome.gate.passed).toBe(outcome.gate.newWeightedF1 >= outcome.gate.baseWeightedF1);
    expect(stages.some((s) => /same folds' out-of-fold predictions/.test(s))).toBe(true);
    const saved = await loadModel(outcome.modelDir);
    expect(saved.card.data).toMatchObject({ nTrain: 81, nValidation: 80, split: { folds: 4, seed: 7 } });
    await storage.close();
  });

  it('keeps the active model when the new one scores lower (feedback that mislabels a whole class)', async () => {
    const storage = await freshStorage(base);
    const { products, labels } = generateDemoProducts({ seed: 99, perClass: 15 });
    await addFeedback(
      storage,
      base,
      products.filter((_, i) => labels[i] === 1300 || labels[i] === 2583),
      10,
    );
    const activated: string[] = [];
    const outcome = await retrainFromFeedback({ storage, varDir: root, modelsDir: join(root, 'models'), base, activate: async (id) => void activated.push(id) });
    expect(outcome.gate.newWeightedF1).toBeLessThan(outcome.gate.baseWeightedF1);
    expect(outcome.gate.passed).toBe(false);
    expect(outcome.activated).toBe(false);
    expect(activated).toEqual([]);
    expect(existsSync(outcome.modelDir)).toBe(true);
    await storage.close();
  });

  it('refuses to retrain without feedback', async () => {
    const storage = await freshStorage(base);
    await expect(retrainFromFeedback({ storage, varDir: root, modelsDir: join(root, 'models'), base, activate: async () => {} })).rejects.toThrow(/no feedback yet/);
    await storage.close();
  });
});
