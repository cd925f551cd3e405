// Benchmark: does training without the audit's suspects help? For each catalog, one seeded validation split; the audit
// sees the training part only; text-linear is trained on the whole training part and on it without as many top
// suspects as confident learning estimates wrong; both are scored on the same validation rows (labels as given).
// Usage: tsx bench/audit-clean.ts [--catalog PATH[|separator|depth] ...] [--seeds 42,43]

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../src/data/load-catalog.js';
import '../src/models/registrations.js';
import { pick, pickLabels, trainModel, validationSplit } from '../src/training/train-model.js';
import { auditCatalog } from '../src/workflows/audit/label-audit.js';

const shared = (path: string) => fileURLToPath(new URL(`../../shared/data/${path}`, import.meta.url));
const DEFAULTS = [shared('rakuten-sample'), `${shared('catalogs/flipkart-sample/flipkart_com-ecommerce_sample_1050.csv')}| >> |3`];
const { values } = parseArgs({ options: { catalog: { type: 'string', multiple: true }, data: { type: 'string' }, seeds: { type: 'string', default: '42' } } });
const FRACTION = 0.1;

const results: Record<string, unknown>[] = [];
for (const spec of values.catalog ?? DEFAULTS) {
  const [path, separator, depth] = spec.split('|');
  const catalog = await loadCatalog(path, { separator: separator || undefined, depth: depth ? Number(depth) : undefined, requireLabels: true });
  const { products, labels } = catalog.train;
  for (const seed of values.seeds!.split(',').map(Number)) {
    const split = validationSplit(labels, FRACTION, seed);
    const audit = await auditCatalog({ products: pick(products, split.train), labels: pickLabels(labels, split.train), taxonomy: catalog.taxonomy, seed, topWords: 0 });
    const exclude = audit.suspects.slice(0, audit.estimatedIssues).map((s) => split.train[s.position]);
    const base = { data: catalog.train, taxonomy: catalog.taxonomy, source: catalog.source, demo: false, kind: 'text-linear', seed, validationFraction: FRACTION };
    const all = await trainModel(base);
    const cleaned = await trainModel({ ...base, excludeFromTraining: exclude });
    const row = {
      catalog: path,
      seed,
      products: products.length,
      validationRows: split.validation.length,
      excluded: cleaned.card.extra.excludedSuspects,
      estimatedIssues: audit.estimatedIssues,
      auditSeconds: audit.seconds,
      weightedF1: { all: all.validation!.weightedF1, excluded: cleaned.validation!.weightedF1 },
      macroF1: { all: all.validation!.macroF1, excluded: cleaned.validation!.macroF1 },
      gain: cleaned.validation!.weightedF1 - all.validation!.weightedF1,
    };
    results.push(row);
    process.stderr.write(`${path} seed ${seed}: excluded ${row.excluded}; weighted F1 ${row.weightedF1.all.toFixed(4)} -> ${row.weightedF1.excluded.toFixed(4)}\n`);
  }
}
process.stdout.write(`${JSON.stringify({ validationFraction: FRACTION, kind: 'text-linear', results })}\n`);
