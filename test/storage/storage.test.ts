import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { openDatabase, schemaVersion } from '../../src/storage/database.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import type { NewPrediction } from '../../src/storage/prediction-store.js';
import { DATABASE_FILE, openStorage } from '../../src/storage/storage.js';
import { tempDir } from '../helpers/tmp.js';

const prediction = (over: Partial<NewPrediction> = {}): NewPrediction => ({
  origin: 'api',
  modelId: 'm1',
  designation: 'Console PS4',
  description: '',
  code: 60,
  confidence: 0.9,
  top: [
    [60, 0.9],
    [50, 0.05],
  ],
  ...over,
});

describe('database', () => {
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
});

describe('stores', () => {
  it('lists unreviewed predictions below the threshold, least confident first, filtered by origin', () => {
    const storage = openStorage(null);
    const a = storage.predictions.insert(prediction({ confidence: 0.4 }));
    const b = storage.predictions.insert(prediction({ confidence: 0.2, origin: 'batch', jobId: 'j1', rowIndex: 7 }));
    storage.predictions.insert(prediction({ confidence: 0.3, origin: 'page' }));
    storage.predictions.insert(prediction({ confidence: 0.95 }));
    const queue = storage.predictions.reviewQueue({ threshold: 0.5, origins: ['api', 'batch'], limit: 10, offset: 0 });
    expect(queue.items.map((p) => p.id)).toEqual([b, a]);
    expect(queue.total).toBe(2);
    expect(queue.items[0]).toMatchObject({ origin: 'batch', jobId: 'j1', rowIndex: 7, top: [[60, 0.9], [50, 0.05]], reviewed: false });

    storage.feedback.add(b, 2583);
    expect(storage.predictions.reviewQueue({ threshold: 0.5, origins: ['api', 'batch'], limit: 10, offset: 0 }).items.map((p) => p.id)).toEqual([a]);
    storage.close();
  });

  it('keeps every feedback row, uses the latest per prediction, and puts a prediction back in the queue when its feedback is deleted', () => {
    const storage = openStorage(null);
    const id = storage.predictions.insert(prediction({ confidence: 0.3 }));
    const first = storage.feedback.add(id, 10);
    storage.feedback.add(id, 2583);
    expect(storage.feedback.count()).toBe(2);
    expect(storage.feedback.latestPerPrediction()).toMatchObject([{ predictionId: id, correctCode: 2583, designation: 'Console PS4', predictedCode: 60 }]);
    expect(storage.feedback.list(10, 0).map((f) => f.correctCode)).toEqual([2583, 10]);
    expect(storage.feedback.remove(first.id)).toBe(true);
    expect(storage.predictions.get(id)!.reviewed).toBe(true);
    expect(storage.feedback.remove(first.id + 1)).toBe(true);
    expect(storage.predictions.get(id)!.reviewed).toBe(false);
    expect(storage.feedback.remove(999)).toBe(false);
    storage.close();
  });

  it('keeps one active model, and jobs with their checkpoint', () => {
    const storage = openStorage(null);
    const entry = { kind: 'text-linear', demo: true, createdAt: '2026-01-01T00:00:00Z', metrics: { weightedF1: 0.8 }, info: {} };
    storage.models.upsert({ ...entry, id: 'a', dir: '/m/a' });
    storage.models.upsert({ ...entry, id: 'b', dir: null });
    expect(storage.models.setActive('a')).toBe(true);
    expect(storage.models.setActive('b')).toBe(true);
    expect(storage.models.list().filter((m) => m.active).map((m) => m.id)).toEqual(['b']);
    expect(storage.models.setActive('nope')).toBe(false);
    expect(storage.models.active()!.id).toBe('b');

    storage.jobs.create({ id: 'j1', kind: 'batch', modelId: 'a', input: { fileName: 'x.csv' } });
    storage.jobs.update('j1', { status: 'running', progress: { rowsRead: 512 } });
    storage.jobs.create({ id: 'j2', kind: 'retrain', modelId: 'a', input: {} });
    storage.jobs.update('j2', { status: 'done', result: { ok: true } });
    expect(storage.jobs.unfinished().map((j) => [j.id, j.status, j.progress])).toEqual([['j1', 'running', { rowsRead: 512 }]]);
    expect(storage.jobs.get('j2')!.result).toEqual({ ok: true });
    storage.close();
  });

  it('writes to var/prodclass.db and finds everything again after reopening', () => {
    const dir = tempDir();
    const storage = openStorage(dir);
    const id = storage.predictions.insert(prediction());
    storage.feedback.add(id, 50);
    storage.close();
    const reopened = openStorage(dir);
    expect(reopened.db.name).toBe(join(dir, DATABASE_FILE));
    expect(reopened.feedback.latestPerPrediction()).toHaveLength(1);
    reopened.close();
  });
});
