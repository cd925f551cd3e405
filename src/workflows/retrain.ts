// Learning from feedback: retrain the active model's kind on its data plus the corrected products, gate on weighted F1, activate.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import { silentProgress, type Progress } from '../core/progress.js';
import { loadCatalog, readAsRecorded } from '../data/load-catalog.js';
import { classificationMetrics } from '../evaluation/classification-metrics.js';
import { saveModel } from '../models/model-store.js';
import type { ProductInput } from '../models/product-model.js';
import type { FeedbackWithProduct } from '../storage/feedback-store.js';
import type { Storage } from '../storage/storage.js';
import { diffTaxonomies, type Taxonomy, type TaxonomyMapping } from '../taxonomy/index.js';
import { pick, pickLabels, productInputs, trainModel, validationSplit } from '../training/train-model.js';
import { localModel, registryEntryOf, type ServedModel } from './served-model.js';
import { publishModelFolder } from './model-folders.js';

export interface RetrainOptions {
  storage: Storage;
  /** The application's var folder: feedback image paths are relative to it. */
  varDir: string;
  /** Where the new model folder is written (models/). */
  modelsDir: string;
  /** The model to improve on: the active one. */
  base: ServedModel;
  /** The original data; by default the folder the base model's card names. */
  dataDir?: string;
  /**
   * The data the new model's card names (default: where it was read): a worker reading its fetched copy of the base
   * model's data records the base model's own, so that API hosts find it again for the next audit or retraining.
   */
  recordedSource?: string;
  /** Called with the new model's id when it passes the gate. */
  activate(id: string): Promise<void>;
  progress?: Progress;
  /** Called as the work moves on, for status pages. */
  onStage?(stage: string): void;
  /**
   * Retrain onto a new version of the taxonomy: the original labels and the feedback are mapped to it (`diffTaxonomies`
   * with `mapping`), rows whose category was split or removed are left out (counted in the outcome), and both models
   * are scored in the new version's terms.
   */
  nextTaxonomy?: { taxonomy: Taxonomy; mapping?: TaxonomyMapping };
  /**
   * On a host without the var folder the feedback's photos were uploaded to (a worker): brings the photos `images`
   * (paths relative to `varDir`) there first, and says which it could not; the rows naming those train from their text.
   */
  fetchPhotos?(images: string[]): Promise<ReadonlySet<string>>;
}

/** The activation gate: the new model is activated only when its weighted F1 is not lower, on the same rows. */
export interface RetrainGate extends JsonObject {
  baseModelId: string;
  baseWeightedF1: number;
  newModelId: string;
  newWeightedF1: number;
  /** Rows both were scored on: the base model's split of the original data, or all its rows out-of-fold. */
  validationRows: number;
  passed: boolean;
}

export interface RetrainOutcome extends JsonObject {
  gate: RetrainGate;
  /** With `nextTaxonomy`: original rows and feedback rows left out because their category was split or removed. */
  unmapped: { rows: number; feedback: number } | null;
  /** Products added from feedback (the latest feedback of each prediction). */
  feedbackRows: number;
  modelDir: string;
  activated: boolean;
  trainingSeconds: number;
}

/**
 * Trains a model of the base model's kind and parameters on the original data (the same seeded split) plus
 * every product that received feedback (its latest label, its text and image), scores the new and the base
 * model on the same validation rows (for a model validated out-of-fold: the same seeded folds' out-of-fold
 * predictions of every original row, the feedback added to each fold's training rows; the base model's are in its
 * card), saves and registers the new model, and activates it when its weighted F1
 * is at least the base model's.
 * @throws ProdclassError CONFLICT when there is no feedback; INVALID_INPUT when the base model's card does not
 *   say what data or split it was trained on; DATA_NOT_FOUND when the original data folder is gone (pass `dataDir`).
 */
