// Worker roles: a `--no-tasks` worker classifies batch chunks and leaves audits queued; a `--no-chunks` one takes them.
// Each cleans its own cache at start.

import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/data/csv-format.js';
import type { JobResponse } from '../../src/serving/api-types.js';
import { endedJob } from '../helpers/jobs.js';
import { startQueuedShop, type QueuedShop } from '../helpers/queued-shop.js';
import { runCli, until } from '../helpers/run-cli.js';
import { postgresAvailability, redisAvailability } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';

const services = postgresAvailability().ok && redisAvailability().ok;

describe('prodclass worker roles: usage', () => {
  it('refuses --no-chunks with --no-tasks, saying to drop one', async () => {
    const both = await runCli(['worker', '--no-chunks', '--no-tasks', '--redis', 'redis://127.0.0.1:1', '--database', 'postgres://x@127.0.0.1:1/db']);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain('--no-chunks and --no-tasks would take nothing');
  }, 60_000);

  it('refuses a --var another worker running holds, naming it', async () => {
    // This test process stands for the worker running on the folder.
    const varDir = join(tempDir(), 'var');
    mkdirSync(varDir);
    writeFileSync(join(varDir, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-12-06T00:00:00.000Z' }));
    const second = await runCli(['worker', '--var', varDir, '--redis', 'redis://127.0.0.1:1', '--database', 'postgres://x@127.0.0.1:1/db']);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`${varDir} is already the --var of a worker (process ${process.pid}`);
    expect(second.stderr).toContain('give each worker its own --var');
  }, 60_000);
});

describe.skipIf(!services)('prodclass worker roles: chunks and tasks on separate workers', () => {
  let shop: QueuedShop;

  beforeAll(async () => {
    shop = await startQueuedShop('worker-roles', { perLeaf: 20, batchChunkSize: 4 });
  }, 120_000);

  afterAll(async () => {
    await shop?.close();
  });

  const worker = (name: string, role: '--no-tasks' | '--no-chunks') => shop.worker(name, [role, '--predict-workers', '0']);

  async function submitBatch(): Promise<string> {
    const boundary = 'worker-roles-boundary';
    let csv = formatCsvRow(['', 'designation', 'description']);
    for (let i = 0; i < 12; i++) csv += formatCsvRow([i, `chef knife ${i}`, 'steel blade']);
    const payload = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="products.csv"\r\ncontent-type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const res = await shop.api.inject({ method: 'POST', url: '/api/predict/batch', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode, res.body).toBe(202);
    return (res.json() as JobResponse).id;
  }

  it('a --no-tasks worker completes a batch while the audit queued before it waits; a --no-chunks worker then runs the audit and no chunk', async () => {
    const { api, storage, root } = shop;
    // A data set this worker fetched long ago for a job that has ended: its clean-up at start removes it.
    const stale = join(root, 'var-chunks', 'data-cache', 'e'.repeat(64));
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, '.complete'), 'e'.repeat(64));
    const then = new Date(Date.now() - 30 * 86_400_000);
    utimesSync(join(stale, '.complete'), then, then);
    const chunker = worker('chunks', '--no-tasks');
    await until('the chunk worker', () => chunker.output().includes('taking chunks from'));
    await until('the clean-up at start', () => !existsSync(stale));
    expect(chunker.output()).toContain('1 data sets removed from the cache');
    expect(chunker.output()).not.toContain('chunks and tasks');

    const audit = await api.inject({ method: 'POST', url: '/api/audits' });
    expect(audit.statusCode, audit.body).toBe(202);
    const auditId = (audit.json() as JobResponse).id;
    const batch = await endedJob(api, await submitBatch(), { timeoutMs: 120_000, everyMs: 100 });
    expect(batch, chunker.output()).toMatchObject({ status: 'done', summary: { rows: 12, failed: 0 } });
    // Three chunks classified, and the audit, queued first, untouched.
    expect(await storage.jobChunks.done(batch.id)).toHaveLength(3);
    expect((await storage.jobs.get(auditId))!.status).toBe('queued');
    expect(chunker.output()).not.toContain(`audit job ${auditId}`);

    chunker.child.kill('SIGTERM');
    await until('the chunk worker to stop', () => chunker.child.exitCode !== null || chunker.child.signalCode !== null, 30_000);
    const tasker = worker('tasks', '--no-chunks');
    await until('the task worker', () => tasker.output().includes('taking tasks from'));
    const waiting = await submitBatch();
    const audited = await endedJob(api, auditId, { timeoutMs: 120_000, everyMs: 100 });
    expect(audited.status, tasker.output()).toBe('done');
    expect((await storage.jobs.get(auditId))!.result).toMatchObject({ worker: 'tasks' });
    // The batch submitted meanwhile waits for a worker that takes chunks.
    expect(await storage.jobChunks.done(waiting)).toHaveLength(0);
    expect((await storage.jobs.get(waiting))!.status).not.toBe('done');
  }, 240_000);
});
