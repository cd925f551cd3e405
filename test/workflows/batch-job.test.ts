import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { openStorage } from '../../src/storage/storage.js';
import type { JobRecord } from '../../src/storage/job-store.js';
import { runBatchJob, type BatchProgress } from '../../src/workflows/batch-job.js';
import { jobPaths } from '../../src/workflows/job-folder.js';
import { servedModel, type ServedModel } from '../../src/workflows/served-model.js';
import { trainModel } from '../../src/training/train-model.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';
import { tempDir } from '../helpers/tmp.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';

let served: ServedModel;

beforeAll(async () => {
  const { model, card } = await trainModel({ data: syntheticProducts(20, 3), taxonomy: RAKUTEN_TAXONOMY, source: 'synthetic', demo: true, kind: 'text-linear', seed: 3, validationFraction: 0.2 });
  served = servedModel({ id: card.modelId, model, card, dir: null, taxonomy: RAKUTEN_TAXONOMY });
});

/** A var folder with one job whose input.csv holds `n` products and one malformed row after the 5th. */
async function setUp(n: number) {
  const varDir = tempDir();
  const storage = await openStorage(varDir);
  const job = await storage.jobs.create({ id: 'job-1', kind: 'batch', modelId: served.id, input: { fileName: 'products.csv' } });
  const paths = jobPaths(varDir, job.id);
  mkdirSync(paths.images, { recursive: true });
  const { products } = syntheticProducts(Math.ceil(n / 4), 11);
  let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
  products.slice(0, n).forEach((p, i) => {
    csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    if (i === 4) csv += 'not-a-number,"broken",,1,2\n';
  });
  writeFileSync(paths.input, csv);
  writeFileSync(`${paths.images}/image_${products[0].imageid}_product_${products[0].productid}.jpg`, Buffer.from([0xff, 0xd8, 0xff]));
  return { varDir, storage, job, paths, products: products.slice(0, n) };
}

describe('runBatchJob', () => {
  it('classifies every row into result.csv and the predictions table, and reports bad rows with their line', async () => {
    const { varDir, storage, job, paths, products } = await setUp(30);
    const progress = await runBatchJob(job, served, { storage, varDir, chunkSize: 8, lowConfidence: 0.99 });
    const lines = readFileSync(paths.result, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('index,prdtypecode,name,probability,decision');
    expect(lines).toHaveLength(31);
    // Filed automatically at or above the review threshold (0.99 here), else sent to review.
    const decisions = lines.slice(1).map((l) => {
      const cells = l.split(',');
      expect(cells.at(-1)).toBe(Number(cells.at(-2)) >= 0.99 ? 'auto' : 'review');
      return cells.at(-1);
    });
    expect(decisions).toContain('review');
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(products.map((p) => p.index));
    expect(progress).toMatchObject({ rowsDone: 30, rowsFailed: 1, rowsRead: 31, bytesRead: progress.totalBytes });
    expect(progress.errors[0]).toMatchObject({ line: 7 });
    expect(progress.errors[0].message).toMatch(/index/);
    expect(Object.values(progress.counts).reduce((a, b) => a + b, 0)).toBe(30);
    expect(progress.lowConfidence).toBeGreaterThan(0);
    const queued = await storage.predictions.reviewQueue({ threshold: 1, origins: ['batch'], limit: 100, offset: 0 });
    expect(queued.total).toBe(30);
    const first = queued.items.find((p) => p.rowIndex === products[0].index)!;
    expect(first.image).toBe(`jobs/job-1/images/image_${products[0].imageid}_product_${products[0].productid}.jpg`);
    await storage.close();
  });

  it('resumes after a crash from its checkpoint: no row lost, none written twice', async () => {
    const reference = await setUp(40);
    await runBatchJob(reference.job, served, { storage: reference.storage, varDir: reference.varDir, chunkSize: 8, lowConfidence: 0.5 });
    const expected = readFileSync(reference.paths.result, 'utf8');

    const { varDir, storage, job, paths } = await setUp(40);
    const controller = new AbortController();
    let chunks = 0;
    await expect(
      runBatchJob(job, served, { storage, varDir, chunkSize: 8, lowConfidence: 0.5, signal: controller.signal }, () => {
        if (++chunks === 2) controller.abort(new Error('crash'));
      }),
    ).rejects.toThrow('crash');
    // A crash between writing result bytes and committing the checkpoint leaves bytes the checkpoint does not cover.
    appendFileSync(paths.result, '999,10,half-written');
    const saved = (await storage.jobs.get(job.id)) as JobRecord;
    expect((saved.progress as BatchProgress).rowsDone).toBe(16);
    const progress = await runBatchJob(saved, served, { storage, varDir, chunkSize: 8, lowConfidence: 0.5 });
    expect(readFileSync(paths.result, 'utf8')).toBe(expected);
    expect(progress).toMatchObject({ rowsDone: 40, rowsFailed: 1 });
    expect(await storage.predictions.count()).toBe(40);
    await storage.close();
    await reference.storage.close();
  });
});
