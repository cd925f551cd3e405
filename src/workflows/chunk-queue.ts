// A batch job spread over `prodclass worker` processes: its rows cut into chunks on a BullMQ queue, the parts put back in order.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type { JsonObject } from '../core/estimator.js';
import { streamChallengeCsv } from '../data/challenge-csv.js';
import type { Product } from '../data/product.js';
import type { JobRecord } from '../storage/job-store.js';
import { startProgress, type BatchContext, type BatchProgress } from './batch-job.js';
import { readCatalogRows, type CatalogRows } from './catalog-batch-job.js';
import { catalogResultWriter, type CatalogLayout } from './catalog-result-writer.js';
import { jobPaths } from './job-folder.js';
import { filesByDepth, resultHeader } from './result-csv.js';
import { HEADER_FILE, MANIFEST_FILE, writeResultFromChunks, type ChunkManifest } from './queued-result.js';
import { addTally, MAX_ERRORS_LISTED, type RowTally } from './row-outcome.js';
import type { ServedModel } from './served-model.js';
import type { CatalogIndexes, FiledProduct } from './catalog-index.js';
import { isProdclassError, ProdclassError } from '../core/errors.js';
import { shareJobImages } from './shared-job-files.js';
import { jobPhotosReport, type ChunkPhotoReport } from './chunk-photos.js';

/** The BullMQ queue every API host adds chunks to and every worker takes them from. */
export const CHUNK_QUEUE = 'prodclass-chunks';
export const REDIS_ENV = 'PRODCLASS_REDIS_URL';

/** What a queued chunk names: the job (and its catalog), and which of its chunks to classify. */
export interface ChunkTask {
  jobId: string;
  /** The catalog whose model runs the job (default: "default"). */
  catalog?: string;
  chunk: number;
  /** Confidence under which a row counts as low-confidence (the API host's review threshold when it queued the job). */
  lowConfidence?: number;
  /** The API host's spot checks when it queued the job: the share of automatic filings also sent to review, and the seed. */
  spotChecks?: { share: number; seed: number };
  /** Each category's own threshold applies too (the API host's setting when it queued the job). */
  perCategory?: boolean;
  /** A catalog file's job: how its rows are written back (absent for the challenge layout). */
  catalogLayout?: CatalogLayout;
  /**
   * Set when the job's model has a similarity index on the API host: the rows filed automatically are handed back in
   * the chunk's summary to join it, under `<job>:<row>` ids, or (`column`) the file's own id where it has one.
   */
  indexIds?: 'row' | 'column';
  /**
   * A catalog file's job whose model reads photos: the worker fetches its rows' photo URLs itself, from private
   * addresses too when the API host allows them (serve --allow-private-photos).
   */
  photos?: { allowPrivate: boolean };
}

/** A chunk's rows as the API host cut them, in the file's order (a catalog file's rows with their own cells). */
export interface ChunkInput {
  rows: { line: number; product: Product; values?: string[] }[];
}

/** What a worker reports for one chunk, recorded with its predictions: its presence means the chunk is done. */
export interface ChunkSummary extends RowTally {
  /** The rows filed automatically, for the similarity index (only when the task asked: ChunkTask.indexIds). */
  filed?: FiledProduct[];
  /** A catalog file's photos: what the chunk's cells could not give (only when the model reads photos). */
  photos?: ChunkPhotoReport;
}

/** BullMQ's connection options for a redis:// URL (a worker's blocking connection needs no retry limit). */
export function redisConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}

/** Rows of the job's input, in order, good and bad: a challenge CSV streamed, or a catalog file's table. */
async function* inputRows(job: JobRecord, catalog: CatalogRows | null, ctx: BatchContext): AsyncGenerator<{ line: number; row: ChunkInput['rows'][number] | null; error?: string }> {
  if (catalog) {
    const rows = catalog.chunk(0, catalog.table.rows.length);
    for (const row of rows) yield { line: row.line, row };
    return;
  }
  const file = jobPaths(ctx.varDir, job.id).input;
  for await (const row of streamChallengeCsv(Readable.from(createReadStream(file)), 'products', { file: String(job.input.fileName ?? 'input.csv') })) {
    if (row.ok) yield { line: row.line, row: { line: row.line, product: row.value } };
    else yield { line: row.line, row: null, error: row.error.message };
  }
}

