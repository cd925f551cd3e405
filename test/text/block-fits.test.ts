import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { blockThreads, fitBlocks } from '../../src/text/block-fits.js';
import { ProductTextVectorizer } from '../../src/text/product-text-vectorizer.js';

const products = generateDemoProducts({ seed: 5, perClass: 6 }).products;

describe('text blocks fitted side by side', () => {
  it('gives the same features, vocabulary and saved state on two threads as on one', async () => {
    const one = new ProductTextVectorizer({ nJobs: 1 });
    const two = new ProductTextVectorizer({ nJobs: 2 });
    const x1 = await one.fitTransform(products);
    const x2 = await two.fitTransform(products);
    expect(x2.nCols).toBe(x1.nCols);
    expect(Array.from(x2.indptr)).toEqual(Array.from(x1.indptr));
    expect(Array.from(x2.indices)).toEqual(Array.from(x1.indices));
    expect(Array.from(x2.data)).toEqual(Array.from(x1.data));
    expect(two.featureNames()).toEqual(one.featureNames());
    // What a worker fitted transforms new products as the same block fitted here.
    const fresh = products.slice(0, 5).map((p) => ({ ...p, designation: `${p.designation} nouveau` }));
    expect(Array.from(two.transform(fresh).data)).toEqual(Array.from(one.transform(fresh).data));
    const s1 = one.getState();
    const s2 = two.getState();
    expect(JSON.stringify(s2.children)).toBe(JSON.stringify(s1.children));
    // fit alone (no matrices) fits the same vocabulary.
    const fitted = await new ProductTextVectorizer({ nJobs: 2 }).fit(products);
    expect(fitted.featureNames()).toEqual(one.featureNames());
  });

  it("reports a worker's error with its code, and uses one thread for short texts unless told otherwise", async () => {
    const docs = ['aa bb', 'cc dd', 'ee ff'];
    // No term is in two documents: minDf 2 leaves nothing, on whichever thread fits it.
    const error = await fitBlocks([{ params: { ngramRange: [1, 1] }, docs }, { params: { minDf: 2 }, docs }], true, 2).catch((e: unknown) => e);
    expect(isProdclassError(error, 'INVALID_INPUT')).toBe(true);
    const fits = [{ params: {}, docs }, { params: { analyzer: 'char' as const }, docs }];
    expect(blockThreads(fits, -1)).toBe(1);
    expect(blockThreads(fits, 2)).toBe(2);
    expect(blockThreads(fits, 8)).toBe(2);
  });
});
