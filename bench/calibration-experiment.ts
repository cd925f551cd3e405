// Experiment: calibration candidates on text-linear's out-of-fold scores of a data folder, each fitted on 4 folds' scores and scored on the 5th.
// Usage: tsx bench/calibration-experiment.ts [--data DIR]   (prints one JSON object)

import { parseArgs } from 'node:util';
import type { DenseMatrix } from '../src/core/dense-matrix.js';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { groupedStratifiedKFold } from '../src/data/splits.js';
import { precisionCoverage } from '../src/evaluation/precision-coverage.js';
import { expectedCalibrationError, logLoss } from '../src/evaluation/probability-metrics.js';
import { SigmoidCalibration, TemperatureCalibration } from '../src/models/linear/calibration.js';
import { IsotonicCalibration, TopLabelRecalibration, VectorScaling } from '../src/models/linear/calibration-maps.js';
import { LinearSVC } from '../src/models/linear/linear-svc.js';
import { softmaxRows } from '../src/models/linear/linear-scores.js';
import { TEXT_LINEAR_DEFAULTS } from '../src/models/text-model-kinds.js';
import { ProductTextVectorizer } from '../src/text/product-text-vectorizer.js';
import { productGroups } from '../src/training/out-of-fold.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname } } });
const folder = await loadChallengeFolder(values.data!);
const { products, labels } = folder.train;
const folds = groupedStratifiedKFold(labels, productGroups(products), 5, 0).map((f) => f.validation);
const t0 = performance.now();
const x = await new ProductTextVectorizer().fitTransform(products);
const featureSeconds = (performance.now() - t0) / 1000;
const t1 = performance.now();
const { scores, yIndex } = await new LinearSVC({ ...TEXT_LINEAR_DEFAULTS, calibration: 'none' }).fitOutOfFoldScores(x, labels, folds);
const svmSeconds = (performance.now() - t1) / 1000;

type Fit = (s: DenseMatrix, y: Int32Array) => { apply(s: DenseMatrix): DenseMatrix };
const candidates: Record<string, Fit> = {
  none: () => ({ apply: softmaxRows }),
  sigmoid: (s, y) => SigmoidCalibration.fit(s, y),
  temperature: (s, y) => TemperatureCalibration.fit(s, y, { bias: false }),
  temperatureBias: (s, y) => TemperatureCalibration.fit(s, y),
  vector: (s, y) => VectorScaling.fit(s, y),
  isotonic: (s, y) => IsotonicCalibration.fit(s, y),
  sigmoidTop: (s, y) => TopLabelRecalibration.fit(SigmoidCalibration.fit(s, y), s, y, 'sigmoid'),
  betaTop: (s, y) => TopLabelRecalibration.fit(SigmoidCalibration.fit(s, y), s, y, 'beta'),
  vectorTop: (s, y) => TopLabelRecalibration.fit(VectorScaling.fit(s, y), s, y, 'sigmoid'),
  vectorBetaTop: (s, y) => TopLabelRecalibration.fit(VectorScaling.fit(s, y), s, y, 'beta'),
};
const results: Record<string, unknown> = {};
for (const [name, fit] of Object.entries(candidates)) {
  const out = scores.selectRows([]);
  const proba = new (out.constructor as typeof DenseMatrix)(scores.rows, scores.cols);
  const started = performance.now();
  for (const [f, held] of folds.entries()) {
    const rows = folds.flatMap((r, g) => (g === f ? [] : Array.from(r)));
    const map = fit(scores.selectRows(rows), Int32Array.from(rows, (i) => yIndex[i]));
    const p = map.apply(scores.selectRows(held));
    held.forEach((row, r) => proba.row(row).set(p.row(r)));
  }
  // Thresholds chosen on 4 folds' calibrated probabilities, applied to the 5th: coverage and realised precision.
  let filed = 0;
  let right = 0;
  for (const [f, held] of folds.entries()) {
    const rows = folds.flatMap((r, g) => (g === f ? [] : Array.from(r)));
    const t = precisionCoverage(proba.selectRows(rows), Int32Array.from(rows, (i) => yIndex[i]), [0.95]).targets[0].threshold ?? 1.01;
    for (const row of held) {
      const p = proba.row(row);
      let best = 0;
      for (let j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
      if (p[best] >= t) {
        filed++;
        if (best === yIndex[row]) right++;
      }
    }
  }
  results[name] = {
    logLoss: logLoss(proba, yIndex),
    ece: expectedCalibrationError(proba, yIndex),
    coverageAt95: filed / scores.rows,
    precisionAt95: right / filed,
    fitSeconds: (performance.now() - started) / 1000 / folds.length,
  };
}
console.log(JSON.stringify({ experiment: 'calibration', n: labels.length, featureSeconds, svmSeconds, results }));
