// Small labelled product sets for tests: separable by vocabulary, generated from a seed.

import { Rng } from '../../src/core/rng.js';
import type { LabelledProducts, Product } from '../../src/data/product.js';

const VOCABULARY: Record<number, string[]> = {
  10: ['roman', 'livre', 'poche', 'auteur', 'édition', 'chapitre'],
  60: ['console', 'manette', 'ps4', 'xbox', 'nintendo', 'go'],
  2583: ['piscine', 'spa', 'pompe', 'filtre', 'bâche', 'intex'],
  1560: ['canapé', 'matelas', 'lit', 'sommier', 'armoire', 'chêne'],
};

/** `perClass` products per code of VOCABULARY, titles of 3-5 class words plus noise words. */
export function syntheticProducts(perClass: number, seed: number): LabelledProducts {
  const rng = new Rng(seed);
  const noise = ['lot', 'neuf', 'noir', 'blanc', 'grand', 'petit', 'promo'];
  const products: Product[] = [];
  const labels: number[] = [];
  let index = 0;
  for (const [code, words] of Object.entries(VOCABULARY)) {
    for (let i = 0; i < perClass; i++) {
      const n = 3 + rng.int(3);
      const title = Array.from({ length: n }, () => (rng.next() < 0.8 ? words[rng.int(words.length)] : noise[rng.int(noise.length)]));
      const description = rng.next() < 0.5 ? `<p>${title.slice().reverse().join(' ')} &eacute;tat neuf</p>` : '';
      products.push({ index, designation: title.join(' '), description, productid: String(1000 + index), imageid: String(5000 + index) });
      labels.push(Number(code));
      index++;
    }
  }
  return { products, labels: Int32Array.from(labels) };
}
