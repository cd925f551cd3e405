// Experiment behind the text layer's language defaults: text-linear's 5-fold weighted F1 on the Rakuten sample and
// on an English catalog (Flipkart's 1,050-product sample, label = the first two levels of its category path).
// Usage: tsx bench/language-experiment.ts [--params JSON] [--only rakuten|flipkart] [--seed N (of the folds)]   (prints one JSON object)
// The Flipkart CSV is read here by hand (csv-parse) until the generic catalog loader reads it.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { JsonObject } from '../src/core/estimator.js';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import type { Product } from '../src/data/product.js';
import { stratifiedKFold } from '../src/data/splits.js';
import { classificationMetrics } from '../src/evaluation/classification-metrics.js';
import { modelKind } from '../src/models/model-kinds.js';
import '../src/models/registrations.js';
import { pick, pickLabels } from '../src/training/train-model.js';

const { values } = parseArgs({ options: { params: { type: 'string' }, only: { type: 'string' }, folds: { type: 'string', default: '5' }, seed: { type: 'string', default: '0' } } });
const shared = new URL('../../shared/data/', import.meta.url).pathname;
const params = values.params ? (JSON.parse(values.params) as JsonObject) : undefined;

function flipkart(): { products: Product[]; labels: Int32Array } {
  const rows = parse(readFileSync(`${shared}catalogs/flipkart-sample/flipkart_com-ecommerce_sample_1050.csv`), { columns: true }) as Record<string, string>[];
  const names = new Map<string, number>();
  const labels: number[] = [];
  const products = rows.map((row, i) => {
    const path = (JSON.parse(row.product_category_tree) as string[])[0].split(' >> ');
    const label = path.slice(0, 2).join(' >> ');
    if (!names.has(label)) names.set(label, names.size);
    labels.push(names.get(label)!);
    return { id: i, designation: row.product_name, description: row.description } as unknown as Product;
  });
  return { products, labels: Int32Array.from(labels) };
}

async function cv(products: Product[], labels: Int32Array): Promise<{ weightedF1: number; perFold: number[]; seconds: number }> {
  const perFold: number[] = [];
  const t0 = performance.now();
  for (const fold of stratifiedKFold(labels, Number(values.folds), Number(values.seed))) {
    const model = modelKind('text-linear').create({ seed: 0, params });
    await model.fit(pick(products, fold.train), pickLabels(labels, fold.train));
    const predicted = await model.predict(pick(products, fold.validation));
    perFold.push(classificationMetrics(pickLabels(labels, fold.validation), predicted).weightedF1);
  }
  return { weightedF1: perFold.reduce((s, x) => s + x, 0) / perFold.length, perFold, seconds: (performance.now() - t0) / 1000 };
}

const out: Record<string, unknown> = { params: params ?? null };
if (values.only !== 'rakuten') {
  const f = flipkart();
  out.flipkart = { n: f.labels.length, classes: new Set(f.labels).size, ...(await cv(f.products, f.labels)) };
}
if (values.only !== 'flipkart') {
  const { products, labels } = (await loadChallengeFolder(`${shared}rakuten-sample`)).train;
  out.rakuten = { n: labels.length, ...(await cv(products, labels)) };
}
console.log(JSON.stringify(out));
