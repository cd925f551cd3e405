// Benchmark: the catalog audit on the Rakuten sample with a known share of labels flipped uniformly at random to
// another category (seeded): precision and recall of the flipped rows among the top suspects (as many as were
// flipped) and run time, beside scikit-learn's reference (bench/audit-sklearn.py) on the same flips, in the same run.
// Usage: tsx bench/audit.ts [--data DIR] [--rates 0.02,0.05,0.1] [--seed 7] [--kinds text-linear,naive-bayes] [--vote-weight 0.1]

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Rng } from '../src/core/rng.js';
import { loadCatalog } from '../src/data/load-catalog.js';
import '../src/models/registrations.js';
import { auditCatalog, DEFAULT_AUDIT_KINDS, DEFAULT_VOTE_WEIGHT } from '../src/workflows/audit/label-audit.js';
import { PYTHON, pythonHas, runPythonJson } from './python-reference.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: fileURLToPath(new URL('../../shared/data/rakuten-sample', import.meta.url)) },
    rates: { type: 'string', default: '0.02,0.05,0.1' },
    seed: { type: 'string', default: '7' },
    kinds: { type: 'string', default: DEFAULT_AUDIT_KINDS.join(',') },
    'vote-weight': { type: 'string', default: String(DEFAULT_VOTE_WEIGHT) },
  },
});
const seed = Number(values.seed);
const kinds = values.kinds!.split(',');
const voteWeight = Number(values['vote-weight']);
const catalog = await loadCatalog(values.data!, { requireLabels: true });
const { products, labels } = catalog.train;
const categories = Int32Array.from(new Set(labels)).sort();

/** Flips round(rate * n) rows, chosen at random, each to another category drawn uniformly. */
function flip(rate: number): { noisy: Int32Array; flipped: Set<number> } {
  const rng = new Rng(seed);
  const order = rng.shuffle(Int32Array.from(labels.keys()));
  const flipped = new Set(order.subarray(0, Math.round(rate * labels.length)));
  const noisy = Int32Array.from(labels);
  for (const row of flipped) {
    const others = categories.filter((c) => c !== labels[row]);
    noisy[row] = others[rng.int(others.length)];
  }
  return { noisy, flipped };
}

const runs: Record<string, unknown>[] = [];
for (const rate of values.rates!.split(',').map(Number)) {
  const { noisy, flipped } = flip(rate);
  const k = flipped.size;
  const report = await auditCatalog({ products, labels: noisy, taxonomy: catalog.taxonomy, kinds, seed, voteWeight, topWords: 0 });
  const top = report.suspects.slice(0, k);
  const hits = top.filter((s) => flipped.has(s.position)).length;
  const ours = {
    suspects: report.suspects.length,
    estimatedIssues: report.estimatedIssues,
    precision: top.length ? hits / top.length : null,
    recall: hits / k,
    duplicateConflictsInTop: top.filter((s) => s.reason === 'duplicate-conflict').length,
    seconds: report.seconds,
  };
  let reference: { precision: number; recall: number; seconds: number } | null = null;
  if (!process.env.BENCH_NO_PYTHON && pythonHas('sklearn')) {
    const dir = mkdtempSync(join(tmpdir(), 'prodclass-audit-'));
    try {
      const file = join(dir, 'run.json');
      writeFileSync(file, JSON.stringify({
        title: products.map((p) => p.designation),
        description: products.map((p) => p.description),
        noisy: Array.from(noisy),
        flipped: [...flipped],
        seed,
      }));
      reference = runPythonJson(fileURLToPath(new URL('audit-sklearn.py', import.meta.url)), [file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    process.stderr.write(`${PYTHON} with scikit-learn not found: no reference (apt-get install python3-sklearn)\n`);
  }
  runs.push({
    rate,
    flipped: k,
    ours,
    reference,
    precisionGain: reference && ours.precision !== null ? ours.precision - reference.precision : null,
    timeRatio: reference ? ours.seconds / reference.seconds : null,
  });
  process.stderr.write(`${rate}: ours precision ${ours.precision?.toFixed(3)} recall ${ours.recall.toFixed(3)} in ${ours.seconds.toFixed(0)} s; ` +
    `reference ${reference ? `${reference.precision.toFixed(3)} in ${reference.seconds.toFixed(0)} s` : 'none'}\n`);
}
process.stdout.write(`${JSON.stringify({ data: values.data, products: products.length, seed, kinds, voteWeight, runs })}\n`);
