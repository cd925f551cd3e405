// A batch job spread over `prodclass worker` processes: its rows cut into chunks on a BullMQ queue, the parts put back in order.

import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import { streamChallengeCsv } from '../data/challenge-csv.js';
import type { Product } from '../data/product.js';
import type { JobRecord } from '../storage/job-store.js';
import { startProgress, type BatchContext, type BatchProgress } from './batch-job.js';
import { jobPaths } from './job-folder.js';
import { resultHeader } from './result-csv.js';
import { addTally, MAX_ERRORS_LISTED, type RowTally } from './row-outcome.js';

/** The BullMQ queue every API host adds chunks to and every worker takes them from. */
export const CHUNK_QUEUE = 'prodclass-chunks';
export const REDIS_ENV = 'PRODCLASS_REDIS_URL';

/** What a queued chunk names: the job, and which chunk file of its folder to classify. */
export interface ChunkTask {
  jobId: string;
  chunk: number;
  /** Confidence under which a row counts as low-confidence (the API host's review threshold when it queued the job). */
  lowConfidence?: number;
  /** The API host's spot checks when it queued the job: the share of automatic filings also sent to review, and the seed. */
  spotChecks?: { share: number; seed: number };
  /** Each category's own threshold applies too (the API host's setting when it queued the job). */
  perCategory?: boolean;
}

/** A chunk's rows as the API host cut them, in the file's order. */
export interface ChunkInput {
  rows: { line: number; product: Product }[];
}

/** What a worker reports for one chunk, written last: its presence means the chunk is done. */
export type ChunkSummary = RowTally;

/** The files of chunk `k` of a job: its input, its result lines and its summary. */
export function chunkFiles(dir: string, k: number): { input: string; part: string; summary: string } {
  const name = String(k).padStart(6, '0');
  return { input: join(dir, 'chunks', `${name}.json`), part: join(dir, 'parts', `${name}.csv`), summary: join(dir, 'parts', `${name}.json`) };
}

/** BullMQ's connection options for a redis:// URL (a worker's blocking connection needs no retry limit). */
export function redisConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}

/** Writes `data` so that a reader sees all of it or nothing (a worker killed midway leaves no half file). */
export async function writeAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

interface Manifest {
  chunks: number;
  rowsRead: number;
  badRows: { line: number; message: string }[];
}

/**
 * Cuts the job's input.csv into chunk files once (a resumed job keeps the cut it made), handing each chunk to `cut` as
 * soon as its file is written, so that workers start on the first chunks while the rest are cut; returns the manifest.
 * A cut interrupted midway is made again from the start: the same rows give the same chunk files and the same chunk ids.
 */
async function cutChunks(job: JobRecord, dir: string, input: string, chunkSize: number, cut: (k: number) => Promise<void>): Promise<Manifest> {
  const manifestFile = join(dir, 'chunks', 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
    for (let k = 0; k < manifest.chunks; k++) await cut(k);
    return manifest;
  }
  await mkdir(join(dir, 'chunks'), { recursive: true });
  await mkdir(join(dir, 'parts'), { recursive: true });
  const rows = streamChallengeCsv(Readable.from(createReadStream(input)), 'products', { file: String(job.input.fileName ?? 'input.csv') });
  const manifest: Manifest = { chunks: 0, rowsRead: 0, badRows: [] };
  let pending: ChunkInput['rows'] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    await writeAtomic(chunkFiles(dir, manifest.chunks).input, JSON.stringify({ rows: pending } satisfies ChunkInput));
    await cut(manifest.chunks);
    manifest.chunks++;
    pending = [];
  };
  for await (const row of rows) {
    manifest.rowsRead++;
    if (!row.ok) {
      manifest.badRows.push({ line: row.line, message: row.error.message });
      continue;
    }
    pending.push({ line: row.line, product: row.value });
    if (pending.length >= chunkSize) await flush();
  }
  await flush();
  await writeAtomic(manifestFile, JSON.stringify(manifest));
  return manifest;
}

/** How often the API host looks for finished chunks (a directory listing: cheap), and checks for failed ones. */
const POLL_MS = 50;
const FAILED_CHECK_ROUNDS = 40;

