// Benchmark: flat one-vs-rest LinearSVC against LocalClassifierPerParentNode on a real category tree, the Flipkart sample.
// Usage: tsx bench/hierarchy-flipkart.ts [--catalog FILE]   (prints one JSON object)
// Titles (`product_name`) only; labels are `product_category_tree` paths cut to 3 levels, the tree learnt from them.
// 5 stratified folds (seed 0), text-linear's features fitted per fold; leaf and top-level weighted F1, fit seconds.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { Classifier } from '../src/core/estimator.js';
import type { CsrMatrix } from '../src/core/csr-matrix.js';
import { stratifiedKFold } from '../src/data/splits.js';
import { classificationMetrics } from '../src/evaluation/classification-metrics.js';
import { LocalClassifierPerParentNode } from '../src/models/hierarchy/local-classifier-per-parent-node.js';
import { LinearSVC } from '../src/models/linear/linear-svc.js';
import { labelPath, learnTaxonomy, pathId } from '../src/taxonomy/learn-taxonomy.js';
import { ProductTextVectorizer } from '../src/text/product-text-vectorizer.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    catalog: { type: 'string', default: new URL('../../shared/data/catalogs/flipkart-sample/flipkart_com-ecommerce_sample_1050.csv', import.meta.url).pathname },
  },
});
const rows = parse(readFileSync(values.catalog!), { columns: true }) as Record<string, string>[];
const paths = rows.map((r) => labelPath(r.product_category_tree, { separator: ' >> ', depth: 3 }));
const taxonomy = learnTaxonomy(paths.filter((p) => p.length > 0));
const kept = rows.map((_, i) => i).filter((i) => paths[i].length > 0);
const products = kept.map((i) => ({ designation: rows[i].product_name, description: '' }));
const labels = Int32Array.from(kept, (i) => taxonomy.byId(pathId(paths[i]))!.key);
const hierarchy = { parentOf: (key: number) => (taxonomy.has(key) ? taxonomy.get(key).parent : null) };
const topLevel = (l: Int32Array) => l.map((k) => taxonomy.ancestors(k)[0]);

const models: Record<string, () => Classifier<CsrMatrix>> = {
  flatLinearSvc: () => new LinearSVC({ C: 0.5 }),
  localClassifierPerParentNode: () => new LocalClassifierPerParentNode({ C: 0.5 }),
};
const results: Record<string, { leaf: number[]; top: number[]; fit: number[] }> = {};
for (const name of Object.keys(models)) results[name] = { leaf: [], top: [], fit: [] };
for (const fold of stratifiedKFold(labels, 5, 0)) {
  const vectorizer = new ProductTextVectorizer();
  const xTrain = await vectorizer.fitTransform(Array.from(fold.train, (i) => products[i]));
  const xTest = vectorizer.transform(Array.from(fold.validation, (i) => products[i]));
  const yTrain = fold.train.map((i) => labels[i]);
  const yTest = fold.validation.map((i) => labels[i]);
  for (const [name, make] of Object.entries(models)) {
    const t0 = performance.now();
    const model = await make().fit(xTrain, yTrain, { hierarchy });
    results[name].fit.push((performance.now() - t0) / 1000);
    const predicted = (await model.predict(xTest)) as Int32Array;
    results[name].leaf.push(classificationMetrics(yTest, predicted).weightedF1);
    results[name].top.push(classificationMetrics(topLevel(yTest), topLevel(predicted)).weightedF1);
  }
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
console.log(
  JSON.stringify({
    benchmark: 'hierarchy-flipkart',
    catalog: values.catalog,
    products: products.length,
    classes: new Set(labels).size,
    categories: taxonomy.size,
    folds: 5,
    ...Object.fromEntries(
      Object.entries(results).map(([name, r]) => [name, { leafWeightedF1: mean(r.leaf), topLevelWeightedF1: mean(r.top), fitSeconds: mean(r.fit) }]),
    ),
  }),
);
