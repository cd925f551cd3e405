// The contract every backend's data set store passes: labelled data stored by content, once, for workers on other hosts.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DatasetFile } from '../../src/storage/dataset-files.js';
import type { Storage } from '../../src/storage/storage.js';

const file = (path: string, text: string): DatasetFile => ({ path, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.from(text) });

export function datasetFilesContract(backend: string, open: () => Promise<Storage>): void {
  describe(`data set files (${backend})`, () => {
    it('stores a data set once, whoever stores it again or at the same moment, and gives back its bytes', async () => {
      const storage = await open();
      const files = [file('X_train_update.csv', ',designation\n0,a\n'), file('Y_train_CVw08PX.csv', ',prdtypecode\n0,10\n')];
      expect(await storage.datasetFiles.has('d1')).toBe(false);
      const outcomes = await Promise.all([storage.datasetFiles.put('d1', files), storage.datasetFiles.put('d1', files)]);
      expect(outcomes.filter(Boolean).length).toBeGreaterThanOrEqual(1);
      expect(await storage.datasetFiles.put('d1', files)).toBe(false);
      expect(await storage.datasetFiles.has('d1')).toBe(true);
      const got = await storage.datasetFiles.get('d1');
      expect(got.map((f) => [f.path, f.sha256, f.bytes.toString()])).toEqual(files.map((f) => [f.path, f.sha256, f.bytes.toString()]));
      await storage.datasetFiles.put('d2', [{ path: 'shop.csv', sha256: 'x', bytes: Buffer.from([0, 255, 7]) }]);
      expect([...(await storage.datasetFiles.get('d2'))[0].bytes]).toEqual([0, 255, 7]);
      const listed = await storage.datasetFiles.list();
      expect(listed.map((d) => [d.digest, d.bytes])).toEqual([
        ['d1', files[0].bytes.length + files[1].bytes.length],
        ['d2', 3],
      ]);
      expect(await storage.datasetFiles.remove('d1')).toBe(2);
      expect(await storage.datasetFiles.get('d1')).toEqual([]);
      expect(await storage.datasetFiles.has('d2')).toBe(true);
      // The same for every catalog's view.
      expect(await storage.forCatalog('garden').datasetFiles.has('d2')).toBe(true);
      await storage.close();
    });

    it('stores nothing of a data set whose transaction fails', async () => {
      const storage = await open();
      await expect(
        storage.transaction(async (stores) => {
          await stores.datasetFiles.put('d', [file('a.csv', 'a')]);
          throw new Error('the second file could not be read');
        }),
      ).rejects.toThrow('could not be read');
      expect(await storage.datasetFiles.has('d')).toBe(false);
      await storage.close();
    });
  });
}
