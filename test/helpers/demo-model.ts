// Small models trained and saved to a folder, as `npm start` makes one: on the demo catalog, or on a separable synthetic set.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemoCatalog } from '../../src/data/demo-catalog.js';
import { loadChallengeFolder } from '../../src/data/challenge-folder.js';
import { formatCsvRow } from '../../src/data/csv-format.js';
import type { LabelledProducts } from '../../src/data/product.js';
import { saveModel } from '../../src/models/model-store.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import { trainModel } from '../../src/training/train-model.js';
import { syntheticProducts } from './synthetic-text.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';

/** Writes `data` as a challenge-layout folder (X and Y files). */
export function writeChallengeFolder(dir: string, data: LabelledProducts): void {
  mkdirSync(dir, { recursive: true });
  let x = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
  let y = formatCsvRow(['', 'prdtypecode']);
  data.products.forEach((p, i) => {
    x += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    y += formatCsvRow([p.index, data.labels[i]]);
  });
  writeFileSync(join(dir, 'X_train_update.csv'), x);
  writeFileSync(join(dir, 'Y_train_CVw08PX.csv'), y);
}

async function trainFolder(root: string, dataDir: string, folds?: number): Promise<LoadedModel & { dataDir: string }> {
  const folder = await loadChallengeFolder(dataDir);
  const { model, card } = await trainModel({ data: folder.train, taxonomy: RAKUTEN_TAXONOMY, source: folder.source, demo: true, kind: 'text-linear', seed: 7, validationFraction: 0.2, folds });
  const dir = join(root, 'models', 'default');
  await saveModel(dir, model, card, RAKUTEN_TAXONOMY);
  return { model, card, dir, dataDir, taxonomy: RAKUTEN_TAXONOMY };
}

/** Writes a demo catalog under `root/data`, trains text-linear on it and saves it to `root/models/default`. */
export async function trainDemoModel(root: string, perClass = 20): Promise<LoadedModel & { dataDir: string }> {
  const dataDir = join(root, 'data');
  await writeDemoCatalog(dataDir, { seed: 7, perClass });
  return trainFolder(root, dataDir);
}

/**
 * The same on four classes with separate vocabularies (test/helpers/synthetic-text.ts): validation F1 is 1 and
 * stays 1 after a correction, so a retraining gate passes whatever the model's fine details. With `folds`, validated
 * out-of-fold and fitted on every row.
 */
export async function trainSeparableModel(root: string, perClass = 20, folds?: number): Promise<LoadedModel & { dataDir: string }> {
  const dataDir = join(root, 'data');
  writeChallengeFolder(dataDir, syntheticProducts(perClass, 7));
  return trainFolder(root, dataDir, folds);
}
