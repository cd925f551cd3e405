import { describe, expect, it } from 'vitest';
import { groupedStratifiedKFold, stratifiedKFold, stratifiedSplit } from '../../src/data/index.js';

// 3 classes of 4, 10 and 23 rows, in blocks.
const labels = Int32Array.from({ length: 37 }, (_, i) => (i < 23 ? 10 : i < 33 ? 40 : 2583)).reverse();
const countOf = (positions: Int32Array, code: number) => [...positions].filter((p) => labels[p] === code).length;

describe('stratifiedKFold', () => {
  it('partitions all rows: every row is validated exactly once and trained on in the other folds', () => {
    const folds = stratifiedKFold(labels, 5, 1);
    expect(folds).toHaveLength(5);
    const seen = new Int32Array(labels.length);
    for (const { train, validation } of folds) {
      for (const p of validation) seen[p]++;
      expect([...train, ...validation].sort((a, b) => a - b)).toEqual(Array.from({ length: labels.length }, (_, i) => i));
      expect([...validation]).toEqual([...validation].sort((a, b) => a - b));
    }
    expect(new Set(seen)).toEqual(new Set([1]));
  });

  it('keeps each class within one row of its share in every fold', () => {
    const k = 5;
    for (const { validation } of stratifiedKFold(labels, k, 2)) {
      for (const [code, n] of [[10, 23], [40, 10], [2583, 4]]) {
        expect(Math.abs(countOf(validation, code) - n / k)).toBeLessThanOrEqual(1);
      }
      expect(Math.abs(validation.length - labels.length / k)).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(stratifiedKFold(labels, 4, 9)).toEqual(stratifiedKFold(labels, 4, 9));
    expect(stratifiedKFold(labels, 4, 9)).not.toEqual(stratifiedKFold(labels, 4, 10));
  });

  it('rejects k < 2 and fewer rows than folds', () => {
    expect(() => stratifiedKFold(labels, 1, 0)).toThrowError(expect.objectContaining({ code: 'INVALID_PARAM' }));
    expect(() => stratifiedKFold([1, 2], 3, 0)).toThrowError(expect.objectContaining({ code: 'DATA_TOO_SMALL' }));
  });
});

describe('stratifiedSplit', () => {
  it('splits each class by the fraction, keeps singletons in training, and partitions the rows', () => {
    const withSingleton = Int32Array.from([...labels, 1920]);
    const { train, validation } = stratifiedSplit(withSingleton, 0.2, 5);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(Array.from({ length: withSingleton.length }, (_, i) => i));
    const count = (code: number) => [...validation].filter((p) => withSingleton[p] === code).length;
    expect([count(10), count(40), count(2583), count(1920)]).toEqual([5, 2, 1, 0]);
  });

  it('is deterministic for a seed, differs across seeds, and checks the fraction', () => {
    expect(stratifiedSplit(labels, 0.25, 1)).toEqual(stratifiedSplit(labels, 0.25, 1));
    expect(stratifiedSplit(labels, 0.25, 1)).not.toEqual(stratifiedSplit(labels, 0.25, 2));
    expect(() => stratifiedSplit(labels, 1, 0)).toThrowError(expect.objectContaining({ code: 'INVALID_PARAM' }));
  });
});

describe('groupedStratifiedKFold', () => {
  // Rows 0-5 are one group (six copies of a product), rows 6-8 another; the rest are singletons.
  const groups = Int32Array.from(labels, (_, i) => (i < 6 ? 100 : i < 9 ? 200 : -1 - i));

  it('puts every group, whole, in one fold and validates each row exactly once', () => {
    const folds = groupedStratifiedKFold(labels, groups, 5, 3);
    const foldOf = new Int32Array(labels.length).fill(-1);
    folds.forEach(({ validation }, f) => validation.forEach((p) => {
      expect(foldOf[p]).toBe(-1);
      foldOf[p] = f;
    }));
    expect([...foldOf].every((f) => f >= 0)).toBe(true);
    expect(new Set([0, 1, 2, 3, 4, 5].map((p) => foldOf[p])).size).toBe(1);
    expect(new Set([6, 7, 8].map((p) => foldOf[p])).size).toBe(1);
  });

  it('keeps fold sizes close although groups differ in size, and is seeded', () => {
    const folds = groupedStratifiedKFold(labels, groups, 5, 3);
    const sizes = folds.map((f) => f.validation.length);
    // 37 rows make folds of 7.4; the 6-copy group fills most of one, which then takes fewer of the rest.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(6);
    expect(groupedStratifiedKFold(labels, groups, 5, 3)).toEqual(folds);
    expect(groupedStratifiedKFold(labels, groups, 5, 4)).not.toEqual(folds);
  });

  it('with singleton groups keeps each class within one row of its share per fold', () => {
    const singletons = Int32Array.from(labels, (_, i) => i);
    for (const { validation } of groupedStratifiedKFold(labels, singletons, 5, 2)) {
      for (const [code, n] of [[10, 23], [40, 10], [2583, 4]]) expect(Math.abs(countOf(validation, code) - n / 5)).toBeLessThanOrEqual(1);
    }
  });

  it('refuses fewer groups than folds and mismatched group ids', () => {
    expect(() => groupedStratifiedKFold(labels, new Int32Array(labels.length), 2, 1)).toThrow(/1 groups of rows cannot be split into 2 folds/);
    expect(() => groupedStratifiedKFold(labels, new Int32Array(3), 2, 1)).toThrow(/3 group ids for 37 rows/);
  });
});
