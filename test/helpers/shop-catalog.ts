// A small catalog of its own for tests: a CSV whose category column holds paths of a 3-level tree, and a model trained on it.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../src/data/load-catalog.js';
import { saveModel } from '../../src/models/model-store.js';
import { trainModel, type TrainResult } from '../../src/training/train-model.js';

/** Four leaves at depths 1 to 3, each with the words its titles are drawn from. */
export const SHOP_LEAVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Home > Kitchen > Knives', ['blade', 'chef', 'forged', 'paring']],
  ['Home > Kitchen > Pans', ['skillet', 'nonstick', 'wok', 'saute']],
  ['Home > Bath', ['towel', 'cotton', 'bathrobe', 'absorbent']],
  ['Toys', ['puzzle', 'jigsaw', 'lego', 'doll']],
];

/**
 * Writes `root/shop.csv` (id,title,category; 16 products per leaf, titles of `wordsPerTitle` of its words and a
 * number), trains text-linear on it (a 25 % validation split) and saves the model to `root/models/<folder>`.
 */
export async function trainShopModel(root: string, options: { seed: number; folder: string; wordsPerTitle?: number }): Promise<TrainResult & { file: string; dir: string }> {
  const words = options.wordsPerTitle ?? 3;
  const rows = ['id,title,category'];
  let n = 0;
  for (const [path, vocabulary] of SHOP_LEAVES) {
    for (let i = 0; i < 16; i++) rows.push(`p${++n},${Array.from({ length: words }, (_, w) => vocabulary[(i + w) % 4]).join(' ')} nr ${i},${path}`);
  }
  const file = join(root, 'shop.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  const catalog = await loadCatalog(file, { requireLabels: true });
  const trained = await trainModel({ data: catalog.train, taxonomy: catalog.taxonomy, reading: catalog.reading, source: catalog.source, demo: false, kind: 'text-linear', seed: options.seed, validationFraction: 0.25 });
  const dir = join(root, 'models', options.folder);
  await saveModel(dir, trained.model, trained.card, trained.taxonomy);
  return { ...trained, file, dir };
}
