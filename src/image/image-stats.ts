// File and pixel statistics of one product photo (size, format, brightness, white background), for the dataset analysis.

import { readFile } from 'node:fs/promises';
import type SharpModule from 'sharp';
import { ProdclassError } from '../core/errors.js';

let library: Promise<typeof SharpModule> | undefined;

/** sharp, imported on first use (an analysis without images never loads libvips). */
function sharp(): Promise<typeof SharpModule> {
  library ??= import('sharp').then((m) => m.default);
  return library;
}

/** Side of the square thumbnail the pixel statistics are computed on (JPEG shrink-on-load makes it cheap). */
const THUMBNAIL = 64;
/** A channel value at or above this is "white" for the border test. */
const NEAR_WHITE = 240;
/** Images larger than this many pixels are refused rather than decoded (decompression bombs). */
const MAX_INPUT_PIXELS = 64_000_000;

/** What one image looks like. */
export interface ImageStats {
  /** Pixels, as displayed (after EXIF orientation). */
  width: number;
  height: number;
  /** Encoded format as sharp names it (jpeg, png, webp, gif, ...). */
  format: string;
  /** File size in bytes. */
  bytes: number;
  /** Mean Rec. 709 luma of the image flattened on white, from 0 (black) to 1 (white). */
  brightness: number;
  /** Share of the outer ring of pixels (of a 64×64 thumbnail) whose channels are all near white: 1 for a product cut out on a white background. */
  whiteBorder: number;
}

/**
 * Reads and decodes one image. Decoding is strict (a truncated JPEG fails), so callers can count corrupt files.
 * Pixel statistics are computed on a 64×64 thumbnail (stretched to fill), which keeps a 500×500 JPEG at about
 * 4 ms.
 * @throws ProdclassError DATA_NOT_FOUND when the file cannot be read; IMAGE_INVALID when it cannot be decoded.
 */
export async function imageStats(source: string | Uint8Array): Promise<ImageStats> {
  const where = typeof source === 'string' ? source : `image bytes (${source.length})`;
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    try {
      bytes = await readFile(source);
    } catch (cause) {
      throw new ProdclassError('DATA_NOT_FOUND', `cannot read the image ${source}: ${(cause as Error).message}`, { cause });
    }
  } else {
    bytes = source;
  }
  if (bytes.length === 0) throw new ProdclassError('IMAGE_INVALID', `${where} is empty`);
  try {
    const lib = await sharp();
    const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const };
    const meta = await lib(bytes, options).metadata();
    const { data, info } = await lib(bytes, options)
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize(THUMBNAIL, THUMBNAIL, { fit: 'fill' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const oriented = meta.autoOrient ?? { width: meta.width, height: meta.height };
    return {
      width: oriented.width ?? 0,
      height: oriented.height ?? 0,
      format: meta.format ?? 'unknown',
      bytes: bytes.length,
      ...pixelStats(data, info.width, info.height, info.channels),
    };
  } catch (cause) {
    throw new ProdclassError('IMAGE_INVALID', `${where} cannot be decoded as an image: ${(cause as Error).message}`, { cause });
  }
}

/** Brightness and white-border share of interleaved 8-bit pixels (1 channel: grey; 3 or more: RGB first). */
export function pixelStats(data: Uint8Array, width: number, height: number, channels: number): { brightness: number; whiteBorder: number } {
  let luma = 0;
  let border = 0;
  let white = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      const r = data[o];
      const g = channels >= 3 ? data[o + 1] : r;
      const b = channels >= 3 ? data[o + 2] : r;
      luma += 2126 * r + 7152 * g + 722 * b; // Rec. 709 weights × 10,000, summed exactly in integers
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) {
        border++;
        if (r >= NEAR_WHITE && g >= NEAR_WHITE && b >= NEAR_WHITE) white++;
      }
    }
  }
  const pixels = width * height;
  return { brightness: pixels > 0 ? luma / (255 * 10_000 * pixels) : 0, whiteBorder: border > 0 ? white / border : 0 };
}
