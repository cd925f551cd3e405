// Benchmark: single-product prediction latency (p50/p95/p99) and batch throughput on one core, for a trained text model.
// Usage: tsx bench/predict-speed.ts [--data DIR] [--kind KIND]   (prints one JSON object)

import { parseArgs } from 'node:util';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { modelKind } from '../src/models/model-kinds.js';
import '../src/models/registrations.js';
import { defaultModelKind } from '../src/models/text-model-kinds.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    /** The default model's kind for the data unless given. */
    kind: { type: 'string' },
  },
});

const folder = await loadChallengeFolder(values.data!);
const { products, labels } = folder.train;
const kind = values.kind ?? defaultModelKind(folder.train);
const model = await modelKind(kind).create({ seed: 0 }).fit(products, labels);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

// Warm up the JIT before timing.
for (let i = 0; i < 200; i++) await model.predictProba([products[i]]);
const latencies: number[] = [];
for (let i = 0; i < 3000; i++) {
  const t = performance.now();
  await model.predictProba([products[i % products.length]]);
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);

const batchSize = 512;
const t0 = performance.now();
let done = 0;
for (let round = 0; round < 3; round++) {
  for (let start = 0; start < products.length; start += batchSize) {
    const batch = products.slice(start, start + batchSize);
    await model.predictProba(batch);
    done += batch.length;
  }
}
const batchSeconds = (performance.now() - t0) / 1000;

console.log(
  JSON.stringify({
    benchmark: 'predict-speed',
    kind,
    singleProductMs: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99), n: latencies.length },
    targetSingleP50Ms: 2,
    batchProductsPerSecond: done / batchSeconds,
    targetBatchProductsPerSecond: 2000,
    batchSize,
    threads: 1,
  }),
);
