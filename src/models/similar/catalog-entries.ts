// The products of a loaded catalog as similarity-index entries: labelled ones with their category, unlabelled ones not filed yet.

import type { Catalog } from '../../data/catalog.js';
import type { CatalogEntry } from './similar-index.js';

/** Every labelled and unlabelled product of `catalog`, with its photo path where the catalog has one. */
export function catalogEntries(catalog: Pick<Catalog, 'train' | 'unlabelled' | 'images'>): CatalogEntry[] {
  const photo = (p: CatalogEntry['product']) => catalog.images.pathOf(p, 'train');
  return [
    ...catalog.train.products.map((product, i) => ({ product, category: catalog.train.labels[i], image: photo(product) })),
    ...catalog.unlabelled.map((product) => ({ product, category: null, image: photo(product) })),
  ];
}
