// A loaded catalog: labelled products as integer keys of its taxonomy, products to classify, photos, and what was odd.

import type { LabelPathOptions, Taxonomy } from '../taxonomy/index.js';
import type { ImageIndex } from './image-index.js';
import type { LabelledProducts, Product } from './product.js';

/**
 * How a catalog file was read: model cards record it, so that evaluating, retraining or auditing reads new data
 * the same way without the user repeating the flags.
 */
export interface CatalogReading extends LabelPathOptions {
  /** The label column's name in the file; null for the challenge layout's labels file. */
  column: string | null;
  /** The column of each role as the file named them (mapped with --columns or found by name). */
  columns?: Partial<Record<string, string[]>>;
}

/** Every data source prodclass reads ends up as one of these: the challenge folder and any catalog file alike. */
export interface Catalog {
  /** Absolute path of the folder or file read. */
  source: string;
  /** `challenge` for a folder in the challenge layout, else the catalog file's format. */
  format: string;
  /** The categories; `train.labels` holds their keys. */
  taxonomy: Taxonomy;
  /** Labelled products, in file order. */
  train: LabelledProducts;
  /** Products without a label (an empty label cell, or no label row): the ones to classify. */
  unlabelled: Product[];
  /** The challenge's X_test_update.csv products, or null. */
  test: Product[] | null;
  images: ImageIndex;
  /** What is worth telling the user without stopping the load (missing photos, unlabelled rows, skipped columns). */
  warnings: string[];
  /** True for a synthetic demo catalog written by writeDemoCatalog. */
  demo: boolean;
  reading: CatalogReading;
}
