import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { openDatabase, schemaVersion } from '../../src/storage/database.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import { DATABASE_FILE, openStorage } from '../../src/storage/storage.js';
import { tempDir } from '../helpers/tmp.js';
import { prediction, storageContract } from './contract.js';
import { predictionLogContract } from './prediction-log-contract.js';

storageContract('SQLite', () => openStorage(null));
predictionLogContract('SQLite', false, async () => ({ varDir: tempDir(), databaseUrl: null }));

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
});
