// The storage contract for several catalogs: each has its own models, active model, jobs, predictions and feedback (run on every backend).

import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import type { Storage } from '../../src/storage/storage.js';
import { prediction } from './contract.js';

const entry = (id: string, createdAt = '2026-01-01T00:00:00Z') => ({ id, dir: null, kind: 'text-linear', demo: true, createdAt, metrics: {}, info: {} });

/** Declares the catalog contract's tests; `open` gives a fresh, empty, migrated storage for each (closed by the test). */
export function catalogContract(backend: string, open: () => Promise<Storage>): void {
  describe(`storage contract, several catalogs (${backend})`, () => {
    it('keeps one active model per catalog: activating in one leaves the other its own', async () => {
      const storage = await open();
      const garden = storage.forCatalog('garden');
      expect(storage.catalog).toBe('default');
      expect(garden.catalog).toBe('garden');
      expect(storage.forCatalog('default')).toBe(storage);
      await storage.models.upsert(entry('d1'));
      await storage.models.upsert(entry('d2', '2026-02-01T00:00:00Z'));
      await garden.models.upsert(entry('g1'));
      await garden.models.upsert(entry('g2', '2026-02-01T00:00:00Z'));
      expect(await storage.models.setActive('d1')).toBe(true);
      expect(await garden.models.setActive('g1')).toBe(true);
      expect(await garden.models.setActive('g2')).toBe(true);
      expect((await storage.models.active())!.id).toBe('d1');
      expect((await garden.models.active())).toMatchObject({ id: 'g2', catalog: 'garden', active: true });
      expect((await storage.models.list()).map((m) => m.id)).toEqual(['d2', 'd1']);
      expect((await garden.models.list()).map((m) => [m.id, m.active])).toEqual([
        ['g2', true],
        ['g1', false],
      ]);
      // A catalog cannot activate, read or take over another's model.
      expect(await storage.models.setActive('g1')).toBe(false);
      expect(await storage.models.get('g1')).toBeUndefined();
      await expect(storage.models.upsert(entry('g1'))).rejects.toSatisfy((error) => isProdclassError(error, 'CONFLICT') && /catalog "garden"/.test((error as Error).message));
      expect((await garden.models.get('g1'))!.catalog).toBe('garden');
      await storage.close();
    });

    it("shows a catalog only its own models' predictions, review queue and feedback", async () => {
      const storage = await open();
      const garden = storage.forCatalog('garden');
      await storage.models.upsert(entry('d1'));
      await garden.models.upsert(entry('g1'));
      const mine = await storage.predictions.insert(prediction({ modelId: 'd1', confidence: 0.3 }));
      // A model no catalog registers counts as the default catalog's, as every prediction did before catalogs.
      const unregistered = await storage.predictions.insert(prediction({ modelId: 'gone', confidence: 0.2 }));
      const theirs = await garden.predictionLog.record(prediction({ modelId: 'g1', confidence: 0.1, spotCheck: true }));
      const queue = (s: Storage) => s.predictions.reviewQueue({ threshold: 0.5, origins: [], limit: 10, offset: 0 });
      expect((await queue(storage)).items.map((p) => p.id)).toEqual([unregistered, mine]);
      expect(await queue(garden)).toMatchObject({ total: 1, items: [{ id: theirs, modelId: 'g1' }] });
      expect(await storage.predictions.get(theirs)).toBeUndefined();
      expect(await storage.predictionLog.get(theirs)).toBeUndefined();
      expect((await garden.predictionLog.get(theirs))!.modelId).toBe('g1');
      expect(await storage.predictions.count()).toBe(2);
      expect(await garden.predictions.count()).toBe(1);
      expect((await garden.predictions.spotCheckGroups()).map((g) => g.modelId)).toEqual(['g1']);
      expect(await storage.predictions.spotCheckGroups()).toEqual([]);

      await storage.feedback.add(mine, 50, 'ana');
      const gardenFeedback = await garden.feedback.add(theirs, 7, 'bo');
      expect((await storage.feedback.list(10, 0)).map((f) => f.predictionId)).toEqual([mine]);
      expect((await garden.feedback.latestPerPrediction()).map((f) => [f.predictionId, f.correctCode])).toEqual([[theirs, 7]]);
      expect([await storage.feedback.count(), await garden.feedback.count()]).toEqual([1, 1]);
      expect(await storage.feedback.remove(gardenFeedback.id)).toBe(false);
      expect(await garden.feedback.remove(gardenFeedback.id)).toBe(true);
      expect((await queue(garden)).total).toBe(1);
      await storage.close();
    });

    it("records jobs under their catalog and lists, reads and resumes only a catalog's own; retention sees them all", async () => {
      const storage = await open();
      const garden = storage.forCatalog('garden');
      await storage.jobs.create({ id: 'd-job', kind: 'batch', modelId: null, input: {}, host: 'h' });
      await garden.jobs.create({ id: 'g-job', kind: 'retrain', modelId: null, input: {}, host: 'h' });
      expect((await storage.jobs.list(10)).map((j) => j.id)).toEqual(['d-job']);
      expect((await garden.jobs.unfinished('h')).map((j) => j.id)).toEqual(['g-job']);
      expect(await storage.jobs.get('g-job')).toBeUndefined();
      expect((await garden.jobs.get('g-job'))!.kind).toBe('retrain');
      expect(await storage.jobs.ids()).toEqual(new Set(['d-job', 'g-job']));
      await storage.close();
    });

    it('records the catalogs a deployment holds, once each, and refuses bad names', async () => {
      const storage = await open();
      await storage.catalogs.create('garden', '/srv/garden-models');
      await storage.catalogs.create('books-fr', '/srv/books');
      expect((await storage.catalogs.list()).map((c) => [c.name, c.modelsDir])).toEqual([
        ['books-fr', '/srv/books'],
        ['garden', '/srv/garden-models'],
      ]);
      expect((await storage.forCatalog('garden').catalogs.get('books-fr'))!.modelsDir).toBe('/srv/books');
      for (const [name, code] of [
        ['garden', 'CONFLICT'],
        ['default', 'CONFLICT'],
        ['Garden', 'INVALID_INPUT'],
        ['a/b', 'INVALID_INPUT'],
        ['', 'INVALID_INPUT'],
        ['x'.repeat(41), 'INVALID_INPUT'],
      ] as const) {
        await expect(storage.catalogs.create(name, '/x'), name).rejects.toSatisfy((error) => isProdclassError(error, code));
      }
      await storage.forCatalog('books-fr').models.upsert(entry('b1'));
      await storage.forCatalog('garden').models.upsert(entry('g1'));
      await storage.catalogs.remove('books-fr');
      expect((await storage.catalogs.list()).map((c) => c.name)).toEqual(['garden']);
      expect(await storage.forCatalog('books-fr').models.list()).toEqual([]);
      expect((await storage.forCatalog('garden').models.list()).map((m) => m.id)).toEqual(['g1']);
      await expect(storage.catalogs.remove('default')).rejects.toSatisfy((error) => isProdclassError(error, 'CONFLICT'));
      await storage.close();
    });
  
    it('lets retention act on one catalog alone: its old predictions without feedback, its finished jobs', async () => {
      const storage = await open();
      const garden = storage.forCatalog('garden');
      await storage.models.upsert(entry('d1'));
      await garden.models.upsert(entry('g1'));
      const old = '2020-01-01T00:00:00.000Z';
      await storage.predictions.insert(prediction({ modelId: 'd1' }), old);
      await garden.predictions.insert(prediction({ modelId: 'g1' }), old);
      const corrected = await garden.predictions.insert(prediction({ modelId: 'g1' }), old);
      await garden.feedback.add(corrected, 1, 'bo');
      await storage.jobs.create({ id: 'd-job', kind: 'batch', modelId: null, input: {}, host: 'h' });
      await garden.jobs.create({ id: 'g-job', kind: 'batch', modelId: null, input: {}, host: 'h' });
      for (const id of ['d-job', 'g-job']) await storage.jobs.update(id, { status: 'done' });
      const later = new Date(Date.now() + 60_000).toISOString();
      expect((await garden.jobs.finishedBefore('batch', later, { catalogOnly: true })).map((j) => j.id)).toEqual(['g-job']);
      expect((await garden.jobs.finishedBefore('batch', later)).map((j) => j.id).sort()).toEqual(['d-job', 'g-job']);
      expect(await garden.predictions.deleteWithoutFeedbackBefore(later, { catalogOnly: true })).toBe(1);
      expect([await storage.predictions.count(), await garden.predictions.count()]).toEqual([1, 1]);
      expect(await storage.predictions.deleteWithoutFeedbackBefore(later, { catalogOnly: true })).toBe(1);
      expect([await storage.predictions.count(), await garden.predictions.count()]).toEqual([0, 1]);
      await storage.close();
    });

    it("removes a catalog with every row of it, the default catalog's untouched; created again it starts empty", async () => {
      const storage = await open();
      const garden = storage.forCatalog('garden');
      await storage.catalogs.create('garden', '/srv/garden-models');
      await storage.models.upsert(entry('d1'));
      await garden.models.upsert(entry('g1'));
      await garden.models.setActive('g1');
      const mine = await storage.predictions.insert(prediction({ modelId: 'd1' }));
      await storage.feedback.add(mine, 50, 'ana');
      const theirs = await garden.predictions.insert(prediction({ modelId: 'g1' }));
      await garden.feedback.add(theirs, 2, 'bo');
      await garden.feedback.add(theirs, 1, 'bo');
      // One still in the prediction log's buffer (PostgreSQL): written before the removal, then removed with it.
      await garden.predictionLog.record(prediction({ modelId: 'g1' }));
      await garden.jobs.create({ id: 'g-job', kind: 'batch', modelId: 'g1', input: {}, host: 'h' });
      await storage.jobs.create({ id: 'd-job', kind: 'batch', modelId: 'd1', input: {}, host: 'h' });
      await garden.categoryAdditions.add('g1', 'Bonsai', null);
      await garden.modelFiles.put('g1', [{ path: 'manifest.json', sha256: 'x', bytes: Buffer.from('{}') }]);
      await storage.modelFiles.put('d1', [{ path: 'manifest.json', sha256: 'y', bytes: Buffer.from('{}') }]);
      const filed = { id: 'p1', designation: 'Bonsai pot', description: '', category: 1 };
      await garden.indexChanges.append('g1', [filed]);
      await garden.jobChunks.add('g-job', 0, '[]');
      await garden.jobFiles.put('g-job', [{ path: 'cut.json', bytes: Buffer.from('{}') }]);
      await storage.jobChunks.add('d-job', 0, '[]');
      await storage.indexChanges.append('d1', [filed]);

      expect(await storage.catalogs.remove('garden')).toEqual({ predictions: 2, feedback: 2, jobs: 1, models: 1, modelFiles: 1, categoryAdditions: 1, indexChanges: 1 });
      expect(await storage.catalogs.list()).toEqual([]);
      expect([await garden.predictions.count(), await garden.feedback.count(), (await garden.jobs.list(10)).length, (await garden.models.list()).length]).toEqual([0, 0, 0, 0]);
      expect(await garden.modelFiles.get('g1')).toEqual([]);
      expect([(await storage.indexChanges.since('g1', 0)).length, (await storage.indexChanges.since('d1', 0)).length]).toEqual([0, 1]);
      expect([await storage.jobChunks.input('g-job', 0), await storage.jobFiles.get('g-job', ['cut.json'])]).toEqual([undefined, []]);
      expect(await storage.jobChunks.input('d-job', 0)).toBe('[]');
      expect(await garden.categoryAdditions.list('g1')).toEqual([]);
      // Nothing of it passes for the default catalog's, whose rows all stay.
      expect([await storage.predictions.count(), await storage.feedback.count(), (await storage.jobs.list(10)).length]).toEqual([1, 1, 1]);
      expect((await storage.models.active()) ?? (await storage.models.get('d1'))).toMatchObject({ id: 'd1' });
      expect((await storage.modelFiles.get('d1')).length).toBe(1);

      await storage.catalogs.create('garden', '/srv/garden-models');
      expect([await garden.predictions.count(), await garden.feedback.count(), (await garden.models.list()).length]).toEqual([0, 0, 0]);
      await storage.close();
    });
  });
}
