// CatalogIndexes: products filed into a served model's index are recorded in the database at once, reach every host's copy, and are written whole only once many have been applied.

import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { loadCatalog } from '../../src/data/load-catalog.js';
import type { LoadedModel } from '../../src/models/model-store.js';
import { catalogEntries } from '../../src/models/similar/catalog-entries.js';
import { LEGACY_CHANGES_FILE } from '../../src/models/similar/index-changes.js';
import { SimilarIndex } from '../../src/models/similar/similar-index.js';
import { modelIndexDir } from '../../src/models/similar/similar-view.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { CatalogIndexes, predictionProductId } from '../../src/workflows/catalog-index.js';
import { servedModel, type ServedModel } from '../../src/workflows/served-model.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';

let trained: LoadedModel & { dataDir: string };
let catalogSize: number;
const opened: Storage[] = [];

beforeAll(async () => {
  trained = await trainDemoModel(tempDir(), 6);
  const index = await SimilarIndex.build(catalogEntries(await loadCatalog(trained.dataDir)), { embedder: { dims: 16 } });
  catalogSize = index.size;
  await index.save(modelIndexDir(trained.dir));
}, 120_000);

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

const newcomers = generateDemoProducts({ seed: 11, perClass: 1 }).products.slice(0, 4);

/** A copy of the trained model folder (with its index), served as model `id` would be. */
function servedCopy(): ServedModel {
  const dir = join(tempDir(), 'model');
  cpSync(trained.dir, dir, { recursive: true });
  return servedModel({ id: trained.card.modelId, model: trained.model, card: trained.card, dir, taxonomy: trained.taxonomy });
}

async function storageIn(varDir: string): Promise<Storage> {
  const storage = await openStorage(varDir);
  opened.push(storage);
  return storage;
}

const filing = (i: number, category = trained.model.classes[i]) => [{ id: predictionProductId(i), designation: newcomers[i].designation, description: newcomers[i].description, category }];

