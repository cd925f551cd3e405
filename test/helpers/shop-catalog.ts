// A small catalog of its own for tests: a CSV whose category column holds paths of a 3-level tree (some products misfiled
// on purpose where an audit is tested), and a model trained on it.

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
 * The products an audit should find: a pan filed among the toys (p40), another among the knives, under the same
 * parent (p22). Meant for a catalog of 20 products per leaf, where p22 and p40 are pans.
 */
export const SHOP_MISFILED: Readonly<Record<string, string>> = { p40: 'Toys', p22: 'Home > Kitchen > Knives' };

export interface ShopModelOptions {
  seed: number;
  /** The model's folder under `root/models`. */
  folder: string;
  wordsPerTitle?: number;
  /** Products per leaf (default 16). */
  perLeaf?: number;
  /** Products filed under another category than their leaf's, by id (SHOP_MISFILED for an audit). */
  misfiled?: Readonly<Record<string, string>>;
  /** Out-of-fold validation over this many folds instead of the 25 % split. */
  folds?: number;
}

/**
 * Writes `root/shop.csv` (id,title,category; `perLeaf` products per leaf, titles of `wordsPerTitle` of its words and a
 * number, each filed under its leaf unless `misfiled` says otherwise), trains text-linear on it (a 25 % validation
 * split) and saves the model to `root/models/<folder>`.
 */
export async function trainShopModel(root: string, options: ShopModelOptions): Promise<TrainResult & { file: string; dir: string }> {
  const words = options.wordsPerTitle ?? 3;
  const rows = ['id,title,category'];
  let n = 0;
  for (const [path, vocabulary] of SHOP_LEAVES) {
    for (let i = 0; i < (options.perLeaf ?? 16); i++) {
      const id = `p${++n}`;
      rows.push(`${id},${Array.from({ length: words }, (_, w) => vocabulary[(i + w) % 4]).join(' ')} nr ${i},${options.misfiled?.[id] ?? path}`);
    }
  }
  const file = join(root, 'shop.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  const catalog = await loadCatalog(file, { requireLabels: true });
  const trained = await trainModel({ data: catalog.train, taxonomy: catalog.taxonomy, reading: catalog.reading, source: catalog.source, demo: false, kind: 'text-linear', seed: options.seed, validationFraction: 0.25, folds: options.folds });
  const dir = join(root, 'models', options.folder);
  await saveModel(dir, trained.model, trained.card, trained.taxonomy);
  return { ...trained, file, dir };
}