export async function retrainFromFeedback(options: RetrainOptions): Promise<RetrainOutcome> {
  const stage = options.onStage ?? (() => {});
  const { base, storage } = options;
  const card = base.card;
  if (!card.data) {
    throw new ProdclassError('INVALID_INPUT', `model ${base.id} does not record its training data, so it cannot be retrained; train one with "prodclass train"`);
  }
  const feedback = await storage.feedback.latestPerPrediction();
  // A new taxonomy version is reason enough to retrain; otherwise there would be nothing new to learn.
  if (feedback.length === 0 && !options.nextTaxonomy) {
    throw new ProdclassError('CONFLICT', 'there is no feedback yet: confirm or correct some predictions (Review page or POST /api/feedback) first');
  }
  const dataDir = options.dataDir ?? card.data.source;
  if (!existsSync(dataDir)) {
    throw new ProdclassError('DATA_NOT_FOUND', `model ${base.id} was trained on "${dataDir}", which is not on this machine; give the original data with --data`);
  }
  const { validationFraction, seed, folds } = card.data.split;
  if (!(validationFraction > 0) && folds === undefined) {
    throw new ProdclassError('INVALID_INPUT', `model ${base.id} was trained without a validation split, so a retrained model cannot be compared with it`);
  }
  if (card.seed !== null && card.seed !== seed) {
    throw new ProdclassError('INVALID_INPUT', `model ${base.id} used seed ${card.seed} for the model but ${seed} for the split; retrain it with "prodclass train"`);
  }
  stage('loading the original data');
  const folder = await loadCatalog(dataDir, { taxonomy: base.taxonomy, requireLabels: true, ...readAsRecorded(card.data.reading) });
  // On a new taxonomy version, labels move to their new keys; rows whose category has no single new one are left out.
  let data = folder.train;
  let feedbackRows = feedback;
  let taxonomy = base.taxonomy;
  let mapKey = (key: number): number => key;
  let unmapped: RetrainOutcome['unmapped'] = null;
  if (options.nextTaxonomy) {
    const { keyMap } = diffTaxonomies(base.taxonomy, options.nextTaxonomy.taxonomy, options.nextTaxonomy.mapping);
    mapKey = (key) => keyMap.get(key) ?? -1;
    const kept = Array.from(folder.train.labels.keys()).filter((i) => mapKey(folder.train.labels[i]) >= 0);
    data = { products: pick(folder.train.products, kept), labels: Int32Array.from(kept, (i) => mapKey(folder.train.labels[i])) };
    feedbackRows = feedback.filter((f) => mapKey(f.correctCode) >= 0);
    unmapped = { rows: folder.train.products.length - kept.length, feedback: feedback.length - feedbackRows.length };
    taxonomy = options.nextTaxonomy.taxonomy;
  }
  const added = await feedbackInputs(feedbackRows, options.varDir, options.fetchPhotos);

  stage(`training ${card.kind} on ${data.products.length} products + ${feedbackRows.length} from feedback`);
  const result = await trainModel({
    data,
    taxonomy,
    reading: card.data.reading,
    source: options.recordedSource ?? folder.source,
    demo: folder.demo,
    images: folder.images,
    kind: card.kind,
    params: card.params,
    seed,
    validationFraction,
    folds,
    extraTraining: { inputs: added, labels: Int32Array.from(feedbackRows, (f) => mapKey(f.correctCode)) },
    progress: options.progress ?? silentProgress,
  });

  let baseWeightedF1: number;
  let validationRows: number;
  if (folds !== undefined) {
    // Out-of-fold on both sides: the same seeded folds of the original rows, the base model's predictions from its card.
    stage(`comparing with ${base.id} on the same folds' out-of-fold predictions`);
    const byIndex = outOfFoldByIndex(card.extra.validationPredictions, base.id);
    const predicted = data.products.map((p) => {
      const code = byIndex.get(p.index);
      if (code === undefined) {
        throw new ProdclassError('INVALID_INPUT', `model ${base.id} has no out-of-fold prediction for row ${p.index} of ${dataDir}: the data changed since; train a new model with "prodclass train"`);
      }
      return mapKey(code);
    });
    baseWeightedF1 = classificationMetrics(data.labels, predicted).weightedF1;
    validationRows = data.products.length;
  } else {
    stage(`scoring ${base.id} on the same validation rows`);
    const split = validationSplit(data.labels, validationFraction, seed);
    const truth = pickLabels(data.labels, split.validation);
    const proba = await (await localModel(base)).predictProba(pick(productInputs(data.products, folder.images), split.validation));
    // The base model answers in its own taxonomy: mapped, a category that has no single new one counts as wrong.
    const predicted = Array.from(proba.argmaxRows(), (j) => mapKey(base.classes[j]));
    baseWeightedF1 = classificationMetrics(truth, predicted).weightedF1;
    validationRows = split.validation.length;
  }
  const newWeightedF1 = result.validation!.weightedF1;

  const newModelId = await uniqueModelId(storage, options.modelsDir, result.card.modelId);
  const gate: RetrainGate = {
    baseModelId: base.id,
    baseWeightedF1,
    newModelId,
    newWeightedF1,
    validationRows,
    passed: newWeightedF1 >= baseWeightedF1,
  };
  result.card.modelId = newModelId;
  result.card.extra.retrain = { baseModelId: base.id, feedbackRows: feedbackRows.length, gate, ...(unmapped ? { unmapped } : {}) };

  stage(`saving ${newModelId}`);
  const modelDir = join(resolve(options.modelsDir), newModelId);
  await saveModel(modelDir, result.model, result.card, result.taxonomy);
  await storage.models.upsert(registryEntryOf(result.card, modelDir));
  await publishModelFolder(storage, result.card.modelId, modelDir);
  if (gate.passed) {
    stage(`activating ${newModelId}`);
    await options.activate(newModelId);
  }
  return { gate, feedbackRows: feedbackRows.length, unmapped, modelDir, activated: gate.passed, trainingSeconds: result.card.trainingSeconds ?? 0 };
}

