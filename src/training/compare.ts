// Comparison of model kinds on the same folds: accuracy, fit and predict time, model size, as JSON and as a table.

import type { JsonObject } from '../core/estimator.js';
import { silentProgress, type Progress } from '../core/progress.js';
import type { ImageIndex } from '../data/image-index.js';
import type { LabelledProducts } from '../data/product.js';
import { stratifiedKFold } from '../data/splits.js';
import { modelKind } from '../models/model-kinds.js';
import { crossValidate, meanStd, type FoldResult } from './cross-validate.js';
import { productInputs } from './train-model.js';
import type { LabelHierarchy } from '../core/estimator.js';

export interface CompareRequest {
  kinds: readonly string[];
  data: LabelledProducts;
  source: string;
  images?: ImageIndex;
  cv: number;
  seed: number;
  /** Parameters per kind (tuned ones, for instance); kinds left out use their defaults. */
  params?: Record<string, JsonObject>;
  progress?: Progress;
  /** The category tree, for hierarchical kinds (the catalog's taxonomy). */
  hierarchy?: LabelHierarchy;
  /** After each kind, with its results (to report as the comparison goes). */
  onModel?: (model: ModelComparison) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface ComparedMetrics {
  weightedF1: number;
  macroF1: number;
  accuracy: number;
  fitSeconds: number;
  predictSeconds: number;
  /** Prediction time per 1,000 products (predictSeconds over the fold's size). */
  predictMsPerThousand: number;
  modelBytes: number;
}

export interface ModelComparison {
  kind: string;
  params: JsonObject;
  folds: (FoldResult & { n: number })[];
  mean: ComparedMetrics;
  std: ComparedMetrics;
}

export interface CompareReport {
  createdAt: string;
  data: { source: string; n: number; classes: number };
  cv: number;
  seed: number;
  models: ModelComparison[];
  /** Kinds by mean weighted F1, best first. */
  ranking: string[];
}

/**
 * Cross-validates every kind on the same stratified folds (seeded), fitting whole pipelines each time so fit
 * times include the features, and measuring each fold model's size on disk.
 * @throws ProdclassError MODEL_UNKNOWN_KIND before any fitting when a kind does not exist; whatever a kind throws.
 */
export async function compareModels(request: CompareRequest): Promise<CompareReport> {
  for (const kind of request.kinds) modelKind(kind);
  const progress = request.progress ?? silentProgress;
  const inputs = productInputs(request.data.products, request.images);
  const labels = request.data.labels;
  const folds = stratifiedKFold(labels, request.cv, request.seed);
  const models: ModelComparison[] = [];
  for (const kind of request.kinds) {
    const params = request.params?.[kind] ?? {};
    const task = progress.task(`compare ${kind}`, request.cv);
    let results: FoldResult[];
    try {
      results = await crossValidate({
        kind,
        params,
        seed: request.seed,
        inputs,
        labels,
        folds,
        measureSize: true,
        signal: request.signal,
        hierarchy: request.hierarchy,
        onFold: (r) => {
          task.tick(1, `weighted F1 ${r.weightedF1.toFixed(4)}`);
          return true;
        },
      });
    } finally {
      task.done();
    }
    const withN = results.map((r) => ({ ...r, n: folds[r.fold].validation.length }));
    const stat = (pick: (r: (typeof withN)[number]) => number) => meanStd(withN.map(pick));
    const metrics = {
      weightedF1: stat((r) => r.weightedF1),
      macroF1: stat((r) => r.macroF1),
      accuracy: stat((r) => r.accuracy),
      fitSeconds: stat((r) => r.fitSeconds),
      predictSeconds: stat((r) => r.predictSeconds),
      predictMsPerThousand: stat((r) => (1e6 * r.predictSeconds) / r.n),
      modelBytes: stat((r) => r.modelBytes ?? 0),
    };
    const model: ModelComparison = {
      kind,
      params,
      folds: withN,
      mean: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, v.mean])) as unknown as ComparedMetrics,
      std: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, v.std])) as unknown as ComparedMetrics,
    };
    models.push(model);
    await request.onModel?.(model);
  }
  return {
    createdAt: new Date().toISOString(),
    data: { source: request.source, n: labels.length, classes: new Set(labels).size },
    cv: request.cv,
    seed: request.seed,
    models,
    ranking: [...models].sort((a, b) => b.mean.weightedF1 - a.mean.weightedF1).map((m) => m.kind),
  };
}

/** The report as an aligned text table, best weighted F1 first. */
export function formatComparisonTable(report: CompareReport): string {
  const header = ['model', 'weighted F1', 'macro F1', 'accuracy', 'fit s', 'predict ms/1k', 'size MB'];
  const rows = report.ranking.map((kind) => {
    const m = report.models.find((x) => x.kind === kind)!;
    return [
      kind,
      `${m.mean.weightedF1.toFixed(4)} ± ${m.std.weightedF1.toFixed(4)}`,
      m.mean.macroF1.toFixed(4),
      m.mean.accuracy.toFixed(4),
      m.mean.fitSeconds.toFixed(1),
      m.mean.predictMsPerThousand.toFixed(0),
      (m.mean.modelBytes / 1e6).toFixed(1),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
