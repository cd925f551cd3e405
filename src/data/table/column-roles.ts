// Finds which column of a table holds ids, titles, descriptions, labels, images, brands and GTINs, by name or by mapping.

import { distance } from 'fastest-levenshtein';
import { ProdclassError } from '../../core/errors.js';
import { COLUMN_ROLES, MAPPING_FORM, takesSeveralColumns, type ColumnMapping, type ColumnRole } from './column-mapping.js';
import type { Table } from './table.js';

/**
 * Column positions (in `table.columns`) per role. `description` may join several columns, in order; `label` may read
 * several as the levels of a category path, in order (empty: no label column).
 */
export interface ColumnRoles {
  id?: number;
  title?: number;
  description: number[];
  label: number[];
  image?: number;
  brand?: number;
  gtin?: number;
}

/** Usual column names per role, most telling first (the order breaks ties). */
export const ROLE_NAMES: Record<ColumnRole, readonly string[]> = {
  id: ['id', 'sku', 'productid', 'product_id', 'uniq_id', 'pid', 'item_id', 'offer_id'],
  title: ['title', 'name', 'product_name', 'product_title', 'productname', 'designation', 'titre', 'nom'],
  description: ['description', 'body', 'body_html', 'long_description', 'product_description', 'desc', 'descriptif'],
  label: ['category', 'categories', 'label', 'prdtypecode', 'product_category_tree', 'category_path', 'categorie', 'product_type', 'class', 'y'],
  image: ['image', 'image_path', 'image_url', 'imageid', 'image_link', 'img', 'picture', 'photo'],
  brand: ['brand', 'marque', 'manufacturer'],
  gtin: ['gtin', 'ean', 'ean13', 'upc', 'barcode', 'isbn'],
};

/** Names too short or too generic to be trusted inside a longer name (seller_id, subclass, display_y). */
const EXACT_ONLY = new Set(['id', 'pid', 'class', 'y', 'nom', 'desc', 'body']);

/** Lower case, accents and everything but letters and digits removed: "Catégorie" and "CATEGORIE" match. */
export function normalizeName(name: string): string {
  return tokens(name).join('');
}

