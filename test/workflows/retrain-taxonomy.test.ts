// Retraining onto a new version of the taxonomy: labels and feedback mapped, split or removed categories left out.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/storage.js';
import { learnTaxonomy, readTaxonomyMapping } from '../../src/taxonomy/index.js';
import { retrainFromFeedback } from '../../src/workflows/retrain.js';
import { registryEntryOf, servedModel, type ServedModel } from '../../src/workflows/served-model.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

describe('retraining onto a new taxonomy version', () => {
  it('maps labels and feedback, leaves out removed categories, scores both models in the new terms and saves the new taxonomy', async () => {
    const root = tempDir();
    const { dir, ...trained } = await trainShopModel(root, { seed: 3, folder: 'v1', wordsPerTitle: 2 });
    const base: ServedModel = servedModel({ id: trained.card.modelId, model: trained.model, card: trained.card, dir, taxonomy: trained.taxonomy });

    const storage = await openStorage(join(root, 'var'));
    await storage.models.upsert(registryEntryOf(base.card, dir));
    await storage.models.setActive(base.id);
    const old = (id: string) => base.taxonomy.byId(id)!.key;
    const add = async (designation: string, code: number) => {
      const id = await storage.predictions.insert({ origin: 'api', modelId: base.id, designation, description: '', code, confidence: 0.5, top: [[code, 0.5]] });
      await storage.feedback.add(id, code);
    };
    await add('forged chef knife', old('Home > Kitchen > Knives'));
    await add('wooden jigsaw', old('Toys'));

    // v2: Knives renamed Chef Knives; Toys removed; Pans and Bath unchanged.
    const next = learnTaxonomy([['Home', 'Kitchen', 'Chef Knives'], ['Home', 'Kitchen', 'Pans'], ['Home', 'Bath']], 'en');
    const mapping = await readTaxonomyMapping((writeFileSync(join(root, 'map.csv'), 'old,new\nHome > Kitchen > Knives,Home > Kitchen > Chef Knives\nToys,\n'), join(root, 'map.csv')));
    const outcome = await retrainFromFeedback({
      storage,
      varDir: join(root, 'var'),
      modelsDir: join(root, 'models'),
      base,
      activate: async () => {},
      nextTaxonomy: { taxonomy: next, mapping },
    });
    await storage.close();
    expect(outcome.unmapped).toEqual({ rows: 16, feedback: 1 });
    expect(outcome.feedbackRows).toBe(1);
    // 48 rows remain; a quarter of them are the validation rows both models are scored on.
    expect(outcome.gate.validationRows).toBe(12);
    expect(outcome.gate.baseWeightedF1).toBeGreaterThan(0.5);
    const saved = JSON.parse(readFileSync(join(outcome.modelDir, 'taxonomy.json'), 'utf8')) as { categories: Array<{ id: string }> };
    expect(saved.categories.map((c) => c.id)).toContain('Home > Kitchen > Chef Knives');
    expect(saved.categories.map((c) => c.id)).not.toContain('Toys');
    const card = JSON.parse(readFileSync(join(outcome.modelDir, 'manifest.json'), 'utf8')).card;
    expect(card.data.classes).toHaveLength(3);
    expect(card.data.classes).toContain(next.byId('Home > Kitchen > Chef Knives')!.key);
    expect(card.data.reading).toMatchObject({ column: 'category' });
    expect(card.extra.retrain.unmapped).toEqual({ rows: 16, feedback: 1 });
  }, 120_000);
});
