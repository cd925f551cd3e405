// `npm run bench -- index-filing`: what filing a product into the similarity index costs /api/predict, now that it is off the request path.
// On SQLite and (when installed) a throwaway PostgreSQL: predict latency of a product filed automatically (its filing
// queued) against one that is not filed (origin "page"), in the same run; and the reference, what the request used to
// wait for: one CatalogIndexes.file append per product, timed alone, against the same products written in batches.
// Options: --requests N (default 400), --delay-ms (the filings' batching delay, default 50, as served), --skip-sqlite, --data (ignored:
// the demo catalog is written to a temp folder).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDemoCatalog } from '../src/data/demo-catalog.js';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { loadCatalog } from '../src/data/load-catalog.js';
import { saveModel } from '../src/models/model-store.js';
import { catalogEntries } from '../src/models/similar/catalog-entries.js';
import { SimilarIndex } from '../src/models/similar/similar-index.js';
import { modelIndexDir } from '../src/models/similar/similar-view.js';
import { buildApp } from '../src/serving/app.js';
import { openStorage } from '../src/storage/storage.js';
import { RAKUTEN_TAXONOMY } from '../src/taxonomy/index.js';
import { trainModel } from '../src/training/train-model.js';
import { CatalogIndexes, predictionProductId } from '../src/workflows/catalog-index.js';
import { IndexFilings } from '../src/workflows/index-filings.js';
import { servedModel } from '../src/workflows/served-model.js';
import { postgresBinDir, startPostgres, stopPostgres } from '../scripts/local-services.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '400' }, 'delay-ms': { type: 'string', default: '50' }, 'skip-sqlite': { type: 'boolean', default: false }, data: { type: 'string' } } });
const requests = Number(values.requests);
const log = (message: string) => process.stderr.write(`index-filing: ${message}\n`);

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(3));
};
const summary = (ms: number[]) => ({ p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), n: ms.length });

const root = mkdtempSync(join(tmpdir(), 'prodclass-bench-filing-'));
const dataDir = join(root, 'data');
await writeDemoCatalog(dataDir, { seed: 7, perClass: 40 });
const folder = await loadChallengeFolder(dataDir);
const { model, card } = await trainModel({ data: folder.train, taxonomy: RAKUTEN_TAXONOMY, source: folder.source, demo: true, kind: 'text-linear', seed: 7, validationFraction: 0.2 });
const modelDir = join(root, 'model');
await saveModel(modelDir, model, card, RAKUTEN_TAXONOMY);
const index = await SimilarIndex.build(catalogEntries(await loadCatalog(dataDir)), { embedder: { dims: 64 } });
await index.save(modelIndexDir(modelDir));
const titles = folder.train.products.map((p) => p.designation);
log(`model and index of ${index.size} products ready`);

async function backend(name: string, databaseUrl: string | null): Promise<Record<string, unknown>> {
  const varDir = join(root, `var-${name}`);
  // Threshold 0: every "api" prediction is filed automatically; "page" ones never are.
  const app = await buildApp({ model, card, modelDir, varDir, databaseUrl: databaseUrl ?? undefined, webRoot: null, reviewThreshold: 0, spotCheckShare: 0, retention: false, rateLimit: false, indexFilingDelayMs: Number(values['delay-ms']) });
  const timed = async (origin: 'api' | 'page', offset: number) => {
    const ms: number[] = [];
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      const res = await app.inject({ method: 'POST', url: '/api/predict', payload: { designation: titles[(offset + i) % titles.length], origin, explain: false } });
      ms.push(performance.now() - started);
      if (res.statusCode !== 200) throw new Error(res.body);
    }
    return ms;
  };
  // Warm both paths (the index opens on the first filing), then alternate to share the machine's drift.
  await timed('api', 0);
  await timed('page', 0);
  const filed: number[] = [];
  const unfiled: number[] = [];
  for (let round = 0; round < 2; round++) {
    filed.push(...(await timed('api', requests * (round + 1))));
    unfiled.push(...(await timed('page', requests * (round + 1))));
  }
  await app.close();

  // The reference: what /api/predict awaited per product before, one append each; against the same count in batches.
  const storage = await openStorage(databaseUrl ? null : join(root, `ref-${name}`), { databaseUrl: databaseUrl ?? undefined });
  const served = servedModel({ id: card.modelId, model, card, dir: modelDir, taxonomy: RAKUTEN_TAXONOMY });
  const indexes = new CatalogIndexes({ changes: storage.indexChanges });
  const product = (i: number) => ({ id: predictionProductId(1_000_000 + i), designation: titles[i % titles.length], description: '', category: model.classes[i % model.classes.length] });
  await indexes.file(served, [product(3 * requests)]);
  const single: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    await indexes.file(served, [product(i)]);
    single.push(performance.now() - started);
  }
  const filings = new IndexFilings({ indexes });
  const started = performance.now();
  for (let i = 0; i < requests; i++) filings.add(served, [product(requests + i)]);
  await filings.close();
  const batchedMs = performance.now() - started;
  await indexes.close();
  await storage.close();
  const singleTotal = single.reduce((a, b) => a + b, 0);
  return {
    predictFiledMs: summary(filed),
    predictNotFiledMs: summary(unfiled),
    filedOverNotFiledP50: Number((quantile(filed, 0.5) / quantile(unfiled, 0.5)).toFixed(3)),
    referenceOneAppendPerProductMs: summary(single),
    filingsPerSecond: { onePerProduct: Math.round(requests / (singleTotal / 1000)), batched: Math.round(requests / (batchedMs / 1000)) },
  };
}

const result: Record<string, unknown> = { requests, indexedProducts: index.size };
try {
  if (!values['skip-sqlite']) result.sqlite = await backend('sqlite', null);
  if (postgresBinDir()) {
    const postgres = await startPostgres();
    try {
      result.postgres = await backend('postgres', postgres.url);
    } finally {
      stopPostgres(postgres);
    }
  } else result.postgres = 'skipped: no PostgreSQL binaries';
} finally {
  rmSync(root, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
