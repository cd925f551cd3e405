import { describe, expect, it } from 'vitest';
import { newModelCard } from '../../../src/core/model-card.js';
import { modelKind } from '../../../src/models/model-kinds.js';
import { loadModel, saveModel } from '../../../src/models/model-store.js';
import { TextPipeline } from '../../../src/models/compose/text-pipeline.js';
import { LogisticRegression } from '../../../src/models/linear/logistic-regression.js';
import { Chi2Selector } from '../../../src/models/reduce/chi2-selector.js';
import '../../../src/models/registrations.js';
import { ProductTextVectorizer } from '../../../src/text/product-text-vectorizer.js';
import { syntheticProducts } from '../../helpers/synthetic-text.js';
import { tempDir } from '../../helpers/tmp.js';
import { RAKUTEN_TAXONOMY } from '../../../src/taxonomy/index.js';

const { products, labels } = syntheticProducts(20, 2);
const pool = { designation: 'Piscine tubulaire intex avec pompe', description: '' };

describe('TextPipeline with reducers', () => {
  it('runs [features, select, classifier], names its steps and saves and loads them', async () => {
    const model = new TextPipeline(new ProductTextVectorizer(), new LogisticRegression({ C: 10 }), [['select', new Chi2Selector({ k: 40 })]]);
    await model.fit(products, labels);
    expect(model.steps.map(([name]) => name)).toEqual(['features', 'select', 'classifier']);
    expect((model.classifier as LogisticRegression).nFeatures).toBe(40);
    const dir = `${tempDir()}/m`;
    await saveModel(dir, model, newModelCard({ kind: 'test' }), RAKUTEN_TAXONOMY);
    const { model: loaded } = await loadModel(dir);
    expect(Array.from((await loaded.predictProba(products)).data)).toEqual(Array.from((await model.predictProba(products)).data));
    // A linear classifier behind a selector still explains with words.
    const terms = model.explain(pool, 2583).terms.map((t) => t.term);
    expect(terms).toContain('piscine');
  });

  it('loads a state saved before reducers existed (steps: features, classifier)', async () => {
    const model = await modelKind('logreg').create({ seed: 1 }).fit(products, labels);
    const state = model.getState();
    expect(state.fitted.steps).toEqual(['features', 'classifier']);
    delete (state.fitted as Record<string, unknown>).steps;
    const loaded = TextPipeline.fromState(state);
    expect(Array.from(loaded.predict(products) as Int32Array)).toEqual(Array.from((await model.predict(products)) as Int32Array));
  });

  it('explains tree predictions by path contributions and lists global importances by feature name', async () => {
    for (const kind of ['random-forest', 'gbdt']) {
      const model = modelKind(kind).create({ seed: 1, params: { select: { k: 200 }, classifier: { nEstimators: 20, nJobs: 1 } } }) as TextPipeline;
      await model.fit(products, labels);
      const predicted = (await model.predict([pool]))[0];
      expect(predicted).toBe(2583);
      const terms = model.explain(pool, 2583).terms.map((t) => t.term);
      expect(terms.length).toBeGreaterThan(0);
      expect(terms.some((t) => ['piscine', 'pompe', 'intex', 'tubulaire'].includes(t))).toBe(true);
      const importances = model.featureImportances(5);
      expect(importances).toHaveLength(5);
      expect(importances[0].term).toMatch(/^(title|text):(word|char):/);
    }
  });

  it('explains through an SVD step too', async () => {
    const model = modelKind('gbdt').create({ seed: 1, params: { select: { k: 200 }, svd: { nComponents: 8 }, classifier: { nEstimators: 10, nJobs: 1 } } }) as TextPipeline;
    await model.fit(products, labels);
    expect(model.steps.map(([name]) => name)).toEqual(['features', 'select', 'svd', 'classifier']);
    expect(model.explain(pool, 2583).terms.length).toBeGreaterThan(0);
    expect(model.featureImportances()).toEqual([]);
  });
});

describe('TextPipeline.trainingReport', () => {
  it("says whether a stack answers through its final model, as the stack itself does, and a single SVM's report does not", async () => {
    const data = syntheticProducts(20, 3);
    const stack = await modelKind('text-ensemble').create({ seed: 1 }).fit(data.products, data.labels);
    const classifier = (stack as TextPipeline).classifier as unknown as { usesFinalModel: boolean };
    expect(stack.trainingReport!().stacked).toBe(classifier.usesFinalModel);
    const svm = await modelKind('text-linear').create({ seed: 1 }).fit(data.products, data.labels);
    expect(svm.trainingReport!()).not.toHaveProperty('stacked');
  });
});

describe('TextPipeline.predictExplained', () => {
  it('gives predictProba\'s probabilities and explain\'s words for the most likely class, in one pass', async () => {
    for (const kind of ['text-linear', 'random-forest']) {
      const params = kind === 'random-forest' ? { select: { k: 60 }, classifier: { nEstimators: 20 } } : undefined;
      const model = (await modelKind(kind).create({ seed: 3, params }).fit(products, labels)) as TextPipeline;
      for (const input of [pool, products[0], products[7], { designation: 'zzz', description: '' }]) {
        const { proba, explanation } = await model.predictExplained(input, 5);
        const expected = await model.predictProba([input]);
        expect(Array.from(proba.data)).toEqual(Array.from(expected.data));
        const best = model.classes[expected.argmaxRows()[0]];
        expect(explanation).toEqual(model.explain(input, best, 5));
      }
    }
  });
});
