// The contract every backend's photo store passes: uploaded photos by content, stored once, for workers on other hosts.

import { describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/storage.js';
import { photoDigest } from '../../src/storage/upload-photos.js';

const photo = (bytes: number[]) => ({ sha256: photoDigest(Buffer.from(bytes)), bytes: Buffer.from(bytes) });

export function uploadPhotosContract(backend: string, open: () => Promise<Storage>): void {
  describe(`upload photos (${backend})`, () => {
    it('stores a photo once per content, whoever stores it again or at the same moment, and gives back its bytes', async () => {
      const storage = await open();
      const a = photo([0xff, 0xd8, 0xff, 0, 1, 255]);
      const b = photo([0x89, 0x50, 0x4e, 0x47, 7]);
      const old = new Date('2020-01-01T00:00:00Z');
      await Promise.all([storage.photos.put(a, old), storage.photos.put(a, old)]);
      // The same digest with other bytes is not stored over the first (the reader checks the digest anyway).
      await storage.photos.put({ sha256: a.sha256, bytes: Buffer.from([1]) }, old);
      await storage.photos.put(b, old);
      expect(await storage.photos.storedBefore('2021-01-01T00:00:00Z')).toEqual([a.sha256, b.sha256].sort());
      // Uploaded again: its age counts from now (marked without its bytes by a host that has it; a photo not stored is not).
      expect(await storage.photos.touch(a.sha256)).toBe(true);
      expect(await storage.photos.touch('f'.repeat(64))).toBe(false);
      const got = await storage.photos.get([b.sha256, a.sha256, a.sha256, 'f'.repeat(64)]);
      expect(got.map((p) => [p.sha256, [...p.bytes]]).sort()).toEqual([a, b].map((p) => [p.sha256, [...p.bytes]]).sort());
      expect(await storage.photos.get([])).toEqual([]);
      // The same for every catalog's view.
      expect(await storage.forCatalog('garden').photos.get([a.sha256])).toHaveLength(1);
      expect(await storage.photos.storedBefore('2021-01-01T00:00:00Z')).toEqual([b.sha256]);
      expect(await storage.photos.remove([b.sha256, 'f'.repeat(64)])).toBe(1);
      expect(await storage.photos.get([b.sha256])).toEqual([]);
      await storage.close();
    });

    it('stores nothing of a photo whose transaction fails', async () => {
      const storage = await open();
      const a = photo([1, 2, 3]);
      await expect(
        storage.transaction(async (stores) => {
          await stores.photos.put(a);
          throw new Error('the prediction could not be recorded');
        }),
      ).rejects.toThrow('could not be recorded');
      expect(await storage.photos.get([a.sha256])).toEqual([]);
      await storage.close();
    });
  });
}
