// The fusion head's input: L2-normalised text and image embeddings side by side, zeros for a missing modality.

import type { ProductEmbeddings } from './embeddings.js';

/** What to put in one row: which image view (0: the photo, k: augmented view k) and which modalities to hide. */
export interface RowRecipe {
  view?: number;
  hideText?: boolean;
  hideImage?: boolean;
}

/**
 * Writes product i's input into out[offset .. offset + textDim + imageDim): text / |text| then image / |image|
 * (CLIP compares embeddings by cosine, so their scale carries nothing), each zero when missing or hidden.
 */
export function writeFusionRow(e: ProductEmbeddings, i: number, out: Float32Array, offset: number, recipe: RowRecipe = {}): void {
  const { textDim: t, imageDim: d } = e;
  const text = e.hasText[i] && !recipe.hideText ? e.text.subarray(i * t, (i + 1) * t) : null;
  const view = recipe.view ?? 0;
  const imageSource = view === 0 ? e.image : e.views[view - 1];
  const image = e.hasImage[i] && !recipe.hideImage ? imageSource.subarray(i * d, (i + 1) * d) : null;
  writeNormalized(text, out, offset, t);
  writeNormalized(image, out, offset + t, d);
}

/** All products' inputs, n x (textDim + imageDim), photos only and nothing hidden. */
export function fusionMatrix(e: ProductEmbeddings): Float32Array {
  const width = e.textDim + e.imageDim;
  const out = new Float32Array(e.n * width);
  for (let i = 0; i < e.n; i++) writeFusionRow(e, i, out, i * width);
  return out;
}

function writeNormalized(v: Float32Array | null, out: Float32Array, offset: number, dim: number): void {
  if (v === null) {
    out.fill(0, offset, offset + dim);
    return;
  }
  let sq = 0;
  for (let j = 0; j < dim; j++) sq += v[j] * v[j];
  const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (let j = 0; j < dim; j++) out[offset + j] = v[j] * inv;
}
