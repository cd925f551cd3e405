// The JSON shapes of the HTTP API: shared by the server, its tests and the web page.

import type { Category } from '../data/taxonomy.js';
import type { Explanation } from '../models/product-model.js';
import type { RankedPrediction } from '../models/top-predictions.js';

export interface ErrorResponse {
  /** Stable error code (see ERROR_CODES), or Fastify's for transport errors. */
  error: string;
  message: string;
}

export interface ModelRef {
  id: string;
  kind: string;
  demo: boolean;
}

export interface PredictResponse {
  predictions: RankedPrediction[];
  model: ModelRef;
  modalities: ('text' | 'image')[];
  explanation: Explanation | null;
  latencyMs: number;
}

export interface HealthResponse {
  status: 'ok';
  model: string;
  kind: string;
  demo: boolean;
}

export interface CategoriesResponse {
  categories: readonly Category[];
}
