import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewPrediction } from '../../src/storage/prediction-store.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { photoDigest, uploadPath } from '../../src/storage/upload-photos.js';
import { collectGarbage, DEFAULT_RETENTION } from '../../src/workflows/retention.js';
import { tempDir } from '../helpers/tmp.js';

const DAY = 86_400_000;
const prediction = (over: Partial<NewPrediction> = {}): NewPrediction => ({ origin: 'api', modelId: 'm1', designation: 'Console', description: '', code: 60, confidence: 0.4, top: [[60, 0.4]], ...over });

let storage: Storage | null = null;
afterEach(() => storage?.close());

/** Writes `bytes` bytes at `varDir/rel`, last modified `daysAgo` days before `now`. */
function file(varDir: string, rel: string, bytes: number, now: number, daysAgo: number): string {
  const path = join(varDir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.alloc(bytes, 1));
  const at = new Date(now - daysAgo * DAY);
  utimesSync(path, at, at);
  return path;
}

describe('collectGarbage', () => {
  it('removes old batch files, old photos, old unreviewed predictions and orphan job folders; keeps what feedback needs', async () => {
    const varDir = tempDir();
    storage = await openStorage(varDir);
    const now = Date.now() + 100 * DAY;
    const iso = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();

    // A batch job finished 40 days ago: its photo a.jpg got feedback, b.jpg did not.
    const job = await storage.jobs.create({ id: 'job-old', kind: 'batch', modelId: 'm1', input: {} });
    await storage.jobs.update(job.id, { status: 'done' });
    await storage.db.updateTable('jobs').set({ updated_at: iso(40) }).where('id', '=', job.id).execute();
    for (const name of ['input.csv', 'result.csv', 'images/a.jpg', 'images/b.jpg']) file(varDir, join('jobs', job.id, name), 1000, now, 40);
    // A queued job of the same age is not touched; a folder no job names is an orphan, unless it is fresh (an upload under way).
    await storage.jobs.create({ id: 'job-queued', kind: 'batch', modelId: 'm1', input: {} });
    file(varDir, 'jobs/job-queued/input.csv', 1000, now, 40);
    file(varDir, 'jobs/orphan/input.csv', 5000, now, 2);
    file(varDir, 'jobs/uploading/input.csv', 5000, now, 0);

    // Photos sent to /api/predict: one old and reviewed, one old and not, one recent.
    file(varDir, 'uploads/aa/reviewed.jpg', 100, now, 40);
    file(varDir, 'uploads/bb/stale.jpg', 100, now, 40);
    file(varDir, 'uploads/cc/recent.jpg', 100, now, 3);
    const reviewedOld = await storage.predictions.insert(prediction({ image: 'uploads/aa/reviewed.jpg' }), iso(120));
    await storage.feedback.add(reviewedOld, 50);
    const batchReviewed = await storage.predictions.insert(prediction({ origin: 'batch', jobId: job.id, image: join('jobs', job.id, 'images/a.jpg') }), iso(45));
    await storage.feedback.add(batchReviewed, 60);
    const unreviewedOld = await storage.predictions.insert(prediction({ image: 'uploads/bb/stale.jpg' }), iso(91));
    const unreviewedRecent = await storage.predictions.insert(prediction({ image: 'uploads/cc/recent.jpg' }), iso(89));

    const report = await collectGarbage(storage, varDir, DEFAULT_RETENTION, { now: new Date(now), orphanGraceMs: 3_600_000 });

    expect(report).toMatchObject({ orphanFolders: 1, expiredJobs: 1, predictions: 1 });
    expect(existsSync(join(varDir, 'jobs/orphan'))).toBe(false);
    expect(existsSync(join(varDir, 'jobs/uploading/input.csv'))).toBe(true);
    expect(existsSync(join(varDir, 'jobs/job-queued/input.csv'))).toBe(true);
    expect(['input.csv', 'result.csv', 'images/b.jpg'].map((n) => existsSync(join(varDir, 'jobs', job.id, n)))).toEqual([false, false, false]);
    expect(existsSync(join(varDir, 'jobs', job.id, 'images/a.jpg'))).toBe(true);
    expect((await storage.jobs.get(job.id))!.message).toMatch(/files removed after 30 days/);
    expect(existsSync(join(varDir, 'uploads/aa/reviewed.jpg'))).toBe(true);
    expect(existsSync(join(varDir, 'uploads/bb/stale.jpg'))).toBe(false);
    expect(existsSync(join(varDir, 'uploads/cc/recent.jpg'))).toBe(true);
    expect((await Promise.all([reviewedOld, batchReviewed, unreviewedOld, unreviewedRecent].map((id) => storage!.predictions.get(id)))).map((p) => p !== undefined)).toEqual([true, true, false, true]);
    expect(await storage.feedback.count()).toBe(2);

    // Running it again finds nothing more to do.
    const again = await collectGarbage(storage, varDir, DEFAULT_RETENTION, { now: new Date(now), orphanGraceMs: 3_600_000 });
    expect(again).toMatchObject({ orphanFolders: 0, expiredJobs: 0, predictions: 0, files: 0 });
  });

  it("removes the database's copy of a photo no stored prediction names once it was last uploaded before the cutoff", async () => {
    const varDir = tempDir();
    storage = await openStorage(varDir);
    const now = Date.now() + 100 * DAY;
    const [named, unnamed, recent] = ['named', 'unnamed', 'recent'].map((t) => Buffer.from(`photo ${t}`));
    for (const [bytes, daysAgo] of [[named, 40], [unnamed, 40], [recent, 3]] as const) {
      await storage.photos.put({ sha256: photoDigest(bytes), bytes }, new Date(now - daysAgo * DAY));
    }
    await storage.predictions.insert(prediction({ image: uploadPath(photoDigest(named), 'jpg') }), new Date(now - DAY).toISOString());

    const report = await collectGarbage(storage, varDir, DEFAULT_RETENTION, { now: new Date(now) });
    expect(report.sharedPhotos).toBe(1);
    const left = await storage.photos.get([named, unnamed, recent].map((b) => photoDigest(b)));
    expect(left.map((p) => p.bytes.toString()).sort()).toEqual(['photo named', 'photo recent']);
  });

  it("removes a finished queued job's shared rows (but a photo feedback names), never a running job's; another host's copy goes too", async () => {
    const [varDir, otherVar] = [tempDir(), tempDir()];
    storage = await openStorage(varDir);
    const now = Date.now() + 100 * DAY;
    const share = async (id: string) => {
      await storage!.jobChunks.add(id, 0, '{"rows":[]}');
      await storage!.jobChunks.complete(id, 0, Buffer.from('1,10\n'), '{}');
      await storage!.jobFiles.put(id, [
        { path: 'chunks/manifest.json', bytes: Buffer.from('{}') },
        { path: 'images/a.jpg', bytes: Buffer.from('a') },
        { path: 'images/b.jpg', bytes: Buffer.from('b') },
      ]);
    };
    const done = await storage.jobs.create({ id: 'done-queued', kind: 'batch', modelId: 'm1', input: {} });
    await storage.jobs.update(done.id, { status: 'done' });
    await storage.db.updateTable('jobs').set({ updated_at: new Date(now - 40 * DAY).toISOString() }).where('id', '=', done.id).execute();
    // Another host's live work, as old: its rows stay.
    const running = await storage.jobs.create({ id: 'running-queued', kind: 'batch', modelId: 'm1', input: {}, host: 'other:/var' });
    await storage.jobs.update(running.id, { status: 'running' });
    await storage.db.updateTable('jobs').set({ updated_at: new Date(now - 40 * DAY).toISOString() }).where('id', '=', running.id).execute();
    await Promise.all([share(done.id), share(running.id)]);
    const reviewed = await storage.predictions.insert(prediction({ origin: 'batch', jobId: done.id, image: join('jobs', done.id, 'images', 'a.jpg') }));
    await storage.feedback.add(reviewed, 60);
    // A host that only fetched the result keeps a copy, and runs its clean-up after the first host did.
    file(otherVar, join('jobs', done.id, 'result.csv'), 100, now, 39);

    await collectGarbage(storage, varDir, DEFAULT_RETENTION, { now: new Date(now) });
    expect(await storage.jobChunks.done(done.id)).toEqual([]);
    expect(await storage.jobFiles.list(done.id)).toEqual(['images/a.jpg']);
    expect(await storage.jobChunks.done(running.id)).toEqual([0]);
    expect(await storage.jobFiles.list(running.id)).toHaveLength(3);

    const other = await collectGarbage(storage, otherVar, DEFAULT_RETENTION, { now: new Date(now) });
    expect(other.expiredJobs).toBe(1);
    expect(existsSync(join(otherVar, 'jobs', done.id, 'result.csv'))).toBe(false);
  });

  it('past --max-var-size, removes the oldest removable files first until the folder fits', async () => {
    const varDir = tempDir();
    storage = await openStorage(varDir);
    const now = Date.now();
    const done = await storage.jobs.create({ id: 'done', kind: 'batch', modelId: 'm1', input: {} });
    await storage.jobs.update(done.id, { status: 'done' });
    await storage.jobs.create({ id: 'running', kind: 'batch', modelId: 'm1', input: {} });
    file(varDir, 'jobs/done/result.csv', 40_000, now, 5);
    file(varDir, 'jobs/running/input.csv', 40_000, now, 6);
    file(varDir, 'uploads/aa/old.jpg', 30_000, now, 4);
    file(varDir, 'uploads/bb/new.jpg', 30_000, now, 1);
    const kept = await storage.predictions.insert(prediction({ image: 'uploads/cc/kept.jpg' }));
    await storage.feedback.add(kept, 60);
    file(varDir, 'uploads/cc/kept.jpg', 30_000, now, 10);

    // The database counts too: measure first, then ask for 50 KB less, which the two oldest removable files free.
    const total = (await collectGarbage(storage, varDir, DEFAULT_RETENTION, { now: new Date(now) })).varBytes;
    const report = await collectGarbage(storage, varDir, { ...DEFAULT_RETENTION, maxVarBytes: total - 50_000 }, { now: new Date(now) });
    expect(existsSync(join(varDir, 'jobs/done/result.csv'))).toBe(false);
    expect(existsSync(join(varDir, 'uploads/aa/old.jpg'))).toBe(false);
    expect(existsSync(join(varDir, 'uploads/bb/new.jpg'))).toBe(true);
    expect(existsSync(join(varDir, 'jobs/running/input.csv'))).toBe(true);
    expect(existsSync(join(varDir, 'uploads/cc/kept.jpg'))).toBe(true);
    expect(report.varBytes).toBeLessThanOrEqual(total - 50_000);
    expect(report.bytesFreed).toBe(70_000);
  });
});
