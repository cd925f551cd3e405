import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../src/core/dense-matrix.js';
import { automationAt, categoryThresholds, MIN_CATEGORY_EVIDENCE } from '../../src/evaluation/automation.js';

/** Two-class rows from (top probability, column of the top class) pairs. */
function rows(tops: [number, number][]): DenseMatrix {
  return DenseMatrix.fromRows(tops.map(([p, j]) => (j === 0 ? [p, 1 - p] : [1 - p, p])));
}

describe('automationAt', () => {
  it('files the rows at or above each threshold and says how right they are (hand-worked)', () => {
    const proba = rows([[0.95, 0], [0.9, 1], [0.8, 0], [0.7, 1], [0.6, 0]]);
    const yIndex = [0, 1, 1, 1, -1];
    const points = automationAt(proba, yIndex, [
      { precision: 0.9, threshold: 0.85 },
      { precision: 0.8, threshold: 0.6 },
      { precision: 0.99, threshold: null },
    ]);
    expect(points[0]).toEqual({ targetPrecision: 0.9, threshold: 0.85, coverage: 0.4, precision: 1 });
    // 0.8 is wrong (class 0 for a class-1 row) and the unknown label (-1) is never right: 3 of 5.
    expect(points[1]).toEqual({ targetPrecision: 0.8, threshold: 0.6, coverage: 1, precision: 0.6 });
    expect(points[2]).toEqual({ targetPrecision: 0.99, threshold: null, coverage: 0, precision: null });
  });

  it('refuses mismatched sizes', () => {
    expect(() => automationAt(rows([[0.9, 0]]), [0, 1], [])).toThrow(/1 probability rows, 2 labels/);
  });
});

describe('categoryThresholds', () => {
  it("gives each category the lowest threshold its own predictions reach the target at, at least the catalog's; too few or never: null", () => {
    // Class 0: 12 predictions, the two least sure wrong: 10/12 right overall, 10/11 (91 %) down to the 11th, 0.65.
    const class0: [number, number][] = Array.from({ length: 12 }, (_, i) => [0.95 - i * 0.03, 0]);
    const y0 = class0.map((_, i) => (i < 10 ? 0 : 1));
    // Class 1: 12 predictions, right one time in two at every level: never 90 %.
    const class1: [number, number][] = Array.from({ length: 12 }, (_, i) => [0.9 - i * 0.02, 1]);
    const y1 = class1.map((_, i) => i % 2);
    const proba = rows([...class0, ...class1]);
    const yIndex = [...y0, ...y1];
    const [c0, c1] = categoryThresholds(proba, yIndex, [10, 60], 0.9);
    expect(c0).toEqual({ code: 10, threshold: expect.closeTo(0.95 - 10 * 0.03, 6), predicted: 12 });
    expect(c1).toEqual({ code: 60, threshold: null, predicted: 12 });
    expect(categoryThresholds(proba, yIndex, [10, 60], 0.9, 0.8)[0].threshold).toBe(0.8);
    const few = categoryThresholds(rows(class0.slice(0, MIN_CATEGORY_EVIDENCE - 1)), y0.slice(0, MIN_CATEGORY_EVIDENCE - 1), [10, 60], 0.9);
    expect(few[0]).toEqual({ code: 10, threshold: null, predicted: MIN_CATEGORY_EVIDENCE - 1 });
  });
});
