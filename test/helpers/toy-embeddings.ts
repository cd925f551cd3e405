// Toy CLIP embeddings with a known answer: the image always tells the class, the text only for every other product.

import { Rng } from '../../src/core/rng.js';
import { emptyEmbeddings, type ProductEmbeddings } from '../../src/models/clip/embeddings.js';

/** n products of `classes` classes: text says the class for rows with i % 2 = 0 only; the image always does. */
export function toyEmbeddings(n: number, classes: number, dim: number, seed: number): { e: ProductEmbeddings; y: Int32Array } {
  const rng = new Rng(seed);
  const e = emptyEmbeddings(n, dim, dim, 1);
  const y = new Int32Array(n);
  const centres = Array.from({ length: classes }, () => Float32Array.from({ length: dim }, () => rng.normal()));
  const shared = Float32Array.from({ length: dim }, () => rng.normal());
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    y[i] = 100 + c;
    for (let j = 0; j < dim; j++) {
      e.text[i * dim + j] = (i % 2 === 0 ? centres[c][j] : shared[j]) + 0.3 * rng.normal();
      e.image[i * dim + j] = centres[(c + 1) % classes][j] + 0.3 * rng.normal();
      e.views[0][i * dim + j] = e.image[i * dim + j] + 0.1 * rng.normal();
    }
    e.hasText[i] = 1;
    e.hasImage[i] = 1;
  }
  return { e, y };
}
