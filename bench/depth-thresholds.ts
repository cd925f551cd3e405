// Benchmark: per-depth thresholds against the leaf-only threshold on a real category tree, the Flipkart sample.
// Usage: tsx bench/depth-thresholds.ts [--catalog FILE] [--kind KIND]   (prints one JSON object)
// Labels are `product_category_tree` paths cut to 3 levels, the tree learnt from them; title and description read.
// 5 stratified outer folds (seed 0): on each, the model is trained as `prodclass train` does (out-of-fold over 5 inner
// folds for its card's thresholds, then fitted on all four training folds) and the held-out fold is filed at the 95 %
// target two ways: leaf-only (today's rule: the top class when its probability reaches the catalog-wide threshold) and
// per depth (the deepest category of the surest path reaching its depth's threshold). Reported per fold and averaged:
// the share filed at each depth, reviewed, and the realised precision (a filing at a parent is right when the true
// category lies under it).

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { Product } from '../src/data/product.js';
import { stratifiedKFold } from '../src/data/splits.js';
import { automationAt } from '../src/evaluation/automation.js';
import { depthAutomation, type DepthThresholdSet } from '../src/evaluation/depth-thresholds.js';
import { labelPath, learnTaxonomy, pathId } from '../src/taxonomy/learn-taxonomy.js';
import { trainModel } from '../src/training/train-model.js';
import { depthThresholdTargets } from '../src/workflows/depth-decision.js';
import { precisionThresholds, REVIEW_PRECISION } from '../src/workflows/served-model.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    kind: { type: 'string', default: 'text-linear' },
    catalog: { type: 'string', default: new URL('../../shared/data/catalogs/flipkart-sample/flipkart_com-ecommerce_sample_1050.csv', import.meta.url).pathname },
  },
});
const rows = parse(readFileSync(values.catalog!), { columns: true }) as Record<string, string>[];
const paths = rows.map((r) => labelPath(r.product_category_tree, { separator: ' >> ', depth: 3 }));
const taxonomy = learnTaxonomy(paths.filter((p) => p.length > 0));
const kept = rows.map((_, i) => i).filter((i) => paths[i].length > 0);
const products: Product[] = kept.map((i, k) => ({ index: k + 1, id: String(k + 1), designation: rows[i].product_name, description: rows[i].description ?? '', productid: '', imageid: '' }));
const labels = Int32Array.from(kept, (i) => taxonomy.byId(pathId(paths[i]))!.key);

interface FoldResult {
  leafOnly: { threshold: number | null; coverage: number; precision: number | null };
  perDepth: DepthThresholdSet;
}
const folds: FoldResult[] = [];
for (const fold of stratifiedKFold(labels, 5, 0)) {
  const train = { products: Array.from(fold.train, (i) => products[i]), labels: Int32Array.from(fold.train, (i) => labels[i]) };
  const { model, card } = await trainModel({ data: train, taxonomy, source: 'flipkart-sample', demo: false, kind: values.kind!, seed: 0, folds: 5, validationFraction: 0 });
  const test = Array.from(fold.validation, (i) => products[i]).map((p) => ({ designation: p.designation, description: p.description, image: null }));
  const truth = Int32Array.from(fold.validation, (i) => labels[i]);
  const proba = await model.predictProba(test);
  const column = new Map(Array.from(model.classes, (c, j) => [c, j]));
  const leafOnly = automationAt(proba, Array.from(truth, (c) => column.get(c) ?? -1), precisionThresholds(card)).find((a) => a.targetPrecision === REVIEW_PRECISION)!;
  const target = depthThresholdTargets(card).find((t) => t.targetPrecision === REVIEW_PRECISION)!;
  const [perDepth] = depthAutomation(taxonomy, model.classes, proba, truth, [target]);
  folds.push({ leafOnly: { threshold: leafOnly.threshold, coverage: leafOnly.coverage, precision: leafOnly.precision }, perDepth });
  process.stderr.write(`fold ${folds.length}: leaf-only ${leafOnly.coverage.toFixed(3)} at ${leafOnly.precision?.toFixed(3)}, per depth ${perDepth.coverage.toFixed(3)} at ${perDepth.precision?.toFixed(3)}\n`);
}

const mean = (xs: (number | null)[]) => {
  const known = xs.filter((x): x is number => x !== null);
  return known.length === 0 ? null : Math.round((known.reduce((s, x) => s + x, 0) / known.length) * 1e4) / 1e4;
};
const round = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);
console.log(
  JSON.stringify({
    benchmark: 'depth-thresholds',
    catalog: values.catalog,
    kind: values.kind,
    products: products.length,
    categories: taxonomy.size,
    maxDepth: taxonomy.maxDepth,
    targetPrecision: REVIEW_PRECISION,
    outerFolds: 5,
    leafOnly: { coverage: mean(folds.map((f) => f.leafOnly.coverage)), precision: mean(folds.map((f) => f.leafOnly.precision)) },
    perDepth: {
      coverage: mean(folds.map((f) => f.perDepth.coverage)),
      precision: mean(folds.map((f) => f.perDepth.precision)),
      reviewed: mean(folds.map((f) => f.perDepth.reviewed)),
      depths: Array.from({ length: taxonomy.maxDepth }, (_, k) => ({
        depth: k + 1,
        share: mean(folds.map((f) => f.perDepth.depths[k].share)),
        precision: mean(folds.map((f) => f.perDepth.depths[k].precision)),
      })),
    },
    perFold: folds.map((f) => ({
      leafOnly: { threshold: round(f.leafOnly.threshold), coverage: round(f.leafOnly.coverage), precision: round(f.leafOnly.precision) },
      perDepth: { coverage: round(f.perDepth.coverage), precision: round(f.perDepth.precision), reviewed: round(f.perDepth.reviewed), depths: f.perDepth.depths.map((d) => ({ depth: d.depth, threshold: round(d.threshold), share: round(d.share), precision: round(d.precision) })) },
    })),
  }),
);
