// Where an uploaded photo is kept, and the digest its path names: how a worker finds a feedback row's photo in the database.

import { describe, expect, it } from 'vitest';
import { photoDigest, uploadDigest, uploadPath } from '../../src/storage/upload-photos.js';

describe('upload photo paths', () => {
  it('names a photo by its digest under uploads/ and reads the digest back, and nothing from another path', () => {
    const digest = photoDigest(Buffer.from('x'));
    const path = uploadPath(digest, 'jpg').split('\\').join('/');
    expect(path).toBe(`uploads/${digest.slice(0, 2)}/${digest}.jpg`);
    expect(uploadDigest(path)).toBe(digest);
    for (const other of [`uploads/00/${digest}.jpg`, `jobs/j1/images/${digest}.jpg`, `uploads/${digest.slice(0, 2)}/../${digest}.jpg`, 'uploads/ab/cd.jpg']) {
      expect(uploadDigest(other)).toBeNull();
    }
  });
});
