// A small challenge folder for the analysis tests: products, labels and optional image files, in a temp folder.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { imageFileName } from '../../src/data/image-index.js';
import { tempDir } from '../helpers/tmp.js';

export interface FixtureProduct {
  designation: string;
  description?: string;
  code: number;
  /** Encoded image bytes to write as this product's photo. */
  image?: Uint8Array;
}

/** Writes X_train_update.csv, Y_train_CVw08PX.csv and images/image_train/ into a fresh temp folder; returns it. */
export function writeFixtureFolder(products: readonly FixtureProduct[], dir = tempDir('prodclass-analysis-')): string {
  let x = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
  let y = formatCsvRow(['', 'prdtypecode']);
  products.forEach((p, i) => {
    x += formatCsvRow([i, p.designation, p.description ?? '', 1000 + i, 5000 + i]);
    y += formatCsvRow([i, p.code]);
    if (p.image) {
      mkdirSync(join(dir, 'images', 'image_train'), { recursive: true });
      writeFileSync(join(dir, 'images', 'image_train', imageFileName({ productid: String(1000 + i), imageid: String(5000 + i) })), p.image);
    }
  });
  writeFileSync(join(dir, 'X_train_update.csv'), x);
  writeFileSync(join(dir, 'Y_train_CVw08PX.csv'), y);
  return dir;
}
