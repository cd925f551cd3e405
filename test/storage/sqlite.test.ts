import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { openDatabase, schemaVersion } from '../../src/storage/database.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import { DATABASE_FILE, openStorage } from '../../src/storage/storage.js';
import { tempDir } from '../helpers/tmp.js';
import { catalogContract } from './catalog-contract.js';
import { prediction, storageContract } from './contract.js';
import { datasetFilesContract } from './dataset-files-contract.js';
import { jobChunksContract } from './job-chunks-contract.js';
import { predictionLogContract } from './prediction-log-contract.js';
import { uploadPhotosContract } from './upload-photos-contract.js';

storageContract('SQLite', () => openStorage(null));
catalogContract('SQLite', () => openStorage(null));
jobChunksContract('SQLite', () => openStorage(null));
datasetFilesContract('SQLite', () => openStorage(null));
uploadPhotosContract('SQLite', () => openStorage(null));
predictionLogContract('SQLite', false, async () => ({ varDir: tempDir(), databaseUrl: null }));

describe('SQLite prediction log', () => {
  it('writes the predictions of one turn together, and a row the database refuses fails only its own caller', async () => {
    const storage = await openStorage(tempDir());
    const recorded = Array.from({ length: 5 }, (_, i) =>
      // designation is NOT NULL: the third row cannot be written.
      storage.predictionLog.record(prediction({ designation: i === 2 ? (null as never) : `row ${i}` })),
    );
    const outcomes = await Promise.allSettled(recorded);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/NOT NULL/);
    const ids = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect((await Promise.all(ids.map((id) => storage.predictions.get(id)))).map((p) => p?.designation)).toEqual(['row 0', 'row 1', 'row 3', 'row 4']);
    expect(await storage.predictions.count()).toBe(4);
    await storage.close();
  });

  it('writes each prediction on its own with flushMs 0', async () => {
    const storage = await openStorage(tempDir(), { predictionLog: { flushMs: 0 } });
    const ids = await Promise.all([0, 1, 2].map((i) => storage.predictionLog.record(prediction({ designation: `alone ${i}` }))));
    expect((await Promise.all(ids.map((id) => storage.predictions.get(id)))).map((p) => p?.designation)).toEqual(['alone 0', 'alone 1', 'alone 2']);
    await storage.close();
  });
});

describe('SQLite database', () => {
  it('creates the schema in WAL mode, and reopening applies nothing twice', () => {
    const dir = tempDir();
    const file = join(dir, 'app.db');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
    again.close();
  });

  it('refuses a database written by a newer prodclass', () => {
    const file = join(tempDir(), 'app.db');
    const db = openDatabase(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/schema version/);
    try {
      openDatabase(file);
    } catch (error) {
      expect(isProdclassError(error, 'CONFLICT')).toBe(true);
    }
  });

  it('writes to var/prodclass.db and finds everything again after reopening', async () => {
    const dir = tempDir();
    const storage = await openStorage(dir);
    expect(storage).toMatchObject({ backend: 'sqlite', location: join(dir, DATABASE_FILE), databaseUrl: null });
    const id = await storage.predictions.insert(prediction());
    await storage.feedback.add(id, 50);
    await storage.close();
    await storage.close();
    const reopened = await openStorage(dir);
    expect(await reopened.feedback.latestPerPrediction()).toHaveLength(1);
    await reopened.close();
  });

  it('moves the models and jobs of a database from before catalogs to the default catalog, its active model still active', async () => {
    const dir = tempDir();
    const db = new BetterSqlite3(join(dir, DATABASE_FILE));
    for (const [i, migration] of MIGRATIONS.slice(0, 8).entries()) {
      db.exec(migration);
      db.pragma(`user_version = ${i + 1}`);
    }
    const model = db.prepare("INSERT INTO models (id, dir, kind, demo, created_at, registered_at, metrics, info, active) VALUES (?, NULL, 'text-linear', 1, '2026-01-01', '2026-01-01', '{}', '{}', ?)");
    model.run('old', 0);
    model.run('served', 1);
    db.prepare("INSERT INTO jobs (id, kind, status, created_at, updated_at, model_id, input, progress) VALUES ('j', 'batch', 'queued', '2026-01-01', '2026-01-01', 'served', '{}', '{}')").run();
    db.close();
    const storage = await openStorage(dir);
    expect(await storage.models.active()).toMatchObject({ id: 'served', catalog: 'default' });
    expect((await storage.models.list()).map((m) => m.catalog)).toEqual(['default', 'default']);
    expect((await storage.jobs.unfinished()).map((j) => j.id)).toEqual(['j']);
    expect(await storage.forCatalog('garden').models.list()).toEqual([]);
    await storage.close();
  });
});
