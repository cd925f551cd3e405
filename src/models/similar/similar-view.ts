// Opening a saved similarity index with its taxonomy, and neighbours as users see them (category id and name, not the taxonomy key).

import { join } from 'node:path';
import type { Taxonomy } from '../../taxonomy/index.js';
import { readModelTaxonomy, TAXONOMY_FILE } from '../model-store.js';
import { SIMILAR_INDEX_DIR, SimilarIndex, type SimilarHit } from './similar-index.js';

/** A neighbour as the CLI prints it and the HTTP API returns it. */
export interface SimilarProductView {
  id: string;
  title: string;
  /** The category's id in the taxonomy; null for a product not filed yet. */
  category: string | null;
  categoryName: string | null;
  similarity: number;
  image: string | null;
}

/** An index and the taxonomy its category keys belong to. */
export interface OpenedIndex {
  index: SimilarIndex;
  taxonomy: Taxonomy;
  dir: string;
}

/** Where the index built with the model in `modelDir` lives. */
export function modelIndexDir(modelDir: string): string {
  return join(modelDir, SIMILAR_INDEX_DIR);
}

/**
 * Loads the index in `dir` and its taxonomy (its own `taxonomy.json`, else the model folder's above it).
 * @throws ProdclassError NOT_FOUND when there is no index; MODEL_CORRUPT when it is damaged.
 */
export async function openIndex(dir: string, taxonomy?: Taxonomy): Promise<OpenedIndex> {
  const index = await SimilarIndex.load(dir);
  return { index, taxonomy: taxonomy ?? (await readModelTaxonomy(dir)), dir };
}

/** The taxonomy file to save beside an index on its own. */
export function taxonomyFile(taxonomy: Taxonomy): Record<string, string> {
  return { [TAXONOMY_FILE]: JSON.stringify(taxonomy.toJSON()) };
}

/** Hits with their category's id and name; similarities rounded to 4 decimals. */
export function viewHits(hits: readonly SimilarHit[], taxonomy: Taxonomy): SimilarProductView[] {
  return hits.map((h) => ({
    id: h.id,
    title: h.title,
    category: h.category === null ? null : taxonomy.has(h.category) ? taxonomy.get(h.category).id : String(h.category),
    categoryName: h.category === null ? null : taxonomy.nameOf(h.category),
    similarity: Math.round(h.similarity * 1e4) / 1e4,
    image: h.image,
  }));
}
