// The synthetic catalog generator: seeded, every category a label with its minimum count, titles drawn from the right words.

import { describe, expect, it } from 'vitest';
import { sampleCategories, syntheticCatalog, type SyntheticCategory } from '../../src/data/synthetic-catalog.js';

// A small tree: 2 top-level categories, 4 children, 2 grandchildren.
const TREE: SyntheticCategory[] = [
  { key: 1, parent: null, name: 'Home & Garden' },
  { key: 2, parent: null, name: 'Toys' },
  { key: 10, parent: 1, name: 'Kitchen' },
  { key: 11, parent: 1, name: 'Lighting' },
  { key: 20, parent: 2, name: 'Puzzles' },
  { key: 21, parent: 2, name: 'Dolls' },
  { key: 100, parent: 10, name: 'Cookware Pans' },
  { key: 101, parent: 10, name: 'Kitchen Knives' },
];

describe('syntheticCatalog', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = syntheticCatalog(TREE, { nProducts: 300, seed: 4 });
    const b = syntheticCatalog(TREE, { nProducts: 300, seed: 4 });
    const c = syntheticCatalog(TREE, { nProducts: 300, seed: 5 });
    expect(b.products).toEqual(a.products);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(c.products).not.toEqual(a.products);
  });

  it('gives every category, internal ones included, at least minPerCategory products, nProducts in all', () => {
    const { labels } = syntheticCatalog(TREE, { nProducts: 500, seed: 1, minPerCategory: 7 });
    expect(labels.length).toBe(500);
    const counts = new Map<number, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    for (const c of TREE) expect(counts.get(c.key)).toBeGreaterThanOrEqual(7);
    // Zipf-like, 1 / (rank + 10): with 8 categories the largest holds 17/10 of the smallest.
    expect(Math.max(...counts.values())).toBeGreaterThan(1.4 * Math.min(...counts.values()));
  });

  it('writes titles of 3 to 14 words that use their category name words more than other categories do', () => {
    const { products, labels } = syntheticCatalog(TREE, { nProducts: 2000, seed: 2, ambiguous: 0 });
    for (const p of products) {
      const n = p.designation.split(' ').filter((w) => !/^\d+$/.test(w)).length;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(15);
    }
    const share = (label: number, word: string) => {
      const own = products.filter((_, i) => labels[i] === label);
      return own.filter((p) => p.designation.toLowerCase().split(' ').includes(word)).length / own.length;
    };
    // "knives" is a word of Kitchen Knives only; "kitchen" of Kitchen and, as an ancestor's word, of its children.
    expect(share(101, 'knives')).toBeGreaterThan(0.2);
    expect(share(20, 'knives')).toBe(0);
    expect(share(100, 'kitchen')).toBeGreaterThan(share(21, 'kitchen'));
  });
});

describe('sampleCategories', () => {
  it('returns about `size` categories closed under their ancestors', () => {
    const picked = sampleCategories(TREE, 4, 3);
    const keys = new Set(picked.map((c) => c.key));
    expect(picked.length).toBeGreaterThanOrEqual(4);
    for (const c of picked) if (c.parent !== null) expect(keys.has(c.parent)).toBe(true);
    expect(sampleCategories(TREE, 4, 3)).toEqual(picked);
  });
});
