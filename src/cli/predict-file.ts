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

/** Added for a tree model with per-depth thresholds, as the API's catalog batch results name them. */
export const FILING_COLUMNS = ['decision', ...FILED_RESULT_COLUMNS] as const;

/**
 * Writes one CSV line per product of `catalog` (labelled or not, in file order) to `out` (a path, or stdout): its id,
 * title, the category it is filed under (the most probable, or with `minConfidence` its surest ancestor reaching it),
 * the category's path, name, probability and depth. A tree model whose card has per-depth thresholds adds where it
 * files the product as the API's catalog batch does (decision auto or review, filed_id, filed_path, filed_depth; see productFiling).
 * @returns how many products were classified.
 */
export async function predictFile(loaded: LoadedModel, catalog: Catalog, out: string | null, minConfidence?: number): Promise<number> {
  const { model, taxonomy, card } = loaded;
  const byDepth = taxonomy.isTree && depthThresholdsOf(card) !== null;
  const reviewThreshold = defaultReviewThreshold(card);
  const products = [...catalog.train.products, ...catalog.unlabelled].sort((a, b) => a.index - b.index);
  const stream = out === null ? process.stdout : createWriteStream(out);
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write(formatCsvRow(byDepth ? [...PREDICTION_COLUMNS, ...FILING_COLUMNS] : [...PREDICTION_COLUMNS]));
  for (let from = 0; from < products.length; from += CHUNK) {
    const chunk = products.slice(from, from + CHUNK);
    const proba = await model.predictProba(productInputs(chunk, catalog.images));
    let text = '';
    chunk.forEach((product, i) => {
      // category_* keep their meaning (most probable, or the back-off); the filing is added beside, as in the API's batch results.
      const p = decisionOf(taxonomy, model.classes, proba.row(i), minConfidence);
      const filing = byDepth ? productFiling(taxonomy, card, model.classes, proba.row(i), { reviewThreshold }).filing : null;
      const filed = filing ? [filing.decision, ...filedColumnValues(taxonomy, filing)] : [];
      text += formatCsvRow([productId(product), product.designation, p.id, p.path.join(' > '), p.name, p.probability.toFixed(6), p.depth, ...filed]);
    });
    await write(text);
  }
  if (stream !== process.stdout) {
    stream.end();
    await once(stream, 'finish');
  }
  return products.length;
}
