// Products to short dense unit vectors for similarity: word TF-IDF of title and text, then LSA (truncated SVD), fitted on a seeded subsample.

import type { EstimatorState } from '../../core/estimator.js';
import { Rng } from '../../core/rng.js';
import type { ProductText } from '../../data/product.js';
import { ProductTextVectorizer, type ProductTextParams } from '../../text/product-text-vectorizer.js';
import { TruncatedSVD } from '../reduce/truncated-svd.js';
import { normalize } from './sparse-projection.js';

export interface TextEmbedderParams {
  /** Vector length. */
  dims: number;
  /** Products the vocabulary and the SVD are fitted on at most (a seeded sample beyond), so building scales. */
  fitRows: number;
  seed: number;
}

/**
 * Chosen by leave-one-out 10-neighbour label agreement on the 4,640-product Rakuten sample (bench/similar.ts):
 * LSA of word TF-IDF 0.549 at 128 dims (0.548 at 256) beside scikit-learn's cosine on TF-IDF 0.527; a sparse random
 * projection of the same TF-IDF reached 0.30 at 256 dims and 0.38 at 512 (the full word+char TF-IDF 0.52 only at 1,024).
 */
export const TEXT_EMBEDDER_DEFAULTS: TextEmbedderParams = { dims: 128, fitRows: 20_000, seed: 42 };

/**
 * Word blocks only: character n-grams (the classifier's best features) blur the words that tell two products
 * apart ("tome 1", "tome 2") and make projected vectors noisy. Terms beyond the most frequent (40,000 of the title,
 * 20,000 of title+description, seen twice) weigh little in the leading SVD components and cost the SVD time
 * (l^2 x features); on the sample the caps move leave-one-out agreement from 0.549 to 0.550 (title minDf 2 as
 * well: 0.531).
 */
export const SIMILAR_TEXT_FEATURES: Partial<ProductTextParams> = {
  blocks: [
    { name: 'title:word', field: 'title', weight: 1, tfidf: { ngramRange: [1, 2], maxFeatures: 40_000, sublinearTf: true } },
    { name: 'text:word', field: 'text', weight: 1, tfidf: { ngramRange: [1, 2], minDf: 2, maxFeatures: 20_000, sublinearTf: true }, stopWords: true },
  ],
  // Two products are not alike for both lacking a description.
  missingDescriptionWeight: 0,
};

/** Fitted text -> vector step of a similarity index. */
export class TextEmbedder {
  private constructor(
    readonly params: TextEmbedderParams,
    private readonly vectorizer: ProductTextVectorizer,
    private readonly svd: TruncatedSVD,
  ) {}

  get dims(): number {
    return this.svd.nComponents;
  }

  /**
   * Fits the vocabulary and the SVD on `products` (a seeded sample of `fitRows` when there are more).
   * @throws ProdclassError DATA_TOO_SMALL when the products have fewer distinct words than `dims`.
   */
  static async fit(products: readonly ProductText[], params: Partial<TextEmbedderParams> = {}): Promise<TextEmbedder> {
    const p = { ...TEXT_EMBEDDER_DEFAULTS, ...params };
    const sample = products.length > p.fitRows ? seededSample(products, p.fitRows, p.seed) : products;
    const vectorizer = new ProductTextVectorizer(SIMILAR_TEXT_FEATURES);
    const x = await vectorizer.fitTransform(sample);
    const dims = Math.min(p.dims, x.nRows - 1, x.nCols - 1);
    const svd = await new TruncatedSVD({ nComponents: Math.max(dims, 1), seed: p.seed }).fit(x);
    return new TextEmbedder({ ...p, dims: svd.nComponents }, vectorizer, svd);
  }

  /** One unit vector per product, row-major (a product without any known word gets zeros). */
  embed(products: readonly ProductText[]): Float32Array {
    const z = this.svd.transform(this.vectorizer.transform(products));
    for (let i = 0; i < z.rows; i++) normalize(z.data, i * z.cols, z.cols);
    return z.data;
  }

  getState(): EstimatorState {
    return {
      kind: 'similar-text-embedder',
      params: { ...this.params },
      fitted: {},
      arrays: {},
      children: { vectorizer: this.vectorizer.getState(), svd: this.svd.getState() },
    };
  }

  static fromState(state: EstimatorState): TextEmbedder {
    return new TextEmbedder(
      state.params as unknown as TextEmbedderParams,
      ProductTextVectorizer.fromState(state.children!.vectorizer),
      TruncatedSVD.fromState(state.children!.svd),
    );
  }
}

function seededSample<T>(items: readonly T[], n: number, seed: number): T[] {
  const order = Int32Array.from(items, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(order.length - i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return Array.from(order.subarray(0, n)).sort((a, b) => a - b).map((i) => items[i]);
}
