import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/serving/app.js';
import type { PredictResponse } from '../../src/serving/api-types.js';
import { openStorage } from '../../src/storage/storage.js';
import { trainSeparableModel } from '../helpers/demo-model.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('prodclass retrain --feedback', () => {
  it('retrains on the feedback a server recorded, prints the gate and activates the new model in the registry', async () => {
    const root = tempDir();
    const trained = await trainSeparableModel(root);
    const varDir = join(root, 'var');
    const app = await buildApp({ model: trained.model, card: trained.card, modelDir: trained.dir, varDir, webRoot: null });
    const predicted = (await app.inject({ method: 'POST', url: '/api/predict', payload: { designation: 'piscine spa bâche grand' } })).json() as PredictResponse;
    await app.inject({ method: 'POST', url: '/api/feedback', payload: { predictionId: predicted.predictionId, correctCode: 2583 } });
    await app.close();

    const missing = await runCli(['retrain', '--var', varDir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--feedback/);

    const result = await runCli(['retrain', '--feedback', '--var', varDir, '--json']);
    expect(result.stderr).toMatch(/gate: weighted F1 \d\.\d{4} \(text-linear-[\w-]+\) -> \d\.\d{4} \(text-linear-[\w-]+\) on the same \d+ validation rows: passed/);
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout) as { gate: { newModelId: string }; feedbackRows: number; modelDir: string };
    expect(outcome.feedbackRows).toBe(1);
    expect(outcome.modelDir).toBe(join(root, 'models', outcome.gate.newModelId));
    const storage = await openStorage(varDir);
    expect((await storage.models.active())!.id).toBe(outcome.gate.newModelId);
    await storage.close();
  }, 120_000);
});
