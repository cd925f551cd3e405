// Feedback photos brought into a worker's var folder from the database: uploads by digest, batch photos by job, checked.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { photoDigest, uploadPath } from '../../src/storage/upload-photos.js';
import { fetchFeedbackPhotos } from '../../src/workflows/feedback-photos.js';
import { tempDir } from '../helpers/tmp.js';

let storage: Storage | null = null;
afterEach(() => storage?.close());

const posix = (path: string) => path.split('\\').join('/');

describe('fetchFeedbackPhotos', () => {
  it('writes uploaded and batch photos at the paths the predictions name, and reports what it cannot have', async () => {
    storage = await openStorage(null);
    const varDir = tempDir();
    const [good, corrupt, absent] = ['good', 'corrupt', 'absent'].map((t) => Buffer.from(`photo ${t}`));
    const paths = [good, corrupt, absent].map((bytes) => posix(uploadPath(photoDigest(bytes), 'jpg')));
    await storage.photos.put({ sha256: photoDigest(good), bytes: good });
    await storage.photos.put({ sha256: photoDigest(corrupt), bytes: Buffer.from('something else') });
    await storage.jobFiles.put('job-1', [{ path: 'images/shoe.png', bytes: Buffer.from('batch photo') }]);

    const asked = [...paths, paths[0], 'jobs/job-1/images/shoe.png', 'jobs/job-1/images/gone.png', 'jobs/../uploads/x.jpg', '/etc/passwd'];
    const fetched = await fetchFeedbackPhotos(storage, asked, varDir);
    expect(fetched.found.sort()).toEqual([paths[0], 'jobs/job-1/images/shoe.png'].sort());
    expect(Object.fromEntries(fetched.missing.map((m) => [m.path, m.reason]))).toEqual({
      [paths[1]]: expect.stringMatching(/checksum/),
      [paths[2]]: expect.stringMatching(/not in the database/),
      'jobs/job-1/images/gone.png': expect.stringMatching(/not among the stored photos of job job-1/),
      'jobs/../uploads/x.jpg': expect.stringMatching(/not the path/),
      '/etc/passwd': expect.stringMatching(/not the path/),
    });
    expect(readFileSync(join(varDir, paths[0]))).toEqual(good);
    expect(readFileSync(join(varDir, 'jobs/job-1/images/shoe.png')).toString()).toBe('batch photo');
    expect(existsSync(join(varDir, paths[1]))).toBe(false);

    // Kept once fetched: the database is not asked again.
    await storage.db.deleteFrom('upload_photos').execute();
    expect((await fetchFeedbackPhotos(storage, [paths[0]], varDir)).found).toEqual([paths[0]]);
  });
});
