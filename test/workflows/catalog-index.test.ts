// CatalogIndexes: products filed into a served model's index are logged at once and written whole only once the log is long.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { loadCatalog } from '../../src/data/load-catalog.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import { catalogEntries } from '../../src/models/similar/catalog-entries.js';
import { CHANGES_FILE } from '../../src/models/similar/index-changes.js';
import { SimilarIndex } from '../../src/models/similar/similar-index.js';
import { modelIndexDir } from '../../src/models/similar/similar-view.js';
import { CatalogIndexes, predictionProductId } from '../../src/workflows/catalog-index.js';
import { servedModel } from '../../src/workflows/served-model.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';

let trained: LoadedModel & { dataDir: string };
let catalogSize: number;

beforeAll(async () => {
  trained = await trainDemoModel(tempDir(), 6);
  const index = await SimilarIndex.build(catalogEntries(await loadCatalog(trained.dataDir)), { embedder: { dims: 16 } });
  catalogSize = index.size;
  await index.save(modelIndexDir(trained.dir));
}, 120_000);

const newcomers = generateDemoProducts({ seed: 11, perClass: 1 }).products.slice(0, 4);

describe('CatalogIndexes', () => {
  it('logs each filing before it resolves, and writes the index whole once the log reaches its threshold', async () => {
    const served = servedModel({ id: trained.card.modelId, model: trained.model, card: trained.card, dir: trained.dir, taxonomy: trained.taxonomy });
    const dir = modelIndexDir(trained.dir);
    const indexes = new CatalogIndexes({ saveDelayMs: 0, compactAfter: 3 });
    const file = (i: number) =>
      indexes.file(served, [{ id: predictionProductId(i), designation: newcomers[i].designation, description: newcomers[i].description, category: trained.model.classes[i] }]);
    const productsFile = readFileSync(join(dir, 'products.json'), 'utf8');

    await file(0);
    await file(1);
    expect(readFileSync(join(dir, CHANGES_FILE), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readFileSync(join(dir, 'products.json'), 'utf8')).toBe(productsFile);
    // What a process killed now would find on its next start.
    expect((await SimilarIndex.load(dir)).product(predictionProductId(1))).toMatchObject({ category: trained.model.classes[1] });

    await file(2);
    await file(3);
    await indexes.close();
    expect(existsSync(join(dir, CHANGES_FILE))).toBe(false);
    const saved = await SimilarIndex.load(dir);
    expect(saved.size).toBe(catalogSize + 4);
    expect(saved.unsavedChanges).toBe(0);
    expect(saved.product(predictionProductId(3))).toMatchObject({ title: newcomers[3].designation });
  });
});
