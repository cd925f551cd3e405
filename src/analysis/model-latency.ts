// Prediction latency of a loaded model: single-product percentiles and batch throughput, measured within a time budget.

import type { Json, JsonObject } from '../core/estimator.js';
import type { ProductInput, ProductModel } from '../models/product-model.js';
import type { PredictLatency } from './models-summary-types.js';

export interface LatencyOptions {
  /** Time spent on single-product calls, at most (default 1500 ms; at least 5 calls are made). */
  budgetMs?: number;
  /** Most single-product calls (default 100). */
  maxCalls?: number;
  /** Products in the timed batch (default 256, or fewer when fewer are given). */
  batchSize?: number;
}

/**
 * Times `model.predictProba` after a warm-up: single products in turn (p50, p95), then a batch (best of two runs).
 * @throws whatever the model throws on these inputs (a model whose encoder cannot load, say).
 */
export async function measureLatency(model: ProductModel, inputs: readonly ProductInput[], options: LatencyOptions = {}): Promise<PredictLatency> {
  if (inputs.length === 0) throw new Error('measureLatency needs at least one product');
  const budget = options.budgetMs ?? 1500;
  const maxCalls = options.maxCalls ?? 100;
  const batch = inputs.slice(0, Math.min(options.batchSize ?? 256, inputs.length));
  for (let i = 0; i < 3; i++) await model.predictProba([inputs[i % inputs.length]]);
  await model.predictProba(batch.slice(0, 32));

  const times: number[] = [];
  const started = performance.now();
  while (times.length < maxCalls && (times.length < 5 || performance.now() - started < budget)) {
    const t = performance.now();
    await model.predictProba([inputs[times.length % inputs.length]]);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  // The better of two batch runs: the first can still pay for lazy set-up inside the model.
  let batchSeconds = Infinity;
  for (let run = 0; run < 2; run++) {
    const t = performance.now();
    await model.predictProba(batch);
    batchSeconds = Math.min(batchSeconds, (performance.now() - t) / 1000);
  }
  return {
    source: 'measured',
    singleMs: { p50: percentile(times, 0.5), p95: percentile(times, 0.95), n: times.length },
    batchProductsPerSecond: batch.length / Math.max(batchSeconds, 1e-9),
    batchSize: batch.length,
  };
}

/** A latency recorded in a card (`extra.predictLatency` or `extra.latency`, in the PredictLatency shape), or null. */
export function cardLatency(extra: JsonObject): PredictLatency | null {
  for (const key of ['predictLatency', 'latency']) {
    const value = extra[key] as Json | undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const single = value.singleMs;
    if (single === null || typeof single !== 'object' || Array.isArray(single) || typeof single.p50 !== 'number') continue;
    return {
      source: 'card',
      singleMs: { p50: single.p50, p95: typeof single.p95 === 'number' ? single.p95 : single.p50, n: typeof single.n === 'number' ? single.n : 0 },
      batchProductsPerSecond: typeof value.batchProductsPerSecond === 'number' ? value.batchProductsPerSecond : 0,
      batchSize: typeof value.batchSize === 'number' ? value.batchSize : 0,
    };
  }
  return null;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
