// Taxonomies as a CSV of `id,name,parent`, with names in several languages where the file has them.

import { ProdclassError } from '../core/errors.js';
import { parseSmallCsv } from './small-csv.js';
import type { CategoryInit } from './taxonomy.js';

/**
 * Reads `id,name,parent` (header required; `parent` empty at the top level, `parent_id` accepted). Names in
 * several languages come as `name_fr`, `name:fr` or `name.fr` columns beside or instead of `name`, which then
 * holds `defaultLanguage`'s names. Delimiter `,`, `;` or tab, taken from the header.
 * @throws ProdclassError DATA_MISSING_COLUMN, DATA_BAD_ROW naming `file`, the line and the column.
 */
export function parseCsvTaxonomy(text: string, file: string, defaultLanguage = 'en'): CategoryInit[] {
  const records = parseSmallCsv(text);
  if (records.length === 0) throw new ProdclassError('DATA_BAD_ROW', 'the taxonomy file is empty', { location: { file } });
  const columns = records[0].record.map((c) => c.trim().toLowerCase());
  const idColumn = columns.indexOf('id');
  const parentColumn = columns.findIndex((c) => c === 'parent' || c === 'parent_id' || c === 'parentid');
  const nameColumns: Array<{ column: number; language: string }> = [];
  columns.forEach((c, i) => {
    if (c === 'name') nameColumns.push({ column: i, language: defaultLanguage });
    const m = /^name[_:.]([a-z]{2}(?:[-_][a-z]{2})?)$/.exec(c);
    if (m) nameColumns.push({ column: i, language: m[1] });
  });
  const missing = [idColumn < 0 ? 'id' : null, nameColumns.length === 0 ? 'name' : null, parentColumn < 0 ? 'parent' : null].filter(Boolean);
  if (missing.length > 0) {
    throw new ProdclassError('DATA_MISSING_COLUMN', `a CSV taxonomy needs the columns id,name,parent; missing ${missing.join(', ')} (found ${columns.join(', ')})`, {
      location: { file, line: 1 },
    });
  }
  return records.slice(1).map(({ record, line }) => {
    const id = record[idColumn].trim();
    if (id === '') throw new ProdclassError('DATA_BAD_ROW', 'empty id', { location: { file, line, field: columns[idColumn] } });
    const names: Record<string, string> = {};
    for (const { column, language } of nameColumns) if (record[column]?.trim()) names[language] = record[column].trim();
    if (Object.keys(names).length === 0) {
      throw new ProdclassError('DATA_BAD_ROW', `the category "${id}" has no name`, { location: { file, line, field: 'name' } });
    }
    const parent = record[parentColumn].trim();
    return { id, names, parentId: parent === '' ? null : parent };
  });
}
