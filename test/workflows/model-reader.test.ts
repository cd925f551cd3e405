// The model reader thread: it reads and checks a folder at a lower priority, and hands over files that load the same model.

import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { classifyOne } from '../../src/models/classify-one.js';
import { loadModel, type LoadedModel } from '../../src/models/model-store.js';
import { ModelReader } from '../../src/workflows/model-reader.js';
import { PredictionPool } from '../../src/workflows/prediction-pool.js';
import { trainDemoModel } from '../helpers/demo-model.js';
import { tempDir } from '../helpers/tmp.js';

let root: string;
let trained: LoadedModel;
const products = generateDemoProducts({ seed: 5, perClass: 3 }).products.map((p) => ({ designation: p.designation, description: p.description }));

beforeAll(async () => {
  root = tempDir();
  trained = await trainDemoModel(root, 12);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Niceness of each thread of this process (Linux keeps one per thread). */
function threadNiceness(): number[] {
  return readdirSync('/proc/self/task').map((task) => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1].split(' ')[16]));
}

describe('ModelReader', () => {
  it('hands over files that load the model exactly as its folder does', async () => {
    const reader = await ModelReader.start();
    try {
      const files = await reader.read(trained.dir);
      expect(files.manifest.card.modelId).toBe(trained.card.modelId);
      // In memory every thread it is posted to shares: two models built on the same bytes, as two workers do.
      expect(files.weights.buffer).toBeInstanceOf(SharedArrayBuffer);
      const [loaded, twin] = [await loadModel(trained.dir, files), await loadModel(trained.dir, files)];
      const x = products.slice(0, 12);
      for (const model of [loaded.model, twin.model]) {
        expect(Array.from((await model.predictProba(x)).data)).toEqual(Array.from((await trained.model.predictProba(x)).data));
        for (const input of x) await classifyOne(model, input, { explain: true });
      }
      // Serving only reads the shared bytes: they still match the folder's checksum.
      expect(createHash('sha256').update(files.weights).digest('hex')).toBe(files.manifest.weights.sha256);
    } finally {
      await reader.close();
    }
  });

  it.runIf(existsSync('/proc/self/task'))('reads in a thread nicer than the server’s own threads', async () => {
    const before = threadNiceness().filter((n) => n > 0).length;
    const reader = await ModelReader.start();
    try {
      await reader.read(trained.dir);
      expect(threadNiceness().filter((n) => n > 0).length).toBe(before + 1);
      expect(Math.max(...threadNiceness())).toBeGreaterThan(0);
    } finally {
      await reader.close();
    }
  });

  it('reports a damaged or missing folder with the loader’s codes, and refuses work once closed', async () => {
    const damaged = join(root, 'damaged');
    cpSync(trained.dir, damaged, { recursive: true });
    const weights = readFileSync(join(damaged, 'weights.bin'));
    weights[weights.length >> 1] ^= 0xff;
    writeFileSync(join(damaged, 'weights.bin'), weights);
    const reader = await ModelReader.start();
    await expect(reader.read(damaged)).rejects.toMatchObject({ code: 'MODEL_CORRUPT' });
    await expect(reader.read(join(root, 'nowhere'))).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await reader.close();
    await expect(reader.read(trained.dir)).rejects.toMatchObject({ code: 'CONFLICT' });
    // A pool whose reader cannot read the folder lets its worker read it, and fails with the same code.
    const pool = await PredictionPool.start(1);
    try {
      await expect(pool.load(damaged)).rejects.toMatchObject({ code: 'MODEL_CORRUPT' });
      const held = await pool.load(trained.dir, { modelId: trained.card.modelId });
      expect((await held.classify(products[0], { explain: true })).explanation).not.toBeNull();
    } finally {
      await pool.close();
    }
  });
});
