// A batch job over a catalog file of any format: each row classified, the file's own columns written back with the category.

import { closeSync, openSync, truncateSync, writeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { JsonObject } from '../core/estimator.js';
import type { Product } from '../data/product.js';
import { readTable, resolveColumns, type ColumnMapping, type Table } from '../data/table/index.js';
import type { JobRecord } from '../storage/job-store.js';
import { classify, commitChunk, startProgress, type BatchContext, type BatchProgress } from './batch-job.js';
import { jobPaths } from './job-folder.js';
import { locateJobPhotos, photoCacheDir } from './job-photos.js';
import { rowOutcomes, type ChunkRow } from './row-outcome.js';
import type { ServedModel } from './served-model.js';
import { depthThresholdsOf, FILED_RESULT_COLUMNS } from './depth-decision.js';
import { CATALOG_RESULT_COLUMNS, catalogResultFormat, catalogResultWriter, type CatalogLayout } from './catalog-result-writer.js';

export { CATALOG_RESULT_COLUMNS, catalogResultFormat, FILED_RESULT_COLUMNS };

/** What the API host reads of a catalog file before classifying it: its rows as products, and how to write them back. */
export interface CatalogRows {
  table: Table;
  layout: CatalogLayout;
  /** Whether the file has an id column (its rows then join the similarity index under their catalog id). */
  hasId: boolean;
  /** The photo cell of each row; null when the file has no photo column. */
  photoCells: string[] | null;
  /** Rows `from` to `from + count - 1` as chunk rows, with their own cells. */
  chunk(from: number, count: number): (ChunkRow & { values: string[] })[];
}

/**
 * Reads the job's catalog file: columns as the upload mapped them (its `columns` field), else found by name, or as the
 * model's card says it read its own data when the file has those columns.
 * @throws ProdclassError as readTable and resolveColumns (a file without a title column).
 */
export async function readCatalogRows(job: JobRecord, served: ServedModel, varDir: string): Promise<CatalogRows> {
  const input = join(jobPaths(varDir, job.id).dir, String(job.input.inputFile));
  const table = await readTable(input);
  const recorded = served.card.data?.reading?.columns as ColumnMapping | undefined;
  const usable = recorded && Object.values(recorded).every((names) => names?.every((n) => table.columns.includes(n)));
  const mapped = job.input.columns as ColumnMapping | undefined;
  const roles = resolveColumns(table, mapped ?? (usable ? recorded : undefined), ['title']);
  const byDepth = served.taxonomy.isTree && depthThresholdsOf(served.card) !== null;
  const cell = (values: string[], position: number | undefined) => (position === undefined ? '' : (values[position] ?? '').trim());
  return {
    table,
    layout: { format: catalogResultFormat(table), columns: [...table.columns], byDepth },
    hasId: roles.id !== undefined,
    photoCells: roles.image === undefined ? null : table.rows.map((row) => cell(row.values, roles.image)),
    chunk: (from, count) =>
      table.rows.slice(from, from + count).map((row, i) => ({
        line: row.line,
        values: row.values,
        product: {
          index: from + i + 1,
          id: roles.id === undefined ? String(from + i + 1) : cell(row.values, roles.id),
          designation: cell(row.values, roles.title),
          description: roles.description.map((p) => cell(row.values, p)).filter(Boolean).join('\n'),
          productid: '',
          imageid: cell(row.values, roles.image),
        },
      })),
  };
}

/**
 * Classifies every row of the job's catalog file (columns found by name, or as the model's card says it read its own
 * data when the file has those columns) and writes the file's own columns plus category_id, category_path,
 * category_name and probability, in the upload's format and encoding (CSV with its delimiter, or JSON Lines; Parquet
 * and xlsx uploads give UTF-8 CSV). Checkpoints and resumes as the challenge batch does: rows already read are
 * skipped and the result file is cut back to the checkpoint's length.
 */
export async function runCatalogBatchJob(job: JobRecord, served: ServedModel, ctx: BatchContext, onChunk?: (p: BatchProgress) => void): Promise<BatchProgress> {
  const paths = jobPaths(ctx.varDir, job.id);
  const input = join(paths.dir, String(job.input.inputFile));
  const { table, layout, hasId, photoCells, chunk: chunkOf } = await readCatalogRows(job, served, ctx.varDir);
  const writer = catalogResultWriter(layout, served.taxonomy);
  const progress = startProgress(job, (await stat(input)).size, ctx.lowConfidence);
  const readsImages = served.modalities.includes('image');
  // Photos only for a model that reads them: a text model never makes the server fetch a URL.
  const photos = readsImages && photoCells !== null ? await locateJobPhotos(paths, photoCells, { cacheDir: photoCacheDir(ctx.varDir), allowPrivate: ctx.allowPrivatePhotos }) : null;
  if (photos) progress.photos = photos.report as unknown as JsonObject;
  const started = performance.now() - progress.seconds * 1000;

  const fresh = progress.outputBytes === 0;
  if (!fresh) truncateSync(paths.result, progress.outputBytes);
  // Readable too: the first checkpoint shares the header it wrote (shared-result.ts).
  const fd = openSync(paths.result, fresh ? 'w+' : 'r+');
  try {
    if (fresh) progress.outputBytes = writeSync(fd, writer.header());
    const rows = table.rows;
    for (let from = progress.rowsRead; from < rows.length; from += ctx.chunkSize) {
      const chunkRows = chunkOf(from, ctx.chunkSize);
      const imageOf = (p: Product) => photos?.pathOf(p.imageid) ?? null;
      const { ranked, paths } = await classify(served, chunkRows.map((row) => row.product), imageOf);
      // A file with an id column names the catalog's products: a product filed again is updated, not added twice.
      const indexIdOf = (p: Product) => (!hasId || !p.id ? `${job.id}:${p.index}` : p.id);
      const outcome = { served, jobId: job.id, varDir: ctx.varDir, threshold: progress.lowConfidenceThreshold, imageOf, spotChecks: ctx.spotChecks, perCategory: ctx.perCategoryThresholds, indexIdOf };
      const { text, records, filed } = rowOutcomes(chunkRows, ranked, progress, outcome, (row) => writer.line(chunkRows[row.position].values, row), paths);
      progress.rowsRead = from + chunkRows.length;
      progress.bytesRead = Math.round((progress.totalBytes * progress.rowsRead) / rows.length);
      progress.seconds = (performance.now() - started) / 1000;
      await commitChunk(fd, writer.encode(text), records, progress, job, ctx, onChunk);
      await ctx.indexes?.file(served, filed);
    }
    progress.rowsRead = rows.length;
    progress.bytesRead = progress.totalBytes;
    progress.seconds = (performance.now() - started) / 1000;
    await ctx.storage.jobs.update(job.id, { progress });
    return progress;
  } finally {
    closeSync(fd);
  }
}
