// The contract every backend's job chunk and job file stores pass: what a queued batch job shares between API hosts and workers.

import { describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/storage.js';

export function jobChunksContract(backend: string, open: () => Promise<Storage>): void {
  describe(`job chunks and files (${backend})`, () => {
    it('keeps a chunk cut again as it was, and marks a chunk done once however many workers finish it', async () => {
      const storage = await open();
      await storage.jobChunks.add('j1', 0, '{"rows":[1]}');
      await storage.jobChunks.add('j1', 1, '{"rows":[2]}');
      await storage.jobChunks.add('j2', 0, '{"rows":[9]}');
      expect(await storage.jobChunks.input('j1', 1)).toBe('{"rows":[2]}');
      expect(await storage.jobChunks.input('j1', 2)).toBeUndefined();
      expect(await storage.jobChunks.done('j1')).toEqual([]);

      // Two workers finish chunk 1 at once, each in its own transaction: one of them records it.
      const finish = (text: string) => storage.transaction((stores) => stores.jobChunks.complete('j1', 1, Buffer.from(text), `{"by":"${text}"}`));
      const outcomes = await Promise.all([finish('a'), finish('b')]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const winner = outcomes[0] ? 'a' : 'b';
      expect(await storage.jobChunks.summary('j1', 1)).toBe(`{"by":"${winner}"}`);
      expect(await storage.jobChunks.summary('j1', 0)).toBeNull();

      // Cut again after a stop: the done chunk stays done, with its lines.
      await storage.jobChunks.add('j1', 1, '{"rows":["other"]}');
      expect(await storage.jobChunks.input('j1', 1)).toBe('{"rows":[2]}');
      expect(await storage.jobChunks.complete('j1', 0, Buffer.from('zero\n'), '{}')).toBe(true);
      expect(await storage.jobChunks.done('j1')).toEqual([0, 1]);
      expect(await storage.jobChunks.countDone('j1')).toBe(2);
      expect(await storage.jobChunks.countDone('j2')).toBe(0);
      expect((await storage.jobChunks.parts('j1', 0, 2)).map((p) => [p.chunk, p.part.toString()])).toEqual([
        [0, 'zero\n'],
        [1, winner],
      ]);
      expect((await storage.jobChunks.parts('j1', 1, 5)).map((p) => p.chunk)).toEqual([1]);

      expect(await storage.jobChunks.remove('j1')).toBe(2);
      expect(await storage.jobChunks.done('j1')).toEqual([]);
      expect(await storage.jobChunks.input('j2', 0)).toBe('{"rows":[9]}');
      await storage.close();
    });

    it('rolls a chunk back with the transaction that recorded it', async () => {
      const storage = await open();
      await storage.jobChunks.add('j', 0, '[]');
      await expect(
        storage.transaction(async (stores) => {
          await stores.jobChunks.complete('j', 0, Buffer.from('x'), '{}');
          throw new Error('the predictions could not be written');
        }),
      ).rejects.toThrow('could not be written');
      expect(await storage.jobChunks.done('j')).toEqual([]);
      await storage.close();
    });

    it("stores a job's files, replaces one of the same path, and fetches only those asked for", async () => {
      const storage = await open();
      const bytes = Buffer.from([0, 255, 1, 2, 3]);
      await storage.jobFiles.put('j', [
        { path: 'images/a.jpg', bytes },
        { path: 'images/b.jpg', bytes: Buffer.from('b') },
        { path: 'chunks/manifest.json', bytes: Buffer.from('{}') },
      ]);
      await storage.jobFiles.put('j', [{ path: 'images/b.jpg', bytes: Buffer.from('b2') }]);
      await storage.jobFiles.put('other', [{ path: 'images/a.jpg', bytes: Buffer.from('other') }]);
      const got = await storage.jobFiles.get('j', ['images/a.jpg', 'images/b.jpg', 'images/missing.jpg']);
      expect(got.map((f) => [f.path, [...f.bytes]]).sort()).toEqual([
        ['images/a.jpg', [0, 255, 1, 2, 3]],
        ['images/b.jpg', [...Buffer.from('b2')]],
      ]);
      expect(await storage.jobFiles.list('j', 'images/')).toEqual(['images/a.jpg', 'images/b.jpg']);
      expect(await storage.jobFiles.remove('j')).toBe(3);
      expect(await storage.jobFiles.list('j')).toEqual([]);
      expect(await storage.jobFiles.list('other')).toEqual(['images/a.jpg']);
      await storage.close();
    });
  });
}
