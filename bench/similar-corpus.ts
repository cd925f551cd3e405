// An N-product catalog resampled from a sample for the similarity benchmark: copies reworded enough (words dropped, misspelt, borrowed from another product of their category) that they are not near-identical.

import { Rng } from '../src/core/rng.js';
import type { LabelledProducts, Product } from '../src/data/product.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const WORD = /[A-Za-zÀ-ÿ0-9]+/g;

/** Drops a quarter of the words, misspells a fifth of the rest and appends three words of `donor`. */
export function reword(text: string, donor: string, rng: Rng): string {
  const words = text.match(WORD) ?? [];
  const kept = words.filter(() => rng.next() >= 0.25).map((w) => {
    if (w.length < 4 || rng.next() >= 0.2) return w;
    const at = rng.int(w.length);
    return w.slice(0, at) + LETTERS[rng.int(LETTERS.length)] + w.slice(at + 1);
  });
  const borrowed = donor.match(WORD) ?? [];
  for (let i = 0; i < 3 && borrowed.length; i++) kept.push(borrowed[rng.int(borrowed.length)]);
  return kept.join(' ');
}

/** `n` products drawn with replacement from `sample` (seeded); the first copy of each row is the row itself. */
export function similarCorpus(sample: LabelledProducts, n: number, seed: number): LabelledProducts {
  const rng = new Rng(seed);
  const byLabel = new Map<number, number[]>();
  sample.labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  const products: Product[] = [];
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i < sample.products.length ? i : rng.int(sample.products.length);
    const source = sample.products[j];
    labels[i] = sample.labels[j];
    if (i < sample.products.length) {
      products.push({ ...source, index: i });
      continue;
    }
    const peers = byLabel.get(labels[i])!;
    const donor = sample.products[peers[rng.int(peers.length)]];
    products.push({
      ...source,
      index: i,
      designation: reword(source.designation, donor.designation, rng),
      // Descriptions are long: a reworded first 300 characters keeps the corpus realistic and the run affordable.
      description: source.description ? reword(source.description.slice(0, 300), donor.designation, rng) : '',
    });
  }
  return { products, labels };
}
