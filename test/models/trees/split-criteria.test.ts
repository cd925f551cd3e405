import { describe, expect, it } from 'vitest';
import { gradientGain, impurity, impurityProxy, leafWeight, xlogx } from '../../../src/models/trees/split-criteria.js';

describe('boosting gain and leaf weight', () => {
  it('computes the Newton leaf weight -G / (H + lambda)', () => {
    expect(leafWeight(-4, 3, 1)).toBe(1);
    expect(leafWeight(2, 0, 0)).toBe(0);
  });

  it('scores a split by GL^2/(HL+l) + GR^2/(HR+l) - G^2/(H+l), zero when one side is the parent', () => {
    // G = -1 + 3, H = 2 + 2: (1/3) + (9/3) - (4/5) with lambda = 1.
    expect(gradientGain(-1, 2, 2, 4, 1)).toBeCloseTo(1 / 3 + 9 / 3 - 4 / 5, 12);
    expect(gradientGain(2, 4, 2, 4, 1)).toBeCloseTo(0, 12);
  });
});

describe('impurity', () => {
  it('gives Gini and entropy of hand-computed distributions', () => {
    expect(impurity('gini', [5, 5])).toBeCloseTo(0.5, 12);
    expect(impurity('gini', [10, 0])).toBe(0);
    expect(impurity('entropy', [5, 5])).toBeCloseTo(Math.log(2), 12);
    expect(impurity('entropy', [1, 1, 1, 1])).toBeCloseTo(Math.log(4), 12);
  });

  it('turns proxies into the weighted impurity decrease W imp(T) - WL imp(L) - WR imp(R)', () => {
    const left = [3, 1, 0];
    const right = [1, 2, 5];
    const total = left.map((v, k) => v + right[k]);
    const W = (c: number[]) => c.reduce((s, v) => s + v, 0);
    for (const criterion of ['gini', 'entropy'] as const) {
      const decrease = W(total) * impurity(criterion, total) - W(left) * impurity(criterion, left) - W(right) * impurity(criterion, right);
      expect(impurityProxy(criterion, left) + impurityProxy(criterion, right) - impurityProxy(criterion, total)).toBeCloseTo(decrease, 10);
    }
    expect(xlogx(0)).toBe(0);
    expect(xlogx(-1e-18)).toBe(0);
  });
});
