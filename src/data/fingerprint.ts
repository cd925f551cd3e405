// A stable SHA-256 fingerprint of a dataset, so a model manifest can say exactly which rows it was trained on.

import { createHash } from 'node:crypto';
import { ProdclassError } from '../core/errors.js';
import type { Product } from './product.js';

/** Bumped if the serialisation below ever changes, so old and new fingerprints never collide. */
const FORMAT = 'prodclass-data-v1';

/** Rows are hashed in batches of about this many characters: fewer hash calls, bounded extra memory. */
const BATCH_CHARS = 1 << 20;

/**
 * SHA-256 (hex) over the rows in order: for each row the JSON array
 * `[index, designation, description, productid, imageid, label]` and a line feed (`label` is null without
 * labels), after a header naming the format, the row count and whether labels are present. JSON quoting
 * makes the encoding unambiguous, so any change to any field, to the order or to a label changes the
 * fingerprint; nothing else (object identity, key order, time) enters it.
 * @throws ProdclassError INVALID_INPUT when `labels` is given with a different length than `products`.
 */
export function dataFingerprint(products: readonly Product[], labels?: ArrayLike<number>): string {
  if (labels !== undefined && labels.length !== products.length) {
    throw new ProdclassError('INVALID_INPUT', `fingerprint: ${products.length} products but ${labels.length} labels; they must pair up position for position`);
  }
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\n${products.length}\n${labels === undefined ? 'unlabelled' : 'labelled'}\n`);
  let batch = '';
  for (let i = 0; i < products.length; i++) {
    const p = products[i];
    batch += JSON.stringify([p.index, p.designation, p.description, p.productid, p.imageid, labels === undefined ? null : labels[i]]) + '\n';
    if (batch.length >= BATCH_CHARS) {
      hash.update(batch);
      batch = '';
    }
  }
  hash.update(batch);
  return hash.digest('hex');
}
