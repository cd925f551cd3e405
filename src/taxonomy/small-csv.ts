// The small CSV files that describe taxonomies and their changes: delimiter from the header, records with their line.

import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  record: string[];
  /** 1-based line where the record ends (the header is line 1). */
  line: number;
}

/**
 * Parses `text` (a BOM dropped, blank lines skipped) with the delimiter among `,`, `;` and tab that the header line
 * holds most of; every record must have the header's number of fields.
 * @throws csv-parse's errors, which name the line.
 */
export function parseSmallCsv(text: string): CsvRecord[] {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].sort((a, b) => header.split(b).length - header.split(a).length)[0];
  const records = parse(text.replace(/^\uFEFF/, ''), { delimiter, skip_empty_lines: true, info: true }) as unknown as Array<{
    record: string[];
    info: { lines: number };
  }>;
  return records.map(({ record, info }) => ({ record, line: info.lines }));
}
