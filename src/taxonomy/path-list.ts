// Taxonomies published as one full path a line: Google's taxonomy(-with-ids) files and Shopify's categories.txt.

import { ProdclassError } from '../core/errors.js';
import type { CategoryInit } from './taxonomy.js';

/**
 * `ID - A > B > C` (Google's taxonomy-with-ids), `gid://shopify/TaxonomyCategory/ID : A > B > C` (Shopify's
 * categories.txt), or a bare `A > B > C` (Google's file without ids, where the path is the id). Lines starting
 * with `#` and blank lines are skipped. A category's parent is the category whose path is its own less the last
 * name; a parent missing from the file is an error naming the line.
 * @throws ProdclassError DATA_BAD_ROW naming `file` and the line.
 */
export function parsePathList(text: string, file: string, language = 'en'): CategoryInit[] {
  const byPath = new Map<string, string>();
  const rows: Array<{ id: string; parts: string[]; line: number }> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:gid:\/\/shopify\/TaxonomyCategory\/)?([^\s>]+)\s+[-:]\s+(.+)$/.exec(line);
    const path = (match ? match[2] : line).split('>').map((s) => s.trim());
    if (path.some((s) => s === '')) {
      throw new ProdclassError('DATA_BAD_ROW', `"${line}" has an empty name in its path`, { location: { file, line: i + 1 } });
    }
    const key = path.join(' > ');
    const id = match ? match[1] : key;
    if (byPath.has(key)) throw new ProdclassError('DATA_BAD_ROW', `the path "${key}" appears twice`, { location: { file, line: i + 1 } });
    byPath.set(key, id);
    rows.push({ id, parts: path, line: i + 1 });
  });
  if (rows.length === 0) throw new ProdclassError('DATA_BAD_ROW', 'the taxonomy file lists no category', { location: { file } });
  return rows.map(({ id, parts, line }) => {
    let parentId: string | null = null;
    if (parts.length > 1) {
      const parentPath = parts.slice(0, -1).join(' > ');
      const found = byPath.get(parentPath);
      if (found === undefined) {
        throw new ProdclassError('DATA_BAD_ROW', `the parent "${parentPath}" of "${parts.join(' > ')}" is not in the file`, { location: { file, line } });
      }
      parentId = found;
    }
    return { id, names: { [language]: parts.at(-1)! }, parentId };
  });
}
