import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../src/core/dense-matrix.js';
import { isProdclassError } from '../../src/core/errors.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';
import {
  brierScore,
  classificationMetrics,
  confusionMatrix,
  evaluationReport,
  expectedCalibrationError,
  topLabelCalibrationError,
  logLoss,
} from '../../src/evaluation/index.js';

const sklearn = JSON.parse(readFileSync(new URL('../fixtures/evaluation/metrics-sklearn.json', import.meta.url), 'utf8')) as {
  yTrue: number[];
  yPred: number[];
  labels: number[];
  proba: number[][];
  accuracy: number;
  weightedF1: number;
  macroF1: number;
  weightedPrecision: number;
  weightedRecall: number;
  perClassF1: number[];
  confusion: number[][];
  logLoss: number;
};

describe('classification metrics', () => {
  it('matches a hand-computed three-class case', () => {
    // class 0: P=1/2 R=1/2 F=1/2; class 1: P=2/3 R=1 F=0.8; class 2: never predicted, F=0.
    const m = classificationMetrics([0, 0, 1, 1, 2], [0, 1, 1, 1, 0]);
    expect(m.accuracy).toBeCloseTo(0.6, 12);
    expect(m.perClass.map((c) => c.f1)).toEqual([0.5, expect.closeTo(0.8, 12), 0]);
    expect(m.weightedF1).toBeCloseTo((0.5 * 2 + 0.8 * 2) / 5, 12);
    expect(m.macroF1).toBeCloseTo(1.3 / 3, 12);
    expect(m.confusion!.counts).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
  });

  it('agrees with scikit-learn on a 300-sample, 6-class case with a never-predicted class', () => {
    const m = classificationMetrics(sklearn.yTrue, sklearn.yPred, sklearn.labels);
    expect(m.accuracy).toBeCloseTo(sklearn.accuracy, 12);
    expect(m.weightedF1).toBeCloseTo(sklearn.weightedF1, 12);
    expect(m.macroF1).toBeCloseTo(sklearn.macroF1, 12);
    expect(m.weightedPrecision).toBeCloseTo(sklearn.weightedPrecision, 12);
    expect(m.weightedRecall).toBeCloseTo(sklearn.weightedRecall, 12);
    m.perClass.forEach((c, i) => expect(c.f1).toBeCloseTo(sklearn.perClassF1[i], 12));
    expect(m.confusion!.counts).toEqual(sklearn.confusion);
  });

  it('is perfect on perfect predictions and rejects mismatched lengths', () => {
    const m = classificationMetrics([3, 1, 2], [3, 1, 2]);
    expect([m.accuracy, m.weightedF1, m.macroF1]).toEqual([1, 1, 1]);
    expect(() => classificationMetrics([1, 2], [1])).toThrowError(/2 true labels but 1 predictions/);
    try {
      classificationMetrics([], []);
    } catch (e) {
      expect(isProdclassError(e, 'INVALID_INPUT')).toBe(true);
    }
  });

  it('confusion matrix ignores labels outside the requested list', () => {
    expect(confusionMatrix([1, 2, 3], [1, 3, 3], [1, 3]).counts).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });
});

describe('probability metrics', () => {
  const proba = DenseMatrix.fromRows(sklearn.proba);
  const yIndex = sklearn.yTrue.map((y) => sklearn.labels.indexOf(y));

  it('log-loss agrees with scikit-learn', () => {
    expect(logLoss(proba, yIndex)).toBeCloseTo(sklearn.logLoss, 4);
  });

  it('Brier and ECE are zero for confident correct predictions and positive otherwise', () => {
    const sure = DenseMatrix.fromRows([
      [1, 0],
      [0, 1],
    ]);
    expect(brierScore(sure, [0, 1])).toBe(0);
    expect(expectedCalibrationError(sure, [0, 1])).toBe(0);
    // Two samples at confidence 0.8, one right: |0.5 - 0.8| = 0.3.
    const over = DenseMatrix.fromRows([
      [0.8, 0.2],
      [0.8, 0.2],
    ]);
    expect(expectedCalibrationError(over, [0, 1])).toBeCloseTo(0.3, 6);
    expect(brierScore(over, [0, 1])).toBeCloseTo((0.04 + 0.04 + 0.64 + 0.64) / 2, 6);
  });

  it('top-label ECE from confidences and outcomes: bins weighted by their share, as from the full probabilities', () => {
    // Bin 14 (0.95, 0.99): both right, mean confidence 0.97 -> 0.03; bin 9 (0.6, 0.62): one of two right, 0.61 -> 0.11.
    const confidence = [0.95, 0.99, 0.6, 0.62];
    const correct = [true, true, false, true];
    expect(topLabelCalibrationError(confidence, correct)).toBeCloseTo((2 / 4) * 0.03 + (2 / 4) * 0.11, 9);
    const proba = DenseMatrix.fromRows([
      [0.95, 0.05],
      [0.01, 0.99],
      [0.6, 0.4],
      [0.38, 0.62],
    ]);
    expect(expectedCalibrationError(proba, [0, 1, 1, 1])).toBeCloseTo(topLabelCalibrationError(confidence, correct), 6);
    expect(() => topLabelCalibrationError([0.5], [true, false])).toThrow(/1 confidences but 2 outcomes/);
    expect(() => topLabelCalibrationError([], [])).toThrow(/at least one sample/);
  });

  it('the report names categories and includes probability metrics', () => {
    const r = evaluationReport(sklearn.yTrue, sklearn.yPred, { taxonomy: RAKUTEN_TAXONOMY, proba, classes: sklearn.labels });
    expect(r.perClass[0]).toMatchObject({ code: 10, name: 'Used books' });
    expect(r.confusion!.names).toContain('Pool & spa');
    expect(r.probability?.logLoss).toBeCloseTo(sklearn.logLoss, 4);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
