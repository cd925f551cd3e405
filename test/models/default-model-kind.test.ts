import { describe, expect, it } from 'vitest';
import { STACKING_MAX_CLASSES } from '../../src/models/compose/stacking.js';
import { modelKind } from '../../src/models/model-kinds.js';
import '../../src/models/registrations.js';
import { defaultModelKind, STACKING_MIN_DESCRIBED } from '../../src/models/text-model-kinds.js';
import type { LabelledProducts } from '../../src/data/product.js';

/** `n` products over `nCategories` categories, the first `described` of them with a description. */
function catalog(n: number, nCategories: number, described: number): LabelledProducts {
  return {
    products: Array.from({ length: n }, (_, i) => ({ index: i, productid: String(i), imageid: '', designation: `product ${i}`, description: i < described ? `about product ${i}` : '' })),
    labels: Int32Array.from({ length: n }, (_, i) => i % nCategories),
  };
}

describe('defaultModelKind', () => {
  it('stacks up to the categories a stack takes, and falls back to the single SVM beyond', () => {
    expect(defaultModelKind(catalog(200, 2, 200))).toBe('text-ensemble');
    expect(defaultModelKind(catalog(200, 27, 200))).toBe('text-ensemble');
    expect(defaultModelKind(catalog(200, STACKING_MAX_CLASSES, 200))).toBe('text-ensemble');
    expect(defaultModelKind(catalog(202, STACKING_MAX_CLASSES + 1, 202))).toBe('text-linear');
    expect(defaultModelKind(catalog(6_000, 5_595, 6_000))).toBe('text-linear');
  });

  it('fits the single SVM on a catalog of titles alone, and stacks once enough products carry a description', () => {
    const n = 400;
    expect(defaultModelKind(catalog(n, 27, 0))).toBe('text-linear');
    expect(defaultModelKind(catalog(n, 27, STACKING_MIN_DESCRIBED * n - 1))).toBe('text-linear');
    expect(defaultModelKind(catalog(n, 27, STACKING_MIN_DESCRIBED * n))).toBe('text-ensemble');
    const blank = catalog(n, 27, n);
    for (const p of blank.products) p.description = '  \n ';
    expect(defaultModelKind(blank)).toBe('text-linear');
  });

  it('names text kinds', () => {
    for (const c of [catalog(100, 27, 100), catalog(100, 27, 0), catalog(6_000, 5_595, 0)]) expect(modelKind(defaultModelKind(c)).modalities).toEqual(['text']);
  });
});
