import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { openPostgres, postgresSchemaVersion } from '../../src/storage/postgres.js';
import { POSTGRES_MIGRATIONS } from '../../src/storage/postgres-migrations.js';
import { openStorage } from '../../src/storage/storage.js';
import { freePort, freshPostgresDatabase, postgresAvailability } from '../helpers/services.js';
import { catalogContract } from './catalog-contract.js';
import { prediction, storageContract } from './contract.js';
import { datasetFilesContract } from './dataset-files-contract.js';
import { jobChunksContract } from './job-chunks-contract.js';
import { predictionLogContract } from './prediction-log-contract.js';
import { uploadPhotosContract } from './upload-photos-contract.js';

const postgres = postgresAvailability();

describe.skipIf(!postgres.ok)('PostgreSQL backend', () => {
  storageContract('PostgreSQL', async () => openStorage(null, { databaseUrl: await freshPostgresDatabase() }));
  catalogContract('PostgreSQL', async () => openStorage(null, { databaseUrl: await freshPostgresDatabase() }));
  jobChunksContract('PostgreSQL', async () => openStorage(null, { databaseUrl: await freshPostgresDatabase() }));
  datasetFilesContract('PostgreSQL', async () => openStorage(null, { databaseUrl: await freshPostgresDatabase() }));
  uploadPhotosContract('PostgreSQL', async () => openStorage(null, { databaseUrl: await freshPostgresDatabase() }));
  predictionLogContract('PostgreSQL', true, async () => ({ varDir: null, databaseUrl: await freshPostgresDatabase() }));

  it('finds a prediction another host has numbered but not yet written, by waiting for its write; a number never handed out at once', async () => {
    const url = await freshPostgresDatabase();
    const [a, b] = await Promise.all([openStorage(null, { databaseUrl: url, predictionLog: { flushMs: 300 } }), openStorage(null, { databaseUrl: url })]);
    const id = await a.predictionLog.record(prediction({ designation: 'made on host a' }));
    expect(await b.predictions.get(id)).toBeUndefined();
    expect((await b.predictionLog.get(id))?.designation).toBe('made on host a');
    await b.feedback.add(id, 50, 'ana');
    const started = Date.now();
    expect(await b.predictionLog.get(id + 1_000_000)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
    await Promise.all([a.close(), b.close()]);
  });

  it('migrates a new database once, even when several hosts start at the same moment', async () => {
    const url = await freshPostgresDatabase();
    const hosts = await Promise.all([openPostgres(url), openPostgres(url), openPostgres(url)]);
    for (const db of hosts) expect(await postgresSchemaVersion(db)).toBe(POSTGRES_MIGRATIONS.length);
    await Promise.all(hosts.map((db) => db.destroy()));
    const again = await openStorage(null, { databaseUrl: url });
    expect(again).toMatchObject({ backend: 'postgres', databaseUrl: url });
    await again.close();
  });

  it('refuses a database written by a newer prodclass', async () => {
    const url = await freshPostgresDatabase();
    await (await openPostgres(url)).destroy();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('UPDATE prodclass_schema SET version = $1', [POSTGRES_MIGRATIONS.length + 1]);
    await client.end();
    const error = await openStorage(null, { databaseUrl: url }).catch((e: unknown) => e);
    expect(isProdclassError(error, 'CONFLICT')).toBe(true);
    expect((error as Error).message).toMatch(/schema version .* upgrade prodclass/);
  });

  it('says which server it cannot reach, without the password', async () => {
    const port = await freePort();
    const error = await openStorage(null, { databaseUrl: `postgres://ana:s3cret@127.0.0.1:${port}/prodclass` }).catch((e: unknown) => e);
    expect(isProdclassError(error, 'DATABASE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain(`postgres://ana:***@127.0.0.1:${port}/prodclass`);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('tells every watching host which model became active, once the activation commits', async () => {
    const url = await freshPostgresDatabase();
    const [a, b] = await Promise.all([openStorage(null, { databaseUrl: url }), openStorage(null, { databaseUrl: url })]);
    const heard: string[] = [];
    await b.watchActiveModel((id) => heard.push(id));
    for (const id of ['m1', 'm2']) await a.models.upsert({ id, dir: null, kind: 'text-linear', demo: false, createdAt: '2026-01-01T00:00:00Z', metrics: {}, info: {} });
    await a.models.setActive('m1');
    // An activation rolled back is not announced.
    await expect(
      a.transaction(async (tx) => {
        await tx.models.setActive('m2');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await a.models.setActive('nope');
    await a.models.setActive('m2');
    for (let i = 0; i < 100 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    // Room for a wrongly announced rollback to arrive as a third notification.
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).toEqual(['m1', 'm2']);
    await Promise.all([a.close(), b.close()]);
  });

  it('shares one record between two hosts: what one writes, the other reads at once', async () => {
    const url = await freshPostgresDatabase();
    const [a, b] = await Promise.all([openStorage(null, { databaseUrl: url }), openStorage(null, { databaseUrl: url })]);
    const id = await a.predictions.insert(prediction({ confidence: 0.1 }));
    await b.feedback.add(id, 50, 'ana');
    expect((await a.predictions.get(id))!.reviewed).toBe(true);
    expect((await a.feedback.list(5, 0)).map((f) => f.reviewer)).toEqual(['ana']);
    await a.models.upsert({ id: 'm', dir: null, kind: 'text-linear', demo: false, createdAt: '2026-01-01T00:00:00Z', metrics: {}, info: {} });
    await b.models.setActive('m');
    expect((await a.models.active())!.id).toBe('m');
    await Promise.all([a.close(), b.close()]);
  });
});
