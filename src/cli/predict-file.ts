// `prodclass predict --data FILE`: classify every product of a catalog file, one CSV line each.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Catalog } from '../data/catalog.js';
import { formatCsvRow } from '../data/csv-format.js';
import { productId } from '../data/product.js';
import type { LoadedModel } from '../models/model-store.js';
import { decisionOf } from '../models/top-predictions.js';
import { productInputs } from '../training/train-model.js';
import { depthThresholdsOf, filedColumnValues, FILED_RESULT_COLUMNS, productFiling } from '../workflows/depth-decision.js';
import { defaultReviewThreshold } from '../workflows/served-model.js';

/** Products classified per predictProba call: bounded memory for files of any size. */
const CHUNK = 2000;

export const PREDICTION_COLUMNS = ['id', 'title', 'category_id', 'category_path', 'category_name', 'probability', 'depth'] as const;

/** Where each product goes: auto (filed without a person) or review, as the API's batch results name it. */
export const DECISION_COLUMN = 'decision';

export interface FileFilingOptions {
  /** Under it a product goes to review (the server's default: the card's 95 %-precision threshold). */
  reviewThreshold?: number;
  /** The categories' own thresholds apply too (serve --per-category-thresholds). */
  perCategory?: boolean;
  /** category_* name the surest ancestor reaching it (a tree's back-off) rather than the most probable category. */
  minConfidence?: number;
}

/**
 * Writes one CSV line per product of `catalog` (labelled or not, in file order) to `out` (a path, or stdout): its id,
 * title, the category it is filed under (the most probable, or with `minConfidence` its surest ancestor reaching it),
 * the category's path, name, probability and depth, and the decision the API's batch would take (auto or review). A
 * tree model whose card has per-depth thresholds adds where it files the product, as the API's catalog batch does
 * (filed_id, filed_path, filed_depth; see productFiling).
 * @returns how many products were classified.
 */
export async function predictFile(loaded: LoadedModel, catalog: Catalog, out: string | null, options: FileFilingOptions = {}): Promise<number> {
  const { model, taxonomy, card } = loaded;
  const byDepth = taxonomy.isTree && depthThresholdsOf(card) !== null;
  const filingOptions = { reviewThreshold: options.reviewThreshold ?? defaultReviewThreshold(card), perCategory: options.perCategory ?? false };
  const products = [...catalog.train.products, ...catalog.unlabelled].sort((a, b) => a.index - b.index);
  const stream = out === null ? process.stdout : createWriteStream(out);
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write(formatCsvRow([...PREDICTION_COLUMNS, DECISION_COLUMN, ...(byDepth ? FILED_RESULT_COLUMNS : [])]));
  for (let from = 0; from < products.length; from += CHUNK) {
    const chunk = products.slice(from, from + CHUNK);
    const proba = await model.predictProba(productInputs(chunk, catalog.images));
    let text = '';
    chunk.forEach((product, i) => {
      // category_* keep their meaning (most probable, or the back-off); the filing is added beside, as in the API's batch results.
      const p = decisionOf(taxonomy, model.classes, proba.row(i), options.minConfidence);
      const { filing, outcome } = productFiling(taxonomy, card, model.classes, proba.row(i), filingOptions);
      const filed = byDepth ? filedColumnValues(taxonomy, filing) : [];
      text += formatCsvRow([productId(product), product.designation, p.id, p.path.join(' > '), p.name, p.probability.toFixed(6), p.depth, outcome, ...filed]);
    });
    await write(text);
  }
  if (stream !== process.stdout) {
    stream.end();
    await once(stream, 'finish');
  }
  return products.length;
}
