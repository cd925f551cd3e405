// One size of the similarity benchmark, in its own process so its peak memory is its own: build the index of N resampled products, query it, measure recall@10 against exact search on the same vectors.
// Usage: tsx bench/similar-scale.ts --data DIR --size N [--queries Q] [--usearch]   (prints one JSON object)

import { parseArgs } from 'node:util';
import { Index as UsearchIndex, MetricKind } from 'usearch';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { Rng } from '../src/core/rng.js';
import { exactNeighbours } from '../src/models/similar/exact-neighbours.js';
import { TextEmbedder } from '../src/models/similar/text-embedder.js';
import { VectorIndex, VECTOR_INDEX_DEFAULTS } from '../src/models/similar/vector-index.js';
import { reword, similarCorpus } from './similar-corpus.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    size: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '300' },
    usearch: { type: 'boolean', default: false },
  },
});
const n = Number(values.size);
const nQueries = Number(values.queries);
const sample = (await loadChallengeFolder(values.data!)).train;
const corpus = similarCorpus(sample, n, 7);
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const log = (m: string) => process.stderr.write(`similar ${n}: ${m}\n`);

// Build: vectorising included (fit on the seeded 50k subsample, embed all), then the graph.
let t = performance.now();
const embedder = await TextEmbedder.fit(corpus.products);
const vectors = new Float32Array(n * embedder.dims);
const chunk = 20_000;
for (let i = 0; i < n; i += chunk) vectors.set(embedder.embed(corpus.products.slice(i, i + chunk)), i * embedder.dims);
const vectoriseSeconds = (performance.now() - t) / 1000;
log(`vectorised in ${vectoriseSeconds.toFixed(0)} s`);
const d = embedder.dims;
t = performance.now();
const index = VectorIndex.create(d, n);
for (let i = 0; i < n; i++) index.add(i, vectors.subarray(i * d, (i + 1) * d));
const graphSeconds = (performance.now() - t) / 1000;
log(`graph built in ${graphSeconds.toFixed(0)} s`);

// Queries: new products (reworded copies of sample rows), vectorised and searched one at a time.
const rng = new Rng(11);
const queries = Array.from({ length: nQueries }, () => {
  const p = sample.products[rng.int(sample.products.length)];
  return { ...p, designation: reword(p.designation, '', rng), description: p.description.slice(0, 300) };
});
const times: number[] = [];
const found: number[][] = [];
const queryVectors: Float32Array[] = [];
for (const q of queries) {
  const start = performance.now();
  const v = embedder.embed([q]);
  const hits = index.search(v, 10);
  times.push(performance.now() - start);
  found.push(hits.labels);
  queryVectors.push(v);
}
const sorted = [...times].sort((a, b) => a - b);
const quantile = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 1000) / 1000;

// Recall@10 against exact search: a hit ties or beats the 10th exact similarity.
const recallOf = (lists: number[][]) => {
  let hits = 0;
  lists.forEach((labels, qi) => {
    const truth = exactNeighbours(vectors, d, queryVectors[qi], 10);
    const tenth = truth.similarities[truth.similarities.length - 1];
    for (const label of labels) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += vectors[label * d + j] * queryVectors[qi][j];
      if (dot >= tenth - 1e-5) hits++;
    }
  });
  return hits / (lists.length * 10);
};
const recall = recallOf(found);
log(`recall@10 ${recall}`);
const peakRssMiB = mib(process.resourceUsage().maxRSS * 1024);

let usearch: Record<string, number> | null = null;
if (values.usearch) {
  t = performance.now();
  const u = new UsearchIndex({ metric: MetricKind.IP, connectivity: VECTOR_INDEX_DEFAULTS.m, dimensions: d, expansion_add: VECTOR_INDEX_DEFAULTS.efConstruction, expansion_search: VECTOR_INDEX_DEFAULTS.efSearch } as never);
  u.add(BigUint64Array.from({ length: n }, (_, i) => BigInt(i)), vectors, 1 as never);
  const buildSeconds = (performance.now() - t) / 1000;
  const uTimes: number[] = [];
  const uFound = queryVectors.map((v) => {
    const s = performance.now();
    const r = [...u.search(v, 10, 1 as never).keys].map(Number);
    uTimes.push(performance.now() - s);
    return r;
  });
  uTimes.sort((a, b) => a - b);
  usearch = { graphSeconds: Math.round(buildSeconds * 10) / 10, recallAt10: recallOf(uFound), searchP50Ms: Math.round(uTimes[Math.floor(uTimes.length / 2)] * 1000) / 1000 };
}

console.log(
  JSON.stringify({
    products: n,
    dims: d,
    graph: VECTOR_INDEX_DEFAULTS,
    buildSeconds: Math.round((vectoriseSeconds + graphSeconds) * 10) / 10,
    vectoriseSeconds: Math.round(vectoriseSeconds * 10) / 10,
    graphSeconds: Math.round(graphSeconds * 10) / 10,
    peakRssMiB,
    queries: nQueries,
    queryP50Ms: quantile(0.5),
    queryP99Ms: quantile(0.99),
    recallAt10: recall,
    usearch,
  }),
);
