// Benchmark: TfidfVectorizer word 1-2 + char_wb 2-5 (min_df=2) fit_transform, ours against scikit-learn on the same texts.
//
// Usage: npx tsx bench/text-tfidf.ts DATA_DIR [--docs N] [--repeat R] [--no-python] [--product | --product-only]
//   --docs N     resample the products to N documents (default: the file's own rows). Rows past the file's
//                count are copies whose words are perturbed (seeded), so the vocabulary keeps growing as in a
//                real corpus instead of repeating the sample's.
//   --product    also time ProductTextVectorizer (defaults: cleaning + every block) on the same products;
//                --product-only times just that (so the peak RSS is its own).
//   --no-python  skip the scikit-learn reference (bench/text-tfidf-sklearn.py, run with /usr/bin/python3).
// Prints one JSON object: medians over the repeats, peak RSS, and sklearn / ours time ratios.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Rng } from '../src/core/rng.js';
import type { ProductText } from '../src/data/product.js';
import { ProductTextVectorizer, TfidfVectorizer } from '../src/text/index.js';

const args = process.argv.slice(2);
const dataDir = args[0];
if (!dataDir) {
  console.error('usage: npx tsx bench/text-tfidf.ts DATA_DIR [--docs N] [--repeat R] [--no-python] [--product | --product-only]');
  process.exit(2);
}
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const repeat = Number(option('--repeat') ?? 3);
const python = !args.includes('--no-python');
const productOnly = args.includes('--product-only');
const product = productOnly || args.includes('--product');

const rows = parse(readFileSync(join(dataDir, 'X_train_update.csv')), { columns: true }) as Record<string, string>[];
const base: ProductText[] = rows.map((r) => ({ designation: r.designation, description: r.description }));
const nDocs = Number(option('--docs') ?? base.length);
const products = resample(base, nDocs);
// The preprocessing of bench/text-linear-sklearn.py, so both sides vectorise identical strings.
const texts = products.map((p) => (p.designation + ' ' + p.description).replace(/<[^>]+>/g, ' ').toLowerCase());

/** Copies of the rows, cycling; copies after the first pass get ~1 word in 12 altered (a digit or letter appended). */
function resample(rows: ProductText[], n: number): ProductText[] {
  const rng = new Rng(42);
  const out: ProductText[] = [];
  const perturb = (s: string): string =>
    s.replace(/[\p{L}\p{N}]{3,}/gu, (w) => (rng.next() < 1 / 12 ? w + 'abcdefghijklmnopqrstuvwxyz0123456789'[rng.int(36)] : w));
  for (let i = 0; i < n; i++) {
    const r = rows[i % rows.length];
    out.push(i < rows.length ? r : { designation: perturb(r.designation), description: perturb(r.description) });
  }
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const wordMs: number[] = [];
const charMs: number[] = [];
let shape = {};
for (let r = 0; r < (productOnly ? 0 : repeat); r++) {
  let t0 = performance.now();
  const word = await new TfidfVectorizer({ ngramRange: [1, 2] }).fitTransform(texts);
  wordMs.push(performance.now() - t0);
  t0 = performance.now();
  const char = await new TfidfVectorizer({ analyzer: 'char_wb', ngramRange: [2, 5], minDf: 2 }).fitTransform(texts);
  charMs.push(performance.now() - t0);
  shape = { wordFeatures: word.nCols, wordNnz: word.nnz, charFeatures: char.nCols, charNnz: char.nnz };
}
const ours = productOnly ? undefined : {
  wordMs: Math.round(median(wordMs)),
  charMs: Math.round(median(charMs)),
  totalMs: Math.round(median(wordMs.map((w, i) => w + charMs[i]))),
  ...shape,
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
};

let productResult: object | undefined;
if (product) {
  const ms: number[] = [];
  let nFeatures = 0;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    nFeatures = (await new ProductTextVectorizer().fitTransform(products)).nCols;
    ms.push(performance.now() - t0);
  }
  productResult = { fitTransformMs: Math.round(median(ms)), nFeatures, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

let sklearn: { wordMs: number; charMs: number; totalMs: number; peakRssMiB: number } | undefined;
if (python && ours) {
  const dir = mkdtempSync(join(tmpdir(), 'prodclass-bench-'));
  try {
    writeFileSync(join(dir, 'texts.json'), JSON.stringify(texts));
    const script = new URL('./text-tfidf-sklearn.py', import.meta.url).pathname;
    const out = execFileSync('/usr/bin/python3', [script, join(dir, 'texts.json'), String(repeat)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    sklearn = JSON.parse(out) as typeof sklearn;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  JSON.stringify(
    {
      benchmark: 'TfidfVectorizer(word 1-2) + TfidfVectorizer(char_wb 2-5, min_df=2) fit_transform',
      docs: texts.length,
      chars: texts.reduce((s, t) => s + t.length, 0),
      repeat,
      ...(ours ? { ours } : {}),
      ...(productResult ? { productTextVectorizer: productResult } : {}),
      ...(sklearn && ours
        ? {
            sklearn,
            speedup: {
              word: +(sklearn.wordMs / ours.wordMs).toFixed(2),
              char: +(sklearn.charMs / ours.charMs).toFixed(2),
              total: +(sklearn.totalMs / ours.totalMs).toFixed(2),
            },
          }
        : {}),
    },
    null,
    2,
  ),
);
