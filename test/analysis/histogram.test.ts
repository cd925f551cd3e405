import { describe, expect, it } from 'vitest';
import { histogram, linearEdges, niceEdges, niceStep, quantileSorted, summarize } from '../../src/analysis/histogram.js';

describe('summarize', () => {
  it('gives count, min, max, mean and numpy-linear quantiles', () => {
    // numpy.percentile([1, 2, 3, 4], [10, 50, 90]) == [1.3, 2.5, 3.7]
    const s = summarize([4, 1, 3, 2]);
    expect(s).toMatchObject({ count: 4, min: 1, max: 4, mean: 2.5 });
    expect(s.p10).toBeCloseTo(1.3, 12);
    expect(s.median).toBeCloseTo(2.5, 12);
    expect(s.p90).toBeCloseTo(3.7, 12);
    expect(quantileSorted([5], 0.9)).toBe(5);
  });

  it('is all null for no values', () => {
    expect(summarize([])).toEqual({ count: 0, min: null, max: null, mean: null, p10: null, median: null, p90: null });
  });
});

describe('bins', () => {
  it('picks round steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(7.3, true)).toBe(10);
    expect(niceStep(1.7, true)).toBe(2);
    expect(niceStep(2.2, true)).toBe(5); // 2.5 is not a whole number
    expect(niceStep(2.2, false)).toBe(2.5);
    expect(niceStep(0.3, true)).toBe(1);
    expect(niceStep(0.03, false)).toBeCloseTo(0.05, 12);
  });

  it('covers the values up to the chosen quantile with about the asked number of bins', () => {
    const values = Array.from({ length: 100 }, (_, i) => i); // 0..99, 99th percentile 98.01
    const edges = niceEdges(values, { bins: 10, coverQuantile: 0.99 });
    expect(edges).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(niceEdges([], {})).toEqual([0, 1]);
    expect(niceEdges([0, 0], {})).toEqual([0, 1]);
  });

  it('counts [edge, next edge) per bin, with overflow and underflow apart', () => {
    const h = histogram([-1, 0, 9, 10, 19, 20, 25, 100], [0, 10, 20]);
    expect(h.counts).toEqual([2, 2]);
    expect(h.overflow).toBe(3);
    expect(h.underflow).toBe(1);
    expect(linearEdges(0, 1, 0.25)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(histogram([0.1, 0.5, 0.99, 1], linearEdges(0, 1, 0.5))).toMatchObject({ counts: [1, 2], overflow: 1 });
  });
});
