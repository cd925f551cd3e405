// CLIP embeddings of a list of products: text and image rows, which of them exist, and augmented image views.

import { ProdclassError } from '../../core/errors.js';

/**
 * Row i of `text` (n x textDim) and `image` (n x imageDim) hold product i's embeddings, valid only where
 * `hasText[i]` / `hasImage[i]` is 1 (rows without are zeros). `views[k]` holds the k-th augmented view of each
 * image (training only; empty otherwise).
 */
export interface ProductEmbeddings {
  n: number;
  textDim: number;
  imageDim: number;
  text: Float32Array;
  image: Float32Array;
  hasText: Uint8Array;
  hasImage: Uint8Array;
  views: Float32Array[];
}

/** Zero-filled embeddings for n products. */
export function emptyEmbeddings(n: number, textDim: number, imageDim: number, nViews = 0): ProductEmbeddings {
  return {
    n,
    textDim,
    imageDim,
    text: new Float32Array(n * textDim),
    image: new Float32Array(n * imageDim),
    hasText: new Uint8Array(n),
    hasImage: new Uint8Array(n),
    views: Array.from({ length: nViews }, () => new Float32Array(n * imageDim)),
  };
}

/** The given rows, in order (views included). */
export function selectEmbeddings(e: ProductEmbeddings, rows: ArrayLike<number>): ProductEmbeddings {
  const out = emptyEmbeddings(rows.length, e.textDim, e.imageDim, e.views.length);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    out.text.set(e.text.subarray(i * e.textDim, (i + 1) * e.textDim), r * e.textDim);
    out.image.set(e.image.subarray(i * e.imageDim, (i + 1) * e.imageDim), r * e.imageDim);
    out.hasText[r] = e.hasText[i];
    out.hasImage[r] = e.hasImage[i];
    e.views.forEach((v, k) => out.views[k].set(v.subarray(i * e.imageDim, (i + 1) * e.imageDim), r * e.imageDim));
  }
  return out;
}

/** A copy with the text or the image of every product hidden (to score one modality alone). */
export function maskModality(e: ProductEmbeddings, hide: 'text' | 'image'): ProductEmbeddings {
  return {
    ...e,
    hasText: hide === 'text' ? new Uint8Array(e.n) : e.hasText,
    hasImage: hide === 'image' ? new Uint8Array(e.n) : e.hasImage,
  };
}

/**
 * Checks that the arrays agree with n and the dimensions.
 * @throws ProdclassError INVALID_INPUT naming the array that disagrees.
 */
export function checkEmbeddings(e: ProductEmbeddings): void {
  const expect = (name: string, got: number, want: number) => {
    if (got !== want) throw new ProdclassError('INVALID_INPUT', `embeddings: ${name} has ${got} values, expected ${want}`);
  };
  expect('text', e.text.length, e.n * e.textDim);
  expect('image', e.image.length, e.n * e.imageDim);
  expect('hasText', e.hasText.length, e.n);
  expect('hasImage', e.hasImage.length, e.n);
  e.views.forEach((v, k) => expect(`views[${k}]`, v.length, e.n * e.imageDim));
}
