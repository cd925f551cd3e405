// A batch job over a catalog file of any format: each row classified, the file's own columns written back with the category.

import { closeSync, openSync, truncateSync, writeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { JsonObject } from '../core/estimator.js';
import type { Product } from '../data/product.js';
import { readTable, resolveColumns, type ColumnMapping, type Table } from '../data/table/index.js';
import type { JobRecord } from '../storage/job-store.js';
import { classify, commitChunk, startProgress, type BatchContext, type BatchProgress } from './batch-job.js';
import { jobPaths } from './job-folder.js';
import { locateJobPhotos, photoCacheDir } from './job-photos.js';
import { rowOutcomes, type ChunkRow } from './row-outcome.js';
import type { ServedModel } from './served-model.js';
import { depthThresholdsOf, filedColumnValues, FILED_RESULT_COLUMNS } from './depth-decision.js';

/** The columns a catalog batch adds to each row. */
/** `decision`: auto when the probability reaches the review threshold (filed without a person), else review. */
export const CATALOG_RESULT_COLUMNS = ['category_id', 'category_path', 'category_name', 'probability', 'decision'] as const;

/** Added for a tree model with per-depth thresholds (see FILED_RESULT_COLUMNS). */
export { FILED_RESULT_COLUMNS };

/** How the result is written: the upload's own format and encoding where it is text, else UTF-8 CSV. */
interface ResultFormat {
  kind: 'csv' | 'jsonl';
  delimiter: string;
  encoding: string;
}

/** The format of a catalog batch's result, as the result route serves it. */
export function catalogResultFormat(table: Pick<Table, 'format' | 'delimiter' | 'encoding'>): ResultFormat {
  if (table.format === 'jsonl') return { kind: 'jsonl', delimiter: ',', encoding: table.encoding ?? 'utf-8' };
  if (table.format === 'csv') return { kind: 'csv', delimiter: table.delimiter ?? ',', encoding: table.encoding ?? 'utf-8' };
  return { kind: 'csv', delimiter: ',', encoding: 'utf-8' };
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
  const table = await readTable(input);
  const recorded = served.card.data?.reading?.columns as ColumnMapping | undefined;
  const usable = recorded && Object.values(recorded).every((names) => names?.every((n) => table.columns.includes(n)));
  const roles = resolveColumns(table, usable ? recorded : undefined, ['title']);
  const format = catalogResultFormat(table);
  const byDepth = served.taxonomy.isTree && depthThresholdsOf(served.card) !== null;
  const columns: readonly string[] = byDepth ? [...CATALOG_RESULT_COLUMNS, ...FILED_RESULT_COLUMNS] : CATALOG_RESULT_COLUMNS;
  const progress = startProgress(job, (await stat(input)).size, ctx.lowConfidence);
  const readsImages = served.modalities.includes('image');
  const photoCell = (values: string[]) => (roles.image === undefined ? '' : (values[roles.image] ?? '').trim());
  // Photos only for a model that reads them: a text model never makes the server fetch a URL.
  const photos =
    readsImages && roles.image !== undefined
      ? await locateJobPhotos(paths, table.rows.map((row) => photoCell(row.values)), { cacheDir: photoCacheDir(ctx.varDir), allowPrivate: ctx.allowPrivatePhotos })
      : null;
  if (photos) progress.photos = photos.report as unknown as JsonObject;
  const started = performance.now() - progress.seconds * 1000;
  const encode = (text: string) => (format.encoding.toLowerCase().replace('_', '-') === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, format.encoding));
  const line = (values: readonly string[]) => (format.kind === 'csv' ? `${values.map((v) => csvField(v, format.delimiter)).join(format.delimiter)}\n` : '');

  const fresh = progress.outputBytes === 0;
  if (!fresh) truncateSync(paths.result, progress.outputBytes);
  const fd = openSync(paths.result, fresh ? 'w' : 'r+');
  try {
    if (fresh && format.kind === 'csv') {
      const bom = /^utf-?16/i.test(format.encoding) ? '\uFEFF' : '';
      progress.outputBytes = writeSync(fd, encode(bom + line([...table.columns, ...columns])));
    }
    const cell = (values: string[], position: number | undefined) => (position === undefined ? '' : (values[position] ?? '').trim());
    const rows = table.rows;
    for (let from = progress.rowsRead; from < rows.length; from += ctx.chunkSize) {
      const chunk = rows.slice(from, from + ctx.chunkSize);
      const chunkRows: ChunkRow[] = chunk.map((row, i) => ({
        line: row.line,
        product: {
          index: from + i + 1,
          id: roles.id === undefined ? String(from + i + 1) : cell(row.values, roles.id),
          designation: cell(row.values, roles.title),
          description: roles.description.map((p) => cell(row.values, p)).filter(Boolean).join('\n'),
          productid: '',
          imageid: photoCell(row.values),
        },
      }));
      const imageOf = (p: Product) => photos?.pathOf(p.imageid) ?? null;
      const { ranked, paths } = await classify(served, chunkRows.map((row) => row.product), imageOf);
      // A file with an id column names the catalog's products: a product filed again is updated, not added twice.
      const indexIdOf = (p: Product) => (roles.id === undefined || !p.id ? `${job.id}:${p.index}` : p.id);
      const outcome = { served, jobId: job.id, varDir: ctx.varDir, threshold: progress.lowConfidenceThreshold, imageOf, spotChecks: ctx.spotChecks, perCategory: ctx.perCategoryThresholds, indexIdOf };
      const { text, records, filed } = rowOutcomes(chunkRows, ranked, progress, outcome, ({ position, best, decision, filing }) => {
        const values = chunk[position].values;
        const added = [best.id, best.path.join(' > '), best.name, best.probability.toFixed(6), decision, ...(byDepth ? filedColumnValues(served.taxonomy, filing) : [])];
        if (format.kind === 'csv') return line([...values, ...added]);
        const object: Record<string, string> = Object.fromEntries(table.columns.map((c, k) => [c, values[k] ?? '']));
        columns.forEach((c, k) => (object[c] = added[k]));
        return `${JSON.stringify(object)}\n`;
      }, paths);
      progress.rowsRead = from + chunk.length;
      progress.bytesRead = Math.round((progress.totalBytes * progress.rowsRead) / rows.length);
      progress.seconds = (performance.now() - started) / 1000;
      await commitChunk(fd, encode(text), records, progress, job, ctx, onChunk);
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

/** A field quoted when it holds the delimiter, a quote or a line break (RFC 4180, any delimiter). */
function csvField(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
