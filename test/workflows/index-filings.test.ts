// IndexFilings: filings queued off the request path reach the similarity index in batches, in order, counted, and on close.

import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { loadCatalog } from '../../src/data/load-catalog.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import { catalogEntries } from '../../src/models/similar/catalog-entries.js';
import { SimilarIndex } from '../../src/models/similar/similar-index.js';
import { modelIndexDir } from '../../src/models/similar/similar-view.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { CatalogIndexes, predictionProductId, type FiledProduct } from '../../src/workflows/catalog-index.js';
import { IndexFilings, type IndexFilingsOptions } from '../../src/workflows/index-filings.js';
import { servedModel, type ServedModel } from '../../src/workflows/served-model.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';

let trained: LoadedModel & { dataDir: string };
const opened: Storage[] = [];

beforeAll(async () => {
  trained = await trainDemoModel(tempDir(), 6);
  const index = await SimilarIndex.build(catalogEntries(await loadCatalog(trained.dataDir)), { embedder: { dims: 16 } });
  await index.save(modelIndexDir(trained.dir));
}, 120_000);

afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close().catch(() => {});
});

const newcomers = generateDemoProducts({ seed: 12, perClass: 1 }).products.slice(0, 6);
const filing = (i: number, category = trained.model.classes[i]): FiledProduct => ({ id: predictionProductId(i), designation: newcomers[i].designation, description: newcomers[i].description, category });

/** A served copy of the indexed model, its real index and change log, and the batches the filings hand to the index. */
async function setUp(options: Omit<IndexFilingsOptions, 'indexes'> = {}) {
  const dir = join(tempDir(), 'model');
  cpSync(trained.dir, dir, { recursive: true });
  const served: ServedModel = servedModel({ id: trained.card.modelId, model: trained.model, card: trained.card, dir, taxonomy: trained.taxonomy });
  const storage = await openStorage(tempDir());
  opened.push(storage);
  const indexes = new CatalogIndexes({ changes: storage.indexChanges });
  const batches: number[] = [];
  // The real index, each batch it is handed noted.
  const observed = { file: (s: ServedModel, products: readonly FiledProduct[]) => (batches.push(products.length), indexes.file(s, products)) };
  const filings = new IndexFilings({ indexes: observed, ...options });
  const logged = async () => (await storage.indexChanges.since(served.id, 0)).map((c) => [c.id, c.category]);
  return { served, storage, indexes, filings, batches, logged };
}

describe('IndexFilings', () => {
  it('returns at once and writes the filings queued within its delay as one batch, in order', async () => {
    const { served, indexes, filings, batches, logged } = await setUp({ delayMs: 60_000 });
    for (const i of [0, 1, 2]) filings.add(served, [filing(i)]);
    expect(filings.pending).toBe(3);
    expect(await logged()).toEqual([]);
    await filings.flush();
    expect(filings.pending).toBe(0);
    expect(batches).toEqual([3]);
    expect(await logged()).toEqual([0, 1, 2].map((i) => [predictionProductId(i), trained.model.classes[i]]));
    expect((await indexes.of(served)).index.product(predictionProductId(2))).toMatchObject({ category: trained.model.classes[2] });
  });

  it('writes without waiting for its delay once a batch is full, and on its own once the delay passes', async () => {
    const { served, filings, batches, logged } = await setUp({ delayMs: 20, maxBatch: 2 });
    filings.add(served, [filing(0)]);
    filings.add(served, [filing(1)]);
    // Full: handed over at once.
    expect(filings.pending).toBe(0);
    filings.add(served, [filing(2)]);
    expect(filings.pending).toBe(1);
    for (let waited = 0; (await logged()).length < 3 && waited < 5_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(batches).toEqual([2, 1]);
    expect((await logged()).map(([id]) => id)).toEqual([0, 1, 2].map(predictionProductId));
  });

  it('files a correction after the automatic filing of the same product still queued', async () => {
    const { served, indexes, filings, logged } = await setUp({ delayMs: 60_000 });
    const [auto, corrected] = [trained.model.classes[0], trained.model.classes[3]];
    filings.add(served, [filing(0, auto)]);
    await filings.file(served, [filing(0, corrected)]);
    expect(await logged()).toEqual([
      [predictionProductId(0), auto],
      [predictionProductId(0), corrected],
    ]);
    expect((await indexes.of(served)).index.product(predictionProductId(0))).toMatchObject({ category: corrected });
  });

  it('drops a queued automatic filing that a person corrected meanwhile (on another host): it never lands after the correction', async () => {
    const { served, indexes, filings, logged } = await setUp({ delayMs: 60_000, corrected: async (ids) => new Set(ids.filter((id) => id === predictionProductId(1))) });
    const corrected = trained.model.classes[4];
    filings.add(served, [filing(0), filing(1)]);
    // The correction, recorded by another host before this one writes its batch.
    await indexes.file(served, [filing(1, corrected)]);
    await filings.flush();
    expect(await logged()).toEqual([
      [predictionProductId(1), corrected],
      [predictionProductId(0), trained.model.classes[0]],
    ]);
    expect((await indexes.of(served)).index.product(predictionProductId(1))).toMatchObject({ category: corrected });
  });

  it('logs and counts a batch the index refuses, and goes on with the next', async () => {
    const failures: [number, string][] = [];
    const lines: string[] = [];
    let filed = 0;
    const { served, storage, filings } = await setUp({ delayMs: 60_000, onFailed: (n, e) => failures.push([n, e.message]), onFiled: (n) => (filed += n), log: (m) => lines.push(m) });
    // Opened first, so that only the write of the change log fails once the database is gone.
    filings.add(served, [filing(0)]);
    await filings.flush();
    expect(filed).toBe(1);
    await storage.close();
    filings.add(served, [filing(1), filing(2)]);
    await expect(filings.flush()).resolves.toBeUndefined();
    expect(failures).toHaveLength(1);
    expect(failures[0][0]).toBe(2);
    expect(lines[0]).toContain(`2 products were not filed into the similarity index of model ${served.id}`);
    expect(filed).toBe(1);
  });

  it('files what is queued when closed, and later filings without delay', async () => {
    const { served, filings, logged } = await setUp({ delayMs: 60_000 });
    filings.add(served, [filing(0), filing(1)]);
    await filings.close();
    expect((await logged()).map(([id]) => id)).toEqual([0, 1].map(predictionProductId));
    filings.add(served, [filing(2)]);
    expect(filings.pending).toBe(0);
    await filings.flush();
    expect((await logged()).map(([id]) => id)).toEqual([0, 1, 2].map(predictionProductId));
  });
});
