// Benchmark: what sharing uploaded photos through PostgreSQL costs an API host's predict and a worker's retraining.
// Usage: tsx bench/upload-photos.ts [--photos 200] [--kb 60]   (--data is accepted and ignored: bench/run.ts passes it)
// The reference, in the same run: the same UploadStore keeping photos in the var folder only (SQLite's single host).
// PostgreSQL is a local throwaway server (scripts/local-services.ts, fsync off), so the shared figures are a floor.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startPostgres, stopPostgres } from '../scripts/local-services.js';
import { Rng } from '../src/core/rng.js';
import { UploadStore } from '../src/serving/upload-store.js';
import { openStorage } from '../src/storage/storage.js';
import { fetchFeedbackPhotos } from '../src/workflows/feedback-photos.js';

const { values } = parseArgs({ options: { photos: { type: 'string', default: '200' }, kb: { type: 'string', default: '60' }, data: { type: 'string' } } });
const n = Number(values.photos);
const size = Number(values.kb) * 1024;
const log = (m: string) => process.stderr.write(`${m}\n`);
const round = (x: number) => Math.round(x * 1000) / 1000;
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
  return { p50: q(0.5), p90: q(0.9), p99: q(0.99) };
};

// Seeded photo-sized bytes behind a JPEG signature (the store checks nothing else).
const rng = new Rng(17);
const photos = Array.from({ length: n }, () => {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = rng.int(256);
  bytes.set([0xff, 0xd8, 0xff], 0);
  return bytes;
});

log('starting a PostgreSQL server (scripts/local-services.ts)');
const postgres = await startPostgres();
const root = mkdtempSync(join(tmpdir(), 'prodclass-bench-photos-'));
const storage = await openStorage(null, { databaseUrl: postgres.url });
try {
  const local = new UploadStore(join(root, 'local'));
  const shared = new UploadStore(join(root, 'shared'), storage.photos);
  const time = async (store: UploadStore, bytes: Buffer) => {
    const t = performance.now();
    await store.save(bytes, 'jpeg');
    return performance.now() - t;
  };
  // Warm both (connection, folders) on a photo not counted.
  await time(local, photos[0]);
  await time(shared, photos[0]);
  const ms = { localFirst: [] as number[], sharedFirst: [] as number[], localAgain: [] as number[], sharedAgain: [] as number[] };
  // Alternating, so that a busy moment of the machine falls on both.
  for (const bytes of photos.slice(1)) {
    ms.localFirst.push(await time(local, bytes));
    ms.sharedFirst.push(await time(shared, bytes));
  }
  for (const bytes of photos.slice(1)) {
    ms.localAgain.push(await time(local, bytes));
    ms.sharedAgain.push(await time(shared, bytes));
  }
  const paths = await Promise.all(photos.map((bytes) => local.save(bytes, 'jpeg')));
  const t = performance.now();
  const fetched = await fetchFeedbackPhotos(storage, paths, join(root, 'worker'));
  const fetchMs = performance.now() - t;
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  const { rows } = await client.query<{ bytes: string }>("SELECT pg_total_relation_size('upload_photos') AS bytes");
  await client.end();
  process.stdout.write(
    `${JSON.stringify(
      {
        photos: n,
        photoBytes: size,
        saveMs: {
          reference: { description: 'var folder only (SQLite single host)', first: summary(ms.localFirst), again: summary(ms.localAgain) },
          shared: { description: 'var folder + upload_photos (PostgreSQL)', first: summary(ms.sharedFirst), again: summary(ms.sharedAgain) },
        },
        workerFetch: { photos: fetched.found.length, missing: fetched.missing.length, totalMs: round(fetchMs), msPerPhoto: round(fetchMs / n) },
        databaseBytesPerPhoto: Math.round(Number(rows[0].bytes) / n),
      },
    )}\n`,
  );
} finally {
  await storage.close();
  stopPostgres(postgres);
  rmSync(root, { recursive: true, force: true });
}
