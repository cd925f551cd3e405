// Training that uses every labelled row twice: out-of-fold predictions for the validation figures, then the saved model fitted on all rows.

import type { JsonObject } from '../core/estimator.js';
import { ProdclassError } from '../core/errors.js';
import { newModelCard } from '../core/model-card.js';
import { silentProgress } from '../core/progress.js';
import { dataFingerprint } from '../data/fingerprint.js';
import { evaluationReport } from '../evaluation/evaluation-report.js';
import { precisionCoverage } from '../evaluation/precision-coverage.js';
import { depthThresholdRecord } from './depth-threshold-record.js';
import { outOfFoldPredictions } from './out-of-fold.js';
import { cardData, categoryThresholdRecord, productInputs, type TrainRequest, type TrainResult } from './train-model.js';

/**
 * `trainModel` with `folds`: out-of-fold probabilities over every row (grouped stratified folds, seeded) give the
 * validation report, the precision-coverage thresholds and the per-product outcomes; the saved model is fitted on
 * every row plus `extraTraining` (which never enters validation). The card says how its figures were obtained.
 * @throws ProdclassError INVALID_PARAM when folds is not an integer >= 2; DATA_TOO_SMALL when there are fewer title
 *   groups than folds; whatever the kind throws.
 */
export async function trainWithOutOfFold(request: TrainRequest, folds: number): Promise<TrainResult> {
  if (!Number.isInteger(folds) || folds < 2) {
    throw new ProdclassError('INVALID_PARAM', `folds must be an integer of at least 2 (5 by default), got ${folds}`);
  }
  const progress = request.progress ?? silentProgress;
  const { products, labels } = request.data;
  const inputs = productInputs(products, request.images);
  const added = request.extraTraining;
  const started = performance.now();
  const oof = await outOfFoldPredictions({
    kind: request.kind,
    params: request.params,
    seed: request.seed,
    inputs,
    labels,
    folds,
    hierarchy: request.taxonomy,
    progress,
    fitFinal: true,
    extra: added,
    excludeFromTraining: request.excludeFromTraining,
  });
  const trainingSeconds = (performance.now() - started) / 1000;
  const model = oof.model!;

  const top = oof.proba.argmaxRows();
  const predicted = Int32Array.from(top, (j) => oof.classes[j]);
  const validation = evaluationReport(labels, predicted, { proba: oof.proba, classes: oof.classes, taxonomy: request.taxonomy });
  const column = new Map(Array.from(oof.classes, (c, j) => [c, j]));
  const extra: JsonObject = {};
  if (model.trainingReport) extra.training = model.trainingReport();
  // Suspects are still predicted out-of-fold (so the figures cover every row) but never trained on.
  const excludedCount = new Set(Array.from(request.excludeFromTraining ?? [])).size;
  if (request.excludeFromTraining) extra.excludedSuspects = excludedCount;
  const yIndex = Int32Array.from(labels, (c) => column.get(c) ?? -1);
  const coverage = precisionCoverage(oof.proba, yIndex);
  extra.precisionCoverage = coverage as unknown as JsonObject;
  extra.categoryThresholds = categoryThresholdRecord(oof.proba, yIndex, oof.classes, coverage);
  const byDepth = depthThresholdRecord(request.taxonomy, oof.classes, oof.proba, labels, coverage, `out-of-fold predictions of all ${products.length} rows`);
  if (byDepth) extra.depthThresholds = byDepth;
  extra.validationPredictions = {
    index: products.map((p) => p.index),
    truth: Array.from(labels),
    predicted: Array.from(predicted),
    confidence: Array.from(top, (j, i) => Math.round(oof.proba.get(i, j) * 1e4) / 1e4),
    fold: Array.from(oof.foldOf),
  };
  const how =
    oof.method === 'shared-features'
      ? 'text features (vocabulary and idf, which read no labels) fitted once on every row, the classifier and its calibration per fold'
      : 'the whole model fitted on each fold';
  const card = newModelCard({
    kind: request.kind,
    demo: request.demo,
    seed: request.seed,
    data: cardData(request, dataFingerprint(products, labels), model.classes, {
      nTrain: products.length - excludedCount + (added?.inputs.length ?? 0),
      nValidation: products.length,
      split: { validationFraction: 0, seed: request.seed, folds },
      validation:
        `out-of-fold: each of the ${products.length} rows predicted by a model fitted on the other ${folds - 1} of ${folds} ` +
        `folds (stratified, seed ${request.seed}, copies of a title kept in one fold; ${how}); the saved model is fitted on every row`,
    }),
    params: (request.params ?? {}) as JsonObject,
    metrics: { validation: validation as unknown as JsonObject },
    trainingSeconds,
    extra,
  });
  return { model, taxonomy: request.taxonomy, card, validation };
}
