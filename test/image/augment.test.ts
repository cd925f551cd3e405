// Augmentation: exact geometry of rotations and flips, seeded reproducibility, noise statistics.

import { describe, expect, it } from 'vitest';
import { augmentImage, checkAugmentOptions, mirrorLeftRight, rotate90 } from '../../src/image/augment.js';
import type { RgbImage } from '../../src/image/rgb-image.js';

/** 3 x 2 image whose pixel (x, y) holds [x, y, 7]. */
function coords(width = 3, height = 2): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 7], (y * width + x) * 3);
  return { width, height, data };
}
const at = (img: RgbImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

describe('augmentation', () => {
  it('rotates clockwise by quarter turns, exactly', () => {
    const img = coords();
    const r1 = rotate90(img, 1);
    expect([r1.width, r1.height]).toEqual([2, 3]);
    // Clockwise: the top-left pixel goes to the top-right corner; the bottom-left to the top-left.
    expect(at(r1, 1, 0)).toEqual([0, 0, 7]);
    expect(at(r1, 0, 0)).toEqual([0, 1, 7]);
    expect(at(rotate90(img, 2), 0, 0)).toEqual([2, 1, 7]);
    expect(rotate90(rotate90(img, 1), 3)).toEqual(img);
    expect(rotate90(rotate90(rotate90(rotate90(img, 1), 1), 1), 1)).toEqual(img);
  });

  it('mirrors left-right, and twice is the identity', () => {
    const img = coords();
    expect(at(mirrorLeftRight(img), 0, 1)).toEqual([2, 1, 7]);
    expect(mirrorLeftRight(mirrorLeftRight(img))).toEqual(img);
  });

  it('is determined by its seed, and different seeds give different views', () => {
    const img = coords(8, 8);
    const a = augmentImage(img, 123);
    expect(augmentImage(img, 123)).toEqual(a);
    const views = new Set([1, 2, 3, 4, 5, 6].map((s) => Buffer.from(augmentImage(img, s).data).toString('hex')));
    expect(views.size).toBeGreaterThan(4);
    expect(img).toEqual(coords(8, 8)); // input untouched
  });

  it('with rotation, flip and noise off, returns a copy of the input', () => {
    const img = coords();
    const same = augmentImage(img, 5, { rotate90: false, flip: false, noiseStd: 0, brightnessStd: 0 });
    expect(same).toEqual(img);
    expect(same.data).not.toBe(img.data);
  });

  it('adds zero-mean Gaussian noise of the given deviation, and a brightness factor around 1', () => {
    const flat: RgbImage = { width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).fill(128) };
    const noisy = augmentImage(flat, 9, { rotate90: false, flip: false, noiseStd: 0.04, brightnessStd: 0 });
    const values = Array.from(noisy.data);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean - 128)).toBeLessThan(0.5);
    expect(sd).toBeGreaterThan(0.04 * 255 * 0.9);
    expect(sd).toBeLessThan(0.04 * 255 * 1.1);
    const means = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
      const b = augmentImage(flat, seed, { rotate90: false, flip: false, noiseStd: 0, brightnessStd: 0.2 });
      return b.data[0]; // uniform factor: every value equal
    });
    expect(new Set(means).size).toBeGreaterThan(1);
    expect(() => checkAugmentOptions({ rotate90: true, flip: true, noiseStd: -1, brightnessStd: 0 })).toThrow(/noiseStd/);
  });
});
