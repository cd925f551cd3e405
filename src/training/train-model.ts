// Train one model kind on a labelled dataset: split, fit, evaluate on the held-out rows, and write its card.

import type { JsonObject } from '../core/estimator.js';
import { newModelCard, type DataProvenance, type ModelCard } from '../core/model-card.js';
import { silentProgress, type Progress } from '../core/progress.js';
import { dataFingerprint } from '../data/fingerprint.js';
import type { CatalogReading } from '../data/catalog.js';
import type { LabelledProducts, Product } from '../data/product.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { stratifiedSplit } from '../data/splits.js';
import type { ImageIndex } from '../data/image-index.js';
import { evaluationReport, type EvaluationReport } from '../evaluation/evaluation-report.js';
import { precisionCoverage, type PrecisionCoverage } from '../evaluation/precision-coverage.js';
import { categoryThresholds } from '../evaluation/automation.js';
import type { DenseMatrix } from '../core/dense-matrix.js';
import { componentMetrics } from './component-metrics.js';
import { modelKind } from '../models/model-kinds.js';
import type { ProductInput, ProductModel } from '../models/product-model.js';
import '../models/registrations.js';
import { trainWithOutOfFold } from './train-out-of-fold.js';
import { depthThresholdRecord } from './depth-threshold-record.js';

export interface TrainRequest {
  data: LabelledProducts;
  /** The categories `data.labels` are keys of; saved with the model. */
  taxonomy: Taxonomy;
  /** How the label column was read, recorded so that `evaluate` reads new data the same way. */
  reading?: CatalogReading;
  /** Where the data came from, recorded in the card. */
  source: string;
  demo: boolean;
  /** When given, each product carries its image path (or null) for the model kinds that read images. */
  images?: ImageIndex;
  kind: string;
  params?: JsonObject;
  seed: number;
  /** Share of rows held out for validation metrics (0 trains on everything and reports no metrics). Ignored with `folds`. */
  validationFraction: number;
  /**
   * Out-of-fold validation over this many folds (2 or more; `DEFAULT_FOLDS` = 5 is the CLI's default): every row is
   * scored by a fit that never saw it (nor a copy of its title), those predictions give the validation metrics, the
   * precision-coverage thresholds and the calibration, and the saved model is fitted on every row.
   */
  folds?: number;
  /**
   * Products added to the training part only, never to validation (corrections from feedback): the split and
   * the validation rows stay those of `data`, so models trained with and without them compare on the same rows.
   */
  extraTraining?: { inputs: ProductInput[]; labels: Int32Array };
  /**
   * Positions of `data` left out of the training part (likely misfiled products, see `prodclass audit`); validation
   * rows stay, so the card's metrics compare with a model trained on every row. The card records how many were left out.
   */
  excludeFromTraining?: ArrayLike<number>;
  progress?: Progress;
}

export interface TrainResult {
  model: ProductModel;
  /** The request's taxonomy, to save beside the model. */
  taxonomy: Taxonomy;
  card: ModelCard;
  validation: EvaluationReport | null;
}

export const DEFAULT_VALIDATION_FRACTION = 0.1;

/** Products as models read them: text, and the image path when an image index is given. */
export function productInputs(products: readonly Product[], images?: ImageIndex): ProductInput[] {
  return products.map((p) => ({ ...p, image: images ? images.pathOf(p, 'train') : null }));
}

/** The rows a request holds out: recomputable from the seed and fraction, so `evaluate` finds them again. */
export function validationSplit(labels: Int32Array, fraction: number, seed: number): { train: Int32Array; validation: Int32Array } {
  if (fraction === 0) return { train: Int32Array.from(labels.keys()), validation: new Int32Array(0) };
  return stratifiedSplit(labels, fraction, seed);
}

export function pick<T>(items: readonly T[], positions: ArrayLike<number>): T[] {
  return Array.from({ length: positions.length }, (_, i) => items[positions[i]]);
}

export function pickLabels(labels: Int32Array, positions: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: positions.length }, (_, i) => labels[positions[i]]);
}

/** The precision per-category thresholds aim at (the review threshold's). */
export const CATEGORY_TARGET_PRECISION = 0.95;

/**
 * Each category's own 95 %-precision threshold on validation predictions, never below the catalog-wide one (see
 * `categoryThresholds`), as the card's `extra.categoryThresholds` records it.
 */
export function categoryThresholdRecord(proba: DenseMatrix, yIndex: Int32Array, classes: Int32Array, coverage: PrecisionCoverage): JsonObject {
  const global = coverage.targets.find((t) => t.precision === CATEGORY_TARGET_PRECISION)?.threshold ?? null;
  const categories = categoryThresholds(proba, yIndex, classes, CATEGORY_TARGET_PRECISION, global ?? 0);
  return { targetPrecision: CATEGORY_TARGET_PRECISION, categories: categories.map((c) => ({ ...c })) };
}

