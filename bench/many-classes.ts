// Benchmark: thousands of categories on one machine. A synthetic catalog on Google's taxonomy (src/data/synthetic-catalog.ts):
// at every one of its 5,595 nodes / 200,000 products, text-hierarchical's fit time, peak memory, folder size, explained
// prediction latency and F1; at 1,000 nodes / 50,000 products, its fit time and F1 against scikit-learn's LinearSVC
// fitted on the same TF-IDF matrices in the same run.
// Usage: tsx bench/many-classes.ts [--products 200000] [--small-products 50000] [--small-classes 1000] [--seed 0]
//        [--skip-large] [--skip-small] [--flat]   (--flat also fits a flat one-vs-rest LinearSVC at the small size)

import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CsrMatrix } from '../src/core/csr-matrix.js';
import type { LabelHierarchy } from '../src/core/estimator.js';
import { newModelCard } from '../src/core/model-card.js';
import { sampleCategories, syntheticCatalog, SYNTHETIC_CATALOG_DEFAULTS, type SyntheticCategory } from '../src/data/synthetic-catalog.js';
import { stratifiedSplit } from '../src/data/splits.js';
import { classificationMetrics } from '../src/evaluation/classification-metrics.js';
import { classifyOne, warmUp } from '../src/models/classify-one.js';
import { TextPipeline } from '../src/models/compose/text-pipeline.js';
import { LocalClassifierPerParentNode } from '../src/models/hierarchy/local-classifier-per-parent-node.js';
import { LinearSVC } from '../src/models/linear/linear-svc.js';
import { loadModel, saveModel } from '../src/models/model-store.js';
import { readTaxonomy } from '../src/taxonomy/read-taxonomy.js';
import { ProductTextVectorizer } from '../src/text/product-text-vectorizer.js';
import { pythonHas, runPythonJson } from './python-reference.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    taxonomy: { type: 'string', default: new URL('../../shared/data/taxonomies/google-product-taxonomy.en-US.txt', import.meta.url).pathname },
    products: { type: 'string', default: '200000' },
    'small-products': { type: 'string', default: '50000' },
    'small-classes': { type: 'string', default: '1000' },
    seed: { type: 'string', default: '0' },
    'skip-large': { type: 'boolean', default: false },
    'skip-small': { type: 'boolean', default: false },
    flat: { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const taxonomy = await readTaxonomy(values.taxonomy!);
const categories: SyntheticCategory[] = taxonomy.categories().map((c) => ({ key: c.key, parent: c.parent, name: taxonomy.nameOf(c.key) }));
const hierarchy: LabelHierarchy = { parentOf: (key) => (taxonomy.has(key) ? taxonomy.get(key).parent : null) };
const topLevel = (labels: Int32Array) => labels.map((k) => taxonomy.ancestors(k)[0]);
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const cpuSeconds = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
const mib = (bytes: number) => bytes / 2 ** 20;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** A catalog on `cats`, split 90/10 (stratified, seeded), vectorised with text-linear's features. */
async function prepare(cats: SyntheticCategory[], nProducts: number) {
  const catalog = syntheticCatalog(cats, { nProducts, seed });
  const split = stratifiedSplit(catalog.labels, 0.1, seed);
  const train = Array.from(split.train, (i) => catalog.products[i]);
  const test = Array.from(split.validation, (i) => catalog.products[i]);
  const yTrain = split.train.map((i) => catalog.labels[i]);
  const yTest = split.validation.map((i) => catalog.labels[i]);
  const vectorizer = new ProductTextVectorizer();
  const t0 = performance.now();
  const xTrain = await vectorizer.fitTransform(train);
  const vectorizeSeconds = seconds(t0);
  const xTest = vectorizer.transform(test);
  return { catalog, train, test, yTrain, yTest, vectorizer, xTrain, xTest, vectorizeSeconds };
}

function scores(yTest: Int32Array, predicted: Int32Array) {
  return {
    leafWeightedF1: classificationMetrics(yTest, predicted).weightedF1,
    topLevelWeightedF1: classificationMetrics(topLevel(yTest), topLevel(predicted)).weightedF1,
  };
}

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

function writeCsr(prefix: string, m: CsrMatrix): void {
  writeFileSync(`${prefix}.indptr`, m.indptr);
  writeFileSync(`${prefix}.indices`, m.indices);
  writeFileSync(`${prefix}.data`, m.data);
}

async function large() {
  const p = await prepare(categories, Number(values.products));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const classifier = await new LocalClassifierPerParentNode({ seed }).fit(p.xTrain, p.yTrain, { hierarchy });
  const classifierSeconds = seconds(t0);
  const classifierCpuSeconds = cpuSeconds(c0);
  const predicted = classifier.predict(p.xTest);
  process.stderr.write(`many-classes large: fit ${classifierSeconds.toFixed(0)} s (${classifierCpuSeconds.toFixed(0)} CPU s), ${scores(p.yTest, predicted).leafWeightedF1.toFixed(4)} leaf F1\n`);
  const model = new TextPipeline(p.vectorizer, classifier);
  const dir = join(mkdtempSync(join(tmpdir(), 'prodclass-many-')), 'model');
  await saveModel(dir, model, newModelCard({ kind: 'text-hierarchical', seed }), taxonomy);
  const bytes = folderBytes(dir);
  const peakRssDuringFitMiB = process.resourceUsage().maxRSS / 1024;

  const loaded = (await loadModel(dir)).model;
  rmSync(dir, { recursive: true, force: true });
  await warmUp(loaded);
  const latencies: number[] = [];
  const n = Math.min(2000, p.test.length);
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await classifyOne(loaded, p.test[i], { explain: true });
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  return {
    classes: new Set(p.catalog.labels).size,
    leaves: categories.filter((c) => taxonomy.isLeaf(c.key)).length,
    products: p.catalog.labels.length,
    train: p.train.length,
    test: p.test.length,
    features: p.xTrain.nCols,
    nonZerosPerRow: p.xTrain.nnz / p.xTrain.nRows,
    vectorizeSeconds: p.vectorizeSeconds,
    classifierFitSeconds: classifierSeconds,
    classifierFitCpuSeconds: classifierCpuSeconds,
    fitSeconds: p.vectorizeSeconds + classifierSeconds,
    peakRssMiB: peakRssDuringFitMiB,
    modelFolderMiB: mib(bytes),
    sparseWeights: classifier.weights.weight.length,
    parentNodes: Array.from({ length: classifier.tree.nodeKey.length }, (_, n) => n).filter((n) => classifier.tree.slotStart[n + 1] > classifier.tree.slotStart[n]).length,
    explainedPredictionMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), n },
    ...scores(p.yTest, predicted),
    targets: { fitSeconds: 600, peakRssMiB: 4096, modelFolderMiB: 300, explainedP50Ms: 5 },
  };
}

