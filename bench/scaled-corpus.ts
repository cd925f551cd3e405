// Builds an N-product corpus from a sample by resampling rows, altering some words of each copy so the vocabulary keeps growing as it would with real new products.

import { Rng } from '../src/core/rng.js';
import type { LabelledProducts, Product } from '../src/data/product.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function perturb(text: string, rng: Rng, rate: number): string {
  return text.replace(/[A-Za-zÀ-ÿ]{4,}/g, (word) => {
    if (rng.next() >= rate) return word;
    const at = rng.int(word.length);
    return word.slice(0, at) + LETTERS[rng.int(LETTERS.length)] + word.slice(at + 1);
  });
}

/** `n` products drawn with replacement from `sample` (seeded); copies after the first have ~1 word in 12 altered. */
export function scaledCorpus(sample: LabelledProducts, n: number, seed: number): LabelledProducts {
  const rng = new Rng(seed);
  const products: Product[] = [];
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i < sample.products.length ? i : rng.int(sample.products.length);
    const source = sample.products[j];
    const copy = i >= sample.products.length;
    products.push({
      ...source,
      index: i,
      designation: copy ? perturb(source.designation, rng, 1 / 12) : source.designation,
      description: copy ? perturb(source.description, rng, 1 / 12) : source.description,
    });
    labels[i] = sample.labels[j];
  }
  return { products, labels };
}
