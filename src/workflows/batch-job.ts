// Runs one batch classification job: streams the uploaded CSV, classifies it chunk by chunk, checkpoints, resumes after a crash.

import { closeSync, createReadStream, openSync, truncateSync, writeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import { streamChallengeCsv } from '../data/challenge-csv.js';
import { imageFileName } from '../data/image-index.js';
import type { Product } from '../data/product.js';
import type { ProductInput } from '../models/product-model.js';
import { topPredictions, type RankedPrediction } from '../models/top-predictions.js';
import { surestPath, type PathStep } from '../taxonomy/index.js';
import type { JobRecord } from '../storage/job-store.js';
import type { NewPrediction } from '../storage/prediction-store.js';
import type { Storage } from '../storage/storage.js';
import { indexJobImages, jobPaths } from './job-folder.js';
import { filesByDepth, resultHeader, resultLineFor } from './result-csv.js';
import { rowOutcomes, tallyFailure, type ChunkRow, type RowTally } from './row-outcome.js';
import type { ServedModel } from './served-model.js';
import { predictProbaServed } from './served-predict.js';
import { runCatalogBatchJob } from './catalog-batch-job.js';
import { shareChunk, sharesResult } from './shared-result.js';
import type { SpotChecks } from './spot-checks.js';
import type { CatalogIndexes } from './catalog-index.js';

export interface BatchContext {
  storage: Storage;
  varDir: string;
  /** Rows classified between checkpoints. */
  chunkSize: number;
  /** Confidence under which a row counts as low-confidence in the summary. */
  lowConfidence: number;
  /** Aborting stops the job at the next chunk, leaving it resumable. */
  signal?: AbortSignal;
  /** Fetch catalog photo URLs on loopback and private addresses too (default false). */
  allowPrivatePhotos?: boolean;
  /** Which automatically filed rows also go to review as spot checks (none without). */
  spotChecks?: SpotChecks;
  /** Each category's own threshold applies too (see filingDecision). */
  perCategoryThresholds?: boolean;
  /** The similarity indexes the rows filed automatically join (none without). */
  indexes?: CatalogIndexes;
}

/** The checkpoint saved with the job after every chunk, and its summary at the end. */
export interface BatchProgress extends JsonObject, RowTally {
  /** CSV records consumed, good and bad: a resumed job skips this many. */
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
  /** Length of result.csv at the checkpoint: a resumed job cuts the file back to it. */
  outputBytes: number;
  lowConfidenceThreshold: number;
  seconds: number;
  /** What the images zip gave (extracted, skipped and why), when there was one. */
  zip: JsonObject | null;
  /** Checkpoints whose result bytes are in the shared database (PostgreSQL only: see shared-result.ts). */
  sharedChunks: number | null;
}

export function startProgress(job: JobRecord, totalBytes: number, threshold: number): BatchProgress {
  const saved = job.progress as Partial<BatchProgress>;
  return {
    rowsRead: saved.rowsRead ?? 0,
    rowsDone: saved.rowsDone ?? 0,
    rowsFailed: saved.rowsFailed ?? 0,
    bytesRead: saved.bytesRead ?? 0,
    totalBytes,
    outputBytes: saved.outputBytes ?? 0,
    counts: { ...(saved.counts ?? {}) },
    lowConfidence: saved.lowConfidence ?? 0,
    lowConfidenceThreshold: saved.lowConfidenceThreshold ?? threshold,
    errors: [...(saved.errors ?? [])],
    seconds: saved.seconds ?? 0,
    zip: saved.zip ?? null,
    sharedChunks: saved.sharedChunks ?? null,
  };
}

/** Bytes of a file as they are read, counted so progress can be shown as a share of the file. */
async function* countingChunks(path: string, counter: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    counter.bytes += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
}

/**
 * Classifies the job's input.csv with `served`, writing result.csv (index, prdtypecode, name, probability, decision;
 * filed_id, filed_path, filed_depth for a tree model with per-depth thresholds)
 * and one prediction row per product. After each chunk the result bytes are written first, then the
 * prediction rows and the checkpoint in one transaction; a job resumed from its checkpoint cuts result.csv
 * back to the checkpoint's length and skips the records already read, so no row is lost or written twice.
 * Bad CSV rows are counted and listed (line and reason) and the job goes on.
 * @throws the abort reason when `ctx.signal` aborts (the job stays resumable); ProdclassError
 *   DATA_MISSING_COLUMN for a CSV without the challenge header.
 */
export async function runBatchJob(job: JobRecord, served: ServedModel, ctx: BatchContext, onChunk?: (p: BatchProgress) => void): Promise<BatchProgress> {
  if (job.input.layout === 'catalog') return runCatalogBatchJob(job, served, ctx, onChunk);
  const paths = jobPaths(ctx.varDir, job.id);
  const totalBytes = (await stat(paths.input)).size;
  const progress = startProgress(job, totalBytes, ctx.lowConfidence);
  const images = await indexJobImages(paths);
  const readsImages = served.modalities.includes('image');
  const started = performance.now() - progress.seconds * 1000;

  const fresh = progress.outputBytes === 0;
  if (!fresh) truncateSync(paths.result, progress.outputBytes);
  // Readable too: the first checkpoint shares the header it wrote (shared-result.ts).
  const fd = openSync(paths.result, fresh ? 'w+' : 'r+');
  try {
    if (fresh) progress.outputBytes = writeSync(fd, resultHeader(filesByDepth(served)));
    const write = resultLineFor(served);

    const counter = { bytes: 0 };
    const rows = streamChallengeCsv(Readable.from(countingChunks(paths.input, counter)), 'products', { file: String(job.input.fileName ?? 'input.csv') });
    const skip = progress.rowsRead;
    let seen = 0;
    let pending: ChunkRow[] = [];

    const flush = async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const imageOf = (p: Product) => images.get(imageFileName(p)) ?? null;
      const { ranked, paths } = await classify(
        served,
        batch.map((row) => row.product),
        readsImages ? imageOf : () => null,
      );
      // The challenge layout's index column numbers a file's rows, not the catalog's products: ids of the job's own.
      const indexIdOf = (p: Product) => `${job.id}:${p.index}`;
      const outcome = { served, jobId: job.id, varDir: ctx.varDir, threshold: progress.lowConfidenceThreshold, imageOf, spotChecks: ctx.spotChecks, perCategory: ctx.perCategoryThresholds, indexIdOf };
      const { text, records, filed } = rowOutcomes(batch, ranked, progress, outcome, write, paths);
      progress.rowsRead = seen;
      progress.bytesRead = Math.min(counter.bytes, totalBytes);
      progress.seconds = (performance.now() - started) / 1000;
      await commitChunk(fd, Buffer.from(text, 'utf8'), records, progress, job, ctx, onChunk);
      await ctx.indexes?.file(served, filed);
    };

    for await (const row of rows) {
      seen++;
      if (seen <= skip) continue;
      if (!row.ok) {
        tallyFailure(progress, row.line, row.error.message);
        continue;
      }
      pending.push({ line: row.line, product: row.value });
      if (pending.length >= ctx.chunkSize) await flush();
    }
    await flush();
    progress.rowsRead = seen;
    progress.bytesRead = totalBytes;
    progress.seconds = (performance.now() - started) / 1000;
    await ctx.storage.jobs.update(job.id, { progress });
    return progress;
  } finally {
    closeSync(fd);
  }
}

