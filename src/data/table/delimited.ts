// Reads delimited text (CSV, TSV, semicolon or pipe separated) into header and rows, every row checked.

import { ProdclassError } from '../../core/errors.js';
import { findSwallowedRows, unclosedQuote, type SpanningRecord } from './broken-quote.js';
import { readCsvRecords } from './csv-records.js';
import { sniffDelimiter } from './delimiter.js';
import { checkHeader, emptyFile, headerOnly } from './header.js';
import type { TableRow } from './table.js';
import type { DecodedText } from './text-encoding.js';

export interface DelimitedText {
  delimiter: string;
  columns: string[];
  rows: TableRow[];
}

/**
 * Parses delimited text (see decodeText). The delimiter is `delimiter` when given, else sniffed (`preferred` breaks ties:
 * tab for .tsv). Lines end with LF or CRLF (or CR alone, in a file with no LF). The first non-blank
 * record is the header; blank lines are skipped; every row must have the header's number of fields.
 * @throws ProdclassError DATA_EMPTY for no header or no rows; DATA_DUPLICATE_COLUMN; DATA_BAD_ROW naming
 *   the line and the fields found vs expected, or, for a broken quote (never closed, or swallowing rows),
 *   the line where the quote opened and its column.
 */
export function parseDelimited(text: DecodedText, file: string, options: { delimiter?: string; preferred?: string } = {}): DelimitedText {
  const { decode } = text;
  const bytes = classicMacLines(text.bytes);
  const delimiter = options.delimiter ?? sniffDelimiter(decode(bytes, 0, Math.min(bytes.length, 65_536)), options.preferred);
  const rows: TableRow[] = [];
  const spanning: SpanningRecord[] = [];
  let header: string[] | undefined;
  let headerLine = 0;
  let firstBadCount = -1;
  const open = readCsvRecords(bytes, delimiter, decode, (record) => {
    const fields = record.fields;
    if (fields.length === 1 && fields[0].trim() === '') return;
    if (header === undefined) {
      header = checkHeader(fields, file, record.line);
      headerLine = record.line;
      return;
    }
    if (fields.length !== header.length && firstBadCount < 0) firstBadCount = rows.length;
    if (record.endLine > record.line) spanning.push({ row: rows.length, start: record.start, end: record.end });
    rows.push({ line: record.line, values: fields });
  });
  if (header === undefined) {
    if (open) throw unclosedQuote(open, file, []);
    throw emptyFile(file, bytes.length ? 'holds only blank lines' : 'has no header and no rows');
  }
  const before = firstBadCount < 0 ? spanning : spanning.filter((s) => s.row <= firstBadCount);
  const swallowed = findSwallowedRows({ bytes, decode, file, delimiter, columns: header, rows }, before);
  if (swallowed) throw swallowed;
  if (firstBadCount >= 0) throw fieldCountError(rows[firstBadCount], header, file, delimiter);
  if (open) throw unclosedQuote(open, file, header);
  if (!rows.length) throw headerOnly(file, header, headerLine);
  return { delimiter, columns: header, rows };
}

/** Old Mac exports end lines with CR alone: with no LF anywhere, each CR becomes LF (same length, same offsets). */
function classicMacLines(bytes: Buffer): Buffer {
  if (bytes.includes(10) || !bytes.includes(13)) return bytes;
  const copy = Buffer.from(bytes);
  for (let i = copy.indexOf(13); i !== -1; i = copy.indexOf(13, i + 1)) copy[i] = 10;
  return copy;
}

function fieldCountError(row: TableRow, header: readonly string[], file: string, delimiter: string): ProdclassError {
  const found = row.values.length;
  const hint =
    found < header.length
      ? 'a field is missing, or a quoted value holding a line break is not closed'
      : `a value holds the delimiter ${JSON.stringify(delimiter)} without being quoted`;
  return new ProdclassError('DATA_BAD_ROW', `this row has ${found} fields, expected ${header.length} (the header's): ${hint}`, {
    location: { file, line: row.line },
  });
}
