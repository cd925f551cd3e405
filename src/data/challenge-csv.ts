// Parse challenge X and Y CSV files with csv-parse: all at once (first bad row throws) or streamed (bad rows are reported, reading goes on).

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CsvError, parse as createParser, type Options } from 'csv-parse';
import { parse as parseAll } from 'csv-parse/sync';
import { ProdclassError } from '../core/errors.js';
import { RowChecker, type ChallengeFileKind, type ChallengeRecord, type CsvRow, type RowResult } from './challenge-schema.js';

/** Longest record accepted, in characters: far above any real product (about 15k), low enough to stop a runaway quote. */
export const MAX_RECORD_CHARS = 1_000_000;

const CSV_OPTIONS: Options = {
  bom: true,
  // CRLF and LF files alike, even mixed.
  record_delimiter: ['\r\n', '\n'],
  // Field counts are checked per row by RowChecker, so one short row is reported rather than fatal.
  relax_column_count: true,
  // A quote inside an unquoted field (12" vinyl) is kept as text.
  relax_quotes: true,
  max_record_size: MAX_RECORD_CHARS,
};

export interface ParseOptions {
  /** The name used in error messages; defaults to the path for files, '<csv>' for text. */
  file?: string;
  /** Stop after this many data rows (a positive integer). */
  limit?: number;
}

/**
 * Line numbers from byte offsets: csv-parse reports the byte offset where each record ends (the next one
 * starts there), and this counts the LF bytes before an offset. It keeps only the offsets of line feeds not
 * yet passed, so memory stays bounded by one chunk plus one record. A CR alone does not end a line.
 */
class LineTracker {
  private breaks: number[] = [];
  private head = 0;
  private fed = 0;
  private line = 1;

  feed(chunk: Buffer): void {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.breaks.push(this.fed + i);
    this.fed += chunk.length;
  }

  /** The 1-based line of the byte at `offset`; offsets must not decrease from call to call. */
  lineAt(offset: number): number {
    while (this.head < this.breaks.length && this.breaks[this.head] < offset) {
      this.head++;
      this.line++;
    }
    if (this.head > 4096 && this.head * 2 > this.breaks.length) {
      this.breaks = this.breaks.slice(this.head);
      this.head = 0;
    }
    return this.line;
  }
}

const STOP = Symbol('stop');

/**
 * Parses the whole text of a challenge X (`kind: 'products'`) or Y (`kind: 'labels'`) file, in file order.
 * Each row carries the 1-based line where its record starts (records may span lines).
 * @throws ProdclassError DATA_MISSING_COLUMN for an empty file or a header without the required columns;
 *   DATA_BAD_ROW for the first malformed row (wrong field count, non-integer index or code, unterminated
 *   or misplaced quote); DATA_DUPLICATE_INDEX when an index repeats; INVALID_PARAM for a bad `limit`.
 */
export function parseChallengeCsv<K extends ChallengeFileKind>(
  input: string | Buffer,
  kind: K,
  options: ParseOptions = {},
): CsvRow<ChallengeRecord[K]>[] {
  const file = options.file ?? '<csv>';
  const limit = checkLimit(options.limit);
  const buffer = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const lines = new LineTracker();
  lines.feed(buffer);
  const checker = new RowChecker(kind, file);
  const rows: CsvRow<ChallengeRecord[K]>[] = [];
  let start = 0;
  try {
    parseAll(buffer, {
      ...CSV_OPTIONS,
      on_record: (fields: string[], context) => {
        const result = checker.accept(fields, lines.lineAt(start));
        start = context.bytes;
        if (result === null) return null;
        if (!result.ok) throw result.error;
        rows.push({ line: result.line, value: result.value });
        if (rows.length >= limit) throw STOP;
        return null;
      },
    });
  } catch (error) {
    if (error === STOP) return rows;
    throw error instanceof CsvError ? badRecord(error, file, lines.lineAt(start)) : error;
  }
  if (!checker.hasHeader) throw checker.emptyFileError();
  return rows;
}

