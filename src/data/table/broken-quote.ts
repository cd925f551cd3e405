// Finds quoted fields that ran past their record and swallowed whole rows, so a missing quote never loses rows silently.

import { ProdclassError } from '../../core/errors.js';
import type { OpenQuote } from './csv-records.js';
import { splitLine } from './delimiter.js';
import type { TableRow } from './table.js';
import type { FieldDecoder } from './text-encoding.js';

/** A record whose fields run over several lines: its row and its byte range. */
export interface SpanningRecord {
  row: number;
  start: number;
  end: number;
}

interface Context {
  bytes: Buffer;
  decode: FieldDecoder;
  file: string;
  delimiter: string;
  columns: readonly string[];
  rows: readonly TableRow[];
}

/** Shapes a column's values may all share: integers, numbers, or codes (ids, SKUs: letters, digits, - and _). */
const SHAPES = {
  integer: /^[+-]?\d+$/,
  number: /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/,
  code: /^[\p{L}\p{N}_-]+$/u,
} as const;
type Kind = keyof typeof SHAPES;
const KINDS = Object.keys(SHAPES) as Kind[];
const SHAPE_SAMPLE = 2000;
/** Below this many single-line rows, one-word titles would pass for codes: only numbers count then. */
const CODE_SAMPLE = 20;

/**
 * The first record in `spanning` that swallowed rows, as a DATA_BAD_ROW naming the line where the quote
 * opened and its column; undefined when every multi-line field is legitimate.
 *
 * The rule: a line inside a multi-line field "looks like a row" when, split on the delimiter outside quotes,
 * it has exactly the header's number of fields, and in every column whose values in single-line rows all
 * share a shape (integers, numbers, or, given 20 rows or more, codes without spaces such as ids and SKUs)
 * its value has that shape too. Text of a legitimate description (HTML with line breaks) rarely has exactly
 * that many delimiters, and almost never ids and prices in the right places; in a file with no such column
 * the field count alone decides.
 */
export function findSwallowedRows(context: Context, spanning: readonly SpanningRecord[]): ProdclassError | undefined {
  if (!spanning.length) return undefined;
  const kinds = columnKinds(context.rows, context.columns.length, new Set(spanning.map((s) => s.row)));
  for (const record of spanning) {
    const text = context.decode(context.bytes, record.start, record.end);
    const lines = text.split('\n');
    for (let k = 1; k < lines.length; k++) {
      const line = lines[k].endsWith('\r') ? lines[k].slice(0, -1) : lines[k];
      if (!looksLikeRow(line, context.delimiter, kinds)) continue;
      return swallowError(context, record.row, k, line, lines.length - 1);
    }
  }
  return undefined;
}

/** For each column, the first shape every sampled single-line value has (null when none, or no sample). */
function columnKinds(rows: readonly TableRow[], width: number, skip: Set<number>): (Kind | null)[] {
  const holds = Array.from({ length: width }, () => new Set<Kind>(KINDS));
  let seen = 0;
  for (let r = 0; r < rows.length && seen < SHAPE_SAMPLE; r++) {
    const values = rows[r].values;
    if (skip.has(r) || values.length !== width) continue;
    seen++;
    for (let j = 0; j < width; j++) {
      for (const kind of holds[j]) if (!SHAPES[kind].test(values[j])) holds[j].delete(kind);
    }
  }
  return holds.map((kinds) => KINDS.find((kind) => kinds.has(kind) && seen >= (kind === 'code' ? CODE_SAMPLE : 1)) ?? null);
}

function looksLikeRow(line: string, delimiter: string, kinds: readonly (Kind | null)[]): boolean {
  if (!line.includes(delimiter) && kinds.length > 1) return false;
  const fields = splitLine(line, delimiter);
  if (fields.length !== kinds.length) return false;
  return kinds.every((kind, j) => kind === null || SHAPES[kind].test(fields[j].trim()));
}

function swallowError(context: Context, row: number, k: number, line: string, spans: number): ProdclassError {
  const { rows, columns, file } = context;
  const values = rows[row].values;
  // The field holding relative line k: the one whose line breaks cover it.
  let before = 0;
  let field = values.length - 1;
  for (let j = 0; j < values.length; j++) {
    const breaks = countBreaks(values[j]);
    if (before < k && k <= before + breaks) {
      field = j;
      break;
    }
    before += breaks;
  }
  const opened = rows[row].line + before;
  const name = columns[field] ?? `#${field + 1}`;
  const shown = line.length > 80 ? `${line.slice(0, 77)}...` : line;
  return new ProdclassError(
    'DATA_BAD_ROW',
    `a quoted value opens here in column "${name}" and runs over ${spans} more line(s), swallowing text that looks like ` +
      `whole rows (line ${rows[row].line + k}: ${JSON.stringify(shown)}): its closing quote is probably missing, or a quote ` +
      'inside it is not doubled (""); fix the quote so those rows are not lost',
    { location: { file, line: opened, field: name } },
  );
}

function countBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** DATA_BAD_ROW for a quote still open at the end of the file, at the line where it opened. */
export function unclosedQuote(open: OpenQuote, file: string, columns: readonly string[]): ProdclassError {
  const name = columns[open.field] ?? `#${open.field + 1}`;
  return new ProdclassError(
    'DATA_BAD_ROW',
    `a quoted value opens here in column "${name}" and is never closed: it swallows the ${open.swallowed} line(s) after it ` +
      'to the end of the file; add the closing quote, or double a quote that belongs to the text ("")',
    { location: { file, line: open.line, field: name } },
  );
}
