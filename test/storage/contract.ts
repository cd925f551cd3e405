// The storage contract: the same checks run against every backend (SQLite here, PostgreSQL in postgres.test.ts).

import { describe, expect, it } from 'vitest';
import { tallySpotChecks } from '../../src/evaluation/live-precision.js';
import type { NewPrediction } from '../../src/storage/prediction-store.js';
import type { Storage } from '../../src/storage/storage.js';

export const prediction = (over: Partial<NewPrediction> = {}): NewPrediction => ({
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

/** Declares the contract's tests; `open` gives a fresh, empty, migrated storage for each (closed by the test). */
export function storageContract(backend: string, open: () => Promise<Storage>): void {
  describe(`storage contract (${backend})`, () => {
    it('lists unreviewed predictions below the threshold, least confident first, filtered by origin', async () => {
      const storage = await open();
      const a = await storage.predictions.insert(prediction({ confidence: 0.4 }));
      const b = await storage.predictions.insert(prediction({ confidence: 0.2, origin: 'batch', jobId: 'j1', rowIndex: 7 }));
      await storage.predictions.insert(prediction({ confidence: 0.3, origin: 'page' }));
      await storage.predictions.insert(prediction({ confidence: 0.95 }));
      const queue = await storage.predictions.reviewQueue({ threshold: 0.5, origins: ['api', 'batch'], limit: 10, offset: 0 });
      expect(queue.items.map((p) => p.id)).toEqual([b, a]);
      expect(queue.total).toBe(2);
      expect(queue.items[0]).toMatchObject({ origin: 'batch', jobId: 'j1', rowIndex: 7, top: [[60, 0.9], [50, 0.05]], reviewed: false });
      expect(typeof queue.items[0].id).toBe('number');

      await storage.feedback.add(b, 2583);
      expect((await storage.predictions.reviewQueue({ threshold: 0.5, origins: ['api', 'batch'], limit: 10, offset: 0 })).items.map((p) => p.id)).toEqual([a]);
      expect((await storage.predictions.reviewQueue({ threshold: 0.5, origins: [], limit: 1, offset: 1 })).items.map((p) => p.id)).toEqual([a]);
      await storage.close();
    });

    it('says which predictions received feedback, of any catalog', async () => {
      const storage = await open();
      const [a, b, c] = [await storage.predictions.insert(prediction()), await storage.predictions.insert(prediction()), await storage.predictions.insert(prediction())];
      await storage.feedback.add(a, 10);
      await storage.feedback.add(a, 60);
      await storage.feedback.add(c, 10);
      expect(await storage.feedback.given([a, b, c, c + 100])).toEqual(new Set([a, c]));
      expect(await storage.forCatalog('garden').feedback.given([b, c])).toEqual(new Set([c]));
      expect(await storage.feedback.given([])).toEqual(new Set());
      await storage.close();
    });

    it('lists spot checks first and held predictions whatever their confidence, and tallies spot checks per model by their latest feedback', async () => {
      const storage = await open();
      const low = await storage.predictions.insert(prediction({ confidence: 0.2 }));
      const checked = await storage.predictions.insert(prediction({ confidence: 0.97, spotCheck: true }));
      await storage.predictions.insert(prediction({ confidence: 0.98 }));
      const second = await storage.predictions.insert(prediction({ confidence: 0.99, spotCheck: true }));
      const other = await storage.predictions.insert(prediction({ modelId: 'm2', confidence: 0.91, spotCheck: true }));
      const held = await storage.predictions.insert(prediction({ confidence: 0.93, held: true }));
      const queue = await storage.predictions.reviewQueue({ threshold: 0.5, origins: [], limit: 10, offset: 0 });
      expect(queue.items.map((p) => [p.id, p.spotCheck, p.held])).toEqual([
        [other, true, false],
        [checked, true, false],
        [second, true, false],
        [low, false, false],
        [held, false, true],
      ]);
      expect(queue.total).toBe(5);
      const tally = async () => tallySpotChecks(await storage.predictions.spotCheckGroups(), () => null);
      expect(await tally()).toEqual([
        { modelId: 'm1', checks: 2, reviewed: 0, correct: 0 },
        { modelId: 'm2', checks: 1, reviewed: 0, correct: 0 },
      ]);

      await storage.feedback.add(checked, 60);
      // Corrected, then confirmed: the latest feedback counts.
      await storage.feedback.add(second, 10);
      await storage.feedback.add(second, 60);
      await storage.feedback.add(other, 10);
      await storage.feedback.add(low, 10);
      await storage.feedback.add(held, 60);
      expect(await tally()).toEqual([
        { modelId: 'm1', checks: 2, reviewed: 2, correct: 2 },
        { modelId: 'm2', checks: 1, reviewed: 1, correct: 0 },
      ]);
      expect((await storage.predictions.reviewQueue({ threshold: 0.5, origins: [], limit: 10, offset: 0 })).total).toBe(0);
      // A tree model's check filed at a parent keeps what it filed there, for the caller to judge with the taxonomy.
      const atParent = await storage.predictions.insert(prediction({ modelId: 'm3', code: 60, confidence: 0.7, spotCheck: true, filedCode: 6 }));
      await storage.feedback.add(atParent, 61);
      expect((await storage.predictions.spotCheckGroups()).filter((g) => g.modelId === 'm3')).toEqual([{ modelId: 'm3', code: 60, filedCode: 6, correctCode: 61, n: 1 }]);
      await storage.close();
    });

    it('keeps every feedback row, uses the latest per prediction, and puts a prediction back in the queue when its feedback is deleted', async () => {
      const storage = await open();
      const id = await storage.predictions.insert(prediction({ confidence: 0.3, image: 'uploads/aa/x.jpg' }));
      const first = await storage.feedback.add(id, 10, 'ana');
      await storage.feedback.add(id, 2583);
      expect(await storage.feedback.count()).toBe(2);
      expect(await storage.feedback.latestPerPrediction()).toMatchObject([{ predictionId: id, correctCode: 2583, designation: 'Console PS4', predictedCode: 60, image: 'uploads/aa/x.jpg' }]);
      expect((await storage.feedback.list(10, 0)).map((f) => [f.correctCode, f.reviewer])).toEqual([
        [2583, null],
        [10, 'ana'],
      ]);
      expect(await storage.feedback.get(first.id)).toMatchObject({ id: first.id, correctCode: 10, reviewer: 'ana', modelId: 'm1' });
      expect(await storage.predictions.imagesWithFeedback()).toEqual(new Set(['uploads/aa/x.jpg']));
      expect(await storage.feedback.remove(first.id)).toBe(true);
      expect((await storage.predictions.get(id))!.reviewed).toBe(true);
      expect(await storage.feedback.remove(first.id + 1)).toBe(true);
      expect((await storage.predictions.get(id))!.reviewed).toBe(false);
      expect(await storage.feedback.remove(999)).toBe(false);
      expect(await storage.feedback.get(999)).toBeUndefined();
      await storage.close();
    });

    it('keeps one active model, and jobs with their checkpoint', async () => {
      const storage = await open();
      const entry = { kind: 'text-linear', demo: true, createdAt: '2026-01-01T00:00:00Z', metrics: { weightedF1: 0.8 }, info: {} };
      await storage.models.upsert({ ...entry, id: 'a', dir: '/m/a' });
      await storage.models.upsert({ ...entry, id: 'b', dir: null, createdAt: '2026-02-01T00:00:00Z' });
      expect(await storage.models.setActive('a')).toBe(true);
      expect(await storage.models.setActive('b')).toBe(true);
      expect((await storage.models.list()).map((m) => [m.id, m.active])).toEqual([
        ['b', true],
        ['a', false],
      ]);
      expect(await storage.models.setActive('nope')).toBe(false);
      expect((await storage.models.active())!.id).toBe('b');
      // Upserting refreshes what is known and keeps the active flag.
      expect(await storage.models.upsert({ ...entry, id: 'b', dir: '/m/b', demo: false, createdAt: '2026-02-01T00:00:00Z' })).toMatchObject({ id: 'b', dir: '/m/b', demo: false, active: true });

      await storage.jobs.create({ id: 'j1', kind: 'batch', modelId: 'a', input: { fileName: 'x.csv' } });
      await storage.jobs.update('j1', { status: 'running', progress: { rowsRead: 512 } });
      await storage.jobs.create({ id: 'j2', kind: 'retrain', modelId: 'a', input: {} });
      await storage.jobs.update('j2', { status: 'done', result: { ok: true } });
      expect((await storage.jobs.unfinished()).map((j) => [j.id, j.status, j.progress])).toEqual([['j1', 'running', { rowsRead: 512 }]]);
      expect((await storage.jobs.get('j2'))!.result).toEqual({ ok: true });
      expect((await storage.jobs.list(10)).map((j) => j.id)).toEqual(['j2', 'j1']);
      expect((await storage.jobs.list(10, 'batch')).map((j) => j.id)).toEqual(['j1']);
      expect(await storage.jobs.ids()).toEqual(new Set(['j1', 'j2']));
      expect((await storage.jobs.finishedBefore('retrain', '9999')).map((j) => j.id)).toEqual(['j2']);
      await storage.close();
    });

    it("lists one host's unfinished jobs (and those recorded before jobs had a host), never another host's", async () => {
      const storage = await open();
      await storage.jobs.create({ id: 'mine', kind: 'batch', modelId: null, input: {}, host: 'a:/var' });
      await storage.jobs.create({ id: 'theirs', kind: 'batch', modelId: null, input: {}, host: 'b:/var' });
      await storage.jobs.create({ id: 'legacy', kind: 'batch', modelId: null, input: {} });
      await storage.jobs.create({ id: 'mine-done', kind: 'batch', modelId: null, input: {}, host: 'a:/var' });
      await storage.jobs.update('mine-done', { status: 'done' });
      expect((await storage.jobs.unfinished('a:/var')).map((j) => j.id)).toEqual(['mine', 'legacy']);
      expect((await storage.jobs.unfinished('b:/var')).map((j) => j.id)).toEqual(['theirs', 'legacy']);
      expect((await storage.jobs.unfinished()).map((j) => j.id)).toEqual(['mine', 'theirs', 'legacy']);
      await storage.close();
    });

    it('records a job once per idempotency key', async () => {
      const storage = await open();
      const first = await storage.jobs.create({ id: 'k1', kind: 'batch', modelId: null, input: { n: 1 }, idempotencyKey: 'key-a' });
      const again = await storage.jobs.create({ id: 'k2', kind: 'batch', modelId: null, input: { n: 2 }, idempotencyKey: 'key-a' });
      expect(again.id).toBe(first.id);
      expect(again.input).toEqual({ n: 1 });
      expect(await storage.jobs.get('k2')).toBeUndefined();
      // Jobs without a key never collide.
      await storage.jobs.create({ id: 'k3', kind: 'batch', modelId: null, input: {} });
      await storage.jobs.create({ id: 'k4', kind: 'batch', modelId: null, input: {} });
      expect((await storage.jobs.byIdempotencyKey('key-a'))!.id).toBe('k1');
      expect((await storage.jobs.list(10)).length).toBe(3);
      await storage.close();
    });

    it('lands all of a transaction or none of it', async () => {
      const storage = await open();
      await storage.jobs.create({ id: 'j', kind: 'batch', modelId: null, input: {} });
      await storage.transaction(async (tx) => {
        await tx.predictions.insertMany(Array.from({ length: 1203 }, (_, i) => prediction({ origin: 'batch', jobId: 'j', rowIndex: i })), '2026-01-01T00:00:00.000Z');
        await tx.jobs.update('j', { progress: { rowsDone: 1203 } });
      });
      expect(await storage.predictions.count()).toBe(1203);
      await expect(
        storage.transaction(async (tx) => {
          await tx.predictions.insertMany([prediction(), prediction()]);
          await tx.jobs.update('j', { progress: { rowsDone: 1205 } });
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      expect(await storage.predictions.count()).toBe(1203);
      expect((await storage.jobs.get('j'))!.progress).toEqual({ rowsDone: 1203 });
      // A store's own transaction joins the caller's: feedback added inside a transaction that fails is not kept.
      const id = await storage.predictions.insert(prediction());
      await expect(
        storage.transaction(async (tx) => {
          await tx.feedback.add(id, 10);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await storage.feedback.count()).toBe(0);
      expect((await storage.predictions.get(id))!.reviewed).toBe(false);
      await storage.close();
    });

    it('deletes old predictions without feedback and lists the photos predictions name', async () => {
      const storage = await open();
      const old = await storage.predictions.insert(prediction({ image: 'uploads/a.jpg' }), '2026-01-01T00:00:00.000Z');
      const oldReviewed = await storage.predictions.insert(prediction({ image: 'uploads/b.jpg' }), '2026-01-01T00:00:00.000Z');
      await storage.feedback.add(oldReviewed, 50);
      const recent = await storage.predictions.insert(prediction(), '2026-03-01T00:00:00.000Z');
      expect(await storage.predictions.images()).toEqual(new Set(['uploads/a.jpg', 'uploads/b.jpg']));
      expect(await storage.predictions.deleteWithoutFeedbackBefore('2026-02-01T00:00:00.000Z')).toBe(1);
      expect(await storage.predictions.get(old)).toBeUndefined();
      expect((await Promise.all([oldReviewed, recent].map((id) => storage.predictions.get(id)))).every(Boolean)).toBe(true);
      expect(await storage.predictions.count()).toBe(2);
      await storage.close();
    });

    it('records categories added to a model, oldest first', async () => {
      const storage = await open();
      await storage.categoryAdditions.add('m1', 'Drones', null);
      await storage.categoryAdditions.add('m2', 'Other', 3);
      await storage.categoryAdditions.add('m1', 'Racing drones', 27);
      expect((await storage.categoryAdditions.list('m1')).map((c) => [c.name, c.parentKey, c.modelId])).toEqual([
        ['Drones', null, 'm1'],
        ['Racing drones', 27, 'm1'],
      ]);
      expect(await storage.categoryAdditions.list('none')).toEqual([]);
      await storage.close();
    });

    it('answers many concurrent writers without losing one (feedback acknowledged is stored)', async () => {
      const storage = await open();
      const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => storage.predictions.insert(prediction({ confidence: i / 100 }))));
      expect(new Set(ids).size).toBe(40);
      await Promise.all(ids.map((id, i) => storage.feedback.add(id, i % 2 ? 10 : 50)));
      expect(await storage.feedback.count()).toBe(40);
      expect((await storage.predictions.reviewQueue({ threshold: 1, origins: [], limit: 100, offset: 0 })).total).toBe(0);
      await storage.ping();
      await storage.close();
    });

    it("numbers each model's index changes in order, in batches beyond one statement, and reads them back after a number", async () => {
      const storage = await open();
      const change = (i: number) => ({ id: `p${i}`, designation: `product ${i}`, description: i % 2 ? 'd' : '', category: i % 3 ? i : null });
      const first = await storage.indexChanges.append('m1', Array.from({ length: 1203 }, (_, i) => change(i)));
      await storage.indexChanges.append('m2', [change(0)]);
      const last = await storage.indexChanges.append('m1', [change(7)]);
      expect(first.map((c) => c.id)).toEqual(Array.from({ length: 1203 }, (_, i) => `p${i}`));
      const seqs = [...first, ...last].map((c) => c.seq);
      expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1])).toBe(true);
      expect(first[4]).toEqual({ seq: first[4].seq, ...change(4) });

      expect((await storage.indexChanges.since('m1', 0)).map((c) => c.seq)).toEqual(seqs);
      const after = await storage.indexChanges.since('m1', first[1201].seq);
      expect(after).toEqual([first[1202], last[0]]);
      expect(await storage.indexChanges.since('m1', first[10].seq, 3)).toEqual(first.slice(11, 14));
      expect(await storage.indexChanges.since('m3', 0)).toEqual([]);
      expect(await storage.indexChanges.has('m1', { seq: last[0].seq, id: 'p7' })).toBe(true);
      expect(await storage.indexChanges.has('m2', { seq: last[0].seq, id: 'p7' })).toBe(false);
      expect(await storage.indexChanges.has('m1', { seq: last[0].seq, id: 'p8' })).toBe(false);
      await storage.close();
    });
  });
}