/**
 * Runs a challenge-layout batch job on the shared queue: cuts input.csv into chunks of `ctx.chunkSize` rows, queuing
 * each BullMQ job (ids `<job>-<k>`, so a resumed job re-adds none twice) as soon as its chunk is cut, waits while
 * workers classify them (progress: chunks done), then writes result.csv from the parts in chunk order, so each row is
 * there exactly once whichever worker did it, and however many times a chunk was retried.
 * @throws the abort reason when `ctx.signal` aborts (the job stays resumable); ProdclassError INTERNAL when a chunk
 *   failed on every attempt.
 */
export async function runQueuedBatchJob(job: JobRecord, redisUrl: string, ctx: BatchContext, attempts = 3, byDepth = false): Promise<BatchProgress> {
  const paths = jobPaths(ctx.varDir, job.id);
  const started = performance.now();
  const queue = new Queue<ChunkTask>(CHUNK_QUEUE, { connection: redisConnection(redisUrl) });
  let manifest: Manifest;
  try {
    const id = (k: number) => `${job.id}-${k}`;
    const data = { jobId: job.id, lowConfidence: ctx.lowConfidence, spotChecks: ctx.spotChecks && { share: ctx.spotChecks.share, seed: ctx.spotChecks.seed }, perCategory: ctx.perCategoryThresholds };
    manifest = await cutChunks(job, paths.dir, paths.input, ctx.chunkSize, async (k) => {
      await queue.add('chunk', { ...data, chunk: k }, { jobId: id(k), attempts, backoff: { type: 'fixed', delay: 200 }, removeOnComplete: false, removeOnFail: false });
    });
    const done = new Set<number>();
    let recorded = -1;
    for (let round = 0; done.size < manifest.chunks; round++) {
      ctx.signal?.throwIfAborted();
      const names = new Set(await readdir(join(paths.dir, 'parts')));
      for (let k = 0; k < manifest.chunks; k++) if (!done.has(k) && names.has(`${String(k).padStart(6, '0')}.json`)) done.add(k);
      // Written when it changes only: the host looks often, so that a finished batch is seen within POLL_MS.
      if (done.size !== recorded) {
        await ctx.storage.jobs.update(job.id, { progress: { ...job.progress, chunksDone: done.size, chunks: manifest.chunks, queued: true } });
        recorded = done.size;
      }
      if (done.size === manifest.chunks) break;
      if (round % FAILED_CHECK_ROUNDS === FAILED_CHECK_ROUNDS - 1) {
        for (let k = 0; k < manifest.chunks; k++) {
          if (done.has(k)) continue;
          const task = await queue.getJob(id(k));
          if (task && (await task.getState()) === 'failed') {
            throw new ProdclassError('INTERNAL', `chunk ${k} of job ${job.id} failed on every attempt: ${task.failedReason}`);
          }
        }
      }
      await sleep(POLL_MS);
    }
  } finally {
    await queue.close();
  }
  return assemble(job, paths.dir, paths.result, manifest, ctx, started, byDepth);
}

async function assemble(job: JobRecord, dir: string, result: string, manifest: Manifest, ctx: BatchContext, started: number, byDepth: boolean): Promise<BatchProgress> {
  const progress = startProgress({ ...job, progress: {} }, 0, ctx.lowConfidence);
  // The workers write the filed-at columns when the job's model files by depth (see resultLineFor); the header follows.
  const parts: Buffer[] = [Buffer.from(resultHeader(byDepth), 'utf8')];
  progress.rowsFailed = manifest.badRows.length;
  progress.errors = manifest.badRows.slice(0, MAX_ERRORS_LISTED);
  for (let k = 0; k < manifest.chunks; k++) {
    const files = chunkFiles(dir, k);
    const summary = JSON.parse(await readFile(files.summary, 'utf8')) as ChunkSummary;
    parts.push(await readFile(files.part));
    addTally(progress, summary);
  }
  const bytes = Buffer.concat(parts);
  await writeAtomic(result, bytes);
  const { size } = await stat(join(dir, 'input.csv'));
  Object.assign(progress, { rowsRead: manifest.rowsRead, bytesRead: size, totalBytes: size, outputBytes: bytes.length, seconds: (performance.now() - started) / 1000 });
  progress.zip = (job.progress.zip as JsonObject | undefined) ?? null;
  await ctx.storage.jobs.update(job.id, { progress });
  return progress;
}
