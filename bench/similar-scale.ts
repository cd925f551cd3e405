// One size of the similarity benchmark, in its own process so its peak memory is its own: build the index of N resampled products, query it, measure recall@10 against exact search on the same vectors.
// Usage: tsx bench/similar-scale.ts --data DIR --size N [--queries Q] [--usearch]   (prints one JSON object)

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Index as UsearchIndex, MetricKind } from 'usearch';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { Rng } from '../src/core/rng.js';
import { exactNeighbours } from '../src/models/similar/exact-neighbours.js';
import { SimilarIndex } from '../src/models/similar/similar-index.js';
import { VECTOR_INDEX_DEFAULTS } from '../src/models/similar/vector-index.js';
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

// Build: the product's own path (`prodclass index`): fit on the seeded 20k subsample, vectorise and insert every product,
// then save the folder.
let t = performance.now();
const index = await SimilarIndex.build(corpus.products.map((product, i) => ({ product, category: corpus.labels[i] })));
const buildSeconds = (performance.now() - t) / 1000;
log(`built in ${buildSeconds.toFixed(0)} s`);
const folder = join(mkdtempSync(join(tmpdir(), 'similar-scale-')), 'index');
t = performance.now();
await index.save(folder);
const saveSeconds = (performance.now() - t) / 1000;
const folderMiB = mib(readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).reduce((s, e) => s + statSync(join(e.parentPath, e.name)).size, 0));
t = performance.now();
await SimilarIndex.load(folder);
const loadSeconds = (performance.now() - t) / 1000;
rmSync(dirname(folder), { recursive: true, force: true });
const peakRssMiB = mib(process.resourceUsage().maxRSS * 1024);
const d = index.dims;
// The exact reference searches the same vectors (vectorised again, outside the timings).
const vectors = new Float32Array(n * d);
for (let i = 0; i < n; i += 20_000) vectors.set(index.embed(corpus.products.slice(i, i + 20_000)), i * d);

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
  const hits = index.similarToText(q, 10);
  times.push(performance.now() - start);
  // Labels are the corpus positions: products were indexed in order under their own ids.
  found.push(hits.map((h) => Number(h.id)));
  queryVectors.push(index.embed([q]));
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
    buildSeconds: Math.round(buildSeconds * 10) / 10,
    saveSeconds: Math.round(saveSeconds * 10) / 10,
    loadSeconds: Math.round(loadSeconds * 10) / 10,
    folderMiB,
    peakRssMiB,
    queries: nQueries,
    queryP50Ms: quantile(0.5),
    queryP99Ms: quantile(0.99),
    recallAt10: recall,
    usearch,
  }),
);
