// The prediction log's contract, run on every backend: ids at once, rows visible to every read, feedback durable, nothing lost on close.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PredictionLogOptions } from '../../src/storage/prediction-log.js';
import type { Storage } from '../../src/storage/storage.js';
import { openStorage } from '../../src/storage/storage.js';
import { prediction } from './contract.js';

/** Where a backend's test data lives: a var folder (SQLite) or a database URL (PostgreSQL), opened as often as a test needs. */
export type StorageLocation = { varDir: string; databaseUrl: null } | { varDir: null; databaseUrl: string };

const FIXTURE = fileURLToPath(new URL('./fixtures/record-and-feed.ts', import.meta.url));
const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

function openAt(location: StorageLocation, predictionLog: PredictionLogOptions): Promise<Storage> {
  return openStorage(location.varDir, { databaseUrl: location.databaseUrl, predictionLog });
}

/** Declares the tests; `fresh` gives a new, empty location for each. `writesBehind`: whether this backend buffers rows. */
export function predictionLogContract(backend: string, writesBehind: boolean, fresh: () => Promise<StorageLocation>): void {
  describe(`prediction log (${backend})`, () => {
    it('numbers a burst of predictions at once, and feedback sent on each right away is stored and takes it off the queue', async () => {
      // 50 ms: on PostgreSQL most of the burst is still buffered when its feedback arrives.
      const storage = await openAt(await fresh(), { flushMs: 50, maxRows: 100, idBlock: 64 });
      expect(storage.predictionLog.writeBehind).toBe(writesBehind);
      const ids = await Promise.all(Array.from({ length: 250 }, (_, i) => storage.predictionLog.record(prediction({ confidence: 0.1 + i / 1000, designation: `p${i}` }))));
      expect(new Set(ids).size).toBe(250);
      const acknowledged = await Promise.all(ids.map((id) => storage.feedback.add(id, 50)));
      expect(acknowledged.map((f) => f.predictionId)).toEqual(ids);
      expect(await storage.feedback.count()).toBe(250);
      expect((await storage.predictions.reviewQueue({ threshold: 0.5, origins: [], limit: 10, offset: 0 })).total).toBe(0);
      expect((await storage.feedback.latestPerPrediction()).map((f) => f.designation).sort()).toEqual(ids.map((_, i) => `p${i}`).sort());

      // Every read sees a prediction recorded just before it.
      const late = await storage.predictionLog.record(prediction({ confidence: 0.2, designation: 'late' }));
      expect((await storage.predictions.get(late))?.designation).toBe('late');
      const another = await storage.predictionLog.record(prediction({ confidence: 0.3, held: true }));
      expect((await storage.predictions.reviewQueue({ threshold: 0.5, origins: [], limit: 10, offset: 0 })).items.map((p) => p.id)).toEqual([late, another]);
      expect(await storage.predictions.count()).toBe(252);
      await storage.close();
    });

    it('numbers a burst in the order it was recorded, each id on its own prediction', async () => {
      const storage = await openAt(await fresh(), {});
      const first = await storage.predictionLog.record(prediction({ designation: 'before' }));
      const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => storage.predictionLog.record(prediction({ designation: `burst ${i}`, code: 10 + i }))));
      expect(ids[0]).toBeGreaterThan(first);
      for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]);
      const rows = await Promise.all(ids.map((id) => storage.predictions.get(id)));
      expect(rows.map((r) => [r?.designation, r?.code])).toEqual(ids.map((_, i) => [`burst ${i}`, 10 + i]));
      await storage.close();
    });

    it('writes the predictions still buffered when it closes', async () => {
      const location = await fresh();
      // A second: nothing is written by the timer before close.
      const storage = await openAt(location, { flushMs: 1_000 });
      const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => storage.predictionLog.record(prediction({ designation: `kept ${i}` }))));
      await storage.close();
      await expect(storage.predictionLog.record(prediction())).rejects.toThrow(/shutting down/);
      const reopened = await openAt(location, {});
      expect(await reopened.predictions.count()).toBe(30);
      expect((await reopened.predictions.get(ids[29]))?.designation).toBe('kept 29');
      await reopened.close();
    });

    it('loses no acknowledged feedback when its process is killed (SIGKILL) mid-stream', async () => {
      const location = await fresh();
      const child = spawn(process.execPath, ['--import', TSX_LOADER, FIXTURE, location.databaseUrl ?? location.varDir, '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      let errors = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
      const exited = new Promise((done) => child.once('exit', done));
      for (let i = 0; i < 600 && (output.match(/^ack /gm)?.length ?? 0) < 200; i++) {
        if (child.exitCode !== null) throw new Error(`the child exited: ${errors}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill('SIGKILL');
      await exited;
      // Only whole lines: one cut by the kill was not acknowledged.
      const acks = output
        .split('\n')
        .slice(0, -1)
        .filter((line) => line.startsWith('ack '))
        .map((line) => line.split(' ').slice(1).map(Number));
      expect(acks.length).toBeGreaterThanOrEqual(200);
      const storage = await openAt(location, {});
      for (const [feedbackId, predictionId] of acks) {
        expect(await storage.feedback.get(feedbackId), `feedback ${feedbackId}`).toMatchObject({ predictionId, correctCode: 50, designation: expect.stringMatching(/^product /) });
      }
      await storage.close();
    }, 60_000);
  });
}
