// Out-of-fold probabilities: every labelled row scored by a model that never saw it (nor a copy of it), so the
// whole training set can serve for validation metrics, thresholds, calibration and label audits.

import type { JsonObject, LabelHierarchy, Labels } from '../core/estimator.js';
import { DenseMatrix } from '../core/dense-matrix.js';
import { silentProgress, type Progress } from '../core/progress.js';
import type { ProductText } from '../data/product.js';
import { groupedStratifiedKFold, type Split } from '../data/splits.js';
import { modelKind } from '../models/model-kinds.js';
import type { ProductInput, ProductModel } from '../models/product-model.js';
import { cleanText } from '../text/clean.js';
import { duplicateKey } from '../text/duplicate-key.js';
import { pick, pickLabels } from './train-model.js';

export const DEFAULT_FOLDS = 5;

export interface OutOfFoldRequest {
  kind: string;
  params?: JsonObject;
  seed: number;
  inputs: readonly ProductInput[];
  labels: Labels;
  /** Number of folds (default 5). */
  folds?: number;
  /** One group id per row (see `productGroups`); rows of one group share a fold. Default: the title groups. */
  groups?: ArrayLike<number>;
  hierarchy?: LabelHierarchy;
  progress?: Progress;
  signal?: AbortSignal;
  /** Called with each fold's fitted model and the rows it held out (to explain them), before the next fold. */
  onFold?: (fold: number, model: ProductModel, split: Split) => void | Promise<void>;
  /** Also fit a model on every row (plus `extra`), returned as `model`: in the same pass when the kind can share work. */
  fitFinal?: boolean;
  /** Rows predicted like the others but never trained on, by the folds or the final model (suspected wrong labels). */
  excludeFromTraining?: ArrayLike<number>;
  /** Rows added to every fold's training rows and to the final model's, never scored (corrections from feedback). */
  extra?: { inputs: readonly ProductInput[]; labels: Labels };
}

export interface OutOfFoldPredictions {
  /** Column j of `proba` is the probability of category key `classes[j]` (every label seen, ascending). */
  classes: Int32Array;
  /** One row per input, predicted by the fold model that held it out. */
  proba: DenseMatrix;
  /** The fold that held each row out. */
  foldOf: Int32Array;
  folds: Split[];
  /** Seconds spent fitting all fold models (and the final one, when fitted in the same pass). */
  fitSeconds: number;
  /** With `fitFinal`: the model fitted on every row (and the extra rows). */
  model?: ProductModel;
  /**
   * How the folds were fitted: 'per-fold' (the whole model fitted on each fold's training rows) or 'shared-features'
   * (text features fitted once on every row, labels unread; the classifier fitted per fold).
   */
  method: 'per-fold' | 'shared-features';
}

/**
 * Group ids under which copies of one product share a fold: rows whose titles have the same words (whatever the
 * case, accents, punctuation or order; see `duplicateKey`) get the same id; a row without words is its own group.
 */
export function productGroups(products: readonly ProductText[]): Int32Array {
  const idOfKey = new Map<string, number>();
  return Int32Array.from(products, (product, row) => {
    const key = duplicateKey(cleanText(product.designation));
    if (key === '') return -1 - row;
    let id = idOfKey.get(key);
    if (id === undefined) {
      id = idOfKey.size;
      idOfKey.set(key, id);
    }
    return id;
  });
}

/**
 * Fits `kind` once per fold (seeded, stratified, copies kept together) and predicts each held-out row.
 * A class missing from a fold's training rows gets probability 0 for that fold's rows. With `fitFinal`, a kind that
 * can share work (`canFitOutOfFold`: text features with a linear SVM) fits its features once on every row and its
 * folds and final model in one pool of problems; the final model's columns are then the out-of-fold columns.
 * @throws ProdclassError DATA_TOO_SMALL when there are fewer title groups than folds; whatever the kind throws.
 */
