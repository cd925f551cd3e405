// A worker process killed (SIGKILL) in the middle of an audit: the task's lock lapses and another worker process runs it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResponse, JobResponse } from '../../src/serving/api-types.js';
import { endedJob } from '../helpers/jobs.js';
import { startQueuedShop, type QueuedShop } from '../helpers/queued-shop.js';
import { until } from '../helpers/run-cli.js';
import { postgresAvailability, redisAvailability } from '../helpers/services.js';

const services = postgresAvailability().ok && redisAvailability().ok;

describe.skipIf(!services)('prodclass worker: an audit whose worker dies', () => {
  let shop: QueuedShop;

  beforeAll(async () => {
    shop = await startQueuedShop('worker-tasks', { perLeaf: 60 });
  }, 120_000);

  afterAll(async () => {
    await shop?.close();
  });

  it('completes on another worker, with the suspects the same audit finds', async () => {
    const { api, storage } = shop;
    const worker = (name: string) => shop.worker(name, ['--task-lock-ms', '1000']);
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
    const { api, storage } = shop;
    const worker = (name: string) => shop.worker(name, ['--task-lock-ms', '1000']);
    // The workers of the test before go first: only w2 takes this audit.
    await shop.killWorkers();
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
