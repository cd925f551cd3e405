// Splits delimited text bytes into records of fields, tracking the line each record and each quote starts on.

/** One record: its fields and where it is in the bytes. */
export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts, and where it ends (greater when a quoted field holds line breaks). */
  line: number;
  endLine: number;
  /** Byte offsets of the record: [start, end), line break excluded. */
  start: number;
  end: number;
}

/** A quoted field still open at the end of the text. */
export interface OpenQuote {
  line: number;
  field: number;
  /** Line breaks between the opening quote and the end of the text. */
  swallowed: number;
}

import type { FieldDecoder } from './text-encoding.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Reads `bytes` (UTF-8 or a one-byte encoding; `decode` turns a span into text) record by record with RFC 4180 quoting, calling `onRecord` for each (blank lines
 * included, as one empty field). Records end at LF or CRLF outside quotes. As csv-parse does with
 * `relax_quotes`, a quote inside an unquoted field is text, and a closing quote followed by anything but the
 * delimiter or a line end makes the whole field raw text (its quotes kept) up to the next delimiter or line end.
 *
 * Hand-written rather than csv-parse: it scans with the native Buffer.indexOf and decodes each field once,
 * which on a 100 MB catalog is several times faster (`npm run bench -- read-table` measures both), and it
 * knows the line where each quote opened, which the error messages need. The delimiter must be one ASCII
 * character, so it never matches inside a multi-byte UTF-8 sequence.
 * @returns the quote left open at the end of the text, or undefined when every quote closed.
 */
export function readCsvRecords(
  bytes: Buffer,
  delimiter: string,
  decode: FieldDecoder,
  onRecord: (record: CsvRecord) => void,
): OpenQuote | undefined {
  const sep = delimiter.charCodeAt(0);
  const n = bytes.length;
  let i = 0;
  let line = 1;
  // The next line feed and delimiter at or after i, searched again only once i passes them (i never decreases).
  let nextBreak = bytes.indexOf(LF);
  let nextSep = bytes.indexOf(sep);
  while (i < n) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let recordEnd = -1;
    while (recordEnd < 0) {
      if (bytes[i] === QUOTE) {
        const quoteLine = line;
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = bytes.indexOf(QUOTE, j);
          if (q === -1) return { line: quoteLine, field: fields.length, swallowed: line - quoteLine + countBreaks(bytes, j, n) };
          line += countBreaks(bytes, j, q);
          value += decode(bytes, j, q);
          const after = q + 1 < n ? bytes[q + 1] : -1;
          if (after === QUOTE) {
            value += '"';
            j = q + 2;
            continue;
          }
          if (after === sep) i = q + 2;
          else if (after === -1 || after === LF || (after === CR && (q + 2 === n || bytes[q + 2] === LF))) recordEnd = q + 1;
          else {
            // A stray closing quote: the field is raw text from its opening quote to the next delimiter or line end.
            const stop = fieldStop(bytes, q + 1, sep);
            value = decode(bytes, i, stop.end);
            if (stop.recordEnd) recordEnd = stop.end;
            else i = stop.end + 1;
          }
          break;
        }
        fields.push(value);
      } else {
        if (nextBreak !== -1 && nextBreak < i) nextBreak = bytes.indexOf(LF, i);
        const lineEnd = nextBreak === -1 ? n : nextBreak;
        if (nextSep !== -1 && nextSep < i) nextSep = bytes.indexOf(sep, i);
        if (nextSep !== -1 && nextSep < lineEnd) {
          fields.push(decode(bytes, i, nextSep));
          i = nextSep + 1;
        } else {
          const end = lineEnd > i && bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
          fields.push(decode(bytes, i, end));
          recordEnd = end;
        }
      }
    }
    // Step over the line break after the record.
    let next = recordEnd;
    if (bytes[next] === CR && (next + 1 === n || bytes[next + 1] === LF)) next++;
    if (bytes[next] === LF) next++;
    onRecord({ fields, line: startLine, endLine: line, start, end: recordEnd });
    line++;
    i = next;
  }
  return undefined;
}

/** The end of raw text from `from`: the next delimiter, or the next line end (then `recordEnd`). */
function fieldStop(bytes: Buffer, from: number, sep: number): { end: number; recordEnd: boolean } {
  let nl = bytes.indexOf(LF, from);
  if (nl === -1) nl = bytes.length;
  const d = bytes.indexOf(sep, from);
  if (d !== -1 && d < nl) return { end: d, recordEnd: false };
  return { end: nl > from && bytes[nl - 1] === CR ? nl - 1 : nl, recordEnd: true };
}

/** Line feeds in bytes[from, to). */
export function countBreaks(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let k = bytes.indexOf(LF, from); k !== -1 && k < to; k = bytes.indexOf(LF, k + 1)) count++;
  return count;
}
