// Decodes a product photo (JPEG, PNG, WebP, ...) with sharp and brings it to a model's input size: the one path for training and serving.

import { readFile } from 'node:fs/promises';
import type SharpModule from 'sharp';
import { ProdclassError } from '../core/errors.js';
import type { ImagePreprocessing } from './image-preprocessing.js';
import type { RgbImage } from './rgb-image.js';

let library: Promise<typeof SharpModule> | undefined;

/** sharp, imported on first use (a text-only command never loads libvips). */
function sharp(): Promise<typeof SharpModule> {
  library ??= import('sharp').then((m) => m.default);
  return library;
}

/** A photo as a file path or as its encoded bytes (an upload). */
export type ImageSource = string | Uint8Array;

/** Images larger than this many pixels are refused rather than decoded (decompression bombs). */
const MAX_INPUT_PIXELS = 64_000_000;

/**
 * Reads a photo's encoded bytes.
 * @throws ProdclassError DATA_NOT_FOUND when the file is missing or unreadable.
 */
export async function readImageBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new ProdclassError('DATA_NOT_FOUND', `cannot read the image ${path}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Decodes `source` and returns the RGB crop a vision model reads, as Hugging Face's CLIPImageProcessor makes it:
 * EXIF orientation applied, converted to RGB (alpha dropped, grey expanded), resized with a bicubic kernel so
 * that it covers cropWidth x cropHeight (the shorter edge scaled to fit), and the centre cropped. (The
 * processor resizes the shorter edge to `shortestEdge` first; for CLIP shortestEdge equals the crop, so both
 * give the same crop up to rounding.)
 * `label` names the image in error messages (default: the path, or "uploaded image").
 * @throws ProdclassError DATA_NOT_FOUND for a missing file; IMAGE_INVALID when the bytes are not a decodable image.
 */
export async function decodeImage(source: ImageSource, prep: ImagePreprocessing, label?: string): Promise<RgbImage> {
  const bytes = typeof source === 'string' ? await readImageBytes(source) : source;
  const where = label ?? (typeof source === 'string' ? source : `uploaded image (${source.length} bytes)`);
  if (bytes.length === 0) throw new ProdclassError('IMAGE_INVALID', `${where} is empty`);
  try {
    const { data, info } = await (await sharp())(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .resize(prep.cropWidth, prep.cropHeight, { fit: 'cover', position: 'centre', kernel: 'cubic' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (cause) {
    throw new ProdclassError('IMAGE_INVALID', `${where} cannot be decoded as an image: ${(cause as Error).message}`, { cause });
  }
}

/** Encodes raw RGB pixels as PNG (tests and fixtures that need real image files). */
export async function encodePng(image: RgbImage): Promise<Buffer> {
  return (await sharp())(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer();
}

/** Encodes raw RGB pixels as JPEG (tests and fixtures). */
export async function encodeJpeg(image: RgbImage, quality = 90): Promise<Buffer> {
  return (await sharp())(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).jpeg({ quality }).toBuffer();
}

/** Encodes raw RGB pixels as WebP (tests and fixtures). */
export async function encodeWebp(image: RgbImage): Promise<Buffer> {
  return (await sharp())(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).webp().toBuffer();
}

/** Limits sharp's own thread pool (worker threads that each decode one image at a time want 1). */
export async function setImageDecodeConcurrency(threads: number): Promise<void> {
  (await sharp()).concurrency(threads);
}
