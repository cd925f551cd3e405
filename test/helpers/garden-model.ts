// A second catalog for tests: a garden shop's own taxonomy (string ids, not Rakuten's codes) and small models trained on it.

import { join } from 'node:path';
import { Rng } from '../../src/core/rng.js';
import type { LabelledProducts, Product } from '../../src/data/product.js';
import { saveModel, type LoadedModel } from '../../src/models/model-store.js';
import { Taxonomy } from '../../src/taxonomy/index.js';
import { trainModel } from '../../src/training/train-model.js';

/** Three garden categories; their keys are their positions (0, 1, 2), as for any taxonomy with text ids. */
export const GARDEN_TAXONOMY = new Taxonomy(
  [
    { id: 'tools', names: { en: 'Garden tools' }, parentId: null },
    { id: 'plants', names: { en: 'Plants and seeds' }, parentId: null },
    { id: 'furniture', names: { en: 'Garden furniture' }, parentId: null },
  ],
  { name: 'garden shop' },
);

const WORDS: Record<string, string[]> = {
  tools: ['sécateur', 'bêche', 'râteau', 'binette', 'tondeuse', 'cisaille'],
  plants: ['graines', 'rosier', 'bulbes', 'tomate', 'lavande', 'semis'],
  furniture: ['transat', 'parasol', 'hamac', 'salon', 'chaise', 'banc'],
};

/** `perClass` garden products per category, titles of three to five category words. */
export function gardenProducts(perClass: number, seed: number): LabelledProducts {
  const rng = new Rng(seed);
  const products: Product[] = [];
  const labels: number[] = [];
  for (const [id, words] of Object.entries(WORDS)) {
    for (let i = 0; i < perClass; i++) {
      const title = Array.from({ length: 3 + rng.int(3) }, () => words[rng.int(words.length)]).join(' ');
      products.push({ index: products.length, designation: title, description: '', productid: String(9000 + products.length), imageid: String(9500 + products.length) });
      labels.push(GARDEN_TAXONOMY.byId(id)!.key);
    }
  }
  return { products, labels: Int32Array.from(labels) };
}

/** Trains text-linear on garden products (seed `seed`) and saves it to `<modelsDir>/<name>`. */
export async function trainGardenModel(modelsDir: string, name: string, seed: number): Promise<LoadedModel> {
  const { model, card } = await trainModel({ data: gardenProducts(15, seed), taxonomy: GARDEN_TAXONOMY, source: 'garden test products', demo: true, kind: 'text-linear', seed, validationFraction: 0.2 });
  const dir = join(modelsDir, name);
  await saveModel(dir, model, card, GARDEN_TAXONOMY);
  return { model, card, dir, taxonomy: GARDEN_TAXONOMY };
}
