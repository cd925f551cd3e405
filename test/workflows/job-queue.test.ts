import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { openStorage } from '../../src/storage/storage.js';
import { trainModel } from '../../src/training/train-model.js';
import { jobPaths } from '../../src/workflows/job-folder.js';
import { JobQueue } from '../../src/workflows/job-queue.js';
import { servedModel } from '../../src/workflows/served-model.js';
import { ModelService } from '../../src/workflows/model-service.js';
import { DEFAULT_ZIP_LIMITS } from '../../src/workflows/zip-images.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';
import { tempDir } from '../helpers/tmp.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';

describe('JobQueue after a restart', () => {
  it("resumes a batch job that was running and marks a retraining that was running as failed; leaves another host's jobs alone", async () => {
    const { model, card } = await trainModel({ data: syntheticProducts(15, 2), taxonomy: RAKUTEN_TAXONOMY, source: 'synthetic', demo: true, kind: 'text-linear', seed: 2, validationFraction: 0.2 });
    const varDir = tempDir();
    const storage = await openStorage(varDir);
    const models = await ModelService.start(storage, { initial: servedModel({ id: card.modelId, model, card, dir: null, taxonomy: RAKUTEN_TAXONOMY }), modelsDir: null, preferRegistry: false });

    // What a crash leaves: a batch job "running" with a checkpoint after 4 of 10 rows, and a retraining "running".
    const paths = jobPaths(varDir, 'batch-1');
    mkdirSync(paths.images, { recursive: true });
    const { products } = syntheticProducts(3, 9);
    let csv = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
    for (const p of products.slice(0, 10)) csv += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    writeFileSync(paths.input, csv);
    const header = 'index,prdtypecode,name,probability,decision\n';
    const firstRows = products
      .slice(0, 4)
      .map((p) => `${p.index},10,Used books,0.500000,auto\n`)
      .join('');
    writeFileSync(paths.result, header + firstRows + '99,60,partial');
    await storage.jobs.create({ id: 'batch-1', kind: 'batch', modelId: card.modelId, input: {} });
    await storage.jobs.update('batch-1', { status: 'running', progress: { rowsRead: 4, rowsDone: 4, outputBytes: Buffer.byteLength(header + firstRows), counts: { 10: 4 } } });
    await storage.jobs.create({ id: 'retrain-1', kind: 'retrain', modelId: card.modelId, input: {} });
    await storage.jobs.update('retrain-1', { status: 'running', progress: { stage: 'training' } });
    // Another host's live work in the same (shared) database: neither resumed nor failed here.
    await storage.jobs.create({ id: 'batch-elsewhere', kind: 'batch', modelId: card.modelId, input: {}, host: 'other-machine:/var/lib/prodclass' });
    await storage.jobs.update('batch-elsewhere', { status: 'running', progress: { rowsRead: 100 } });
    await storage.jobs.create({ id: 'retrain-elsewhere', kind: 'retrain', modelId: card.modelId, input: {}, host: 'other-machine:/var/lib/prodclass' });
    await storage.jobs.update('retrain-elsewhere', { status: 'running' });

    const queue = new JobQueue({ storage, host: `this-machine:${varDir}`, models, varDir, modelsDir: join(varDir, 'models'), chunkSize: 3, reviewThreshold: () => 0.5, zipLimits: DEFAULT_ZIP_LIMITS, log: () => {} });
    await queue.resume();
    expect(await storage.jobs.get('retrain-1')).toMatchObject({ status: 'failed', message: expect.stringMatching(/interrupted/) });
    for (let i = 0; i < 100 && (await storage.jobs.get('batch-1'))!.status !== 'done'; i++) await new Promise((r) => setTimeout(r, 20));
    const job = (await storage.jobs.get('batch-1'))!;
    expect(await storage.jobs.get('batch-elsewhere')).toMatchObject({ status: 'running', progress: { rowsRead: 100 } });
    expect(await storage.jobs.get('retrain-elsewhere')).toMatchObject({ status: 'running' });
    expect(job.status).toBe('done');
    expect(job.result).toMatchObject({ rowsDone: 10, rowsRead: 10 });
    const lines = readFileSync(paths.result, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines.slice(1, 5).join('\n') + '\n').toBe(firstRows);
    expect(lines.slice(5).map((l) => Number(l.split(',')[0]))).toEqual(products.slice(4, 10).map((p) => p.index));
    await queue.close();
    await storage.close();
  });
});
