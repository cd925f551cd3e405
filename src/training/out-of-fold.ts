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
}

export interface OutOfFoldPredictions {
  /** Column j of `proba` is the probability of category key `classes[j]` (every label seen, ascending). */
  classes: Int32Array;
  /** One row per input, predicted by the fold model that held it out. */
  proba: DenseMatrix;
  /** The fold that held each row out. */
  foldOf: Int32Array;
  folds: Split[];
  /** Seconds spent fitting all fold models. */
  fitSeconds: number;
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
 * A class missing from a fold's training rows gets probability 0 for that fold's rows.
 * @throws ProdclassError DATA_TOO_SMALL when there are fewer title groups than folds; whatever the kind throws.
 */
export async function outOfFoldPredictions(request: OutOfFoldRequest): Promise<OutOfFoldPredictions> {
  const progress = request.progress ?? silentProgress;
  const labels = Int32Array.from(request.labels);
  const k = request.folds ?? DEFAULT_FOLDS;
  const groups = request.groups ?? productGroups(request.inputs);
  const folds = groupedStratifiedKFold(labels, groups, k, request.seed);
  const classes = Int32Array.from(new Set(labels)).sort();
  const column = new Map(Array.from(classes, (c, j) => [c, j]));
  const proba = new DenseMatrix(labels.length, classes.length);
  const foldOf = new Int32Array(labels.length);
  let fitSeconds = 0;
  const task = progress.task('out-of-fold predictions', k);
  for (const [fold, split] of folds.entries()) {
    request.signal?.throwIfAborted();
    const model = modelKind(request.kind).create({ seed: request.seed, params: request.params }) as ProductModel;
    const started = performance.now();
    await model.fit(pick(request.inputs, split.train), pickLabels(labels, split.train), {
      hierarchy: request.hierarchy,
      signal: request.signal,
    });
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
  return { classes, proba, foldOf, folds, fitSeconds };
}
