// Benchmark: random forest and gradient boosting against scikit-learn and XGBoost on the same features and folds, side by side.
// Usage: tsx bench/trees.ts [--data DIR] [--models rf,gbdt] [--folds 5] [--use-folds N] [--trees 300] [--rounds 50] [--depth 6]
//        [--k 5000] [--jobs 2]   (prints one JSON object)
//
// Per fold: our ProductTextVectorizer and Chi2Selector(k) are fitted on the fold's training rows; the reduced
// matrices are written to a temporary folder, our classifier is fitted and timed (with the random-forest / gbdt
// kinds' defaults, and again with the reference's own settings), then the Python reference (bench/trees-sklearn.py,
// Debian's /usr/bin/python3) loads the same matrices and fits its model, in the same run, so the fit-time ratio of
// each fold compares the two under the same machine load. Fit times cover the classifier on the reduced matrix
// (the features are shared); the feature time is reported beside.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CsrMatrix } from '../src/core/csr-matrix.js';
import type { Classifier } from '../src/core/estimator.js';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { stratifiedKFold } from '../src/data/splits.js';
import { classificationMetrics } from '../src/evaluation/classification-metrics.js';
import { Chi2Selector } from '../src/models/reduce/chi2-selector.js';
import { GBDT_KIND_DEFAULTS, RANDOM_FOREST_KIND_DEFAULTS } from '../src/models/tree-model-kinds.js';
import { GradientBoostingClassifier } from '../src/models/trees/gradient-boosting.js';
import { RandomForestClassifier } from '../src/models/trees/random-forest.js';
import { pick, pickLabels } from '../src/training/train-model.js';
import { ProductTextVectorizer } from '../src/text/product-text-vectorizer.js';
import { pythonHas, runPythonJson } from './python-reference.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    models: { type: 'string', default: 'rf,gbdt' },
    folds: { type: 'string', default: '5' },
    'use-folds': { type: 'string' },
    trees: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '50' },
    depth: { type: 'string', default: '6' },
    k: { type: 'string', default: '5000' },
    jobs: { type: 'string', default: '2' },
  },
});
const models = values.models!.split(',');
const k = Number(values.folds);
const useFolds = Number(values['use-folds'] ?? k);
const trees = Number(values.trees);
const rounds = Number(values.rounds);
const depth = Number(values.depth);
const jobs = Number(values.jobs);
const withPython = !process.env.BENCH_NO_PYTHON && pythonHas('sklearn', 'scipy', 'xgboost');
const script = new URL('./trees-sklearn.py', import.meta.url).pathname;

interface Side {
  weightedF1: number;
  macroF1: number;
  fitSeconds: number;
  predictSeconds: number;
}
interface FoldRow {
  fold: number;
  loadBefore: number;
  ours: Side;
  /** Ours with the reference's hyperparameters (no class weights for the forest; 256 bins, zero start for boosting). */
  oursReferenceSettings: Side;
  reference: Side | null;
  fitTimeRatio: number | null;
}

const folder = await loadChallengeFolder(values.data!);
const { products, labels } = folder.train;
const folds = stratifiedKFold(labels, k, 0).slice(0, useFolds);
const work = mkdtempSync(join(tmpdir(), 'prodclass-bench-trees-'));
const rows: Record<string, FoldRow[]> = Object.fromEntries(models.map((m) => [m, []]));
const featureSeconds: number[] = [];

function dump(dir: string, part: string, x: CsrMatrix, y: Int32Array): void {
  writeFileSync(join(dir, `${part}.indptr`), x.indptr);
  writeFileSync(join(dir, `${part}.indices`), x.indices);
  writeFileSync(join(dir, `${part}.data`), x.data);
  writeFileSync(join(dir, `${part}.labels`), y);
}

function score(predicted: Int32Array, yTest: Int32Array, fitSeconds: number, predictSeconds: number): Side {
  const m = classificationMetrics(yTest, predicted);
  return { weightedF1: m.weightedF1, macroF1: m.macroF1, fitSeconds, predictSeconds };
}

