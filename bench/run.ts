// `npm run bench`: runs each benchmark script in its own process (so peak memory is its own) and prints one JSON object.
// Usage: npm run bench -- [NAMES...] [--data DIR] [-- SCRIPT OPTIONS]   NAMES from the table below; default: all.
// Options after a second `--` go to each script named (e.g. `npm run bench -- automation -- --kind text-ensemble`).

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** name -> [script, extra arguments]. Each script prints one JSON object as its last stdout line. */
const BENCHMARKS: Record<string, [string, string[]]> = {
  'text-linear-cv': ['text-linear.ts', []],
  automation: ['automation.ts', []],
  'predict-speed': ['predict-speed.ts', []],
  'tfidf-speed': ['text-tfidf.ts', ['--product']],
  'scaled-training': ['scaled-training.ts', []],
  trees: ['trees.ts', []],
  analysis: ['analysis.ts', []],
  'clip-embed': ['clip-embed.ts', []],
  'fusion-head': ['fusion-head.ts', []],
  'multimodal-cv': ['multimodal-cv.ts', []],
  'http-load': ['http-load.ts', []],
  'retrain-load': ['retrain-load.ts', []],
  'batch-100k': ['batch.ts', []],
  catalogs: ['catalogs.ts', []],
  'read-table': ['read-table.ts', []],
  'many-classes': ['many-classes.ts', []],
  'hierarchy-flipkart': ['hierarchy-flipkart.ts', []],
  'depth-thresholds': ['depth-thresholds.ts', []],
  'scale-out': ['scale-out.ts', []],
  'upload-photos': ['upload-photos.ts', []],
  'index-filing': ['index-filing.ts', []],
  similar: ['similar.ts', []],
  'same-product': ['same-product.ts', []],
  audit: ['audit.ts', []],
  'audit-clean': ['audit-clean.ts', []],
};

const argv = process.argv.slice(2);
const cut = argv.indexOf('--');
const passed = cut < 0 ? [] : argv.slice(cut + 1);
const { values, positionals } = parseArgs({
  args: cut < 0 ? argv : argv.slice(0, cut),
  allowPositionals: true,
  options: { data: { type: 'string', default: fileURLToPath(new URL('../../shared/data/rakuten-sample', import.meta.url)) } },
});
const names = positionals.length ? positionals : Object.keys(BENCHMARKS);
for (const name of names) {
  if (!BENCHMARKS[name]) {
    process.stderr.write(`unknown benchmark "${name}" (available: ${Object.keys(BENCHMARKS).join(', ')})\n`);
    process.exit(2);
  }
}

const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
const results: Record<string, unknown> = {};
for (const name of names) {
  const [script, extra] = BENCHMARKS[name];
  const path = fileURLToPath(new URL(script, import.meta.url));
  // text-tfidf.ts takes the data folder as a positional argument; the others as --data.
  const dataArgs = script === 'text-tfidf.ts' ? [values.data!] : ['--data', values.data!];
  process.stderr.write(`bench: ${name}...\n`);
  const started = performance.now();
  try {
    const out = execFileSync(process.execPath, [tsx, path, ...dataArgs, ...extra, ...passed], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = out.trim().split('\n');
    results[name] = JSON.parse(lines[lines.length - 1]);
  } catch (error) {
    results[name] = { error: (error as Error).message };
  }
  process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

const report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
  data: values.data,
  results,
};
mkdirSync(fileURLToPath(new URL('out', import.meta.url)), { recursive: true });
writeFileSync(fileURLToPath(new URL('out/results.json', import.meta.url)), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
