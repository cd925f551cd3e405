// The roles a catalog column can play, and the `--columns role=COL,...` mapping that names them by hand.

import { ProdclassError } from '../../core/errors.js';

/** What a column holds, for the product and label loaders. */
export type ColumnRole = 'id' | 'title' | 'description' | 'label' | 'image' | 'brand' | 'gtin';

export const COLUMN_ROLES: readonly ColumnRole[] = ['id', 'title', 'description', 'label', 'image', 'brand', 'gtin'];

/**
 * Column names per role, as a user maps them. Two roles take several columns: `description` joins their texts, and
 * `label` reads them as the levels of a category path, in order (an export with one column per level).
 */
export type ColumnMapping = Partial<Record<ColumnRole, string[]>>;

export const MAPPING_FORM = 'title=COL,description=COL+COL,label=COL[+COL...],image=COL,id=COL,brand=COL,gtin=COL';

/** The roles that may have several columns. */
export type MultiColumnRole = 'description' | 'label';

/** Whether `role` may have several columns (see ColumnMapping). */
export function takesSeveralColumns(role: ColumnRole): role is MultiColumnRole {
  return role === 'description' || role === 'label';
}

/**
 * Parses the value of the `--columns` flag, e.g. `title=product_name,description=description+bullets`.
 * Spaces around names are dropped; names are kept as written (they are matched against the header later).
 * @throws ProdclassError INVALID_PARAM, saying the expected form, for an empty spec, an entry without `=`,
 *   an unknown or repeated role, an empty column name, or several columns for a role other than description and label.
 */
export function parseColumnMapping(spec: string): ColumnMapping {
  const mapping: ColumnMapping = {};
  const entries = spec.split(',').map((entry) => entry.trim());
  if (!spec.trim()) throw invalid('the column mapping is empty');
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq < 0) throw invalid(`"${entry}" has no "=" between a role and a column`);
    const role = entry.slice(0, eq).trim().toLowerCase();
    if (!(COLUMN_ROLES as readonly string[]).includes(role)) {
      throw invalid(`"${role}" is not a column role (roles: ${COLUMN_ROLES.join(', ')})`);
    }
    const key = role as ColumnRole;
    if (mapping[key]) throw invalid(`role "${key}" is mapped twice`);
    const columns = entry.slice(eq + 1).split('+').map((name) => name.trim());
    if (columns.some((name) => name === '')) throw invalid(`role "${key}" has an empty column name`);
    if (columns.length > 1 && !takesSeveralColumns(key)) {
      throw invalid(
        `role "${key}" names ${columns.length} columns; only description (texts joined) and label (one column per level of the path) take several`,
      );
    }
    mapping[key] = columns;
  }
  return mapping;
}

function invalid(what: string): ProdclassError {
  return new ProdclassError('INVALID_PARAM', `${what}: expected --columns ${MAPPING_FORM} (any subset of the roles, in any order)`);
}
