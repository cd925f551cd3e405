// Worker roles: a `--no-tasks` worker classifies batch chunks and leaves audits queued; a `--no-chunks` one takes them.
// Each cleans its own cache at start.

import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/data/csv-format.js';
import type { JobResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { endedJob } from '../helpers/jobs.js';
import { runCli, startCli, until } from '../helpers/run-cli.js';
import { freshPostgresDatabase, postgresAvailability, redisAvailability, redisUrl } from '../helpers/services.js';
import { SHOP_MISFILED, trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';

// Its own Redis database: a worker of another test file on the shared server must not take these chunks or tasks.
const REDIS_DB = 11;
const services = postgresAvailability().ok && redisAvailability().ok;
const children: ChildProcess[] = [];

describe('prodclass worker roles: usage', () => {
  it('refuses --no-chunks with --no-tasks, saying to drop one', async () => {
    const both = await runCli(['worker', '--no-chunks', '--no-tasks', '--redis', 'redis://127.0.0.1:1', '--database', 'postgres://x@127.0.0.1:1/db']);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain('--no-chunks and --no-tasks would take nothing');
  }, 60_000);
});

describe.skipIf(!services)('prodclass worker roles: chunks and tasks on separate workers', () => {
  let root: string;
  let databaseUrl: string;
  let redis: string;
  let api: FastifyInstance;
  let storage: Storage;

  beforeAll(async () => {
    root = tempDir();
    [databaseUrl, redis] = await Promise.all([freshPostgresDatabase(), redisUrl().then((url) => `${url}/${REDIS_DB}`)]);
    const { dir, file: _file, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop', perLeaf: 20, misfiled: SHOP_MISFILED });
    api = await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var-api'), databaseUrl, redisUrl: redis, webRoot: null, retention: false, rateLimit: false, batchChunkSize: 4 });
    storage = await openStorage(null, { databaseUrl });
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await api?.close();
    await storage?.close();
  });

  const worker = (name: string, role: '--no-tasks' | '--no-chunks') =>
    startCli(['worker', role, '--database', databaseUrl, '--redis', redis, '--var', join(root, `var-${name}`), '--predict-workers', '0', '--host-name', name], children);

  async function submitBatch(): Promise<string> {
    const boundary = 'worker-roles-boundary';
    let csv = formatCsvRow(['', 'designation', 'description']);
    for (let i = 0; i < 12; i++) csv += formatCsvRow([i, `chef knife ${i}`, 'steel blade']);
    const payload = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="products.csv"\r\ncontent-type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const res = await api.inject({ method: 'POST', url: '/api/predict/batch', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode, res.body).toBe(202);
    return (res.json() as JobResponse).id;
  }

  it('a --no-tasks worker completes a batch while the audit queued before it waits; a --no-chunks worker then runs the audit and no chunk', async () => {
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
