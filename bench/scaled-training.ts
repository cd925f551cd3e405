// Benchmark: training the default model on an 85k-product corpus resampled from the sample, as `prodclass train` does
// (out-of-fold validation, then the fit on every row), against scikit-learn's plain TF-IDF + LinearSVC fit in the same run.
// Usage: tsx bench/scaled-training.ts [--data DIR] [--n 85000] [--kind KIND] [--fit-only]   (prints one JSON object)
// --fit-only times the kind's plain fit instead (no out-of-fold pass). The reference needs Debian's python3-sklearn;
// BENCH_NO_PYTHON=1 skips it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { formatCsvRow } from '../src/data/csv-format.js';
import type { LabelledProducts } from '../src/data/product.js';
import { modelKind } from '../src/models/model-kinds.js';
import '../src/models/registrations.js';
import { defaultModelKind } from '../src/models/text-model-kinds.js';
import { trainModel } from '../src/training/train-model.js';
import { pythonHas, runPythonJson } from './python-reference.js';
import { scaledCorpus } from './scaled-corpus.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    n: { type: 'string', default: '85000' },
    kind: { type: 'string' },
    'fit-only': { type: 'boolean', default: false },
  },
});

/** The bounds: the default model's training within 1.25x the reference's plain fit, peak memory within 3 GB. */
const TARGET_TIME_RATIO = 1.25;
const TARGET_PEAK_RSS_MIB = 3072;

const folder = await loadChallengeFolder(values.data!);
const corpus = scaledCorpus(folder.train, Number(values.n), 1);
/** The kind measured: the one `prodclass train` fits on this catalog unless --kind names another. */
const kind = values.kind ?? defaultModelKind(corpus);

/** The corpus in the challenge layout, for the reference to read. */
function writeCorpus(data: LabelledProducts): string {
  const dir = mkdtempSync(join(tmpdir(), 'prodclass-scaled-'));
  const x = [formatCsvRow(['', 'designation', 'description', 'productid', 'imageid'])];
  const y = [formatCsvRow(['', 'prdtypecode'])];
  data.products.forEach((p, i) => {
    x.push(formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]));
    y.push(formatCsvRow([p.index, data.labels[i]]));
  });
  writeFileSync(join(dir, 'X_train_update.csv'), x.join(''));
  writeFileSync(join(dir, 'Y_train_CVw08PX.csv'), y.join(''));
  return dir;
}

// The reference first, in its own process, so that its memory is not ours.
let reference: { fitSeconds: number; nFeatures: number; peakRssMiB: number } | null = null;
if (!process.env.BENCH_NO_PYTHON && pythonHas('sklearn', 'scipy')) {
  const dir = writeCorpus(corpus);
  try {
    reference = runPythonJson(new URL('./scaled-training-sklearn.py', import.meta.url).pathname, [dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rssBefore = process.memoryUsage().rss;
const started = performance.now();
let nFeatures: number | null = null;
if (values['fit-only']) {
  const model = modelKind(kind).create({ seed: 0 });
  await model.fit(corpus.products, corpus.labels);
  nFeatures = (model as unknown as { features?: { nFeatures: number } }).features?.nFeatures ?? null;
} else {
  await trainModel({ data: corpus, taxonomy: folder.taxonomy, source: folder.source, demo: false, kind, seed: 42, validationFraction: 0, folds: 5 });
}
const trainSeconds = (performance.now() - started) / 1000;
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
const timeRatio = reference ? trainSeconds / reference.fitSeconds : null;
console.log(
  JSON.stringify({
    benchmark: 'scaled-training',
    kind,
    what: values['fit-only'] ? 'the kind\'s plain fit' : 'prodclass train: 5-fold out-of-fold validation, then the fit on every row',
    n: corpus.products.length,
    nFeatures,
    trainSeconds,
    rssBeforeFitMiB: rssBefore / 2 ** 20,
    peakRssMiB,
    reference: reference && { pipeline: 'sklearn TfidfVectorizer(word 1-2) + TfidfVectorizer(char_wb 2-5, min_df=2) + LinearSVC(C=0.5), one fit', ...reference },
    timeRatio,
    targets: { timeRatio: TARGET_TIME_RATIO, peakRssMiB: TARGET_PEAK_RSS_MIB },
    met: { timeRatio: timeRatio === null ? null : timeRatio <= TARGET_TIME_RATIO, peakRss: peakRssMiB <= TARGET_PEAK_RSS_MIB },
  }),
);
