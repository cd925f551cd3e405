// Benchmark: text-linear's 5-fold weighted F1 and training time on a data folder, beside scikit-learn's reference.
// Usage: tsx bench/text-linear.ts [--data DIR] [--folds 5]   (prints one JSON object)

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { JsonObject } from '../src/core/estimator.js';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { stratifiedKFold, type Split } from '../src/data/splits.js';
import { classificationMetrics } from '../src/evaluation/classification-metrics.js';
import { modelKind } from '../src/models/model-kinds.js';
import '../src/models/registrations.js';
import { pick, pickLabels } from '../src/training/train-model.js';
import { pythonHas, runPythonJson } from './python-reference.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    folds: { type: 'string', default: '5' },
    kind: { type: 'string', default: 'text-linear' },
    params: { type: 'string' },
  },
});
const dataDir = values.data!;
const k = Number(values.folds);

interface SklearnResult {
  pipeline: string;
  weightedF1: number;
  weightedF1PerFold: number[];
  fitSeconds: number;
  fitSecondsPerFold: number[];
}

const folder = await loadChallengeFolder(dataDir);
const { products, labels } = folder.train;

// Same folds as the reference when it runs: it writes its StratifiedKFold(5, shuffle, random_state=0) assignment.
let sklearn: SklearnResult | null = null;
let folds: Split[];
if (k === 5 && !process.env.BENCH_NO_PYTHON && pythonHas('sklearn', 'scipy')) {
  const foldsFile = join(mkdtempSync(join(tmpdir(), 'prodclass-bench-')), 'folds.json');
  sklearn = runPythonJson<SklearnResult>(new URL('./text-linear-sklearn.py', import.meta.url).pathname, [dataDir, foldsFile]);
  const positions = (JSON.parse(readFileSync(foldsFile, 'utf8')) as { positions: number[][] }).positions;
  folds = positions.map((test) => {
    const inTest = new Uint8Array(labels.length);
    for (const p of test) inTest[p] = 1;
    return { train: Int32Array.from(labels.keys()).filter((i) => !inTest[i]), validation: Int32Array.from(test).sort() };
  });
} else {
  folds = stratifiedKFold(labels, k, 0);
}

const perFold: number[] = [];
const fitSeconds: number[] = [];
const predictSeconds: number[] = [];
for (const fold of folds) {
  const model = modelKind(values.kind!).create({ seed: 0, params: values.params ? (JSON.parse(values.params) as JsonObject) : undefined });
  const t0 = performance.now();
  await model.fit(pick(products, fold.train), pickLabels(labels, fold.train));
  fitSeconds.push((performance.now() - t0) / 1000);
  const t1 = performance.now();
  const predicted = await model.predict(pick(products, fold.validation));
  predictSeconds.push((performance.now() - t1) / 1000);
  perFold.push(classificationMetrics(pickLabels(labels, fold.validation), predicted).weightedF1);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const ours = {
  kind: values.kind,
  weightedF1: mean(perFold),
  weightedF1PerFold: perFold,
  fitSeconds: median(fitSeconds),
  fitSecondsPerFold: fitSeconds,
  predictSecondsPerFold: predictSeconds,
};
console.log(
  JSON.stringify({
    benchmark: 'text-linear-cv',
    data: folder.source,
    n: labels.length,
    folds: folds.length,
    sameFoldsAsReference: sklearn !== null,
    ours,
    reference: sklearn,
    weightedF1Gain: sklearn ? ours.weightedF1 - sklearn.weightedF1 : null,
    fitTimeRatio: sklearn ? ours.fitSeconds / sklearn.fitSeconds : null,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
