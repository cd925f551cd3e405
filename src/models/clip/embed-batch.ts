// One batch through a CLIP tower: texts, or images decoded, optionally augmented and normalised; the same code in workers and in-process.

import { augmentImage, type AugmentOptions } from '../../image/augment.js';
import { decodeImage } from '../../image/decode-image.js';
import { toPixelValues } from '../../image/image-preprocessing.js';
import type { RgbImage } from '../../image/rgb-image.js';
import type { ClipEncoder } from './encoder.js';

/** One image to embed: its encoded bytes and the views wanted (null: the photo as it is; a number: the seed of an augmented view). */
export interface ImageItem {
  bytes: Uint8Array;
  views: (number | null)[];
  /** How error messages name the image (its path). */
  label?: string;
}

export interface ImageBatchResult {
  /** One row per (item, view) in order, imageDim values each; rows of failed items are zeros. */
  vectors: Float32Array;
  /** Per item: null, or why it could not be decoded. */
  errors: (string | null)[];
}

/** Texts -> texts.length x textDim embeddings. */
export function embedTextBatch(encoder: ClipEncoder, texts: readonly string[]): Promise<Float32Array> {
  return encoder.encodeTexts(texts);
}

/**
 * Decodes each item once, makes its views (augmentation runs on the cropped RGB pixels, so every view has the
 * model's input size) and embeds all views in one run of the vision tower. An item that cannot be decoded gets
 * an error and zero rows; it never fails the batch.
 */
export async function embedImageBatch(encoder: ClipEncoder, items: readonly ImageItem[], augment: AugmentOptions): Promise<ImageBatchResult> {
  const errors: (string | null)[] = [];
  const views: RgbImage[] = [];
  const rowOf: number[] = [];
  let row = 0;
  for (const item of items) {
    try {
      const image = await decodeImage(item.bytes, encoder.preprocessing, item.label);
      for (const seed of item.views) {
        views.push(seed === null ? image : augmentImage(image, seed, augment));
        rowOf.push(row++);
      }
      errors.push(null);
    } catch (error) {
      errors.push((error as Error).message);
      row += item.views.length;
    }
  }
  const dim = encoder.imageDim;
  const vectors = new Float32Array(row * dim);
  if (views.length > 0) {
    const embedded = await encoder.encodePixels(toPixelValues(views, encoder.preprocessing), views.length);
    rowOf.forEach((r, v) => vectors.set(embedded.subarray(v * dim, (v + 1) * dim), r * dim));
  }
  return { vectors, errors };
}