/**
 * Ends a chunk: its result bytes are written first, then its prediction rows and the checkpoint in one transaction, so
 * a job resumed from the checkpoint (the result cut back to `outputBytes`) neither loses nor repeats a row.
 * @throws the abort reason when `ctx.signal` aborts (the job stays resumable).
 */
export async function commitChunk(
  fd: number,
  bytes: Buffer,
  records: readonly NewPrediction[],
  progress: BatchProgress,
  job: JobRecord,
  ctx: BatchContext,
  onChunk?: (p: BatchProgress) => void,
): Promise<void> {
  const headerBytes = progress.outputBytes;
  writeSync(fd, bytes, 0, bytes.length, progress.outputBytes);
  progress.outputBytes += bytes.length;
  const shared = sharesResult(ctx.storage) ? (progress.sharedChunks ?? 0) : null;
  if (shared !== null) progress.sharedChunks = shared + 1;
  const createdAt = new Date().toISOString();
  await ctx.storage.transaction(async (stores) => {
    await stores.predictions.insertMany(records, createdAt);
    // Other hosts on the database serve the result from these (see shared-result.ts).
    if (shared !== null) await shareChunk(stores, job.id, shared, bytes, fd, headerBytes);
    await stores.jobs.update(job.id, { progress });
  });
  onChunk?.(progress);
  ctx.signal?.throwIfAborted();
  await nextTurn();
}

/** What `classify` gives for a chunk: each row's top 5 (or the error it raised) and, for a tree model, its surest path. */
export interface ClassifiedChunk {
  ranked: (RankedPrediction[] | Error)[];
  /** Per row, its surest path down the tree (see `surestPath`); null for a flat taxonomy or a failed row. */
  paths: (PathStep[] | null)[];
}

/**
 * Top 5 of each product, in one predictProba call; when that call fails (an unreadable image for a model that
 * reads images), each product is tried alone so one bad row does not sink its chunk. For a tree taxonomy, each
 * row's surest path too, which per-depth thresholds file by.
 */
export async function classify(served: ServedModel, products: Product[], imageOf: (p: Product) => string | null): Promise<ClassifiedChunk> {
  const inputs: ProductInput[] = products.map((p) => ({ designation: p.designation, description: p.description, image: imageOf(p) }));
  const tree = served.taxonomy.isTree;
  const rank = async (batch: ProductInput[]) => {
    const proba = await predictProbaServed(served, batch);
    return batch.map((_, i) => ({
      top: topPredictions(proba, served.classes, i, served.taxonomy, 5),
      path: tree ? surestPath(served.taxonomy, served.classes, proba.row(i)) : null,
    }));
  };
  const out: ClassifiedChunk = { ranked: [], paths: [] };
  const add = (row: { top: RankedPrediction[]; path: PathStep[] | null } | Error) => {
    out.ranked.push(row instanceof Error ? row : row.top);
    out.paths.push(row instanceof Error ? null : row.path);
  };
  try {
    (await rank(inputs)).forEach(add);
    return out;
  } catch (error) {
    if (!isProdclassError(error) || inputs.length === 1) throw error;
    for (const input of inputs) {
      try {
        add((await rank([input]))[0]);
      } catch (rowError) {
        if (!isProdclassError(rowError)) throw rowError;
        add(rowError);
      }
    }
    return out;
  }
}
