import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractZipImages } from '../../src/workflows/zip-images.js';
import { jpegImage } from '../helpers/images.js';
import { tempDir } from '../helpers/tmp.js';
import { makeZip } from '../helpers/zip.js';

describe('extractZipImages', () => {
  it('extracts the images and skips, with a reason, everything that could escape the folder or is not an image', async () => {
    const dir = tempDir();
    const jpeg = await jpegImage();
    const zip = join(dir, 'images.zip');
    writeFileSync(
      zip,
      makeZip([
        { name: 'images/image_1_product_2.jpg', data: jpeg },
        { name: '../escape.jpg', data: jpeg },
        { name: 'images/../../../escape2.jpg', data: jpeg },
        { name: '/etc/absolute.jpg', data: jpeg },
        { name: 'images/link.jpg', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
        { name: 'notes.txt', data: Buffer.from('hello') },
        { name: 'images/image_1_product_2.jpg', data: jpeg },
        { name: 'big.jpg', data: Buffer.alloc(2000) },
      ]),
    );
    const dest = join(dir, 'job', 'images');
    const report = await extractZipImages(zip, dest, { maxEntries: 100, maxEntryBytes: 1500, maxTotalBytes: 1e6, maxRatio: 100 });
    expect(report.extracted).toBe(1);
    expect(readdirSync(join(dest, 'images'))).toEqual(['image_1_product_2.jpg']);
    expect(existsSync(join(dir, 'escape.jpg'))).toBe(false);
    expect(existsSync(join(dir, 'job', 'escape.jpg'))).toBe(false);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.name, s.reason]));
    expect(reasons['../escape.jpg']).toMatch(/outside/);
    expect(reasons['images/../../../escape2.jpg']).toMatch(/outside/);
    expect(reasons['/etc/absolute.jpg']).toMatch(/outside/);
    expect(reasons['images/link.jpg']).toMatch(/symbolic link/);
    expect(reasons['notes.txt']).toMatch(/not an image/);
    expect(reasons['big.jpg']).toMatch(/larger than/);
    expect(report.skippedCount).toBe(7);
  });

  it('stops at the entry limit and refuses a file that is not a zip', async () => {
    const dir = tempDir();
    const zip = join(dir, 'many.zip');
    writeFileSync(zip, makeZip(Array.from({ length: 5 }, (_, i) => ({ name: `${i}.jpg`, data: Buffer.from([0xff, 0xd8, 0xff]) }))));
    await expect(extractZipImages(zip, join(dir, 'out'), { maxEntries: 3, maxEntryBytes: 100, maxTotalBytes: 1e6, maxRatio: 100 })).rejects.toThrow(/more than 3 entries/);
    const notZip = join(dir, 'fake.zip');
    writeFileSync(notZip, 'not a zip');
    await expect(extractZipImages(notZip, join(dir, 'out2'))).rejects.toThrow(/not a readable zip/);
  });

  it('writes nothing of a zip bomb: entries that shrank more than maxRatio to 1 are skipped, and the total is capped', async () => {
    const dir = tempDir();
    const zip = join(dir, 'bomb.zip');
    // The zip held 100 entries of 10 MB of zeros (1 MB packed); 10 of 4 MB make the same point faster.
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    writeFileSync(zip, makeZip(Array.from({ length: 10 }, (_, i) => ({ name: `image_${i}_product_${i}.jpg`, data: zeros, deflate: true }))));
    const dest = join(dir, 'out');
    const report = await extractZipImages(zip, dest, { maxEntries: 1000, maxEntryBytes: 20 * 1024 * 1024, maxTotalBytes: 2 ** 31, maxRatio: 100 });
    expect(report).toMatchObject({ extracted: 0, bytes: 0, skippedCount: 10 });
    expect(report.skipped[0].reason).toMatch(/compressed \d+ to 1 \(more than 100 to 1\)/);
    expect(existsSync(dest) ? readdirSync(dest) : []).toEqual([]);

    // Photos that do not shrink stop at the total cap, before it is passed.
    const jpeg = await jpegImage();
    const many = join(dir, 'many.zip');
    writeFileSync(many, makeZip(Array.from({ length: 10 }, (_, i) => ({ name: `p${i}.jpg`, data: jpeg }))));
    await expect(extractZipImages(many, join(dir, 'out2'), { maxEntries: 100, maxEntryBytes: 1e6, maxTotalBytes: jpeg.length * 3, maxRatio: 100 })).rejects.toThrow(
      /add up to more than/,
    );
  });
});
