// Benchmark: catalogs other than Rakuten's, trained with at most a column mapping and the label options, against the
// scikit-learn reference the "your own catalog" issue sets, on the same split, in the same run.
// Usage: tsx bench/catalogs.ts [--catalog PATH[|separator|depth] ...] [--seeds 42,1,2] [--kind KIND] [--titles-only]
// (default: the Flipkart export and the Rakuten sample, seed 42, the kind `train` fits on each; with several seeds, each
// catalog is split and scored once per seed, and the means are given too; --titles-only drops every description, for
// both, so that a catalog with descriptions stands for one of titles alone)

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../src/data/load-catalog.js';
import { pick, pickLabels, trainModel, validationSplit } from '../src/training/train-model.js';
import { PYTHON, pythonHas, runPythonJson } from './python-reference.js';
import { defaultModelKind } from '../src/models/text-model-kinds.js';

const shared = (path: string) => fileURLToPath(new URL(`../../shared/data/${path}`, import.meta.url));
const DEFAULTS = [`${shared('catalogs/flipkart-sample/flipkart_com-ecommerce_sample_1050.csv')}| >> |3`, shared('rakuten-sample')];

const { values } = parseArgs({ options: { catalog: { type: 'string', multiple: true }, seeds: { type: 'string', default: '42' }, kind: { type: 'string' }, 'titles-only': { type: 'boolean', default: false } } });
const specs = values.catalog ?? DEFAULTS;
const SEEDS = values.seeds!.split(',').map(Number);
const FRACTION = 0.1;

interface Reference {
  leafWeightedF1: number;
  topWeightedF1: number;
  fitSeconds: number;
  features: number;
}

const results: Record<string, unknown>[] = [];
for (const spec of specs) {
  const [path, separator, depth] = spec.split('|');
  const catalog = await loadCatalog(path, { separator: separator || undefined, depth: depth ? Number(depth) : undefined, requireLabels: true });
  if (values['titles-only']) catalog.train.products = catalog.train.products.map((p) => ({ ...p, description: '' }));
  const kind = values.kind ?? defaultModelKind(catalog.train);
  const perSeed: Record<string, unknown>[] = [];
  for (const SEED of SEEDS) {
  const { products, labels } = catalog.train;
  const { taxonomy } = catalog;
  const result = await trainModel({ data: catalog.train, taxonomy, source: catalog.source, demo: false, kind, seed: SEED, validationFraction: FRACTION });
  const validation = result.validation!;
  const ours = {
    leafWeightedF1: validation.weightedF1,
    topWeightedF1: validation.hierarchy ? validation.hierarchy.levels[0].weightedF1 : validation.weightedF1,
    fitSeconds: result.card.trainingSeconds!,
  };
  let reference: Reference | null = null;
  if (pythonHas('sklearn')) {
    const split = validationSplit(labels, FRACTION, SEED);
    const part = (rows: Int32Array) => {
      const chosen = pick(products, rows);
      return { title: chosen.map((p) => p.designation), description: chosen.map((p) => p.description), label: Array.from(pickLabels(labels, rows)) };
    };
    const top: Record<string, number> = {};
    for (const key of new Set(labels)) top[key] = taxonomy.atDepth(key, 1);
    const dir = mkdtempSync(join(tmpdir(), 'prodclass-catalogs-'));
    try {
      const file = join(dir, 'split.json');
      writeFileSync(file, JSON.stringify({ train: part(split.train), test: part(split.validation), top }));
      reference = runPythonJson<Reference>(fileURLToPath(new URL('catalog-sklearn.py', import.meta.url)), [file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    process.stderr.write(`${PYTHON} with scikit-learn not found: no reference (apt-get install python3-sklearn)\n`);
  }
  perSeed.push({
    seed: SEED,
    catalog: path,
    kind,
    titlesOnly: values['titles-only'],
    format: catalog.format,
    options: { separator: separator || null, depth: depth ? Number(depth) : null },
    products: products.length,
    categories: new Set(labels).size,
    taxonomy: { categories: taxonomy.size, maxDepth: taxonomy.maxDepth },
    validationRows: validation.n,
    ours,
    reference,
    leafGain: reference ? ours.leafWeightedF1 - reference.leafWeightedF1 : null,
    topGain: reference ? ours.topWeightedF1 - reference.topWeightedF1 : null,
    fitTimeRatio: reference ? ours.fitSeconds / reference.fitSeconds : null,
  });
  process.stderr.write(`${path} (seed ${SEED}): ours ${ours.leafWeightedF1.toFixed(4)} / top ${ours.topWeightedF1.toFixed(4)} in ${ours.fitSeconds.toFixed(1)} s; reference ${reference ? `${reference.leafWeightedF1.toFixed(4)} / ${reference.topWeightedF1.toFixed(4)} in ${reference.fitSeconds.toFixed(1)} s` : 'none'}\n`);
  }
  const mean = (key: string) => {
    const values = perSeed.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
    return values.length === perSeed.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  results.push(
    perSeed.length === 1
      ? perSeed[0]
      : { catalog: path, seeds: SEEDS, meanLeafGain: mean('leafGain'), meanTopGain: mean('topGain'), meanFitTimeRatio: mean('fitTimeRatio'), perSeed },
  );
}
process.stdout.write(`${JSON.stringify({ seeds: SEEDS, validationFraction: FRACTION, catalogs: results })}\n`);
