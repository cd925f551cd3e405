import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { encodeJpeg, encodePng } from '../../src/image/decode-image.js';
import { imageStats, pixelStats } from '../../src/image/image-stats.js';
import { thumbnailDataUri } from '../../src/image/image-thumbnail.js';
import { tempDir } from '../helpers/tmp.js';

/** A width×height RGB image: `pixel(x, y)` gives each pixel's [r, g, b]. */
function rgb(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  return { width, height, data };
}

describe('imageStats', () => {
  it('reads size and format, and measures brightness and the white border', async () => {
    const white = await imageStats(await encodePng(rgb(120, 60, () => [255, 255, 255])));
    expect(white).toMatchObject({ width: 120, height: 60, format: 'png', brightness: 1, whiteBorder: 1 });
    const black = await imageStats(await encodePng(rgb(40, 40, () => [0, 0, 0])));
    expect(black).toMatchObject({ brightness: 0, whiteBorder: 0 });
    // A dark product in the middle of a white background: white border, brightness in between.
    const framed = await imageStats(await encodeJpeg(rgb(64, 64, (x, y) => (x >= 16 && x < 48 && y >= 16 && y < 48 ? [0, 0, 0] : [255, 255, 255])), 95));
    expect(framed.format).toBe('jpeg');
    expect(framed.whiteBorder).toBe(1);
    expect(framed.brightness).toBeGreaterThan(0.7);
    expect(framed.brightness).toBeLessThan(0.8); // 3/4 of the pixels are white
  });

  it('weighs channels as Rec. 709 luma', () => {
    const red = pixelStats(Uint8Array.from([255, 0, 0]), 1, 1, 3);
    expect(red.brightness).toBeCloseTo(0.2126, 6);
    const grey = pixelStats(Uint8Array.from([51]), 1, 1, 1);
    expect(grey.brightness).toBeCloseTo(0.2, 6);
  });

  it('reports a truncated or non-image file as IMAGE_INVALID and a missing one as DATA_NOT_FOUND', async () => {
    const jpeg = await encodeJpeg(rgb(64, 64, (x) => [x * 4, 0, 0]));
    const dir = tempDir();
    const truncated = join(dir, 'truncated.jpg');
    writeFileSync(truncated, jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    await expect(imageStats(truncated)).rejects.toSatisfy((e) => isProdclassError(e, 'IMAGE_INVALID'));
    await expect(imageStats(new TextEncoder().encode('not an image'))).rejects.toSatisfy((e) => isProdclassError(e, 'IMAGE_INVALID'));
    await expect(imageStats(join(dir, 'missing.jpg'))).rejects.toSatisfy((e) => isProdclassError(e, 'DATA_NOT_FOUND'));
  });

  it('makes small JPEG thumbnails as data URIs', async () => {
    const dir = tempDir();
    const path = join(dir, 'photo.png');
    writeFileSync(path, await encodePng(rgb(200, 100, () => [10, 200, 30])));
    const uri = await thumbnailDataUri(path, 40);
    expect(uri).toMatch(/^data:image\/jpeg;base64,/);
    expect(await imageStats(Buffer.from(uri.split(',')[1], 'base64'))).toMatchObject({ width: 40, height: 40, format: 'jpeg' });
  });
});