/** The words of a name: split on punctuation, spaces and camelCase, lower-cased, accents removed. */
function tokens(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Column positions for each role. Mapped roles (`mapping`, from `--columns`) take the named columns; the
 * other roles are detected among the columns not mapped, by name, case- and punctuation-insensitively:
 *
 * 1. An unnamed first column (pandas' index, as in the Rakuten files) is the id: it is the key that links
 *    a products file to its labels file.
 * 2. Exact names: a column whose name, reduced to letters and digits, equals one of the role's usual names
 *    ({@link ROLE_NAMES}); several such columns -> the one with the earlier usual name (uniq_id before pid).
 * 3. Partial names, only for roles still missing: a column whose words contain a usual name's words
 *    (`main_image_url` -> image). A column partly matching several roles goes to the role whose word comes
 *    first (`category_name` -> label, `brand_name` -> brand); among several columns, the earlier usual
 *    name, then the fewest words, then the leftmost wins. Generic short names (id, pid, class, y, nom, desc,
 *    body) only match exactly. `bullets` and `features` are never detected: map them (`description=description+bullets`).
 *
 * Detection gives description and label at most one column each; a mapping may give them several.
 * @throws ProdclassError DATA_MISSING_COLUMN for a mapped column the table lacks (naming the closest ones),
 *   or for a `required` role that is neither mapped nor found (naming the columns and the --columns flag).
 */
export function resolveColumns(table: Pick<Table, 'file' | 'columns'>, mapping: ColumnMapping = {}, required: readonly ColumnRole[] = []): ColumnRoles {
  const roles: ColumnRoles = { description: [], label: [] };
  const taken = new Set<number>();
  for (const role of COLUMN_ROLES) {
    const names = mapping[role];
    if (!names) continue;
    const positions = names.map((name) => findMapped(table, role, name));
    positions.forEach((p) => taken.add(p));
    if (takesSeveralColumns(role)) roles[role] = positions;
    else roles[role] = positions[0];
  }
  const missing = (role: ColumnRole): boolean => mapping[role] === undefined;
  const assign = (role: ColumnRole, position: number): void => {
    taken.add(position);
    if (takesSeveralColumns(role)) roles[role] = [position];
    else roles[role] = position;
  };
  if (missing('id') && table.columns[0] === '' && !taken.has(0)) assign('id', 0);
  const normalized = table.columns.map(normalizeName);
  for (const role of COLUMN_ROLES) {
    if (!missing(role) || found(roles, role)) continue;
    const exact = bestBy(
      normalized.flatMap((name, position) => {
        const rank = ROLE_NAMES[role].findIndex((usual) => normalizeName(usual) === name);
        return rank >= 0 && !taken.has(position) && name !== '' ? [{ position, key: [rank, position] }] : [];
      }),
    );
    if (exact !== undefined) assign(role, exact);
  }
  const partial = partialMatches(table.columns, taken);
  for (const role of COLUMN_ROLES) {
    if (!missing(role) || found(roles, role)) continue;
    const best = bestBy(partial.filter((m) => m.role === role && !taken.has(m.position)).map((m) => ({ position: m.position, key: [m.rank, m.words, m.position] })));
    if (best !== undefined) assign(role, best);
  }
  const absent = required.filter((role) => !found(roles, role));
  if (absent.length) throw missingRoles(table, absent);
  return roles;
}

function found(roles: ColumnRoles, role: ColumnRole): boolean {
  return takesSeveralColumns(role) ? roles[role].length > 0 : roles[role] !== undefined;
}

function bestBy(candidates: { position: number; key: number[] }[]): number | undefined {
  let best: { position: number; key: number[] } | undefined;
  for (const c of candidates) {
    if (!best || compareKeys(c.key, best.key) < 0) best = c;
  }
  return best?.position;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

interface PartialMatch {
  position: number;
  role: ColumnRole;
  /** Rank of the usual name in ROLE_NAMES[role]; words in the column name. */
  rank: number;
  words: number;
}

/** For each free column, the role whose usual name's words appear first among its words. */
function partialMatches(columns: readonly string[], taken: ReadonlySet<number>): PartialMatch[] {
  const matches: PartialMatch[] = [];
  columns.forEach((column, position) => {
    if (taken.has(position)) return;
    const words = tokens(column);
    let best: { at: number; role: ColumnRole; rank: number } | undefined;
    for (const role of COLUMN_ROLES) {
      ROLE_NAMES[role].forEach((usual, rank) => {
        if (EXACT_ONLY.has(usual)) return;
        const at = indexOfWords(words, tokens(usual));
        if (at >= 0 && (!best || at < best.at)) best = { at, role, rank };
      });
    }
    if (best) matches.push({ position, role: best.role, rank: best.rank, words: words.length });
  });
  return matches;
}

function indexOfWords(words: readonly string[], part: readonly string[]): number {
  for (let i = 0; i + part.length <= words.length; i++) {
    if (part.every((word, k) => words[i + k] === word)) return i;
  }
  return -1;
}

/** The position of a mapped column: its exact name, else the one column with the same normalized name. */
function findMapped(table: Pick<Table, 'file' | 'columns'>, role: ColumnRole, name: string): number {
  const exact = table.columns.indexOf(name);
  if (exact >= 0) return exact;
  const key = normalizeName(name);
  const loose = table.columns.flatMap((column, i) => (key !== '' && normalizeName(column) === key ? [i] : []));
  if (loose.length === 1) return loose[0];
  const closest = table.columns
    .map((column) => ({ column, d: distance(normalizeName(column), key) }))
    .filter((c) => c.d <= Math.max(2, Math.floor(key.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((c) => JSON.stringify(c.column));
  const hint = closest.length ? `; closest: ${closest.join(', ')}` : '';
  return throwMissing(
    table,
    `--columns maps ${role} to column "${name}", which the file does not have (found columns ${listColumns(table.columns)})${hint}`,
    name,
  );
}

function throwMissing(table: Pick<Table, 'file'>, message: string, field?: string): never {
  throw new ProdclassError('DATA_MISSING_COLUMN', message, { location: { file: table.file, line: 1, field } });
}

function missingRoles(table: Pick<Table, 'file' | 'columns'>, roles: readonly ColumnRole[]): ProdclassError {
  const names = roles.join(' and ');
  const example = roles.map((role) => `${role}=COL`).join(',');
  return new ProdclassError(
    'DATA_MISSING_COLUMN',
    `no ${names} column found among the columns ${listColumns(table.columns)}: name it with --columns ${example} ` +
      `(the flag takes ${MAPPING_FORM})`,
    { location: { file: table.file, line: 1 } },
  );
}

function listColumns(columns: readonly string[]): string {
  const shown = columns.slice(0, 40).map((c) => JSON.stringify(c));
  return shown.join(', ') + (columns.length > 40 ? ` and ${columns.length - 40} more` : '');
}