try {
  for (const [fold, split] of folds.entries()) {
    const yTrain = pickLabels(labels, split.train);
    const yTest = pickLabels(labels, split.validation);
    const t0 = performance.now();
    const vectorizer = new ProductTextVectorizer();
    const selector = new Chi2Selector({ k: Number(values.k) });
    const xTrain = await selector.fitTransform(await vectorizer.fitTransform(pick(products, split.train)), { y: yTrain });
    const xTest = selector.transform(vectorizer.transform(pick(products, split.validation)));
    featureSeconds.push((performance.now() - t0) / 1000);
    const dir = join(work, `fold-${fold}`);
    mkdirSync(dir);
    dump(dir, 'train', xTrain, yTrain);
    dump(dir, 'test', xTest, yTest);
    writeFileSync(join(dir, 'shape.json'), JSON.stringify({ nCols: xTrain.nCols }));

    for (const name of models) {
      const make = (settings: 'ours' | 'reference'): Classifier<CsrMatrix> =>
        name === 'rf'
          ? new RandomForestClassifier({ ...(settings === 'ours' ? RANDOM_FOREST_KIND_DEFAULTS : {}), nEstimators: trees, nJobs: jobs, seed: 0 })
          : new GradientBoostingClassifier({
              ...(settings === 'ours' ? GBDT_KIND_DEFAULTS : { maxBins: 256, initScore: 'uniform' as const }),
              nEstimators: rounds,
              maxDepth: depth,
              learningRate: 0.3,
              nJobs: jobs,
              seed: 0,
            });
      const fitAndScore = async (model: Classifier<CsrMatrix>): Promise<Side> => {
        const t1 = performance.now();
        await model.fit(xTrain, yTrain);
        const fitSeconds = (performance.now() - t1) / 1000;
        const t2 = performance.now();
        const predicted = (await model.predict(xTest)) as Int32Array;
        return score(predicted, yTest, fitSeconds, (performance.now() - t2) / 1000);
      };
      const loadBefore = loadavg()[0];
      const ours = await fitAndScore(make('ours'));
      const oursReferenceSettings = await fitAndScore(make('reference'));
      let reference: Side | null = null;
      if (withPython) {
        const args = name === 'rf' ? ['rf', dir, '--trees', String(trees), '--jobs', String(jobs)] : ['xgb', dir, '--rounds', String(rounds), '--depth', String(depth), '--jobs', String(jobs)];
        reference = runPythonJson<Side>(script, args);
      }
      rows[name].push({ fold, loadBefore, ours, oursReferenceSettings, reference, fitTimeRatio: reference ? ours.fitSeconds / reference.fitSeconds : null });
      process.stderr.write(
        `trees ${name} fold ${fold}: ours F1 ${ours.weightedF1.toFixed(4)} in ${ours.fitSeconds.toFixed(1)} s` +
          ` (reference settings ${oursReferenceSettings.weightedF1.toFixed(4)} in ${oursReferenceSettings.fitSeconds.toFixed(1)} s)` +
          (reference ? `, reference F1 ${reference.weightedF1.toFixed(4)} in ${reference.fitSeconds.toFixed(1)} s` : '') +
          ` (load ${loadBefore.toFixed(1)})\n`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const summary = (side: (r: FoldRow) => Side | null, list: FoldRow[]) => {
  const sides = list.map(side).filter((s): s is Side => s !== null);
  if (sides.length === 0) return null;
  return {
    weightedF1: mean(sides.map((s) => s.weightedF1)),
    weightedF1PerFold: sides.map((s) => s.weightedF1),
    macroF1: mean(sides.map((s) => s.macroF1)),
    fitSeconds: median(sides.map((s) => s.fitSeconds)),
    fitSecondsPerFold: sides.map((s) => s.fitSeconds),
    predictSeconds: median(sides.map((s) => s.predictSeconds)),
  };
};
const results = Object.fromEntries(
  models.map((name) => {
    const list = rows[name];
    const ours = summary((r) => r.ours, list)!;
    const reference = summary((r) => r.reference, list);
    const ratios = list.map((r) => r.fitTimeRatio).filter((v): v is number => v !== null);
    return [
      name,
      {
        ours: {
          model:
            name === 'rf'
              ? `RandomForestClassifier(${JSON.stringify({ ...RANDOM_FOREST_KIND_DEFAULTS, nEstimators: trees, nJobs: jobs })})`
              : `GradientBoostingClassifier(${JSON.stringify({ ...GBDT_KIND_DEFAULTS, nEstimators: rounds, maxDepth: depth, learningRate: 0.3, nJobs: jobs })})`,
          ...ours,
        },
        oursReferenceSettings: summary((r) => r.oursReferenceSettings, list),
        reference,
        weightedF1Gain: reference ? ours.weightedF1 - reference.weightedF1 : null,
        fitTimeRatioPerFold: ratios,
        fitTimeRatioMedian: ratios.length ? median(ratios) : null,
        target: name === 'rf' ? 'weighted F1 >= reference, fit time ratio <= 0.5' : 'weighted F1 >= reference, fit time ratio <= 1',
        loadAveragePerFold: list.map((r) => r.loadBefore),
      },
    ];
  }),
);

console.log(
  JSON.stringify({
    benchmark: 'trees',
    data: folder.source,
    n: labels.length,
    folds: `${folds.length} of StratifiedKFold(${k}, seed 0)`,
    features: `ProductTextVectorizer defaults, Chi2Selector(k=${values.k}), fitted per fold; the same matrices for both sides`,
    featureSecondsMedian: median(featureSeconds),
    threads: jobs,
    results,
  }),
);
