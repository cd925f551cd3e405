// Reads JSON Lines (one object per line) or a JSON array of objects into columns (the union of keys) and rows.

import { ProdclassError } from '../../core/errors.js';
import { cellText } from './cell-text.js';
import { emptyFile } from './header.js';
import type { TableRow } from './table.js';
import type { DecodedText } from './text-encoding.js';

export interface JsonTable {
  columns: string[];
  rows: TableRow[];
}

/**
 * Integers too long for a double, outside strings, become strings before JSON.parse so their digits survive
 * (a 19-digit id would otherwise end in zeros). Strings are matched first so digits inside them are skipped.
 */
const LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\w.+-])(-?\d{16,})(?![\d.eE])/g;

function parseJson(text: string): unknown {
  const safe = /\d{16}/.test(text) ? text.replace(LONG_INTEGER, (match, digits?: string) => (digits ? `"${digits}"` : match)) : text;
  return JSON.parse(safe);
}

/** Collects objects into rows, growing the columns in first-seen key order. */
class RowBuilder {
  readonly columns: string[] = [];
  readonly rows: TableRow[] = [];
  private readonly index = new Map<string, number>();

  add(object: Record<string, unknown>, line: number): void {
    const values: string[] = new Array(this.columns.length).fill('');
    for (const [key, value] of Object.entries(object)) {
      let j = this.index.get(key);
      if (j === undefined) {
        j = this.columns.length;
        this.index.set(key, j);
        this.columns.push(key);
      }
      values[j] = cellText(value);
    }
    this.rows.push({ line, values });
  }

  /** Rows read before a key first appeared get '' there. */
  finish(): JsonTable {
    const width = this.columns.length;
    for (const row of this.rows) while (row.values.length < width) row.values.push('');
    return { columns: this.columns, rows: this.rows };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notAnObject(value: unknown, file: string, line: number, what: string): ProdclassError {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return new ProdclassError('DATA_BAD_ROW', `${what} must be a JSON object ({"title": ...}), found ${kind}`, { location: { file, line } });
}

/**
 * Parses JSON Lines: one object per line, blank lines skipped. Nested objects and arrays become their JSON text.
 * @throws ProdclassError DATA_BAD_ROW naming the line that is not valid JSON or not an object; DATA_EMPTY.
 */
export function parseJsonLines({ bytes, decode }: DecodedText, file: string): JsonTable {
  const builder = new RowBuilder();
  let line = 0;
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    line++;
    const text = decode(bytes, start, end).trim();
    start = end + 1;
    if (!text) continue;
    let value: unknown;
    try {
      value = parseJson(text);
    } catch (error) {
      throw new ProdclassError('DATA_BAD_ROW', `this line is not valid JSON (${(error as Error).message}); JSON Lines hold one object per line`, {
        location: { file, line },
        cause: error,
      });
    }
    if (!isObject(value)) throw notAnObject(value, file, line, 'each line');
    builder.add(value, line);
  }
  if (!builder.rows.length) throw emptyFile(file, bytes.length ? 'holds only blank lines' : 'has no rows');
  return builder.finish();
}

/**
 * Parses a .json file: an array of objects (each row's line is where its object starts), or, when the whole
 * file is not one JSON value but its lines are objects, JSON Lines.
 * @throws ProdclassError DATA_BAD_ROW for invalid JSON, a top level that is not an array, or an element that
 *   is not an object (at its line); DATA_EMPTY for an empty array.
 */
export function parseJsonFile(decoded: DecodedText, file: string): JsonTable {
  const text = decoded.decode(decoded.bytes, 0, decoded.bytes.length);
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    if (text.trimStart().startsWith('{')) return parseJsonLines(decoded, file);
    throw new ProdclassError('DATA_BAD_ROW', `the file is not valid JSON (${(error as Error).message})`, { location: { file }, cause: error });
  }
  if (!Array.isArray(value)) {
    const keys = isObject(value) ? ` (found an object with keys ${Object.keys(value).slice(0, 10).map((k) => JSON.stringify(k)).join(', ')})` : '';
    throw new ProdclassError('DATA_BAD_ROW', `a .json file must hold an array of objects ([{"title": ...}, ...])${keys}; extract the array of products, or use JSON Lines (.jsonl)`, {
      location: { file, line: 1 },
    });
  }
  if (!value.length) throw emptyFile(file, 'holds an empty array');
  const lines = elementLines(text);
  const builder = new RowBuilder();
  value.forEach((element, i) => {
    if (!isObject(element)) throw notAnObject(element, file, lines[i], `element ${i + 1} of the array`);
    builder.add(element, lines[i]);
  });
  return builder.finish();
}

/** The 1-based line where each element of the top-level array starts. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (depth === 1 && expecting && c !== ']') {
      lines.push(line);
      expecting = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expecting = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expecting = true;
  }
  return lines;
}
