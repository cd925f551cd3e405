// What every saved model kind offers the CLI and the server: classify products, and say why.

import type { DenseMatrix } from '../core/dense-matrix.js';
import type { Classifier, FitOptions, JsonObject, Labels } from '../core/estimator.js';
import type { ProductText } from '../data/product.js';
import type { Explanation } from './explanation.js';

export type { Explanation, TermContribution } from './explanation.js';

/** A product to classify: its text, and optionally its photo (a file path or the encoded bytes). */
export interface ProductInput extends ProductText {
  image?: string | Uint8Array | null;
}

/** A classifier over products; models that can explain a prediction implement `explain`. */
export interface ProductModel extends Classifier<ProductInput[]> {
  explain?(input: ProductInput, code: number, topTerms?: number): Explanation | Promise<Explanation>;
  /**
   * One product's probabilities and the explanation of its most likely class in one pass, for models that would
   * otherwise compute the same features twice (the server's per-request path; see `classifyOne`).
   */
  predictExplained?(input: ProductInput, topTerms?: number): Promise<{ proba: DenseMatrix; explanation: Explanation }>;
  /** Which inputs the model reads. */
  readonly modalities?: readonly ('text' | 'image')[];
  /** For models made of parts (text alone, image alone, fusion...): each part's probabilities, to score side by side. */
  componentProba?(x: ProductInput[]): Promise<Record<string, DenseMatrix>>;
  /** What training learnt besides the weights (training curves, fusion weights), for the model card. */
  trainingReport?(): JsonObject;
  /**
   * Fits on every row and returns each row of `folds` scored by a fit that did not see it, sharing the work the fits
   * have in common (text features, which read no labels, computed once over every row). Present only on models that
   * can (see `canFitOutOfFold`); the caller falls back to one fit per fold otherwise.
   */
  fitOutOfFold?(x: ProductInput[], y: Labels, folds: readonly Int32Array[], options?: FitOptions): Promise<DenseMatrix>;
  /** Whether `fitOutOfFold` may be called on this model (its steps allow sharing). */
  readonly canFitOutOfFold?: boolean;
  /** Loads what prediction needs (CLIP towers) now rather than on the first request. */
  ready?(): Promise<void>;
}
