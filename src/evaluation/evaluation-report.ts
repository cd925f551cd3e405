// The JSON evaluation report the CLI prints and model cards store: metrics with category names.

import type { DenseMatrix } from '../core/dense-matrix.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { classificationMetrics, type ClassificationMetrics, type ConfusionCell } from './classification-metrics.js';
import { hierarchyMetrics, type HierarchyMetrics } from './hierarchical-metrics.js';
import type { NamedClassMetrics } from './evaluation-types.js';
import { brierScore, expectedCalibrationError, logLoss } from './probability-metrics.js';

export type { NamedClassMetrics } from './evaluation-types.js';

export interface EvaluationReport {
  n: number;
  accuracy: number;
  weightedF1: number;
  macroF1: number;
  weightedPrecision: number;
  weightedRecall: number;
  perClass: NamedClassMetrics[];
  /** The full matrix with names, up to DENSE_CONFUSION_MAX_LABELS categories; null past that. */
  confusion: { labels: number[]; names: string[]; counts: number[][] } | null;
  /** The largest off-diagonal cells (at most 50), for any number of categories. */
  largestConfusions: ConfusionCell[];
  /** Present when probabilities were given. */
  probability?: { logLoss: number; brier: number; ece: number };
  /** Present when the taxonomy is a tree: figures per depth and ancestor-set F1. */
  hierarchy?: HierarchyMetrics;
}

/** How many of the largest confusions a report keeps. */
const LARGEST_CONFUSIONS = 50;

/**
 * Builds the report. `proba` columns are `classes` (the model's class order); probability metrics
 * skip samples whose true label the model never saw. With a taxonomy, categories are named and a tree adds
 * per-depth and hierarchical metrics.
 */
export function evaluationReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: { proba?: DenseMatrix; classes?: ArrayLike<number>; labels?: number[]; taxonomy?: Taxonomy } = {},
): EvaluationReport {
  const m: ClassificationMetrics = classificationMetrics(yTrue, yPred, options.labels);
  const { taxonomy } = options;
  const nameOf = (key: number) => (taxonomy ? taxonomy.nameOf(key) : String(key));
  const report: EvaluationReport = {
    n: m.n,
    accuracy: m.accuracy,
    weightedF1: m.weightedF1,
    macroF1: m.macroF1,
    weightedPrecision: m.weightedPrecision,
    weightedRecall: m.weightedRecall,
    perClass: m.perClass.map((c) => ({ ...c, name: nameOf(c.code) })),
    confusion: m.confusion ? { labels: m.confusion.labels, names: m.confusion.labels.map(nameOf), counts: m.confusion.counts } : null,
    largestConfusions: m.confusions.slice(0, LARGEST_CONFUSIONS),
  };
  if (taxonomy?.isTree) report.hierarchy = hierarchyMetrics(taxonomy, yTrue, yPred);
  if (options.proba && options.classes) {
    const column = new Map<number, number>();
    for (let j = 0; j < options.classes.length; j++) column.set(options.classes[j], j);
    const rows: number[] = [];
    const yIndex: number[] = [];
    for (let i = 0; i < yTrue.length; i++) {
      const j = column.get(yTrue[i]);
      if (j !== undefined) {
        rows.push(i);
        yIndex.push(j);
      }
    }
    if (rows.length > 0) {
      const p = options.proba.selectRows(rows);
      report.probability = { logLoss: logLoss(p, yIndex), brier: brierScore(p, yIndex), ece: expectedCalibrationError(p, yIndex) };
    }
  }
  return report;
}
