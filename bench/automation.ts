// Benchmark: how much of unseen products the default model files automatically at its own 95 % threshold, and how right, beside scikit-learn.
// Usage: tsx bench/automation.ts [--data DIR] [--folds 5] [--seed 0] [--kind KIND] [--params JSON]   (prints one JSON object)
//
// On each of 5 seeded folds of the data (stratified, copies of a title kept together), the default model is trained as
// `prodclass train` trains it (out-of-fold thresholds and calibration on the training rows, then fitted on all of
// them) and scored on the held-out fold: coverage and realised precision at its own 90/95/98 % thresholds, top-label
// ECE (15 bins), weighted F1, training time; `ours.pooled` gives ECE, mean confidence, accuracy and weighted F1 over
// every fold's held-out predictions together (a 928-row fold's ECE carries much bin noise). The reference, in the same
// run on the same folds: scikit-learn's CalibratedClassifierCV(LinearSVC) given its best threshold on the held-out
// fold itself (hindsight, so a generous bar) for the precision our model realised; and the plain TF-IDF + LinearSVC
// fit time, the training-time bar.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { JsonObject } from '../src/core/json.js';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { groupedStratifiedKFold } from '../src/data/splits.js';
import { classificationMetrics } from '../src/evaluation/classification-metrics.js';
import { topLabelCalibrationError } from '../src/evaluation/probability-metrics.js';
import '../src/models/registrations.js';
import { defaultModelKind } from '../src/models/text-model-kinds.js';
import { productGroups } from '../src/training/out-of-fold.js';
import { pick, pickLabels, productInputs, trainModel } from '../src/training/train-model.js';
import { pythonHas, runPythonJson } from './python-reference.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    folds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '0' },
    /** The model kind measured (the default model's unless given). */
    kind: { type: 'string' },
    /** The kind's parameters, as `prodclass train --params` takes them (JSON). */
    params: { type: 'string' },
    /** Run only the first N folds (a quicker look; the reported figures are over the folds run). */
    limit: { type: 'string' },
  },
});
const folder = await loadChallengeFolder(values.data!);
const { products, labels } = folder.train;
const inputs = productInputs(products);
/** The kind measured: the one `prodclass train` fits on this catalog unless --kind names another. */
const kind = values.kind ?? defaultModelKind(folder.train);
const folds = groupedStratifiedKFold(labels, productGroups(products), Number(values.folds), Number(values.seed)).slice(0, values.limit ? Number(values.limit) : undefined);

interface ReferenceFold {
  plainFitSeconds: number;
  calibratedFitSeconds: number;
  confidence: number[];
  predicted: number[];
}
const withReference = !process.env.BENCH_NO_PYTHON && pythonHas('sklearn', 'scipy');
const foldsFile = join(mkdtempSync(join(tmpdir(), 'prodclass-bench-')), 'folds.json');
writeFileSync(foldsFile, JSON.stringify({ validation: folds.map((f) => Array.from(f.validation)) }));
const pipelines = { plain: '', calibrated: '' };
/** The reference on fold f, run just before ours on the same fold so that both see the same machine load. */
function referenceFold(f: number): ReferenceFold | null {
  if (!withReference) return null;
  const out = runPythonJson<{ plain: string; calibrated: string; folds: ReferenceFold[] }>(new URL('./automation-sklearn.py', import.meta.url).pathname, [
    values.data!,
    foldsFile,
    String(f),
  ]);
  Object.assign(pipelines, { plain: out.plain, calibrated: out.calibrated });
  return out.folds[0];
}

/** Share filed and their precision when every product at or above `threshold` is filed. */
function filedAt(confidence: ArrayLike<number>, correct: ArrayLike<boolean>, threshold: number | null): { coverage: number; precision: number | null } {
  let filed = 0;
  let right = 0;
  for (let i = 0; i < confidence.length; i++) {
    if (threshold !== null && confidence[i] >= threshold) {
      filed++;
      if (correct[i]) right++;
    }
  }
  return { coverage: filed / confidence.length, precision: filed > 0 ? right / filed : null };
}

/** The largest share that could be filed at precision >= p with the threshold chosen on these very rows (hindsight). */
function bestCoverageAt(confidence: ArrayLike<number>, correct: ArrayLike<boolean>, p: number): number {
  const order = Array.from({ length: confidence.length }, (_, i) => i).sort((a, b) => confidence[b] - confidence[a]);
  let right = 0;
  let best = 0;
  for (let r = 0; r < order.length; r++) {
    if (correct[order[r]]) right++;
    if (r + 1 < order.length && confidence[order[r + 1]] === confidence[order[r]]) continue;
    if (right / (r + 1) >= p) best = (r + 1) / order.length;
  }
  return best;
}

