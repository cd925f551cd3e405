// The similar-products API's request and answer types, shared with the web page.

import type { SimilarProductView } from '../models/similar/similar-view.js';

/** Which vectors rank the neighbours: the text's, the photo's, or a weighted sum of both similarities. */
export type SimilarBy = 'text' | 'image' | 'both';

/** POST /api/similar: a new product's text. */
export interface SimilarRequest {
  title: string;
  description?: string;
  k?: number;
  by?: SimilarBy;
  /** Weight of the text similarity with `both` (the photo's is 1 - weight). */
  weight?: number;
  /** Only products filed under this category (its id or name in the model's taxonomy). */
  category?: string;
}

/** A neighbour: id, title, category id and name (null when not filed yet), cosine similarity, photo. */
export type SimilarProduct = SimilarProductView;

export interface SimilarResponse {
  neighbours: SimilarProduct[];
  /** Products in the catalog index. */
  indexed: number;
}

/** A group of catalog offers that are one product. */
export interface DuplicateGroupView {
  products: Omit<SimilarProduct, 'similarity'>[];
  /** True when its offers are filed under different categories (one of them is likely misfiled). */
  conflicting: boolean;
}

export interface DuplicatesResponse {
  groups: DuplicateGroupView[];
  /** Offers compared (the catalog index's products). */
  offers: number;
}
