// How a vision model wants its pixels: target size, crop, rescale and per-channel normalisation.

import { ProdclassError } from '../core/errors.js';
import type { RgbImage } from './rgb-image.js';

/**
 * The preprocessing of Hugging Face's CLIPImageProcessor, as read from a model's preprocessor_config.json:
 * resize so the shorter edge is `shortestEdge` (bicubic), crop the centre `cropHeight` x `cropWidth`,
 * multiply by `rescaleFactor` (1/255) and normalise each channel c to (v - mean[c]) / std[c].
 */
export interface ImagePreprocessing {
  shortestEdge: number;
  cropHeight: number;
  cropWidth: number;
  rescaleFactor: number;
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/** openai/clip-vit-base-patch32's values. */
export const CLIP_PREPROCESSING: ImagePreprocessing = Object.freeze({
  shortestEdge: 224,
  cropHeight: 224,
  cropWidth: 224,
  rescaleFactor: 1 / 255,
  mean: [0.48145466, 0.4578275, 0.40821073] as const,
  std: [0.26862954, 0.26130258, 0.27577711] as const,
});

/**
 * Reads the fields of a preprocessor_config.json, in both the old (`size: 224`, `crop_size: 224`) and the
 * new (`size: { shortest_edge }`, `crop_size: { height, width }`) forms.
 * @throws ProdclassError MODEL_CORRUPT when a field has an unusable value (the message names it).
 */
export function preprocessingFromConfig(config: Record<string, unknown>, source = 'preprocessor_config.json'): ImagePreprocessing {
  const bad = (field: string): never => {
    throw new ProdclassError('MODEL_CORRUPT', `${source}: field "${field}" is missing or invalid (${JSON.stringify(config[field])})`);
  };
  const size = config.size ?? config.image_size;
  const shortestEdge =
    typeof size === 'number' ? size : typeof size === 'object' && size !== null ? ((size as Record<string, unknown>).shortest_edge ?? (size as Record<string, unknown>).height) : undefined;
  if (typeof shortestEdge !== 'number' || !(shortestEdge > 0)) bad('size');
  const crop = config.crop_size ?? shortestEdge;
  const cropHeight = typeof crop === 'number' ? crop : (crop as Record<string, unknown> | null)?.height;
  const cropWidth = typeof crop === 'number' ? crop : (crop as Record<string, unknown> | null)?.width;
  if (typeof cropHeight !== 'number' || typeof cropWidth !== 'number' || !(cropHeight > 0) || !(cropWidth > 0)) bad('crop_size');
  const triple = (field: string, fallback: readonly number[]): [number, number, number] => {
    const v = config[field] ?? fallback;
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) return bad(field);
    return [v[0], v[1], v[2]];
  };
  const normalize = config.do_normalize !== false;
  const std = normalize ? triple('image_std', CLIP_PREPROCESSING.std) : ([1, 1, 1] as [number, number, number]);
  if (std.some((s) => s <= 0)) bad('image_std');
  const rescale = config.do_rescale === false ? 1 : (config.rescale_factor ?? 1 / 255);
  if (typeof rescale !== 'number' || !(rescale > 0)) bad('rescale_factor');
  return {
    shortestEdge: shortestEdge as number,
    cropHeight: cropHeight as number,
    cropWidth: cropWidth as number,
    rescaleFactor: rescale as number,
    mean: normalize ? triple('image_mean', CLIP_PREPROCESSING.mean) : [0, 0, 0],
    std,
  };
}

/**
 * Packs images (each already cropHeight x cropWidth) into one batch of pixel values, N x 3 x H x W
 * (channels first, as ONNX vision models take them), v = (byte * rescaleFactor - mean[c]) / std[c].
 * @throws ProdclassError INVALID_INPUT when an image has another size.
 */
export function toPixelValues(images: readonly RgbImage[], prep: ImagePreprocessing): Float32Array {
  const { cropHeight: h, cropWidth: w } = prep;
  const plane = h * w;
  const out = new Float32Array(images.length * 3 * plane);
  // Lookup table per channel: 256 possible bytes -> normalised value.
  const lut = [0, 1, 2].map((c) => Float32Array.from({ length: 256 }, (_, b) => (b * prep.rescaleFactor - prep.mean[c]) / prep.std[c]));
  images.forEach((image, n) => {
    if (image.width !== w || image.height !== h) {
      throw new ProdclassError('INVALID_INPUT', `image ${n} is ${image.width}x${image.height}, the model takes ${w}x${h}`);
    }
    const base = n * 3 * plane;
    const src = image.data;
    for (let p = 0; p < plane; p++) {
      out[base + p] = lut[0][src[p * 3]];
      out[base + plane + p] = lut[1][src[p * 3 + 1]];
      out[base + 2 * plane + p] = lut[2][src[p * 3 + 2]];
    }
  });
  return out;
}
