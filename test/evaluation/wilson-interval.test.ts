// The Wilson interval against values computed by scipy's binomtest(...).proportion_ci(method='wilson').

import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/evaluation/wilson-interval.js';

describe('wilsonInterval', () => {
  it('matches known 95 % intervals', () => {
    // scipy.stats.binomtest(8, 10).proportion_ci(method='wilson') = (0.4901625, 0.9433178)
    const [lo, hi] = wilsonInterval(8, 10);
    expect(lo).toBeCloseTo(0.4901625, 6);
    expect(hi).toBeCloseTo(0.9433178, 6);
    // binomtest(95, 100).proportion_ci(method='wilson') = (0.8882495, 0.9784563)
    const [lo2, hi2] = wilsonInterval(95, 100);
    expect(lo2).toBeCloseTo(0.8882495, 6);
    expect(hi2).toBeCloseTo(0.9784563, 6);
  });

  it('stays inside [0, 1] at the edges, and narrows as trials grow', () => {
    expect(wilsonInterval(0, 5)[0]).toBe(0);
    expect(wilsonInterval(5, 5)[1]).toBeCloseTo(1, 12);
    expect(wilsonInterval(5, 5)[0]).toBeGreaterThan(0.5);
    const width = (s: number, n: number) => wilsonInterval(s, n)[1] - wilsonInterval(s, n)[0];
    expect(width(900, 1000)).toBeLessThan(width(90, 100));
  });

  it('refuses impossible counts', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 3)).toThrow(RangeError);
  });
});
