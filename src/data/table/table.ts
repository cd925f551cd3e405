// The uniform in-memory table every catalog file format is read into: header names and rows of strings.

/** The file formats readTable understands. */
export type TableFormat = 'csv' | 'jsonl' | 'parquet' | 'xlsx';

/** One data row. */
export interface TableRow {
  /**
   * 1-based line in the file: for CSV/TSV/JSONL the line where the record starts; for xlsx the sheet's row
   * number; for Parquet the data row number + 1, so that a header would be line 1.
   */
  line: number;
  /** One string per column of the table ('' for empty or null), in column order. */
  values: string[];
}

/** A whole file read into memory. */
export interface Table {
  /** The path as given (used in every message). */
  file: string;
  format: TableFormat;
  /** The text encoding used to decode the file (null for Parquet and xlsx, which carry their own). */
  encoding: string | null;
  /** The field delimiter of delimited text (null for other formats). */
  delimiter: string | null;
  /** Column names in file order; a name may be '' (an unnamed index column, as pandas writes it). */
  columns: string[];
  rows: TableRow[];
  /** Things worth telling the user that did not stop reading (a guessed encoding, skipped cells). */
  warnings: string[];
}

export interface ReadTableOptions {
  /** Text encoding, forced (any name iconv-lite knows: utf-8, latin1, windows-1252, utf-16le...). */
  encoding?: string;
  /** Field delimiter of delimited text, forced (one character; `\t` or `tab` for a tab). */
  delimiter?: string;
  /** Worksheet name of an xlsx file (default: the first sheet). */
  sheet?: string;
}
