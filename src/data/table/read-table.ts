// readTable: any catalog file (CSV/TSV, JSON Lines, Parquet, Excel) into one in-memory Table, the format chosen by extension or content.

import { open, readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ProdclassError } from '../../core/errors.js';
import { parseDelimited } from './delimited.js';
import { delimiterOption } from './delimiter.js';
import { parseJsonFile, parseJsonLines } from './json-records.js';
import { readParquet } from './parquet.js';
import type { ReadTableOptions, Table } from './table.js';
import { decodeText } from './text-encoding.js';
import { readXlsx } from './xlsx.js';

type Reader = 'delimited' | 'jsonl' | 'json' | 'parquet' | 'xlsx';

const BY_EXTENSION: Record<string, Reader> = {
  '.csv': 'delimited',
  '.tsv': 'delimited',
  '.tab': 'delimited',
  '.txt': 'delimited',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.parquet': 'parquet',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
};

/** Extensions that say nothing about the content: the bytes decide. */
const UNINFORMATIVE = new Set(['', '.dat', '.data', '.export', '.out', '.tmp']);

const FORMATS_HELP = 'CSV/TSV (.csv, .tsv, .txt), JSON Lines (.jsonl, .ndjson, or .json holding an array of objects), Parquet (.parquet) or Excel (.xlsx)';

/**
 * Reads a whole catalog file into a {@link Table}. The extension picks the reader; a file without a telling
 * extension (none, .dat...) or whose bytes are plainly another format (a zip or Parquet footer behind .csv)
 * is read by its content. Text is decoded as described in `decodeText` (BOM, UTF-8, else a detected
 * single-byte encoding, or `options.encoding`); delimited text as described in `parseDelimited`.
 * @throws ProdclassError DATA_NOT_FOUND for a missing file or a folder; INVALID_INPUT for an unsupported
 *   extension or unreadable binary file; INVALID_PARAM for a bad encoding, delimiter or sheet option;
 *   DATA_BAD_ENCODING; DATA_EMPTY; DATA_DUPLICATE_COLUMN; DATA_BAD_ROW naming file and line.
 */
export async function readTable(file: string, options: ReadTableOptions = {}): Promise<Table> {
  const delimiter = options.delimiter === undefined ? undefined : delimiterOption(options.delimiter);
  const extension = extname(file).toLowerCase();
  let reader: Reader | undefined = BY_EXTENSION[extension];
  if (reader === undefined && !UNINFORMATIVE.has(extension)) {
    throw new ProdclassError('INVALID_INPUT', `cannot read "${extension}" files: save the catalog as ${FORMATS_HELP}`, { location: { file } });
  }
  const magic = await leadingBytes(file);
  const byContent = binaryFormat(magic);
  const warnings: string[] = [];
  if (byContent && reader !== byContent) {
    if (reader !== undefined) warnings.push(`the file is named ${extension} but holds ${byContent === 'xlsx' ? 'an Excel workbook' : 'Parquet'}; read as such`);
    reader = byContent;
  }
  if (reader === 'parquet' || reader === 'xlsx') {
    if (reader !== byContent) {
      throw new ProdclassError('INVALID_INPUT', `the file is not ${reader === 'xlsx' ? 'an Excel .xlsx workbook (old .xls files must be saved as .xlsx)' : 'a Parquet file'}`, {
        location: { file },
      });
    }
    if (options.encoding !== undefined) warnings.push(`--encoding is ignored for ${reader} files, which carry their own`);
    const table = reader === 'parquet' ? { ...(await readParquet(file)), warnings: [] } : await readXlsx(file, options.sheet);
    return { file, format: reader, encoding: null, delimiter: null, columns: table.columns, rows: table.rows, warnings: [...warnings, ...table.warnings] };
  }
  const decoded = decodeText(await readFile(file), file, options.encoding);
  warnings.push(...decoded.warnings);
  if (options.sheet !== undefined) warnings.push('--sheet is ignored for text files, which have one table');
  if (reader === undefined) reader = textFormat(decoded.bytes);
  if (reader === 'jsonl' || reader === 'json') {
    const table = reader === 'json' ? parseJsonFile(decoded, file) : parseJsonLines(decoded, file);
    return { file, format: 'jsonl', encoding: decoded.encoding, delimiter: null, columns: table.columns, rows: table.rows, warnings };
  }
  const preferred = extension === '.tsv' || extension === '.tab' ? '\t' : undefined;
  const table = parseDelimited(decoded, file, { delimiter, preferred });
  return { file, format: 'csv', encoding: decoded.encoding, delimiter: table.delimiter, columns: table.columns, rows: table.rows, warnings };
}

/** The first bytes of the file, to recognise binary formats. */
async function leadingBytes(file: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8), 0, 8, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new ProdclassError('DATA_NOT_FOUND', 'no such file', { location: { file }, cause: error });
    if (code === 'EISDIR') throw new ProdclassError('DATA_NOT_FOUND', 'this is a folder, not a catalog file', { location: { file }, cause: error });
    throw error;
  } finally {
    await handle?.close();
  }
}

/** Parquet files start with PAR1; .xlsx workbooks are zip archives (PK\x03\x04). */
function binaryFormat(magic: Buffer): 'parquet' | 'xlsx' | undefined {
  if (magic.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (magic[0] === 0x50 && magic[1] === 0x4b && magic[2] === 3 && magic[3] === 4) return 'xlsx';
  return undefined;
}

/** Text whose first non-blank character opens a JSON object is JSON Lines, an array is JSON; else delimited. */
function textFormat(bytes: Buffer): Reader {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c === 0x7b) return 'jsonl';
    if (c === 0x5b) return 'json';
    return 'delimited';
  }
  return 'delimited';
}