/**
 * Cuts the job's input into chunks in the database once (a resumed job keeps the cut it made), handing each chunk to
 * `cut` as soon as it is stored, so that workers start on the first chunks while the rest are cut; returns the manifest.
 * A cut interrupted midway is made again from the start: the same rows give the same chunks and the same chunk ids.
 */
async function cutChunks(job: JobRecord, served: ServedModel, catalog: CatalogRows | null, ctx: BatchContext, header: Buffer, cut: (k: number) => Promise<void>): Promise<ChunkManifest> {
  const { storage } = ctx;
  const stored = await storage.jobFiles.get(job.id, [MANIFEST_FILE]);
  if (stored.length > 0) {
    const manifest = JSON.parse(stored[0].bytes.toString('utf8')) as ChunkManifest;
    for (let k = 0; k < manifest.chunks; k++) await cut(k);
    return manifest;
  }
  // The photos first: a worker given a chunk finds those its rows name.
  if (served.modalities.includes('image')) await shareJobImages(storage, job.id, jobPaths(ctx.varDir, job.id));
  await storage.jobFiles.put(job.id, [{ path: HEADER_FILE, bytes: header }]);
  const manifest: ChunkManifest = { chunks: 0, rowsRead: 0, badRows: 0, errors: [] };
  let pending: ChunkInput['rows'] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    await storage.jobChunks.add(job.id, manifest.chunks, JSON.stringify({ rows: pending } satisfies ChunkInput));
    await cut(manifest.chunks);
    manifest.chunks++;
    pending = [];
  };
  for await (const { line, row, error } of inputRows(job, catalog, ctx)) {
    manifest.rowsRead++;
    if (row === null) {
      manifest.badRows++;
      if (manifest.errors.length < MAX_ERRORS_LISTED) manifest.errors.push({ line, message: error ?? 'unreadable row' });
      continue;
    }
    pending.push(row);
    if (pending.length >= ctx.chunkSize) await flush();
  }
  await flush();
  await storage.jobFiles.put(job.id, [{ path: MANIFEST_FILE, bytes: Buffer.from(JSON.stringify(manifest)) }]);
  return manifest;
}

/** How often the API host looks for finished chunks (one indexed query), and checks for failed ones. */
const POLL_MS = 50;
const FAILED_CHECK_ROUNDS = 40;

/**
 * Runs a batch job (a challenge CSV or a catalog file) on the shared queue: cuts its rows into chunks of `ctx.chunkSize`
 * in the database, queuing each BullMQ job (ids `<job>-<k>`, so a resumed job re-adds none twice) as soon as its chunk
 * is stored, waits while workers classify them (progress: chunks done), then writes result.csv, this host's copy, from
 * the parts in chunk order, so each row is there exactly once whichever worker did it, and however many times a chunk
 * was retried. Everything a worker needs is in the database (and the photos of `served`'s image model): none shares
 * this host's folder.
 * @throws the abort reason when `ctx.signal` aborts (the job stays resumable); ProdclassError INTERNAL when a chunk
 *   failed on every attempt.
 */