const perFold = [];
/** Every fold's held-out predictions, pooled: ECE over all of them carries far less of a small sample's bin noise. */
const pooled = { truth: [] as number[], predicted: [] as number[], confidence: [] as number[], correct: [] as boolean[] };
for (const [f, split] of folds.entries()) {
  const r = referenceFold(f);
  const started = performance.now();
  const { model, card } = await trainModel({
    data: { products: pick(products, split.train), labels: pickLabels(labels, split.train) },
    taxonomy: folder.taxonomy,
    source: folder.source,
    demo: false,
    kind,
    params: values.params ? (JSON.parse(values.params) as JsonObject) : undefined,
    seed: 42,
    validationFraction: 0,
    folds: 5,
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const truth = pickLabels(labels, split.validation);
  const proba = await model.predictProba(pick(inputs, split.validation));
  const top = proba.argmaxRows();
  const confidence = Array.from(top, (j, i) => proba.get(i, j));
  const predicted = Array.from(top, (j) => model.classes[j]);
  const correct = predicted.map((c, i) => c === truth[i]);
  pooled.truth.push(...truth);
  pooled.predicted.push(...predicted);
  pooled.confidence.push(...confidence);
  pooled.correct.push(...correct);
  const targets = (card.extra.precisionCoverage as { targets: { precision: number; threshold: number | null }[] }).targets;
  const own = targets.map((t) => ({ targetPrecision: t.precision, threshold: t.threshold, ...filedAt(confidence, correct, t.threshold) }));
  const at95 = own.find((t) => t.targetPrecision === 0.95)!;
  const ours = {
    trainSeconds,
    weightedF1: classificationMetrics(truth, predicted).weightedF1,
    ece: topLabelCalibrationError(confidence, correct),
    automation: own,
    hindsightCoverageAt95: bestCoverageAt(confidence, correct, 0.95),
  };
  let ref = null;
  if (r) {
    const refCorrect = r.predicted.map((c, i) => c === truth[i]);
    ref = {
      plainFitSeconds: r.plainFitSeconds,
      calibratedFitSeconds: r.calibratedFitSeconds,
      weightedF1: classificationMetrics(truth, r.predicted).weightedF1,
      ece: topLabelCalibrationError(r.confidence, refCorrect),
      // At the precision our model realised at its own 95 % threshold, with its best threshold in hindsight.
      coverageAtOurPrecision: at95.precision === null ? 0 : bestCoverageAt(r.confidence, refCorrect, at95.precision),
      hindsightCoverageAt95: bestCoverageAt(r.confidence, refCorrect, 0.95),
    };
  }
  perFold.push({ fold: f, n: split.validation.length, ours, reference: ref });
  process.stderr.write(`fold ${f}: ${JSON.stringify(perFold[perFold.length - 1])}\n`);
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const ours95 = perFold.map((p) => p.ours.automation.find((t) => t.targetPrecision === 0.95)!);
const summary = {
  coverageAt95: mean(ours95.map((t) => t.coverage)),
  precisionAt95: mean(ours95.map((t) => t.precision ?? 0)),
  ece: mean(perFold.map((p) => p.ours.ece)),
  weightedF1: mean(perFold.map((p) => p.ours.weightedF1)),
  trainSeconds: mean(perFold.map((p) => p.ours.trainSeconds)),
  hindsightCoverageAt95: mean(perFold.map((p) => p.ours.hindsightCoverageAt95)),
  pooled: {
    ece: topLabelCalibrationError(pooled.confidence, pooled.correct),
    meanConfidence: mean(pooled.confidence),
    accuracy: pooled.correct.filter(Boolean).length / pooled.correct.length,
    weightedF1: classificationMetrics(Int32Array.from(pooled.truth), pooled.predicted).weightedF1,
  },
};
const refs = perFold.map((p) => p.reference).filter((r) => r !== null);
const referenceSummary = refs.length
  ? {
      coverageAtOurPrecision: mean(refs.map((r) => r.coverageAtOurPrecision)),
      hindsightCoverageAt95: mean(refs.map((r) => r.hindsightCoverageAt95)),
      ece: mean(refs.map((r) => r.ece)),
      weightedF1: mean(refs.map((r) => r.weightedF1)),
      plainFitSeconds: mean(refs.map((r) => r.plainFitSeconds)),
      calibratedFitSeconds: mean(refs.map((r) => r.calibratedFitSeconds)),
    }
  : null;
console.log(
  JSON.stringify({
    benchmark: 'automation',
    kind,
    params: values.params ? JSON.parse(values.params) : null,
    data: folder.source,
    n: labels.length,
    folds: perFold.length,
    ours: summary,
    reference: referenceSummary ? { pipeline: pipelines.calibrated, plainPipeline: pipelines.plain, ...referenceSummary } : null,
    coverageGain: referenceSummary ? summary.coverageAt95 - referenceSummary.coverageAtOurPrecision : null,
    trainTimeRatio: referenceSummary ? summary.trainSeconds / referenceSummary.plainFitSeconds : null,
    perFold,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
