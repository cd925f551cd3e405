// Cross-validation of one model kind: fit on each fold's training rows, score its held-out rows, time both.

import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelHierarchy, Labels } from '../core/estimator.js';
import type { JsonObject } from '../core/estimator.js';
import { newModelCard } from '../core/model-card.js';
import { writeModelFolder } from '../core/model-folder.js';
import type { Progress } from '../core/progress.js';
import type { Split } from '../data/splits.js';
import { classificationMetrics } from '../evaluation/classification-metrics.js';
import { Pipeline, type AnyClassifier, type AnyTransformer } from '../models/compose/pipeline.js';
import { modelKind } from '../models/model-kinds.js';
import type { ProductInput, ProductModel } from '../models/product-model.js';
import { pick, pickLabels } from './train-model.js';

export interface FoldResult {
  fold: number;
  weightedF1: number;
  macroF1: number;
  accuracy: number;
  fitSeconds: number;
  predictSeconds: number;
  /** Size of the fold's model folder on disk (manifest, weights, strings), when measured. */
  modelBytes: number | null;
}

export interface CrossValidateRequest {
  kind: string;
  params?: JsonObject;
  seed: number;
  inputs: readonly ProductInput[];
  labels: Labels;
  folds: readonly Split[];
  /** Reuse fitted transformer steps across calls (tune); leave out to time every step honestly (compare). */
  cache?: PrefixCache;
  /** Save each fold's model to a temporary folder to measure its size. */
  measureSize?: boolean;
  /** Called after each fold; return false to stop (pruning). */
  onFold?: (result: FoldResult, done: readonly FoldResult[]) => boolean | Promise<boolean>;
  progress?: Progress;
  signal?: AbortSignal;
  /** The category tree, for hierarchical kinds (flat ones ignore it). */
  hierarchy?: LabelHierarchy;
}

/**
 * Fits `kind` on each fold's training rows and scores its validation rows (weighted F1, macro F1, accuracy).
 * fitSeconds covers the whole pipeline's fit (features included, unless a cache supplied them); predictSeconds
 * covers predictProba on the held-out rows. Stops early when `onFold` returns false.
 * @throws whatever the model kind throws (INVALID_PARAM for a bad parameter, ...).
 */
export async function crossValidate(request: CrossValidateRequest): Promise<FoldResult[]> {
  const results: FoldResult[] = [];
  for (const [fold, split] of request.folds.entries()) {
    request.signal?.throwIfAborted();
    const model = modelKind(request.kind).create({ seed: request.seed, params: request.params });
    const trainX = pick(request.inputs, split.train);
    const trainY = pickLabels(request.labels, split.train);
    const valX = pick(request.inputs, split.validation);
    const valY = pickLabels(request.labels, split.validation);
    const options = { progress: request.progress, signal: request.signal, hierarchy: request.hierarchy };
    let fitSeconds: number;
    let predictSeconds: number;
    let proba;
    const started = performance.now();
    if (request.cache && model instanceof Pipeline) {
      const prefix = await request.cache.transform(model, fold, trainX, trainY, valX, options);
      const classifier = model.classifier as AnyClassifier;
      await classifier.fit(prefix.train, trainY, options);
      fitSeconds = (performance.now() - started) / 1000;
      const t = performance.now();
      proba = await classifier.predictProba(prefix.validation);
      predictSeconds = (performance.now() - t) / 1000;
    } else {
      await model.fit(trainX, trainY, options);
      fitSeconds = (performance.now() - started) / 1000;
      const t = performance.now();
      proba = await model.predictProba(valX);
      predictSeconds = (performance.now() - t) / 1000;
    }
    const classes = (model as ProductModel).classes;
    const predicted = Int32Array.from(proba.argmaxRows(), (j) => classes[j]);
    const m = classificationMetrics(valY, predicted);
    const result: FoldResult = {
      fold,
      weightedF1: m.weightedF1,
      macroF1: m.macroF1,
      accuracy: m.accuracy,
      fitSeconds,
      predictSeconds,
      modelBytes: request.measureSize ? await savedSize(model as ProductModel, request.kind) : null,
    };
    results.push(result);
    if (request.onFold && (await request.onFold(result, results)) === false) break;
  }
  return results;
}

/**
 * Fitted transformer prefixes of pipelines, by fold and by the steps' kinds and parameters: trials that differ
 * only in the classifier reuse the TF-IDF features (and selections) of each fold. Least recently used entries
 * beyond `maxEntries` are dropped.
 */
export class PrefixCache {
  private readonly entries = new Map<string, { train: unknown; validation: unknown }>();

  constructor(private readonly maxEntries = 16) {}

  get size(): number {
    return this.entries.size;
  }

  /** The classifier's inputs for a fold: every transformer of `pipeline` fitted on trainX (or found cached). */
  async transform(
    pipeline: Pipeline<unknown>,
    fold: number,
    trainX: unknown,
    trainY: Labels,
    valX: unknown,
    options: { progress?: Progress; signal?: AbortSignal },
  ): Promise<{ train: unknown; validation: unknown }> {
    let current = { train: trainX, validation: valX };
    const prefix: unknown[] = [];
    for (const [name, step] of pipeline.steps.slice(0, -1)) {
      prefix.push([name, step.kind, step.params]);
      const key = `${fold}:${JSON.stringify(prefix)}`;
      const hit = this.entries.get(key);
      if (hit) {
        this.entries.delete(key);
        this.entries.set(key, hit);
        current = hit;
        continue;
      }
      const transformer = step as AnyTransformer;
      const train = await transformer.fitTransform(current.train, { ...options, y: trainY });
      current = { train, validation: transformer.transform(current.validation) };
      this.entries.set(key, current);
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return current;
  }
}

async function savedSize(model: ProductModel, kind: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'prodclass-size-'));
  try {
    // The model's own files: its taxonomy is the data's, the same size for every kind compared.
    await writeModelFolder(join(dir, 'model'), model.getState(), newModelCard({ kind }));
    let bytes = 0;
    for (const name of await readdir(join(dir, 'model'))) bytes += (await stat(join(dir, 'model', name))).size;
    return bytes;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Mean and (population) standard deviation of a list. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: NaN, std: NaN };
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}