/**
 * The products feedback adds to a retraining: each row's text and photo (its path under `varDir`, where `fetchPhotos`
 * first brings the photos when given; a row whose photo it could not bring has none, and trains from its text).
 * @throws Error as `fetchPhotos`.
 */
export async function feedbackInputs(rows: readonly FeedbackWithProduct[], varDir: string, fetchPhotos?: RetrainOptions['fetchPhotos']): Promise<ProductInput[]> {
  const named = [...new Set(rows.flatMap((f) => (f.image === null ? [] : [f.image])))];
  const unavailable = fetchPhotos && named.length > 0 ? await fetchPhotos(named) : new Set<string>();
  return rows.map((f) => ({
    designation: f.designation,
    description: f.description,
    image: f.image === null || unavailable.has(f.image) ? null : resolve(varDir, f.image),
  }));
}

/** The card's id, or the id with -2, -3, ... when the registry or the models folder already has it. */
async function uniqueModelId(storage: Storage, modelsDir: string, id: string): Promise<string> {
  let candidate = id;
  for (let n = 2; (await storage.models.get(candidate)) || existsSync(join(modelsDir, candidate)); n++) candidate = `${id}-${n}`;
  return candidate;
}

/** The base card's out-of-fold predicted label of each product index. @throws ProdclassError INVALID_INPUT when the card lacks them. */
function outOfFoldByIndex(record: unknown, id: string): Map<number, number> {
  const r = record as { index?: unknown; predicted?: unknown } | undefined;
  if (!r || !Array.isArray(r.index) || !Array.isArray(r.predicted) || r.index.length !== r.predicted.length) {
    throw new ProdclassError('INVALID_INPUT', `model ${id} does not record its out-of-fold predictions, so a retrained model cannot be compared with it; train it again with "prodclass train"`);
  }
  const predicted = r.predicted as unknown[];
  return new Map(r.index.map((index, i) => [index as number, predicted[i] as number]));
}
