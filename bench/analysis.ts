// Benchmark: the dataset analysis (Explore page, report) on an 85k-product corpus resampled from the sample: time, peak memory, page render.
// Usage: tsx bench/analysis.ts [--data DIR] [--n 85000]   (prints one JSON object)
//
// Two timings: `analysisSeconds` analyses the corpus held in memory (what a server with the data loaded does);
// `endToEndSeconds` writes the corpus as challenge CSV files beside a link to the sample's images, then
// loads it, fingerprints it and analyses it from scratch, as a first `prodclass explore` does (it writes the
// cache). Then `explorePage`: a server exploring that folder (the analysis read from that cache) serves the
// Explore page to Debian's chromium, which reports the page's own render measure (analysis received → painted;
// skipped without chromium or without a built page, `npm run build:web`).

import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeFolder } from '../src/analysis/analysis-cache.js';
import { analyzeDataset } from '../src/analysis/dataset-analysis.js';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { formatCsvRow } from '../src/data/csv-format.js';
import { renderReport } from '../src/report/html-report.js';
import { buildApp } from '../src/serving/app.js';
import { EXPLORE_MAX_IMAGES } from '../src/serving/explore-data.js';
import { DEFAULT_WEB_ROOT } from '../src/serving/plugins/web-static.js';
import { trainModel } from '../src/training/train-model.js';
import { scaledCorpus } from './scaled-corpus.js';
import { RAKUTEN_TAXONOMY } from '../src/taxonomy/index.js';

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
const analysis = await analyzeDataset({ ...corpus, taxonomy: sample.taxonomy, source: sample.source, images: sample.images });
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
let explorePage: Awaited<ReturnType<typeof explorePageRender>>;
try {
  let x = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
  let y = formatCsvRow(['', 'prdtypecode']);
  corpus.products.forEach((p, i) => {
    x += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    y += formatCsvRow([p.index, corpus.labels[i]]);
  });
  writeFileSync(join(dir, 'X_train_update.csv'), x);
  writeFileSync(join(dir, 'Y_train_CVw08PX.csv'), y);
  symlinkSync(join(sample.source, 'images'), join(dir, 'images'));
  t = performance.now();
  cpu = process.cpuUsage();
  const folder = await loadChallengeFolder(dir);
  // The server's cache folder and image option, so that it reads this analysis rather than computing it again.
  const written = await analyzeFolder(folder, { cacheDir: join(dir, 'var', 'cache', 'analysis'), images: { maxImages: EXPLORE_MAX_IMAGES } });
  endToEndSeconds = (performance.now() - t) / 1000;
  endToEndCpuSeconds = cpuSeconds(process.cpuUsage(cpu));
  explorePage = await explorePageRender(dir, written.analysis.createdAt);
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
    explorePage,
  }),
);

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

/**
 * The Explore page of a server exploring `dir`, opened `runs` times in chromium: the page's `prodclass:explore:render`
 * measure (analysis JSON received and parsed → charts painted) and `prodclass:explore:ready` (page opened → painted,
 * the download of the analysis included). The server serves a naive Bayes model trained on the sample (any model does).
 */
async function explorePageRender(dir: string, cachedCreatedAt: string, runs = 3) {
  const chromiumPath = process.env.PRODCLASS_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) return { skipped: `no chromium at ${chromiumPath}` };
  if (!existsSync(join(DEFAULT_WEB_ROOT, 'index.html'))) return { skipped: 'the web page is not built (npm run build:web)' };
  const { chromium } = await import('playwright-core');
  const { model, card } = await trainModel({ data: sample.train, taxonomy: RAKUTEN_TAXONOMY, source: sample.source, demo: false, kind: 'naive-bayes', seed: 0, validationFraction: 0.1 });
  const app = await buildApp({ model, card, dataDir: dir, varDir: join(dir, 'var') });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const answer = await app.inject({ method: 'GET', url: '/api/explore?wait=60' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const renderMs: number[] = [];
    const readyMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      await (run === 0 ? page.goto(`${base}/#/explore`) : page.reload());
      await page.waitForFunction("performance.getEntriesByName('prodclass:explore:render').length > 0", undefined, { timeout: 60_000 });
      const [render, ready] = await page.evaluate<number[]>("['render', 'ready'].map((m) => performance.getEntriesByName('prodclass:explore:' + m)[0].duration)");
      renderMs.push(render);
      readyMs.push(ready);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const served = answer.json() as { createdAt?: string };
    return { analysisFromCache: served.createdAt === cachedCreatedAt, analysisBytes: answer.body.length, renderMs, readyMs, medianRenderMs: median(renderMs), medianReadyMs: median(readyMs), targetMs: 1000 };
  } finally {
    await browser.close();
    await app.close();
  }
}