/**
 * Fits `kind` on the training part of the split and evaluates it on the validation part.
 * The returned card records the data fingerprint, split, parameters, metrics and timings.
 */
export async function trainModel(request: TrainRequest): Promise<TrainResult> {
  if (request.folds !== undefined) return trainWithOutOfFold(request, request.folds);
  const progress = request.progress ?? silentProgress;
  const { products, labels } = request.data;
  const inputs = productInputs(products, request.images);
  const split = validationSplit(labels, request.validationFraction, request.seed);
  const excluded = new Set(Array.from(request.excludeFromTraining ?? []));
  const trainRows = excluded.size > 0 ? split.train.filter((row) => !excluded.has(row)) : split.train;
  const added = request.extraTraining;
  const trainProducts = [...pick(inputs, trainRows), ...(added?.inputs ?? [])];
  const trainLabels = Int32Array.from([...pickLabels(labels, trainRows), ...(added?.labels ?? [])]);
  const model = modelKind(request.kind).create({ seed: request.seed, params: request.params });

  const started = performance.now();
  // Hierarchical kinds learn the tree; flat ones ignore it.
  await model.fit(trainProducts, trainLabels, { progress, hierarchy: request.taxonomy });
  const trainingSeconds = (performance.now() - started) / 1000;

  let validation: EvaluationReport | null = null;
  let components: JsonObject | null = null;
  const extra: JsonObject = {};
  if (model.trainingReport) extra.training = model.trainingReport();
  if (request.excludeFromTraining) extra.excludedSuspects = split.train.length - trainRows.length;
  if (split.validation.length > 0) {
    const task = progress.task('evaluate on validation', split.validation.length);
    const proba = await model.predictProba(pick(inputs, split.validation));
    const top = proba.argmaxRows();
    const predicted = top.map((j) => model.classes[j]);
    const truth = pickLabels(labels, split.validation);
    validation = evaluationReport(truth, predicted, { proba, classes: model.classes, taxonomy: request.taxonomy });
    const yIndex = Int32Array.from(truth, (code) => model.classes.indexOf(code));
    const coverage = precisionCoverage(proba, yIndex);
    extra.precisionCoverage = coverage as unknown as JsonObject;
    extra.categoryThresholds = categoryThresholdRecord(proba, yIndex, model.classes, coverage);
    const byDepth = depthThresholdRecord(request.taxonomy, model.classes, proba, truth, coverage, `the ${split.validation.length} rows of the validation split`);
    if (byDepth) extra.depthThresholds = byDepth;
    // Per-product outcomes, so pages can list the products behind a confusion-matrix cell.
    extra.validationPredictions = {
      index: Array.from(split.validation, (p) => products[p].index),
      truth: Array.from(truth),
      predicted: Array.from(predicted),
      confidence: Array.from(top, (j, i) => Math.round(proba.get(i, j) * 1e4) / 1e4),
    };
    // Multi-part models (multimodal): each part scored on the same rows, side by side.
    components = await componentMetrics(model, pick(inputs, split.validation), truth);
    task.tick(split.validation.length);
    task.done();
  }

  const card = newModelCard({
    kind: request.kind,
    demo: request.demo,
    seed: request.seed,
    data: cardData(request, dataFingerprint(products, labels), model.classes, {
      nTrain: trainProducts.length,
      nValidation: split.validation.length,
      split: { validationFraction: request.validationFraction, seed: request.seed },
      validation: `the ${split.validation.length} rows of a stratified ${request.validationFraction} split (seed ${request.seed}), held out from the saved model`,
    }),
    params: (request.params ?? {}) as JsonObject,
    metrics: validation ? { validation: validation as unknown as JsonObject, ...(components ? { components } : {}) } : {},
    trainingSeconds,
    extra,
  });
  return { model, taxonomy: request.taxonomy, card, validation };
}

/** A card's `data` block: the request's source, taxonomy and reading, with how the rows were split and validated. */
export function cardData(
  request: TrainRequest,
  fingerprint: string,
  classes: Int32Array,
  rows: Pick<DataProvenance, 'nTrain' | 'nValidation' | 'split' | 'validation'>,
): DataProvenance {
  return {
    source: request.source,
    fingerprint,
    ...rows,
    classes: Array.from(classes),
    taxonomy: { name: request.taxonomy.name, categories: request.taxonomy.size, maxDepth: request.taxonomy.maxDepth },
    ...(request.reading ? { reading: { ...request.reading } } : {}),
  };
}
