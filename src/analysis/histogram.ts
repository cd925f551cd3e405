// Distributions for charts: summary statistics, readable bin edges, and histograms with an open-ended last bin.

import type { DistributionSummary, Histogram } from './dataset-analysis-types.js';

/** Value at quantile `q` (0..1) of an ascending array, numpy's `linear` method. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const position = (n - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

/** Count, min, max, mean, 10th percentile, median and 90th percentile of `values`. */
export function summarize(values: ArrayLike<number>): DistributionSummary {
  const n = values.length;
  if (n === 0) return { count: 0, min: null, max: null, mean: null, p10: null, median: null, p90: null };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return {
    count: n,
    min: sorted[0],
    max: sorted[n - 1],
    mean: sum / n,
    p10: quantileSorted(sorted, 0.1),
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
  };
}

/** The smallest "nice" step (1, 2, 2.5 or 5 times a power of ten) at least `raw`; integers only when `integer`. */
export function niceStep(raw: number, integer: boolean): number {
  if (!(raw > 0) || (integer && raw <= 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    const step = factor * power;
    if (step >= raw - 1e-12 && (!integer || Number.isInteger(step))) return step;
  }
  return 10 * power;
}

/**
 * Bin edges from 0 covering the values up to their `coverQuantile` quantile in about `bins` equal bins of a
 * nice width (values above fall in the histogram's open-ended overflow bar). With `integer`, widths are whole
 * numbers, as suits lengths. No values, or all zero, give the edges [0, 1].
 */
export function niceEdges(values: ArrayLike<number>, options: { bins?: number; coverQuantile?: number; integer?: boolean } = {}): number[] {
  const bins = options.bins ?? 20;
  const integer = options.integer ?? true;
  if (values.length === 0) return [0, 1];
  const sorted = Float64Array.from(values).sort();
  const top = quantileSorted(sorted, options.coverQuantile ?? 0.99);
  if (!(top > 0)) return [0, 1];
  const step = niceStep(top / bins, integer);
  const edges = [0];
  // Edges up to the first one above `top`, so the quantile itself falls inside a bin.
  while (edges[edges.length - 1] <= top) edges.push(roundStep(edges.length * step));
  return edges;
}

/** Edges from `start` to `end` by `step` (inclusive of `end`), for fixed scales such as brightness in [0, 1]. */
export function linearEdges(start: number, end: number, step: number): number[] {
  const edges: number[] = [];
  for (let i = 0; start + i * step <= end + step * 1e-9; i++) edges.push(roundStep(start + i * step));
  return edges;
}

/** Counts `values` into the bins of `edges` (ascending, at least two). */
export function histogram(values: ArrayLike<number>, edges: readonly number[]): Histogram {
  const counts = new Array<number>(edges.length - 1).fill(0);
  let overflow = 0;
  let underflow = 0;
  const last = edges[edges.length - 1];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < edges[0]) underflow++;
    else if (v >= last) overflow++;
    else counts[binOf(edges, v)]++;
  }
  return { edges: [...edges], counts, overflow, underflow };
}

/** Index of the bin holding `v`, for edges[0] <= v < last edge (binary search). */
function binOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function roundStep(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
