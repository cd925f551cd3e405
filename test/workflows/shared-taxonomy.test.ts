// A new taxonomy version's uploaded files through the database: stored by one host, fetched and checked by another.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { readNextTaxonomy } from '../../src/workflows/next-taxonomy.js';
import { fetchNextTaxonomy, shareNextTaxonomy } from '../../src/workflows/shared-taxonomy.js';
import { tempDir } from '../helpers/tmp.js';

let storage: Storage | null = null;
afterEach(() => storage?.close());

const TAXONOMY = 'Home\nHome > Kitchen\nHome > Kitchen > Chef Knives\n';
const MAPPING = 'old,new\nHome > Kitchen > Knives,Home > Kitchen > Chef Knives\n';

function upload(): string {
  const dir = join(tempDir(), 'jobs', 'j1');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'taxonomy.txt'), TAXONOMY);
  writeFileSync(join(dir, 'mapping.csv'), MAPPING);
  return dir;
}

describe('shareNextTaxonomy and fetchNextTaxonomy', () => {
  it("gives another host the upload's files under its own cache, once per content", async () => {
    storage = await openStorage(null);
    const files = { taxonomyFile: 'taxonomy.txt', taxonomyName: 'shop-v2.txt', mappingFile: 'mapping.csv' };
    const shared = await shareNextTaxonomy(storage, upload(), files);
    expect(await shareNextTaxonomy(storage, upload(), files)).toEqual(shared);
    expect(await storage.datasetFiles.list()).toHaveLength(1);
    const cache = tempDir();
    const fetched = await fetchNextTaxonomy(storage, files, shared, cache);
    expect(fetched.taxonomyFile.startsWith(cache)).toBe(true);
    expect(fetched.taxonomyName).toBe('shop-v2.txt');
    expect(readFileSync(fetched.mappingFile!, 'utf8')).toBe(MAPPING);
    const read = await readNextTaxonomy(fetched);
    expect(read.taxonomy.size).toBe(3);
    expect(read.mapping).toBeDefined();
    // Without a mapping, the taxonomy alone.
    const alone = await fetchNextTaxonomy(storage, { taxonomyFile: 'taxonomy.txt', taxonomyName: 'v2.txt' }, await shareNextTaxonomy(storage, upload(), { taxonomyFile: 'taxonomy.txt', taxonomyName: 'v2.txt' }), cache);
    expect(alone.mappingFile).toBeUndefined();
  });

  it('refuses a stored file that does not match its checksum, and a version whose files are gone', async () => {
    storage = await openStorage(null);
    const files = { taxonomyFile: 'taxonomy.txt', taxonomyName: 'shop-v2.txt', mappingFile: 'mapping.csv' };
    const shared = await shareNextTaxonomy(storage, upload(), files);
    await storage.db.updateTable('dataset_files').set({ bytes: Buffer.from('Garden\n') }).where('path', '=', 'taxonomy.txt').execute();
    await expect(fetchNextTaxonomy(storage, files, shared, tempDir())).rejects.toMatchObject({ code: 'DATA_CORRUPT' });
    await storage.datasetFiles.remove(shared.digest);
    await expect(fetchNextTaxonomy(storage, files, shared, tempDir())).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
    await expect(fetchNextTaxonomy(storage, { ...files, mappingFile: '../mapping.csv' }, await shareNextTaxonomy(storage, upload(), files), tempDir())).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
  });
});
