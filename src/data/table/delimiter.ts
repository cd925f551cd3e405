// Which character separates the fields of delimited text: sniffed from the first records, counting only outside quotes.

import { ProdclassError } from '../../core/errors.js';

/** Candidates, in the order that breaks ties. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

const SNIFF_CHARS = 65_536;
const SNIFF_RECORDS = 50;

/**
 * The delimiter of `text`, from its first records (at most 50, within 64 KB). For each candidate the
 * header must hold at least one; the winner is the one whose count in the following records most often
 * equals the header's, then the one giving more columns, then `preferred` (tab for .tsv), then the list order.
 * Text without any candidate outside quotes is one column: `preferred` or ','.
 */
export function sniffDelimiter(text: string, preferred?: string): string {
  const sample = text.slice(0, SNIFF_CHARS);
  let best: { delimiter: string; agreement: number; columns: number } | undefined;
  const candidates = preferred ? [preferred, ...DELIMITERS.filter((d) => d !== preferred)] : DELIMITERS;
  for (const delimiter of candidates) {
    const counts = recordDelimiterCounts(sample, delimiter, sample.length < text.length);
    if (!counts.length || counts[0] === 0) continue;
    const rest = counts.slice(1);
    const agreement = rest.length ? rest.filter((c) => c === counts[0]).length / rest.length : 1;
    if (!best || agreement > best.agreement || (agreement === best.agreement && counts[0] > best.columns)) {
      best = { delimiter, agreement, columns: counts[0] };
    }
  }
  return best?.delimiter ?? preferred ?? ',';
}

/** The number of delimiters outside quotes in each non-blank record of `text` (the cut last one dropped). */
function recordDelimiterCounts(text: string, delimiter: string, truncated: boolean): number[] {
  const counts: number[] = [];
  let count = 0;
  let blank = true;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length && counts.length < SNIFF_RECORDS; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') continue;
      if (text[i + 1] === '"') i++;
      else if (text[i + 1] === delimiter || text[i + 1] === '\n' || text[i + 1] === '\r' || i + 1 === text.length) quoted = false;
      continue;
    }
    if (c === '\n') {
      if (!blank) counts.push(count);
      count = 0;
      blank = true;
      fieldStart = true;
      continue;
    }
    if (c === '\r') continue;
    blank = false;
    if (c === delimiter) {
      count++;
      fieldStart = true;
      continue;
    }
    if (c === '"' && fieldStart) quoted = true;
    fieldStart = false;
  }
  if (!blank && !truncated && counts.length < SNIFF_RECORDS) counts.push(count);
  return counts;
}

/**
 * The fields of one physical line, split on `delimiter` outside quotes (a quote opens a field only at its
 * start, `""` inside is a quote, and a quote not followed by a delimiter or the end is text, as csv-parse
 * reads with relax_quotes). A quote left open runs to the end of the line.
 */
export function splitLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] !== '"') value += line[i];
        else if (line[i + 1] === '"') value += line[++i];
        else if (i + 1 === line.length || line[i + 1] === delimiter) {
          i++;
          break;
        } else value += '"';
      }
    } else {
      const end = line.indexOf(delimiter, i);
      value = line.slice(i, end === -1 ? line.length : end);
      i = end === -1 ? line.length : end;
    }
    fields.push(value);
    if (i >= line.length) return fields;
    i++; // the delimiter
    if (i === line.length) {
      fields.push('');
      return fields;
    }
  }
}

/**
 * A `delimiter` option as one character: `tab` and `\t` mean a tab.
 * @throws ProdclassError INVALID_PARAM for anything but one ASCII character other than a quote or line break.
 */
export function delimiterOption(value: string): string {
  const delimiter = value === 'tab' || value === '\\t' ? '\t' : value;
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127 || /["\r\n]/.test(delimiter)) {
    throw new ProdclassError('INVALID_PARAM', `delimiter must be one ASCII character such as , ; | or tab, got ${JSON.stringify(value)}`);
  }
  return delimiter;
}