export async function outOfFoldPredictions(request: OutOfFoldRequest): Promise<OutOfFoldPredictions> {
  const progress = request.progress ?? silentProgress;
  const labels = Int32Array.from(request.labels);
  const k = request.folds ?? DEFAULT_FOLDS;
  const groups = request.groups ?? productGroups(request.inputs);
  const folds = groupedStratifiedKFold(labels, groups, k, request.seed);
  const extraLabels = Int32Array.from(request.extra?.labels ?? []);
  const create = () => modelKind(request.kind).create({ seed: request.seed, params: request.params }) as ProductModel;
  const final = request.fitFinal ? create() : null;
  const excluded = new Set(Array.from(request.excludeFromTraining ?? []));
  const trainable = (rows: Int32Array) => (excluded.size > 0 ? rows.filter((row) => !excluded.has(row)) : rows);
  // The shared pass trains each fold on all rows outside it: it cannot leave rows out, so exclusions take the per-fold path.
  if (final?.canFitOutOfFold && final.fitOutOfFold && excluded.size === 0) {
    // One pass: features once over every row, then the folds' and the final classifier's problems together.
    const inputs = [...request.inputs, ...(request.extra?.inputs ?? [])];
    const all = Int32Array.from([...labels, ...extraLabels]);
    const started = performance.now();
    const task = progress.task('out-of-fold and final fit', 1);
    const full = await final.fitOutOfFold(inputs, all, folds.map((f) => f.validation), { hierarchy: request.hierarchy, signal: request.signal });
    task.tick(1);
    task.done();
    const foldOf = new Int32Array(labels.length);
    folds.forEach((split, fold) => split.validation.forEach((row) => (foldOf[row] = fold)));
    const proba = full.rows === labels.length ? full : full.selectRows(Int32Array.from(labels.keys()));
    return { classes: final.classes, proba, foldOf, folds, fitSeconds: (performance.now() - started) / 1000, model: final, method: 'shared-features' };
  }
  const classes = Int32Array.from(new Set([...labels, ...extraLabels])).sort();
  const column = new Map(Array.from(classes, (c, j) => [c, j]));
  const proba = new DenseMatrix(labels.length, classes.length);
  const foldOf = new Int32Array(labels.length);
  let fitSeconds = 0;
  const task = progress.task('out-of-fold predictions', k);
  for (const [fold, split] of folds.entries()) {
    request.signal?.throwIfAborted();
    const model = create();
    const started = performance.now();
    const trainRows = trainable(split.train);
    const trainInputs = [...pick(request.inputs, trainRows), ...(request.extra?.inputs ?? [])];
    const trainLabels = Int32Array.from([...pickLabels(labels, trainRows), ...extraLabels]);
    await model.fit(trainInputs, trainLabels, { hierarchy: request.hierarchy, signal: request.signal });
    fitSeconds += (performance.now() - started) / 1000;
    const foldProba = await model.predictProba(pick(request.inputs, split.validation));
    const columns = Array.from(model.classes, (c) => column.get(c)!);
    split.validation.forEach((row, i) => {
      foldOf[row] = fold;
      const from = foldProba.row(i);
      const to = proba.row(row);
      for (let j = 0; j < columns.length; j++) to[columns[j]] = from[j];
    });
    await request.onFold?.(fold, model, split);
    task.tick(1);
  }
  task.done();
  if (final) {
    request.signal?.throwIfAborted();
    const started = performance.now();
    const rows = trainable(Int32Array.from(labels.keys()));
    await final.fit([...pick(request.inputs, rows), ...(request.extra?.inputs ?? [])], Int32Array.from([...pickLabels(labels, rows), ...extraLabels]), {
      hierarchy: request.hierarchy,
      signal: request.signal,
      progress,
    });
    fitSeconds += (performance.now() - started) / 1000;
    return { classes, proba, foldOf, folds, fitSeconds, model: final, method: 'per-fold' };
  }
  return { classes, proba, foldOf, folds, fitSeconds, method: 'per-fold' };
}