describe('CatalogIndexes', () => {
  it('records each filing in the database before it resolves, and writes the index whole once many are applied', async () => {
    const served = servedCopy();
    const dir = modelIndexDir(served.dir!);
    const storage = await storageIn(tempDir());
    const indexes = new CatalogIndexes({ changes: storage.indexChanges, saveDelayMs: 0, compactAfter: 3 });
    const productsFile = readFileSync(join(dir, 'products.json'), 'utf8');

    await indexes.file(served, filing(0));
    await indexes.file(served, filing(1));
    expect((await storage.indexChanges.since(served.id, 0)).map((c) => c.id)).toEqual([predictionProductId(0), predictionProductId(1)]);
    expect(readFileSync(join(dir, 'products.json'), 'utf8')).toBe(productsFile);
    // What a process killed now would find on its next start: the saved files, then the database's changes.
    const restarted = new CatalogIndexes({ changes: storage.indexChanges });
    expect((await restarted.of(served)).index.product(predictionProductId(1))).toMatchObject({ category: trained.model.classes[1] });

    await indexes.file(served, filing(2));
    await indexes.file(served, filing(3));
    await indexes.close();
    const saved = await SimilarIndex.load(dir);
    expect(saved.size).toBe(catalogSize + 4);
    expect(saved.product(predictionProductId(3))).toMatchObject({ title: newcomers[3].designation });
  });

  it("brings every host's copy up to date: a product filed or moved on one host is found on another", async () => {
    const varDir = tempDir();
    const [a, b] = [await storageIn(varDir), await storageIn(varDir)];
    const [onA, onB] = [servedCopy(), servedCopy()];
    const hostA = new CatalogIndexes({ changes: a.indexChanges, syncMs: 0 });
    const hostB = new CatalogIndexes({ changes: b.indexChanges, syncMs: 0 });
    expect((await hostB.of(onB)).index.size).toBe(catalogSize);

    await hostA.file(onA, filing(0));
    const seenOnB = await hostB.of(onB);
    expect(seenOnB.index.product(predictionProductId(0))).toMatchObject({ category: trained.model.classes[0] });
    const version = hostB.version(seenOnB);
    // A person moves it on host B: host A follows.
    const moved = trained.model.classes[3];
    await hostB.file(onB, filing(0, moved));
    expect(hostB.version(seenOnB)).toBe(version + 1);
    expect((await hostA.of(onA)).index.product(predictionProductId(0))).toMatchObject({ category: moved });
    expect((await hostA.of(onA)).index.size).toBe(catalogSize + 1);
  });

  it('applies a change numbered before one already seen when it becomes visible after it (two hosts inserting at once)', async () => {
    const served = servedCopy();
    const storage = await storageIn(tempDir());
    const indexes = new CatalogIndexes({ changes: storage.indexChanges, syncMs: 0 });
    const row = (seq: number, i: number) => ({ seq, model_id: served.id, product_id: predictionProductId(i), designation: newcomers[i].designation, description: '', category: trained.model.classes[i], created_at: new Date().toISOString() });
    await storage.db.insertInto('index_changes').values(row(50, 0)).execute();
    expect((await indexes.of(served)).index.product(predictionProductId(0))).toBeDefined();
    await storage.db.insertInto('index_changes').values(row(20, 1)).execute();
    expect((await indexes.of(served)).index.product(predictionProductId(1))).toBeDefined();
  });

  it('replays every change of a database whose log is not the one the saved index counted', async () => {
    const served = servedCopy();
    const first = await storageIn(tempDir());
    const indexes = new CatalogIndexes({ changes: first.indexChanges, saveDelayMs: 0, compactAfter: 1, syncMs: 0 });
    await indexes.file(served, filing(0));
    await indexes.file(served, filing(1));
    await indexes.close();
    // The watermark trails the changes by a few seconds; saved as if it had reached them.
    const metaFile = join(modelIndexDir(served.dir!), 'index.json');
    const last = (await first.indexChanges.since(served.id, 0)).at(-1)!;
    writeFileSync(metaFile, JSON.stringify({ ...JSON.parse(readFileSync(metaFile, 'utf8')), appliedSeq: last.seq, appliedId: last.id }));

    // The same folder on a new database (its own numbering from 1): the watermark is forgotten, its changes applied.
    const fresh = await storageIn(tempDir());
    await fresh.indexChanges.append(served.id, filing(2));
    const elsewhere = await new CatalogIndexes({ changes: fresh.indexChanges }).of(served);
    expect(elsewhere.index.watermark).toBe(0);
    expect(elsewhere.index.product(predictionProductId(2))).toBeDefined();
    // On its own database the watermark holds.
    expect((await new CatalogIndexes({ changes: first.indexChanges }).of(servedCopyOf(served))).index.watermark).toBe(last.seq);
  });

  it("moves the change log a folder of format 1 kept into the database, and saves the folder without it", async () => {
    const served = servedCopy();
    const dir = modelIndexDir(served.dir!);
    const metaFile = join(dir, 'index.json');
    writeFileSync(metaFile, JSON.stringify({ ...JSON.parse(readFileSync(metaFile, 'utf8')), formatVersion: 1, appliedSeq: 0 }));
    const [p] = filing(2);
    writeFileSync(join(dir, LEGACY_CHANGES_FILE), `${JSON.stringify({ seq: 1, ...p })}\n`);
    const storage = await storageIn(tempDir());
    const index = (await new CatalogIndexes({ changes: storage.indexChanges }).of(served)).index;
    expect(index.product(p.id)).toMatchObject({ category: p.category });
    expect(existsSync(join(dir, LEGACY_CHANGES_FILE))).toBe(false);
    expect((await storage.indexChanges.since(served.id, 0)).map((c) => c.id)).toEqual([p.id]);
    expect(JSON.parse(readFileSync(metaFile, 'utf8')).formatVersion).toBe(2);
  });
});

/** Another host's copy of the same served folder. */
function servedCopyOf(served: ServedModel): ServedModel {
  const dir = join(tempDir(), 'model');
  cpSync(served.dir!, dir, { recursive: true });
  return { ...served, dir };
}
