// Reads a Parquet file with hyparquet (the one file that imports it) into columns and rows of text.

import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ProdclassError } from '../../core/errors.js';
import { cellText } from './cell-text.js';
import { checkHeader, headerOnly } from './header.js';
import type { TableRow } from './table.js';

/**
 * Reads every row of a Parquet file. Columns are the top-level fields of the schema; int64 values keep
 * all their digits, dates print as ISO, nested values as JSON text. A row's line is its row number + 1
 * (as though a header were line 1), so messages number rows the way a CSV export of the file would.
 * @throws ProdclassError INVALID_INPUT when the file is not readable Parquet (bad footer, unsupported codec);
 *   DATA_EMPTY when it has no rows; DATA_DUPLICATE_COLUMN.
 */
export async function readParquet(file: string): Promise<{ columns: string[]; rows: TableRow[] }> {
  try {
    const buffer = await asyncBufferFromFile(file);
    const metadata = await parquetMetadataAsync(buffer);
    const columns = checkHeader(
      parquetSchema(metadata).children.map((child) => child.element.name),
      file,
      1,
    );
    const rows: TableRow[] = [];
    await parquetRead({
      file: buffer,
      metadata,
      compressors,
      rowFormat: 'array',
      onComplete: (data: unknown[][]) => {
        data.forEach((values, i) => rows.push({ line: i + 2, values: values.map(cellText) }));
      },
    });
    if (!rows.length) throw headerOnly(file, columns, 1);
    return { columns, rows };
  } catch (error) {
    if (error instanceof ProdclassError || (error as { code?: unknown }).code === 'ENOENT') throw error;
    throw new ProdclassError('INVALID_INPUT', `cannot read the file as Parquet: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
}