export async function runQueuedBatchJob(job: JobRecord, served: ServedModel, redisUrl: string, ctx: BatchContext, attempts = 3): Promise<BatchProgress> {
  const started = performance.now();
  const catalog = job.input.layout === 'catalog' ? await readCatalogRows(job, served, ctx.varDir) : null;
  const catalogLayout = catalog?.layout;
  // The workers write the filed-at columns when the job's model files by depth (see resultLineFor); the header follows.
  const header = catalogLayout ? catalogResultWriter(catalogLayout, served.taxonomy).header() : Buffer.from(resultHeader(filesByDepth(served)), 'utf8');
  // A catalog file's photo cells, for a model that reads them: each worker finds its chunk's (findChunkPhotos).
  const photoCells = catalog && served.modalities.includes('image') ? catalog.photoCells : null;
  const queue = new Queue<ChunkTask>(CHUNK_QUEUE, { connection: redisConnection(redisUrl) });
  let manifest: ChunkManifest;
  try {
    const id = (k: number) => `${job.id}-${k}`;
    const data = {
      jobId: job.id,
      catalog: ctx.storage.catalog,
      lowConfidence: ctx.lowConfidence,
      spotChecks: ctx.spotChecks && { share: ctx.spotChecks.share, seed: ctx.spotChecks.seed },
      perCategory: ctx.perCategoryThresholds,
      catalogLayout,
      indexIds: (await hasIndex(ctx.indexes, served)) ? (catalog?.hasId ? ('column' as const) : ('row' as const)) : undefined,
      photos: photoCells ? { allowPrivate: ctx.allowPrivatePhotos ?? false } : undefined,
    };
    manifest = await cutChunks(job, served, catalog, ctx, header, async (k) => {
      await queue.add('chunk', { ...data, chunk: k }, { jobId: id(k), attempts, backoff: { type: 'fixed', delay: 200 }, removeOnComplete: false, removeOnFail: false });
    });
    let recorded = -1;
    for (let round = 0; ; round++) {
      ctx.signal?.throwIfAborted();
      const doneCount = await ctx.storage.jobChunks.countDone(job.id);
      // Written when it changes only: the host looks often, so that a finished batch is seen within POLL_MS.
      if (doneCount !== recorded) {
        await ctx.storage.jobs.update(job.id, { progress: { ...job.progress, chunksDone: doneCount, chunks: manifest.chunks, queued: true } });
        recorded = doneCount;
      }
      if (doneCount >= manifest.chunks) break;
      if (round % FAILED_CHECK_ROUNDS === FAILED_CHECK_ROUNDS - 1) {
        const done = new Set(await ctx.storage.jobChunks.done(job.id));
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
  return assemble(job, served, manifest, ctx, started, photoCells);
}

/** Whether `served` has a similarity index on this host, which the rows a job files automatically join. */
async function hasIndex(indexes: CatalogIndexes | undefined, served: ServedModel): Promise<boolean> {
  if (!indexes || !served.dir) return false;
  try {
    await indexes.of(served);
    return true;
  } catch (error) {
    if (isProdclassError(error, 'NOT_FOUND')) return false;
    throw error;
  }
}

async function assemble(job: JobRecord, served: ServedModel, manifest: ChunkManifest, ctx: BatchContext, started: number, photoCells: readonly string[] | null): Promise<BatchProgress> {
  const progress = startProgress({ ...job, progress: {} }, 0, ctx.lowConfidence);
  progress.rowsFailed = manifest.badRows;
  progress.errors = manifest.errors.slice(0, MAX_ERRORS_LISTED);
  const paths = jobPaths(ctx.varDir, job.id);
  const filed: FiledProduct[] = [];
  const photos: ChunkPhotoReport[] = [];
  const outputBytes = await writeResultFromChunks(ctx.storage, job.id, manifest.chunks, paths.result, (text) => {
    const summary = JSON.parse(text) as ChunkSummary;
    addTally(progress, summary);
    if (summary.filed) filed.push(...summary.filed);
    if (summary.photos) photos.push(summary.photos);
  });
  if (photoCells) progress.photos = jobPhotosReport(new Set(photoCells.filter((c) => c !== '')).size, photos) as unknown as JsonObject;
  // Filed here, by the host that holds the index, once every chunk is: as the in-process job files each chunk's.
  await ctx.indexes?.file(served, filed);
  const input = job.input.layout === 'catalog' ? join(paths.dir, String(job.input.inputFile)) : paths.input;
  const { size } = await stat(input);
  Object.assign(progress, { rowsRead: manifest.rowsRead, bytesRead: size, totalBytes: size, outputBytes, seconds: (performance.now() - started) / 1000 });
  progress.zip = (job.progress.zip as JsonObject | undefined) ?? null;
  await ctx.storage.jobs.update(job.id, { progress });
  return progress;
}
