// Decoding and preprocessing photos: formats, colour conversion, resize and centre crop, normalisation, bad input.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { decodeImage, encodeJpeg, encodePng, encodeWebp } from '../../src/image/decode-image.js';
import { CLIP_PREPROCESSING, preprocessingFromConfig, toPixelValues, type ImagePreprocessing } from '../../src/image/image-preprocessing.js';
import type { RgbImage } from '../../src/image/rgb-image.js';
import { tempDir } from '../helpers/tmp.js';

const PREP: ImagePreprocessing = { ...CLIP_PREPROCESSING, shortestEdge: 16, cropHeight: 16, cropWidth: 16 };

/** Left half red, right half blue. */
function halves(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(x < width / 2 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
  return { width, height, data };
}

const pixel = (img: RgbImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

describe('decodeImage', () => {
  it('decodes PNG, JPEG and WebP to an RGB crop of the model size', async () => {
    const source = halves(40, 40);
    for (const encoded of [await encodePng(source), await encodeJpeg(source, 95), await encodeWebp(source)]) {
      const img = await decodeImage(encoded, PREP);
      expect([img.width, img.height, img.data.length]).toEqual([16, 16, 16 * 16 * 3]);
      expect(pixel(img, 2, 8)[0]).toBeGreaterThan(200); // red on the left
      expect(pixel(img, 13, 8)[2]).toBeGreaterThan(200); // blue on the right
    }
  });

  it('scales the shorter edge and crops the centre of a wide photo', async () => {
    // 64 x 16: left quarter red, the rest blue; the centre 16 x 16 of the 64 x 16 resize is all blue.
    const wide = { width: 64, height: 16, data: new Uint8Array(64 * 16 * 3) };
    for (let y = 0; y < 16; y++) for (let x = 0; x < 64; x++) wide.data.set(x < 16 ? [255, 0, 0] : [0, 0, 255], (y * 64 + x) * 3);
    const img = await decodeImage(await encodePng(wide), PREP);
    for (const x of [0, 8, 15]) expect(pixel(img, x, 8)).toEqual([0, 0, 255]);
  });

  it('drops alpha and expands grey to three channels', async () => {
    const rgba = await sharp({ create: { width: 20, height: 20, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } }).png().toBuffer();
    const grey = await sharp({ create: { width: 20, height: 30, channels: 3, background: { r: 90, g: 90, b: 90 } } }).greyscale().png().toBuffer();
    // Resizing works on premultiplied alpha: colours come back within a unit of rounding.
    pixel(await decodeImage(rgba, PREP), 5, 5).forEach((v, c) => expect(Math.abs(v - [10, 200, 30][c])).toBeLessThanOrEqual(1));
    expect(pixel(await decodeImage(grey, PREP), 5, 5)).toEqual([90, 90, 90]);
  });

  it('reads a file path and reports missing files and undecodable bytes with typed errors', async () => {
    const dir = tempDir();
    const path = join(dir, 'photo.jpg');
    writeFileSync(path, await encodeJpeg(halves(16, 16)));
    expect((await decodeImage(path, PREP)).width).toBe(16);
    writeFileSync(join(dir, 'bad.jpg'), 'this is not a picture');
    const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (isProdclassError(e) ? e.code : String(e)));
    expect(await codeOf(decodeImage(join(dir, 'missing.jpg'), PREP))).toBe('DATA_NOT_FOUND');
    expect(await codeOf(decodeImage(join(dir, 'bad.jpg'), PREP))).toBe('IMAGE_INVALID');
    expect(await codeOf(decodeImage(new Uint8Array(0), PREP))).toBe('IMAGE_INVALID');
    const truncated = (await encodeJpeg(halves(64, 64))).subarray(0, 200);
    expect(await codeOf(decodeImage(truncated, PREP))).toBe('IMAGE_INVALID');
  });
});

describe('image preprocessing', () => {
  it('normalises each channel: (byte / 255 - mean) / std, channels first', () => {
    const img: RgbImage = { width: 1, height: 2, data: Uint8Array.from([255, 0, 128, 0, 255, 64]) };
    const prep: ImagePreprocessing = { shortestEdge: 2, cropHeight: 2, cropWidth: 1, rescaleFactor: 1 / 255, mean: [0.5, 0.25, 0], std: [0.5, 0.25, 2] };
    const v = toPixelValues([img], prep);
    const expected = [(1 - 0.5) / 0.5, (0 - 0.5) / 0.5, (0 - 0.25) / 0.25, (1 - 0.25) / 0.25, 128 / 255 / 2, 64 / 255 / 2];
    expect(Array.from(v).map((x) => Number(x.toFixed(5)))).toEqual(expected.map((x) => Number(x.toFixed(5))));
    expect(() => toPixelValues([{ width: 2, height: 2, data: new Uint8Array(12) }], prep)).toThrow(/model takes 1x2/);
  });

  it('reads both forms of preprocessor_config.json', () => {
    const old = preprocessingFromConfig({ size: 224, crop_size: 224, image_mean: [0.1, 0.2, 0.3], image_std: [1, 1, 1] });
    const recent = preprocessingFromConfig({ size: { shortest_edge: 224 }, crop_size: { height: 224, width: 224 }, do_rescale: true, rescale_factor: 1 / 255 });
    expect([old.shortestEdge, old.cropHeight, old.cropWidth, old.mean[1]]).toEqual([224, 224, 224, 0.2]);
    expect(recent.std).toEqual(CLIP_PREPROCESSING.std);
    expect(() => preprocessingFromConfig({ size: 'big' })).toThrow(/"size"/);
  });
});
