// Writes what bench/text-features-experiment.py needs from prodclass: cleaned texts, and our feature matrices per fold.
//
// Usage: npx tsx bench/text-features-dump.ts DATA_DIR OUT_DIR [FOLDS.json]
//   OUT_DIR/cleaned.json       designation / description cleaned by cleanText, accents kept and folded (and case kept)
//   OUT_DIR/fold-K-{train,test}.{indptr,indices,data}   (with FOLDS.json, the {"positions": [[test rows]...]}
//                              file bench/text-linear-sklearn.py writes) ProductTextVectorizer's default features
//   OUT_DIR/ours.json          timings of the ProductTextVectorizer fits

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CsrMatrix } from '../src/core/csr-matrix.js';
import type { ProductText } from '../src/data/product.js';
import { ProductTextVectorizer, cleanText } from '../src/text/index.js';

const [dataDir, outDir, foldsPath] = process.argv.slice(2);
if (!dataDir || !outDir) {
  console.error('usage: npx tsx bench/text-features-dump.ts DATA_DIR OUT_DIR [FOLDS.json]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const rows = parse(readFileSync(join(dataDir, 'X_train_update.csv')), { columns: true }) as Record<string, string>[];
const products: ProductText[] = rows.map((r) => ({ designation: r.designation, description: r.description }));

const cleaned = {
  designation: products.map((p) => cleanText(p.designation)),
  description: products.map((p) => cleanText(p.description)),
  designationFolded: products.map((p) => cleanText(p.designation, { foldAccents: true })),
  descriptionFolded: products.map((p) => cleanText(p.description, { foldAccents: true })),
  designationCasedFolded: products.map((p) => cleanText(p.designation, { foldAccents: true, lowercase: false })),
};
writeFileSync(join(outDir, 'cleaned.json'), JSON.stringify(cleaned));

function writeCsr(prefix: string, m: CsrMatrix): void {
  writeFileSync(`${prefix}.indptr`, m.indptr);
  writeFileSync(`${prefix}.indices`, m.indices);
  writeFileSync(`${prefix}.data`, m.data);
}

if (foldsPath) {
  const folds = (JSON.parse(readFileSync(foldsPath, 'utf8')) as { positions: number[][] }).positions;
  const fitMs: number[] = [];
  for (const [k, testRows] of folds.entries()) {
    const isTest = new Uint8Array(products.length);
    for (const i of testRows) isTest[i] = 1;
    const train = products.filter((_, i) => !isTest[i]);
    const test = testRows.map((i) => products[i]);
    const vectorizer = new ProductTextVectorizer();
    const t0 = performance.now();
    const xTrain = await vectorizer.fitTransform(train);
    fitMs.push(performance.now() - t0);
    writeCsr(join(outDir, `fold-${k}-train`), xTrain);
    writeCsr(join(outDir, `fold-${k}-test`), vectorizer.transform(test));
    writeFileSync(join(outDir, `fold-${k}-shape.json`), JSON.stringify({ nCols: xTrain.nCols, nTrain: train.length, nTest: test.length }));
  }
  writeFileSync(join(outDir, 'ours.json'), JSON.stringify({ params: new ProductTextVectorizer().params, fitMsPerFold: fitMs }));
}
