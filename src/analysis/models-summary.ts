// The Models page's and the report's data: each saved model's card, size, latency, confusions, curves and tuning, side by side.

import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isProdclassError, ProdclassError } from '../core/errors.js';
import type { Json, JsonObject } from '../core/estimator.js';
import { MANIFEST_FILE, readManifest } from '../core/model-folder.js';
import { silentProgress, type Progress } from '../core/progress.js';
import type { ImageIndex } from '../data/image-index.js';
import type { Product } from '../data/product.js';
import { classificationMetrics } from '../evaluation/classification-metrics.js';
import type { EvaluationReport } from '../evaluation/evaluation-report.js';
import type { PrecisionCoverage } from '../evaluation/evaluation-types.js';
import { loadModel, readModelTaxonomy } from '../models/model-store.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { cardLatency, measureLatency, type LatencyOptions } from './model-latency.js';
import { misclassifications, topConfusions } from './model-confusions.js';
import type { ModelComparisonRow, ModelSummary, ModelsSummary, PredictLatency, TuneHistory } from './models-summary-types.js';
import { findTrainingCurves } from './training-curves.js';
import { findTuneHistory, readTuneLog } from './tune-history.js';

export type { ModelComparisonRow, ModelMetrics, ModelSummary, ModelsSummary } from './models-summary-types.js';

export const MODELS_SUMMARY_VERSION = 1;

export interface SummarizeModelsOptions {
  /** The analysed data: products to time predictions on, and titles for misclassified products. */
  data?: { products: readonly Product[]; labels: Int32Array; images?: ImageIndex | null; fingerprint: string };
  /** Measure latency (default: when data is given and the card records none). */
  measureLatency?: boolean;
  latency?: LatencyOptions;
  /** A tune log for models whose kind it names (or for every model without one when it names none). */
  tuneLog?: string;
  /** Misclassified products kept per confusion cell (default 10). */
  misclassifiedPerCell?: number;
  progress?: Progress;
}

/**
 * Model folders under `root`: itself when it holds a manifest, else each sub-folder that does (sorted).
 * @throws ProdclassError DATA_NOT_FOUND when `root` is not a folder.
 */
export async function findModelDirs(root: string): Promise<string[]> {
  const dir = resolve(root);
  if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new ProdclassError('DATA_NOT_FOUND', `no models folder at ${dir}`);
  if (await isFile(join(dir, MANIFEST_FILE))) return [dir];
  const entries = await readdir(dir, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (await isFile(join(dir, entry.name, MANIFEST_FILE))) found.push(join(dir, entry.name));
  }
  return found;
}

/**
 * Summarises each model folder from its manifest (no weights loaded), plus its size on disk, its latency
 * (loading it when measured) and any tune log. A folder that cannot be read is listed in `skipped`.
 * @throws ProdclassError for an unreadable `tuneLog` file.
 */
export async function summarizeModels(dirs: readonly string[], options: SummarizeModelsOptions = {}): Promise<ModelsSummary> {
  const progress = options.progress ?? silentProgress;
  const sharedTune = options.tuneLog ? await readTuneLog(options.tuneLog) : null;
  const models: ModelSummary[] = [];
  const skipped: ModelsSummary['skipped'] = [];
  const task = progress.task('summarise models', dirs.length);
  for (const raw of dirs) {
    const dir = resolve(raw);
    try {
      const summary = await summarizeModel(dir, options);
      if (sharedTune && (sharedTune.kind === summary.kind || (sharedTune.kind === null && summary.tune === null))) summary.tune = sharedTune;
      models.push(summary);
    } catch (error) {
      if (!isProdclassError(error)) throw error;
      skipped.push({ dir, code: error.code, message: error.message });
    }
    task.tick();
  }
  task.done();
  models.sort((a, b) => (b.metrics?.weightedF1 ?? -1) - (a.metrics?.weightedF1 ?? -1) || (a.id < b.id ? -1 : 1));
  return {
    format: 'prodclass-models-summary',
    version: MODELS_SUMMARY_VERSION,
    createdAt: new Date().toISOString(),
    models,
    comparison: models.map(comparisonRow),
    skipped,
  };
}

