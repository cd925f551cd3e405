import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { borrowWorkers, idleWorkerCount, returnWorkers } from '../../../src/core/warm-workers.js';
import { stratifiedKFold } from '../../../src/data/splits.js';
import { LinearSVC } from '../../../src/models/linear/index.js';
import { fixtureX, fixtureY } from './sklearn-fixture.js';

/** The worker script's location as ovr-pool.ts names it (its own folder). */
const POOL_URL = new URL('../../../src/models/linear/ovr-pool.ts', import.meta.url).href;

/** Thread ids of the idle one-vs-rest workers, by borrowing and handing them straight back. */
function idleThreadIds(count: number): number[] {
  const workers = borrowWorkers(POOL_URL, 'ovr-worker', count);
  const ids = workers.map((w) => w.threadId);
  returnWorkers(POOL_URL, 'ovr-worker', workers);
  return ids;
}

describe('one-vs-rest worker pool', () => {
  it('keeps its workers between fits, and a kept worker solves the next fit exactly as a fresh one', async () => {
    const folds = stratifiedKFold(fixtureY, 3, 2).map((s) => s.validation);
    const fit = async (nJobs: number) => (await new LinearSVC({ nJobs, calibration: 'none', C: 0.7 }).fitOutOfFoldScores(fixtureX, fixtureY, folds)).scores.data;
    const here = await fit(1);
    const first = await fit(2);
    const kept = idleThreadIds(2);
    const second = await fit(2);
    // The second fit ran on the workers the first handed back: no new thread was started.
    expect(idleThreadIds(2)).toEqual(kept);
    expect(Array.from(first)).toEqual(Array.from(here));
    expect(Array.from(second)).toEqual(Array.from(here));
  });

  it('terminates the workers of an aborted fit instead of keeping them', async () => {
    await new LinearSVC({ nJobs: 2, calibration: 'none' }).fit(fixtureX, fixtureY);
    const before = idleThreadIds(2);
    const controller = new AbortController();
    const fit = new LinearSVC({ nJobs: 2, calibration: 'none' }).fit(fixtureX, fixtureY, { signal: controller.signal });
    controller.abort(new Error('stopped'));
    await expect(fit).rejects.toThrow('stopped');
    const after = idleThreadIds(2);
    for (const id of after) expect(before).not.toContain(id);
  });

  it('starts its workers when warmed up, ahead of the fit, which takes them', async () => {
    const drained = borrowWorkers(POOL_URL, 'ovr-worker', availableParallelism());
    await Promise.all(drained.map((w) => w.terminate()));
    expect(idleWorkerCount(POOL_URL, 'ovr-worker')).toBe(0);
    const svc = new LinearSVC({ nJobs: 2, calibration: 'none' });
    svc.warmUp();
    expect(idleWorkerCount(POOL_URL, 'ovr-worker')).toBe(2);
    const warmed = idleThreadIds(2);
    await svc.fit(fixtureX, fixtureY);
    expect(idleThreadIds(2)).toEqual(warmed);
    // One thread needs no worker: nothing is started for it.
    const drainedAgain = borrowWorkers(POOL_URL, 'ovr-worker', availableParallelism());
    await Promise.all(drainedAgain.map((w) => w.terminate()));
    new LinearSVC({ nJobs: 1 }).warmUp();
    expect(idleWorkerCount(POOL_URL, 'ovr-worker')).toBe(0);
  });
});