async function small() {
  const cats = sampleCategories(categories, Number(values['small-classes']), seed);
  const p = await prepare(cats, Number(values['small-products']));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const classifier = await new LocalClassifierPerParentNode({ seed }).fit(p.xTrain, p.yTrain, { hierarchy });
  const ours = { classifierFitSeconds: seconds(t0), classifierFitCpuSeconds: cpuSeconds(c0), ...scores(p.yTest, classifier.predict(p.xTest)) };

  let flat = null;
  if (values.flat) {
    const f0 = performance.now();
    const svc = await new LinearSVC({ C: 0.5, nJobs: 1 }).fit(p.xTrain, p.yTrain);
    flat = { classifierFitSeconds: seconds(f0), ...scores(p.yTest, svc.predict(p.xTest)), coefMiB: mib(svc.coef.byteLength) };
  }

  // Ours first on stderr: the reference can take long, and a cut-off run still says what ours did.
  process.stderr.write(`many-classes small: ${JSON.stringify({ ours, flat })}\n`);
  let sklearn = null;
  if (!process.env.BENCH_NO_PYTHON && pythonHas('sklearn', 'scipy')) {
    const dir = mkdtempSync(join(tmpdir(), 'prodclass-many-sk-'));
    writeCsr(join(dir, 'train'), p.xTrain);
    writeCsr(join(dir, 'test'), p.xTest);
    writeFileSync(join(dir, 'train.labels'), p.yTrain);
    writeFileSync(join(dir, 'test.labels'), p.yTest);
    writeFileSync(join(dir, 'shape.json'), JSON.stringify({ nCols: p.xTrain.nCols, nTrain: p.xTrain.nRows, nTest: p.xTest.nRows }));
    const reference = runPythonJson<{ fitSeconds: number; fitCpuSeconds: number; weightedF1: number; nIter: number }>(
      new URL('./many-classes-sklearn.py', import.meta.url).pathname,
      [dir],
    );
    const bytes = readFileSync(join(dir, 'sklearn.pred'));
    const predicted = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    rmSync(dir, { recursive: true, force: true });
    sklearn = { ...reference, ...scores(p.yTest, predicted) };
  }
  return {
    classes: new Set(p.catalog.labels).size,
    products: p.catalog.labels.length,
    features: p.xTrain.nCols,
    nonZerosPerRow: p.xTrain.nnz / p.xTrain.nRows,
    vectorizeSeconds: p.vectorizeSeconds,
    ours,
    flatLinearSvc: flat,
    reference: sklearn,
    weightedF1Gain: sklearn ? ours.leafWeightedF1 - sklearn.leafWeightedF1 : null,
    fitTimeRatio: sklearn ? ours.classifierFitSeconds / sklearn.fitSeconds : null,
    fitCpuTimeRatio: sklearn ? ours.classifierFitCpuSeconds / sklearn.fitCpuSeconds : null,
    targets: { weightedF1Gain: -0.005, fitTimeRatio: 0.5 },
  };
}

const smallResult = values['skip-small'] ? null : await small();
const largeResult = values['skip-large'] ? null : await large();
console.log(
  JSON.stringify({
    benchmark: 'many-classes',
    generator: { taxonomy: values.taxonomy, ...SYNTHETIC_CATALOG_DEFAULTS, seed, holdOut: 0.1 },
    model: 'text-hierarchical: ProductTextVectorizer + LocalClassifierPerParentNode (C=0.5, sigmoid calibration, prune 0.01)',
    small: smallResult,
    large: largeResult,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
