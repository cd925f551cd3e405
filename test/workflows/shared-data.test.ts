import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { loadCatalog } from '../../src/data/load-catalog.js';
import { openStorage } from '../../src/storage/storage.js';
import { DATA_CACHE_DIR, fetchLabelledData, shareLabelledData } from '../../src/workflows/shared-data.js';
import { writeChallengeFolder } from '../helpers/demo-model.js';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { tempDir } from '../helpers/tmp.js';

describe('labelled data shared through the database', () => {
  it("stores a challenge folder's CSV files once, and a worker reads the same catalog from its fetched copy", async () => {
    const root = tempDir();
    const storage = await openStorage(null);
    const source = join(root, 'data');
    writeChallengeFolder(source, generateDemoProducts({ seed: 3, perClass: 2 }));
    mkdirSync(join(source, 'images'), { recursive: true });
    writeFileSync(join(source, 'images', 'not-shared.jpg'), 'photo');
    const shared = await shareLabelledData(storage, source);
    expect(shared).toMatchObject({ read: 'folder', name: 'data' });
    expect((await storage.datasetFiles.get(shared.digest)).map((f) => f.path)).toEqual(['X_test_update.csv', 'X_train_update.csv', 'Y_train_CVw08PX.csv'].filter((n) => existsSync(join(source, n))));
    // The same files again: the same digest, nothing stored twice.
    expect(await shareLabelledData(storage, source)).toEqual(shared);
    expect(await storage.datasetFiles.list()).toHaveLength(1);

    const original = await loadCatalog(source);
    rmSync(source, { recursive: true });
    const cache = join(root, 'worker', DATA_CACHE_DIR);
    const path = await fetchLabelledData(storage, shared, cache);
    const copy = await loadCatalog(path);
    expect(copy.train.products.map((p) => p.designation)).toEqual(original.train.products.map((p) => p.designation));
    expect([...copy.train.labels]).toEqual([...original.train.labels]);
    // Kept: a second fetch reads nothing from the database.
    await storage.datasetFiles.remove(shared.digest);
    expect(await fetchLabelledData(storage, shared, cache)).toBe(path);
    expect(readdirSync(cache)).toEqual([shared.digest]);
    await storage.close();
  });

  it('shares a catalog file under its own name, and a changed file is another data set', async () => {
    const root = tempDir();
    const storage = await openStorage(null);
    const file = join(root, 'shop.csv');
    writeFileSync(file, 'sku,title,category\na,red shoe,Shoes\n');
    const first = await shareLabelledData(storage, file);
    expect(first).toMatchObject({ read: 'file', name: 'shop.csv' });
    writeFileSync(file, 'sku,title,category\na,red shoe,Shoes\nb,blue hat,Hats\n');
    const second = await shareLabelledData(storage, file);
    expect(second.digest).not.toBe(first.digest);
    const path = await fetchLabelledData(storage, second, join(root, 'cache'));
    expect(path.endsWith('shop.csv')).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('blue hat');
    await storage.close();
  });

  it('stores what it reads, even when a file changed behind the checksum it remembers', async () => {
    const root = tempDir();
    const storage = await openStorage(null);
    const file = join(root, 'shop.csv');
    const when = 1_700_000_000;
    writeFileSync(file, 'sku,title,category\na,red shoe,Shoes\n');
    utimesSync(file, when, when);
    const first = await shareLabelledData(storage, file);
    // Same size, same modification time: the remembered checksum stands, so the data set is the one stored.
    writeFileSync(file, 'sku,title,category\na,red hats,Hats\n\n');
    expect(statSync(file).size).toBe(Buffer.byteLength('sku,title,category\na,red shoe,Shoes\n'));
    utimesSync(file, when, when);
    expect(await shareLabelledData(storage, file)).toEqual(first);
    // Once that set is gone from the database, the file is read again and stored under the digest of its bytes.
    await storage.datasetFiles.remove(first.digest);
    const again = await shareLabelledData(storage, file);
    expect(again.digest).not.toBe(first.digest);
    expect((await storage.datasetFiles.get(again.digest))[0].bytes.toString()).toContain('red hat');
    await storage.close();
  });

  it('refuses a stored file that does not match its checksum, and says when the data set is gone', async () => {
    const root = tempDir();
    const storage = await openStorage(null);
    const file = join(root, 'shop.csv');
    writeFileSync(file, 'sku,title,category\na,red shoe,Shoes\n');
    const shared = await shareLabelledData(storage, file);
    await storage.db.updateTable('dataset_files').set({ bytes: Buffer.from('tampered') }).where('digest', '=', shared.digest).execute();
    const corrupt = await fetchLabelledData(storage, shared, join(root, 'cache')).catch((e: unknown) => e);
    expect(isProdclassError(corrupt, 'DATA_CORRUPT')).toBe(true);
    expect(existsSync(join(root, 'cache', shared.digest))).toBe(false);
    await storage.datasetFiles.remove(shared.digest);
    const gone = await fetchLabelledData(storage, shared, join(root, 'cache')).catch((e: unknown) => e);
    expect(isProdclassError(gone, 'DATA_NOT_FOUND')).toBe(true);
    expect((gone as Error).message).toContain(shared.digest);
    const missing = await shareLabelledData(storage, join(root, 'nope')).catch((e: unknown) => e);
    expect(isProdclassError(missing, 'DATA_NOT_FOUND')).toBe(true);
    await storage.close();
  });
});
