// A worker process killed (SIGKILL) in the middle of an audit: the task's lock lapses and another worker process runs it.

import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResponse, JobResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { endedJob } from '../helpers/jobs.js';
import { startCli, until } from '../helpers/run-cli.js';
import { freshPostgresDatabase, postgresAvailability, redisAvailability, redisUrl } from '../helpers/services.js';
import { SHOP_MISFILED, trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

// Its own Redis database: a worker of another test file on the shared server must not take these tasks.
const REDIS_DB = 10;
const services = postgresAvailability().ok && redisAvailability().ok;
const children: ChildProcess[] = [];

describe.skipIf(!services)('prodclass worker: an audit whose worker dies', () => {
  let root: string;
  let databaseUrl: string;
  let redis: string;
  let api: FastifyInstance;
  let storage: Storage;

  beforeAll(async () => {
    root = tempDir();
    [databaseUrl, redis] = await Promise.all([freshPostgresDatabase(), redisUrl().then((url) => `${url}/${REDIS_DB}`)]);
    const { dir, file: _file, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop', perLeaf: 60, misfiled: SHOP_MISFILED });
    api = await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var-api'), databaseUrl, redisUrl: redis, webRoot: null, retention: false, rateLimit: false });
    storage = await openStorage(null, { databaseUrl });
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await api?.close();
    await storage?.close();
  });

  it('completes on another worker, with the suspects the same audit finds', async () => {
    const worker = (name: string) =>
      startCli(['worker', '--database', databaseUrl, '--redis', redis, '--var', join(root, `var-${name}`), '--task-lock-ms', '1000', '--host-name', name], children);
    const first = worker('w0');
    await until('the first worker', () => first.output().includes('taking chunks'));
    const started = await api.inject({ method: 'POST', url: '/api/audits' });
    expect(started.statusCode, started.body).toBe(202);
    const { id } = started.json() as JobResponse;

    // Killed once the audit is under way on it: its progress names a stage.
    await until('the audit on w0', async () => {
      const job = await storage.jobs.get(id);
      return job?.progress.worker === 'w0' && typeof job.progress.stage === 'string';
    });
    first.child.kill('SIGKILL');
    expect((await storage.jobs.get(id))!.status).toBe('running');
    const second = worker('w1');

    const job = await endedJob(api, id, { timeoutMs: 120_000, everyMs: 100 });
    expect(job.status, `${JSON.stringify(job)}\n${second.output()}`).toBe('done');
    const record = (await storage.jobs.get(id))!;
    expect(record.result).toMatchObject({ worker: 'w1', products: 240 });
    // The second start of the task (BullMQ counts the dead worker's).
    expect(Number(record.result!.attempt)).toBeGreaterThanOrEqual(2);
    expect(second.output()).toContain(`audit job ${id}`);
    const audit = (await api.inject({ method: 'GET', url: `/api/audits/${id}` })).json() as AuditResponse;
    expect(audit.suspects.slice(0, 3).map((s) => s.id)).toContain('p40');
  }, 240_000);

  it('hands the audit back when its worker is stopped (SIGTERM) midway; another worker completes it', async () => {
    const worker = (name: string) =>
      startCli(['worker', '--database', databaseUrl, '--redis', redis, '--var', join(root, `var-${name}`), '--task-lock-ms', '1000', '--host-name', name], children);
    // The workers of the test before go first: only w2 takes this audit.
    const earlier = children.filter((c) => c.exitCode === null && c.signalCode === null);
    for (const child of earlier) child.kill('SIGKILL');
    await until('the earlier workers to stop', () => earlier.every((c) => c.exitCode !== null || c.signalCode !== null));
    const first = worker('w2');
    await until('the worker', () => first.output().includes('taking chunks'));
    const started = await api.inject({ method: 'POST', url: '/api/audits' });
    expect(started.statusCode, started.body).toBe(202);
    const { id } = started.json() as JobResponse;
    await until('the audit on w2', async () => {
      const job = await storage.jobs.get(id);
      return job?.progress.worker === 'w2' && typeof job.progress.stage === 'string';
    });
    first.child.kill('SIGTERM');
    await until('w2 to stop', () => first.child.exitCode !== null || first.child.signalCode !== null, 30_000);
    expect((await storage.jobs.get(id))!.status).toBe('running');
    const second = worker('w3');
    const job = await endedJob(api, id, { timeoutMs: 120_000, everyMs: 100 });
    expect(job.status, `${JSON.stringify(job)}\n${second.output()}`).toBe('done');
    expect((await storage.jobs.get(id))!.result).toMatchObject({ worker: 'w3', products: 240 });
  }, 240_000);
});
