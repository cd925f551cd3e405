// The JSON evaluation report the CLI prints and model cards store: metrics with category names.

import type { DenseMatrix } from '../core/dense-matrix.js';
import { categoryName } from '../data/taxonomy.js';
import { classificationMetrics, type ClassificationMetrics } from './classification-metrics.js';
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
  confusion: { labels: number[]; names: string[]; counts: number[][] };
  /** Present when probabilities were given. */
  probability?: { logLoss: number; brier: number; ece: number };
}

/**
 * Builds the report. `proba` columns are `classes` (the model's class order); probability metrics
 * skip samples whose true label the model never saw.
 */
export function evaluationReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: { proba?: DenseMatrix; classes?: ArrayLike<number>; labels?: number[] } = {},
): EvaluationReport {
  const m: ClassificationMetrics = classificationMetrics(yTrue, yPred, options.labels);
  const report: EvaluationReport = {
    n: m.n,
    accuracy: m.accuracy,
    weightedF1: m.weightedF1,
    macroF1: m.macroF1,
    weightedPrecision: m.weightedPrecision,
    weightedRecall: m.weightedRecall,
    perClass: m.perClass.map((c) => ({ ...c, name: categoryName(c.code) })),
    confusion: { labels: m.confusion.labels, names: m.confusion.labels.map((c) => categoryName(c)), counts: m.confusion.counts },
  };
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
