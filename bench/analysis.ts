// Benchmark: the dataset analysis (Explore page, report) on an 85k-product corpus resampled from the sample: time and peak memory.
// Usage: tsx bench/analysis.ts [--data DIR] [--n 85000]   (prints one JSON object)
//
// Two timings: `analysisSeconds` analyses the corpus held in memory (what a server with the data loaded does);
// `endToEndSeconds` writes the corpus as challenge CSV files beside a link to the sample's images, then
// loads it, fingerprints it and analyses it with no cache, as `prodclass explore --no-cache` does.

import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFolder } from '../src/analysis/analysis-cache.js';
import { analyzeDataset } from '../src/analysis/dataset-analysis.js';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { formatCsvRow } from '../src/data/csv-format.js';
import { renderReport } from '../src/report/html-report.js';
import { scaledCorpus } from './scaled-corpus.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    n: { type: 'string', default: '85000' },
  },
});

const sample = await loadChallengeFolder(values.data!);
const corpus = scaledCorpus(sample.train, Number(values.n), 1);
const rssBefore = process.memoryUsage().rss;

let t = performance.now();
let cpu = process.cpuUsage();
const analysis = await analyzeDataset({ ...corpus, source: sample.dir, images: sample.images });
const analysisSeconds = (performance.now() - t) / 1000;
// CPU time of this thread and libvips' (user + system): steadier than wall time on a shared machine.
const analysisCpuSeconds = cpuSeconds(process.cpuUsage(cpu));
const peakRssAnalysis = process.resourceUsage().maxRSS / 1024;

t = performance.now();
const html = renderReport({ analysis, models: null });
const renderSeconds = (performance.now() - t) / 1000;

// End to end: the same corpus as files on disk, read back by the loader.
const dir = mkdtempSync(join(tmpdir(), 'prodclass-bench-analysis-'));
let endToEndSeconds: number;
let endToEndCpuSeconds: number;
try {
  let x = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
  let y = formatCsvRow(['', 'prdtypecode']);
  corpus.products.forEach((p, i) => {
    x += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    y += formatCsvRow([p.index, corpus.labels[i]]);
  });
  writeFileSync(join(dir, 'X_train_update.csv'), x);
  writeFileSync(join(dir, 'Y_train_CVw08PX.csv'), y);
  symlinkSync(join(sample.dir, 'images'), join(dir, 'images'));
  t = performance.now();
  cpu = process.cpuUsage();
  const folder = await loadChallengeFolder(dir);
  await analyzeFolder(folder, { cacheDir: false });
  endToEndSeconds = (performance.now() - t) / 1000;
  endToEndCpuSeconds = cpuSeconds(process.cpuUsage(cpu));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  JSON.stringify({
    benchmark: 'analysis',
    n: corpus.products.length,
    analysisSeconds,
    analysisCpuSeconds,
    steps: analysis.timings.steps,
    endToEndSeconds,
    endToEndCpuSeconds,
    targetSeconds: 20,
    imagesDecoded: analysis.images?.analysed ?? 0,
    reportRenderSeconds: renderSeconds,
    reportBytes: Buffer.byteLength(html),
    analysisJsonBytes: Buffer.byteLength(JSON.stringify(analysis)),
    rssBeforeAnalysisMiB: rssBefore / 2 ** 20,
    /** Peak of the process after the in-memory analysis (sample, corpus and analysis held). */
    peakRssAnalysisMiB: peakRssAnalysis,
    /** Peak of the whole run, the end-to-end part included (the corpus is then held twice, plus its CSV text). */
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    targetPeakRssMiB: 2048,
  }),
);

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}
