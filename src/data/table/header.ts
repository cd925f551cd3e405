// Checks on a table's header and size shared by every format: names trimmed, no duplicates, at least one row.

import { ProdclassError } from '../../core/errors.js';

/**
 * The header's names, trimmed. Empty names are allowed (pandas writes its unnamed index that way) and may
 * repeat, since no mapping can name them; any other name must be unique.
 * @throws ProdclassError DATA_DUPLICATE_COLUMN naming the name and both positions.
 */
export function checkHeader(names: readonly string[], file: string, line: number): string[] {
  const columns = names.map((name) => name.trim());
  const seen = new Map<string, number>();
  columns.forEach((name, i) => {
    if (name === '') return;
    const first = seen.get(name);
    if (first !== undefined) {
      throw new ProdclassError(
        'DATA_DUPLICATE_COLUMN',
        `the header names column "${name}" twice (columns ${first + 1} and ${i + 1}): rename one so each column can be told apart`,
        { location: { file, line, field: name } },
      );
    }
    seen.set(name, i);
  });
  return columns;
}

/** DATA_EMPTY for a file with no header at all. */
export function emptyFile(file: string, what = 'has no header and no rows'): ProdclassError {
  return new ProdclassError('DATA_EMPTY', `the file is empty: it ${what}`, { location: { file } });
}

/** DATA_EMPTY for a file with a header and no data rows. */
export function headerOnly(file: string, columns: readonly string[], line: number): ProdclassError {
  return new ProdclassError(
    'DATA_EMPTY',
    `the file has a header (${columns.length} columns: ${columns.map((c) => JSON.stringify(c)).join(', ')}) but no data rows`,
    { location: { file, line } },
  );
}
