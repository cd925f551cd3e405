import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedModel } from '../../src/models/model-store.js';
import type { PredictResponse } from '../../src/serving/api-types.js';
import { startCli, until } from '../helpers/run-cli.js';
import { trainDemoModel, trainSeparableModel } from '../helpers/demo-model.js';
import { freePort, freshPostgresDatabase, postgresAvailability } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';

// Two `prodclass serve` processes on one PostgreSQL database, each with its own var folder and no folder in common.
const services = postgresAvailability().ok;
const children: ChildProcess[] = [];
const TOKEN = 'shared-models-admin';
const start = (args: string[]) => startCli(args, children, { PRODCLASS_ADMIN_TOKEN: TOKEN });

describe.skipIf(!services)('model folders stored in PostgreSQL', () => {
  let rootA: string;
  let rootB: string;
  let modelA: LoadedModel;
  let modelB: LoadedModel;

  beforeAll(async () => {
    [rootA, rootB] = [tempDir(), tempDir()];
    [modelA, modelB] = await Promise.all([trainDemoModel(rootA, 12), trainSeparableModel(rootB, 12)]);
  }, 120_000);

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('a model registered on one host is activated and served by another that never had its folder', async () => {
    expect(modelA.card.modelId).not.toBe(modelB.card.modelId);
    const databaseUrl = await freshPostgresDatabase();
    const [portA, portB] = [await freePort(), await freePort()];
    const hostA = start(['serve', '--model', modelA.dir!, '--port', String(portA), '--predict-workers', '0', '--database', databaseUrl, '--var', join(rootA, 'var')]);
    await until('host A', async () => (await fetch(`http://127.0.0.1:${portA}/api/ready`).catch(() => null))?.status === 200);
    // Host A has registered (and stored) its model; its folder goes, as if it had only ever been on host A's disk.
    rmSync(modelA.dir!, { recursive: true, force: true });
    const hostB = start(['serve', '--model', modelB.dir!, '--port', String(portB), '--predict-workers', '0', '--database', databaseUrl, '--var', join(rootB, 'var')]);
    const base = `http://127.0.0.1:${portB}`;
    await until('host B', async () => (await fetch(`${base}/api/ready`).catch(() => null))?.status === 200);

    const listed = (await (await fetch(`${base}/api/models`)).json()) as { models: { id: string; available: boolean }[] };
    expect(listed.models.find((m) => m.id === modelA.card.modelId)).toMatchObject({ available: true });
    const activated = await fetch(`${base}/api/models/${modelA.card.modelId}/activate`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(activated.status, hostB.output()).toBe(200);
    const predicted = (await (await fetch(`${base}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ designation: 'Console PS4 avec manette' }) })).json()) as PredictResponse;
    expect(predicted.model.id).toBe(modelA.card.modelId);
    // Fetched once into host B's own cache, whole.
    const cache = join(rootB, 'var', 'model-cache');
    expect(readdirSync(cache).filter((n) => !n.includes('.partial'))).toHaveLength(1);
    expect(existsSync(join(cache, readdirSync(cache)[0], 'manifest.json'))).toBe(true);

    // Host A follows the activation made on host B (it had switched to B's model when B started and activated it).
    await until("host A to serve the model activated on host B", async () => {
      const res = await fetch(`http://127.0.0.1:${portA}/api/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ designation: 'x' }) });
      return ((await res.json()) as PredictResponse).model?.id === modelA.card.modelId;
    }, 20_000);
    expect(hostA.child.exitCode).toBeNull();
  }, 180_000);
});
