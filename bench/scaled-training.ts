// Benchmark: training text-linear on an 85k-product corpus resampled from the sample: time and peak memory.
// Usage: tsx bench/scaled-training.ts [--data DIR] [--n 85000]   (prints one JSON object)

import { parseArgs } from 'node:util';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { modelKind } from '../src/models/model-kinds.js';
import '../src/models/registrations.js';
import { scaledCorpus } from './scaled-corpus.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    n: { type: 'string', default: '85000' },
    kind: { type: 'string', default: 'text-linear' },
  },
});

const folder = await loadChallengeFolder(values.data!);
const corpus = scaledCorpus(folder.train, Number(values.n), 1);
const rssBefore = process.memoryUsage().rss;
const model = modelKind(values.kind!).create({ seed: 0 });
const t0 = performance.now();
await model.fit(corpus.products, corpus.labels);
const fitSeconds = (performance.now() - t0) / 1000;
const features = (model as unknown as { features?: { nFeatures: number } }).features;
console.log(
  JSON.stringify({
    benchmark: 'scaled-training',
    kind: values.kind,
    n: corpus.products.length,
    nFeatures: features?.nFeatures ?? null,
    fitSeconds,
    rssBeforeFitMiB: rssBefore / 2 ** 20,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    targetPeakRssMiB: 4096,
  }),
);
