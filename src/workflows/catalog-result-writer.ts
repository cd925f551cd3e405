// How a catalog batch writes its result: the upload's own columns plus the category, in its format and encoding.

import iconv from 'iconv-lite';
import type { Taxonomy } from '../taxonomy/index.js';
import { filedColumnValues, FILED_RESULT_COLUMNS } from './depth-decision.js';
import type { FiledRow } from './row-outcome.js';

/** The columns a catalog batch adds to each row. */
/** `decision`: auto when the probability reaches the review threshold (filed without a person), else review. */
export const CATALOG_RESULT_COLUMNS = ['category_id', 'category_path', 'category_name', 'probability', 'decision'] as const;

/** How the result is written: the upload's own format and encoding where it is text, else UTF-8 CSV. */
export interface ResultFormat {
  kind: 'csv' | 'jsonl';
  delimiter: string;
  encoding: string;
}

/** What a catalog batch's rows are written with (plain JSON: a queued job hands it to its workers). */
export interface CatalogLayout {
  format: ResultFormat;
  /** The upload's own columns, in its order. */
  columns: string[];
  /** Whether FILED_RESULT_COLUMNS follow (a tree model with per-depth thresholds). */
  byDepth: boolean;
}

/** The format of a catalog batch's result, as the result route serves it. */
export function catalogResultFormat(table: { format: string; delimiter?: string | null; encoding?: string | null }): ResultFormat {
  if (table.format === 'jsonl') return { kind: 'jsonl', delimiter: ',', encoding: table.encoding ?? 'utf-8' };
  if (table.format === 'csv') return { kind: 'csv', delimiter: table.delimiter ?? ',', encoding: table.encoding ?? 'utf-8' };
  return { kind: 'csv', delimiter: ',', encoding: 'utf-8' };
}

export interface CatalogResultWriter {
  /** The result's first bytes: the CSV header (after a BOM for UTF-16), nothing for JSON Lines. */
  header(): Buffer;
  /** The result line of a filed row whose own cells are `values`. */
  line(values: readonly string[], row: FiledRow): string;
  /** Result text as bytes in the result's encoding. */
  encode(text: string): Buffer;
}

/** The writer of `layout`'s rows for a model of `taxonomy`. */
export function catalogResultWriter(layout: CatalogLayout, taxonomy: Taxonomy): CatalogResultWriter {
  const { format } = layout;
  const added: readonly string[] = layout.byDepth ? [...CATALOG_RESULT_COLUMNS, ...FILED_RESULT_COLUMNS] : CATALOG_RESULT_COLUMNS;
  const encode = (text: string) => (format.encoding.toLowerCase().replace('_', '-') === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, format.encoding));
  const csvLine = (values: readonly string[]) => `${values.map((v) => csvField(v, format.delimiter)).join(format.delimiter)}\n`;
  return {
    encode,
    header() {
      if (format.kind !== 'csv') return Buffer.alloc(0);
      const bom = /^utf-?16/i.test(format.encoding) ? '\uFEFF' : '';
      return encode(bom + csvLine([...layout.columns, ...added]));
    },
    line(values, { best, decision, filing }) {
      const cells = [best.id, best.path.join(' > '), best.name, best.probability.toFixed(6), decision, ...(layout.byDepth ? filedColumnValues(taxonomy, filing) : [])];
      if (format.kind === 'csv') return csvLine([...values, ...cells]);
      const object: Record<string, string> = Object.fromEntries(layout.columns.map((c, k) => [c, values[k] ?? '']));
      added.forEach((c, k) => (object[c] = cells[k]));
      return `${JSON.stringify(object)}\n`;
    },
  };
}

/** A field quoted when it holds the delimiter, a quote or a line break (RFC 4180, any delimiter). */
function csvField(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
