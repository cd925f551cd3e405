// Column layout of the challenge CSV files, and the checks that turn a parsed record into a product or a label row.

import { ProdclassError } from '../core/errors.js';
import type { Product } from './product.js';

/** Which challenge file a CSV holds: an X file (products) or a Y file (labels). */
export type ChallengeFileKind = 'products' | 'labels';

/** One row of Y_train_CVw08PX.csv. */
export interface LabelRow {
  index: number;
  /** The product type code, an integer; whether it is one of the 27 is checked where labels are joined. */
  code: number;
}

/** The record type each kind of file yields. */
export interface ChallengeRecord {
  products: Product;
  labels: LabelRow;
}

/** A record with the 1-based line of the file where it starts. */
export interface CsvRow<T> {
  line: number;
  value: T;
}

/** What a row check gives: a record, or the error that row has (reading can go on past it). */
export type RowResult<T> = ({ ok: true } & CsvRow<T>) | { ok: false; line: number; error: ProdclassError };

/** Names pandas (and people) give the unnamed first column that holds the row index. */
const INDEX_NAMES = new Set(['', 'index', 'Unnamed: 0']);

const REQUIRED: Record<ChallengeFileKind, readonly string[]> = {
  products: ['designation', 'description', 'productid', 'imageid'],
  labels: ['prdtypecode'],
};

const EXAMPLE: Record<ChallengeFileKind, string> = {
  products: 'X_train_update.csv (header ",designation,description,productid,imageid")',
  labels: 'Y_train_CVw08PX.csv (header ",prdtypecode")',
};

const INTEGER = /^\s*\d+\s*$/;

/**
 * Checks the header, then each row, of one challenge file, in order. Holds the index -> line map that
 * finds duplicate indexes (a few bytes per row), nothing else.
 */
export class RowChecker<K extends ChallengeFileKind> {
  private header: string[] | null = null;
  private columns: number[] = [];
  private indexColumn = 0;
  private readonly seen = new Map<number, number>();

  constructor(
    readonly kind: K,
    readonly file: string,
  ) {}

  get hasHeader(): boolean {
    return this.header !== null;
  }

  /**
   * Takes the next record of the file. The first non-empty record is the header; empty lines give null.
   * @throws ProdclassError DATA_MISSING_COLUMN when the header lacks a required column (the file cannot be read at all).
   */
  accept(fields: string[], line: number): RowResult<ChallengeRecord[K]> | null {
    if (fields.length === 1 && fields[0] === '') return null;
    if (this.header === null) {
      this.readHeader(fields, line);
      return null;
    }
    return this.readRow(fields, line);
  }

  /**
   * The error for a file that ended before its header.
   */
  emptyFileError(): ProdclassError {
    return new ProdclassError(
      'DATA_MISSING_COLUMN',
      `the file is empty; expected a header line like ${EXAMPLE[this.kind]}`,
      { location: { file: this.file } },
    );
  }

  private readHeader(fields: string[], line: number): void {
    const names = fields.map((f) => f.trim());
    const indexColumn = names.findIndex((n) => INDEX_NAMES.has(n));
    const required = REQUIRED[this.kind];
    const missing = required.filter((name) => !names.includes(name));
    if (indexColumn < 0) missing.unshift('(unnamed index column)');
    if (missing.length > 0) {
      const found = names.map((n) => JSON.stringify(n)).join(', ');
      throw new ProdclassError(
        'DATA_MISSING_COLUMN',
        `missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => (m.startsWith('(') ? m : `"${m}"`)).join(', ')}; ` +
          `found columns ${found}. Expected the layout of ${EXAMPLE[this.kind]}.`,
        { location: { file: this.file, line } },
      );
    }
    this.header = names;
    this.indexColumn = indexColumn;
    this.columns = required.map((name) => names.indexOf(name));
  }

  private readRow(fields: string[], line: number): RowResult<ChallengeRecord[K]> {
    const header = this.header!;
    const bad = (message: string, field?: string): RowResult<ChallengeRecord[K]> => ({
      ok: false,
      line,
      error: new ProdclassError('DATA_BAD_ROW', message, { location: { file: this.file, line, field } }),
    });
    if (fields.length !== header.length) {
      return bad(
        `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${header.length} (${header.map((h) => JSON.stringify(h)).join(', ')}); ` +
          'a field containing a comma, a quote or a line break must be enclosed in double quotes, with inner quotes doubled',
      );
    }
    const rawIndex = fields[this.indexColumn];
    if (!INTEGER.test(rawIndex)) return bad(`the row index ${JSON.stringify(rawIndex)} is not a non-negative integer`, 'index');
    const index = Number(rawIndex);
    // Past 2^53 two indexes could read as one number, and answers would show 1e+23.
    if (!Number.isSafeInteger(index)) return bad(`the row index ${rawIndex} is larger than ${Number.MAX_SAFE_INTEGER}; renumber the rows`, 'index');
    const earlier = this.seen.get(index);
    if (earlier !== undefined) {
      return {
        ok: false,
        line,
        error: new ProdclassError(
          'DATA_DUPLICATE_INDEX',
          `index ${index} appears twice, at line ${earlier} and at line ${line}; each row needs its own index`,
          { location: { file: this.file, line, field: 'index' } },
        ),
      };
    }
    this.seen.set(index, line);
    const [c0, c1, c2, c3] = this.columns;
    if (this.kind === 'labels') {
      const rawCode = fields[c0];
      if (!INTEGER.test(rawCode)) return bad(`the product type code ${JSON.stringify(rawCode)} is not an integer`, 'prdtypecode');
      const value: LabelRow = { index, code: Number(rawCode) };
      return { ok: true, line, value: value as ChallengeRecord[K] };
    }
    const value: Product = { index, designation: fields[c0], description: fields[c1], productid: fields[c2].trim(), imageid: fields[c3].trim() };
    return { ok: true, line, value: value as ChallengeRecord[K] };
  }
}