async function summarizeModel(dir: string, options: SummarizeModelsOptions): Promise<ModelSummary> {
  const { card } = await readManifest(dir);
  const notes: string[] = [];
  const validation = card.metrics.validation as unknown as EvaluationReport | undefined;
  const valid = validation !== undefined && typeof validation?.weightedF1 === 'number';
  const data = options.data;
  const sameData = data ? card.data?.fingerprint === data.fingerprint : null;

  let latency = cardLatency(card.extra);
  if (latency === null && (options.measureLatency ?? data !== undefined)) {
    if (!data || data.products.length === 0) notes.push('latency not measured: no data given to time predictions on');
    else latency = await timeModel(dir, data, options.latency, notes);
  }

  const titles = sameData ? titleIndex(data!.products) : null;
  let tune: TuneHistory | null = null;
  try {
    tune = await findTuneHistory(dir, card.extra);
  } catch (error) {
    if (!isProdclassError(error)) throw error;
    notes.push(`tune log unreadable: ${error.message}`);
  }
  const confusion = valid ? validation.confusion : null;
  const taxonomy = await readModelTaxonomy(dir);
  const name = (code: number, language: 'en' | 'fr') => taxonomy.nameOf(code, language);
  // Cards written before reports kept the largest confusions carry only the dense matrix.
  const largest = valid ? validation.largestConfusions : undefined;
  return {
    dir,
    id: card.modelId,
    kind: card.kind,
    createdAt: card.createdAt,
    demo: card.demo,
    codeVersion: card.codeVersion,
    data: card.data,
    sameData,
    metrics: valid
      ? {
          n: validation.n,
          weightedF1: validation.weightedF1,
          macroF1: validation.macroF1,
          accuracy: validation.accuracy,
          logLoss: validation.probability?.logLoss ?? null,
          ece: validation.probability?.ece ?? null,
        }
      : null,
    trainingSeconds: card.trainingSeconds,
    sizeBytes: await folderBytes(dir),
    latency,
    perClass: valid ? validation.perClass.map((c) => ({ ...c, name: name(c.code, 'en'), nameFr: name(c.code, 'fr') })) : [],
    confusion: confusion
      ? {
          labels: confusion.labels,
          namesEn: confusion.labels.map((c) => name(c, 'en')),
          namesFr: confusion.labels.map((c) => name(c, 'fr')),
          counts: confusion.counts,
        }
      : null,
    topConfusions: largest ? largest.slice(0, 20) : confusion ? topConfusions(confusion.labels, confusion.counts) : [],
    confusionsByDepth: confusionsByDepth(taxonomy, card.extra.validationPredictions),
    misclassified: misclassifications(card.extra.validationPredictions, options.misclassifiedPerCell ?? 10, titles),
    precisionCoverage: (card.extra.precisionCoverage as unknown as PrecisionCoverage | undefined) ?? null,
    alwaysReviewed: ((card.extra.categoryThresholds as { categories?: { code: number; threshold: number | null; predicted: number }[] } | undefined)?.categories ?? [])
      .filter((c) => c.threshold === null)
      .map((c) => ({ code: c.code, name: name(c.code, 'en'), nameFr: name(c.code, 'fr'), predicted: c.predicted })),
    depthThresholds: (card.extra.depthThresholds as unknown as ModelSummary['depthThresholds'] | undefined) ?? null,
    curves: findTrainingCurves(card.extra),
    tune,
    components: (card.metrics.components as JsonObject | undefined) ?? null,
    params: card.params,
    notes,
  };
}

/** Loads the model and times it on the first products; a model that cannot load or predict gets a note, not an error. */
async function timeModel(dir: string, data: NonNullable<SummarizeModelsOptions['data']>, options: LatencyOptions | undefined, notes: string[]): Promise<PredictLatency | null> {
  try {
    const { model } = await loadModel(dir);
    const inputs = data.products.slice(0, 256).map((p) => ({ ...p, image: data.images ? data.images.pathOf(p, 'train') : null }));
    return await measureLatency(model, inputs, options);
  } catch (error) {
    notes.push(`latency not measured: ${(error as Error).message}`);
    return null;
  }
}

function comparisonRow(m: ModelSummary): ModelComparisonRow {
  const at95 = m.precisionCoverage?.targets?.find((t) => Math.abs(t.precision - 0.95) < 1e-9);
  return {
    id: m.id,
    kind: m.kind,
    weightedF1: m.metrics?.weightedF1 ?? null,
    macroF1: m.metrics?.macroF1 ?? null,
    accuracy: m.metrics?.accuracy ?? null,
    trainingSeconds: m.trainingSeconds,
    sizeBytes: m.sizeBytes,
    latencyP50Ms: m.latency?.singleMs.p50 ?? null,
    batchProductsPerSecond: m.latency?.batchProductsPerSecond ?? null,
    automatedAt95: at95 ? (at95.threshold === null ? 0 : at95.coverage) : null,
  };
}

function titleIndex(products: readonly Product[]): (index: number) => string | undefined {
  const byIndex = new Map<number, string>();
  for (const p of products) byIndex.set(p.index, p.designation);
  return (index) => byIndex.get(index);
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/** Per depth above the leaves, the 20 largest confusions of the card's validation predictions, both sides cut to that depth. */
function confusionsByDepth(taxonomy: Taxonomy, value: Json | undefined): ModelSummary['confusionsByDepth'] {
  if (!taxonomy.isTree || value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return [];
  const { truth, predicted } = value as { truth?: unknown; predicted?: unknown };
  if (!Array.isArray(truth) || !Array.isArray(predicted) || truth.length !== predicted.length || truth.length === 0) return [];
  const out: ModelSummary['confusionsByDepth'] = [];
  for (let depth = 1; depth < taxonomy.maxDepth; depth++) {
    const cut = (keys: unknown[]) => Int32Array.from(keys, (k) => (taxonomy.has(Number(k)) ? taxonomy.atDepth(Number(k), depth) : Number(k)));
    const confusions = classificationMetrics(cut(truth), cut(predicted))
      .confusions.slice(0, 20)
      .map((c) => ({ ...c, truthName: taxonomy.pathString(c.truth), predictedName: taxonomy.pathString(c.predicted) }));
    out.push({ depth, confusions });
  }
  return out;
}
