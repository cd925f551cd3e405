// A few products of each category drawn at random (seeded): sample titles, and sample products with a photo for an image grid.

import { Rng } from '../core/rng.js';
import type { Product } from '../data/product.js';
import type { CategorySamples, SampleProduct } from './dataset-analysis-types.js';

/**
 * Reservoir-samples `perCategory` products of each category, and as many among those with a photo.
 * @param images image path of each product, or null (copied as given into `image`)
 * @param codes the categories to report, in order
 */
export function categorySamples(
  products: readonly Product[],
  labels: ArrayLike<number>,
  images: readonly (string | null)[],
  codes: readonly number[],
  perCategory: number,
  seed: number,
): CategorySamples[] {
  const rng = new Rng(seed);
  const titles = new Map<number, Reservoir>(codes.map((code) => [code, new Reservoir(perCategory)]));
  const withImage = new Map<number, Reservoir>(codes.map((code) => [code, new Reservoir(perCategory)]));
  for (let i = 0; i < products.length; i++) {
    titles.get(labels[i])?.offer(i, rng);
    if (images[i] !== null) withImage.get(labels[i])?.offer(i, rng);
  }
  const sample = (positions: number[]): SampleProduct[] =>
    positions.sort((a, b) => a - b).map((i) => ({ index: products[i].index, designation: products[i].designation, image: images[i] }));
  return codes.map((code) => ({ code, titles: sample(titles.get(code)!.items), images: sample(withImage.get(code)!.items) }));
}

/** Algorithm R: after n offers, each offered item is kept with probability size / n. */
class Reservoir {
  readonly items: number[] = [];
  private seen = 0;

  constructor(private readonly size: number) {}

  offer(item: number, rng: Rng): void {
    this.seen++;
    if (this.items.length < this.size) this.items.push(item);
    else {
      const j = rng.int(this.seen);
      if (j < this.size) this.items[j] = item;
    }
  }
}
