// Load a data folder in the challenge layout: products joined to their labels, the test products, and the image index.

import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import { readChallengeCsv } from './challenge-csv.js';
import { isDemoCatalog } from './demo-catalog.js';
import { buildImageIndex } from './image-index.js';
import type { Product } from './product.js';
import { RAKUTEN_TAXONOMY } from '../taxonomy/index.js';
import type { Catalog } from './catalog.js';

/** File names of the challenge layout. */
export const CHALLENGE_FILES = Object.freeze({
  trainProducts: 'X_train_update.csv',
  trainLabels: 'Y_train_CVw08PX.csv',
  testProducts: 'X_test_update.csv',
});

const LAYOUT =
  `expected a folder holding ${CHALLENGE_FILES.trainProducts} (columns ,designation,description,productid,imageid) and ` +
  `${CHALLENGE_FILES.trainLabels} (columns ,prdtypecode), optionally ${CHALLENGE_FILES.testProducts} and ` +
  'images/image_train/image_{imageid}_product_{productid}.jpg';

export interface LoadChallengeOptions {
  /**
   * Whether every training product must have a label row (default true). When false, the labels file may
   * be absent and products without a label are returned in `unlabelled` instead of failing the load.
   */
  requireLabels?: boolean;
  /** Read only the first `limit` rows of each products file, for quick experiments; other label rows are ignored. */
  limit?: number;
}

/** A loaded challenge folder: a catalog on Rakuten's taxonomy whose unlabelled products are those without a label row. */
export type ChallengeFolder = Catalog;

/**
 * Loads `dir`: parses the products and labels files, joins them by the index column, keeps file order,
 * and indexes the images (missing images are warnings, not errors).
 * @throws ProdclassError DATA_NOT_FOUND when the folder or a required file is missing;
 *   DATA_MISSING_LABEL for a product without a label row (unless `requireLabels: false`) or a label row
 *   without a product (unless `limit` is set); DATA_UNKNOWN_CODE for a code outside the 27;
 *   INVALID_PARAM for a bad `limit`; and the parse errors of readChallengeCsv (DATA_MISSING_COLUMN,
 *   DATA_BAD_ROW, DATA_DUPLICATE_INDEX), each naming the file and line.
 */
export async function loadChallengeFolder(dir: string, options: LoadChallengeOptions = {}): Promise<ChallengeFolder> {
  const root = resolve(dir);
  const requireLabels = options.requireLabels ?? true;
  if (!(await isFolder(root))) throw new ProdclassError('DATA_NOT_FOUND', `no data folder at ${root}; ${LAYOUT}`);
  const path = (name: string) => join(root, name);
  const missing = async (name: string) => !(await isFile(path(name)));
  if (await missing(CHALLENGE_FILES.trainProducts)) {
    throw new ProdclassError('DATA_NOT_FOUND', `${root} has no ${CHALLENGE_FILES.trainProducts}; ${LAYOUT}`);
  }
  const labelsAbsent = await missing(CHALLENGE_FILES.trainLabels);
  if (labelsAbsent && requireLabels) {
    throw new ProdclassError('DATA_NOT_FOUND', `${root} has no ${CHALLENGE_FILES.trainLabels} (the training labels); ${LAYOUT}`);
  }

  const productRows = await readChallengeCsv(path(CHALLENGE_FILES.trainProducts), 'products', { limit: options.limit });
  const labelRows = labelsAbsent ? [] : await readChallengeCsv(path(CHALLENGE_FILES.trainLabels), 'labels');
  const labelsFile = path(CHALLENGE_FILES.trainLabels);
  const labelOf = new Map<number, number>();
  for (const { line, value } of labelRows) {
    if (!RAKUTEN_TAXONOMY.has(value.code)) {
      const codes = RAKUTEN_TAXONOMY.categories().map((c) => c.key);
      throw new ProdclassError(
        'DATA_UNKNOWN_CODE',
        `${value.code} is not a Rakuten product type code (expected one of ${codes.join(', ')})`,
        { location: { file: labelsFile, line, field: 'prdtypecode' } },
      );
    }
    labelOf.set(value.index, value.code);
  }

  const products: Product[] = [];
  const labels: number[] = [];
  const unlabelled: Product[] = [];
  for (const { line, value } of productRows) {
    const code = labelOf.get(value.index);
    if (code !== undefined) {
      products.push(value);
      labels.push(code);
    } else if (!requireLabels) {
      unlabelled.push(value);
    } else {
      throw new ProdclassError(
        'DATA_MISSING_LABEL',
        `the product with index ${value.index} has no row in ${CHALLENGE_FILES.trainLabels}; add its label or remove the product`,
        { location: { file: path(CHALLENGE_FILES.trainProducts), line } },
      );
    }
  }
  if (options.limit === undefined) {
    const productIndexes = new Set(productRows.map((row) => row.value.index));
    const orphan = labelRows.find((row) => !productIndexes.has(row.value.index));
    if (orphan) {
      throw new ProdclassError(
        'DATA_MISSING_LABEL',
        `the label row for index ${orphan.value.index} has no product in ${CHALLENGE_FILES.trainProducts}; the two files must list the same indexes`,
        { location: { file: labelsFile, line: orphan.line } },
      );
    }
  }

  const test = (await missing(CHALLENGE_FILES.testProducts))
    ? null
    : (await readChallengeCsv(path(CHALLENGE_FILES.testProducts), 'products', { limit: options.limit })).map((row) => row.value);
  const images = await buildImageIndex(root, { train: [...products, ...unlabelled], test });
  const warnings = [...images.warnings];
  if (unlabelled.length > 0) {
    const why = labelsAbsent ? `there is no ${CHALLENGE_FILES.trainLabels}` : `they have no row in ${CHALLENGE_FILES.trainLabels}`;
    warnings.push(`${unlabelled.length} of ${productRows.length} training products are unlabelled: ${why}`);
  }
  return {
    source: root,
    format: 'challenge',
    taxonomy: RAKUTEN_TAXONOMY,
    train: { products, labels: Int32Array.from(labels) },
    unlabelled,
    test,
    images,
    warnings,
    demo: await isDemoCatalog(root),
    reading: { column: null },
  };
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}
