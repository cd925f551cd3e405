// Seeded image augmentation as in the original study: random 90-degree rotations, flips, Gaussian and brightness noise.

import { ProdclassError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { RgbImage } from './rgb-image.js';

export interface AugmentOptions {
  /** Rotate by k x 90 degrees, k uniform in 0..3. */
  rotate90: boolean;
  /** Mirror left-right with probability 1/2 (with the rotations: all 8 symmetries of the square). */
  flip: boolean;
  /** Standard deviation of the additive Gaussian noise per channel value, as a fraction of 255. */
  noiseStd: number;
  /** Standard deviation of the multiplicative brightness factor, drawn once per image around 1. */
  brightnessStd: number;
}

export const AUGMENT_DEFAULTS: Readonly<AugmentOptions> = Object.freeze({ rotate90: true, flip: true, noiseStd: 0.03, brightnessStd: 0.15 });

/** @throws ProdclassError INVALID_PARAM for a negative or non-finite noise level. */
export function checkAugmentOptions(options: AugmentOptions): void {
  for (const field of ['noiseStd', 'brightnessStd'] as const) {
    const v = options[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new ProdclassError('INVALID_PARAM', `augmentation: "${field}" must be a number between 0 and 1, got ${JSON.stringify(v)}`);
    }
  }
}

/** A stable text naming the options, so cached augmented views are keyed by how they were made. */
export function augmentFingerprint(options: AugmentOptions): string {
  return `rot${options.rotate90 ? 1 : 0}-flip${options.flip ? 1 : 0}-n${options.noiseStd}-b${options.brightnessStd}`;
}

/**
 * One augmented view of `image`, fully determined by `seed`: the geometric transform first (rotation by
 * k x 90 degrees clockwise, then an optional left-right mirror), then every value v becomes
 * clamp(round(v * f + 255 * noiseStd * z)) with f = max(0, 1 + brightnessStd * z0) drawn once per image and
 * z drawn per value (standard normals).
 */
export function augmentImage(image: RgbImage, seed: number, options: AugmentOptions = AUGMENT_DEFAULTS): RgbImage {
  const rng = new Rng(seed);
  const turns = options.rotate90 ? rng.int(4) : 0;
  const mirror = options.flip ? rng.next() < 0.5 : false;
  const brightness = options.brightnessStd > 0 ? Math.max(0, 1 + options.brightnessStd * rng.normal()) : 1;
  let out = turns === 0 ? image : rotate90(image, turns);
  if (mirror) out = mirrorLeftRight(out);
  if (brightness === 1 && options.noiseStd === 0) return out === image ? { ...image, data: image.data.slice() } : out;
  const data = out === image ? new Uint8Array(image.data.length) : out.data;
  const src = out.data;
  const sigma = 255 * options.noiseStd;
  for (let i = 0; i < src.length; i++) {
    const v = src[i] * brightness + (sigma > 0 ? sigma * rng.normal() : 0);
    data[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
  return { width: out.width, height: out.height, data };
}

/** Rotates clockwise by `turns` x 90 degrees. */
export function rotate90(image: RgbImage, turns: number): RgbImage {
  const k = ((turns % 4) + 4) % 4;
  const { width: w, height: h, data } = image;
  if (k === 0) return { width: w, height: h, data: data.slice() };
  const ow = k === 2 ? w : h;
  const oh = k === 2 ? h : w;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Clockwise 90: (x, y) -> (h - 1 - y, x); 180: (w - 1 - x, h - 1 - y); 270: (y, w - 1 - x).
      const nx = k === 1 ? h - 1 - y : k === 2 ? w - 1 - x : y;
      const ny = k === 1 ? x : k === 2 ? h - 1 - y : w - 1 - x;
      const s = (y * w + x) * 3;
      const d = (ny * ow + nx) * 3;
      out[d] = data[s];
      out[d + 1] = data[s + 1];
      out[d + 2] = data[s + 2];
    }
  }
  return { width: ow, height: oh, data: out };
}

/** Mirrors left-right. */
export function mirrorLeftRight(image: RgbImage): RgbImage {
  const { width: w, height: h, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * 3;
      const d = (y * w + (w - 1 - x)) * 3;
      out[d] = data[s];
      out[d + 1] = data[s + 1];
      out[d + 2] = data[s + 2];
    }
  }
  return { width: w, height: h, data: out };
}