/**
 * Reads and parses one challenge file; see {@link parseChallengeCsv}.
 * @throws ProdclassError DATA_NOT_FOUND when the file does not exist, and every error of parseChallengeCsv.
 */
export async function readChallengeCsv<K extends ChallengeFileKind>(
  path: string,
  kind: K,
  options: ParseOptions = {},
): Promise<CsvRow<ChallengeRecord[K]>[]> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    throw notFound(error, path) ?? error;
  }
  return parseChallengeCsv(buffer, kind, { ...options, file: options.file ?? path });
}

/**
 * Streams the records of a challenge file (a path or a Readable of bytes or text) in bounded memory:
 * one input chunk, one record and the index -> line map used to find duplicates.
 * A bad row is yielded as `{ ok: false, line, error }` and reading goes on with the next row; only a quoting
 * error (unterminated quote, text after a closing quote) ends the stream, after being yielded, because
 * the record boundaries after it cannot be trusted. Leaving the loop early closes the input.
 * @throws ProdclassError DATA_NOT_FOUND when the path does not exist; DATA_MISSING_COLUMN for an empty file
 *   or a header without the required columns (nothing in the file can be read then).
 */
export async function* streamChallengeCsv<K extends ChallengeFileKind>(
  source: string | Readable,
  kind: K,
  options: Pick<ParseOptions, 'file'> = {},
): AsyncGenerator<RowResult<ChallengeRecord[K]>, void, undefined> {
  const file = options.file ?? (typeof source === 'string' ? source : '<stream>');
  const input = typeof source === 'string' ? createReadStream(source) : source;
  const checker = new RowChecker(kind, file);
  const lines = new LineTracker();
  const queue: RowResult<ChallengeRecord[K]>[] = [];
  let start = 0;
  let failure: unknown;
  const parser = createParser({
    ...CSV_OPTIONS,
    on_record: (fields: string[], context) => {
      const result = checker.accept(fields, lines.lineAt(start));
      start = context.bytes;
      if (result !== null) queue.push(result);
      return null;
    },
  });
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.resume();
  try {
    try {
      for await (const chunk of input) {
        const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        lines.feed(bytes);
        parser.write(bytes);
        failure ??= parser.errored ?? undefined;
        yield* queue;
        queue.length = 0;
        if (failure !== undefined) break;
      }
    } catch (error) {
      throw notFound(error, file) ?? error;
    }
    if (failure === undefined) {
      parser.end();
      await finished(parser).catch((error: unknown) => {
        failure ??= error;
      });
      yield* queue;
      queue.length = 0;
    }
    if (failure instanceof CsvError) {
      const line = lines.lineAt(start);
      yield { ok: false, line, error: badRecord(failure, file, line) };
      return;
    }
    if (failure !== undefined) throw failure;
    if (!checker.hasHeader) throw checker.emptyFileError();
  } finally {
    parser.destroy();
    if (typeof source === 'string') input.destroy();
  }
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return Infinity;
  if (!Number.isInteger(limit) || limit < 1) throw new ProdclassError('INVALID_PARAM', `limit must be a positive integer, got ${limit}`);
  return limit;
}

function notFound(error: unknown, file: string): ProdclassError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ENOENT' && code !== 'EISDIR') return undefined;
  return new ProdclassError('DATA_NOT_FOUND', code === 'ENOENT' ? 'no such file' : 'this is a folder, not a CSV file', {
    location: { file },
    cause: error,
  });
}

/** A csv-parse error as DATA_BAD_ROW at the line where the broken record starts. */
function badRecord(error: CsvError, file: string, line: number): ProdclassError {
  const location = { file, line };
  const explain: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: 'a quoted field opened in the record starting here is never closed (unterminated quote)',
    CSV_INVALID_CLOSING_QUOTE: `${error.message}; a quote inside a quoted field must be doubled ("")`,
    CSV_MAX_RECORD_SIZE: `the record starting here is longer than ${MAX_RECORD_CHARS} characters, most likely because of an unterminated quote`,
  };
  return new ProdclassError('DATA_BAD_ROW', explain[error.code] ?? `${error.message} (${error.code})`, { location, cause: error });
}
