// Which rows belong to a catalog: models and jobs name theirs, predictions and feedback belong to their model's.

import { ProdclassError } from '../core/errors.js';
import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** The catalog of everything recorded before there were several, and the one the routes without a prefix serve. */
export const DEFAULT_CATALOG = 'default';

/** Lower-case letters, digits and dashes, 1 to 40 of them: safe in a URL path, a folder name and a log line. */
export const CATALOG_NAME_PATTERN = /^[a-z0-9-]{1,40}$/;

/**
 * `name` when it can name a catalog.
 * @throws ProdclassError INVALID_INPUT naming the rule it breaks.
 */
export function checkCatalogName(name: string, field = 'name'): string {
  if (!CATALOG_NAME_PATTERN.test(name)) {
    throw new ProdclassError('INVALID_INPUT', `"${name.slice(0, 60)}" cannot name a catalog: use 1 to 40 lower-case letters, digits and dashes (e.g. "garden-fr")`, { location: { field } });
  }
  return name;
}

/** The answer to a catalog name the server does not hold. */
export function catalogNotFound(name: string): ProdclassError {
  return new ProdclassError('CATALOG_NOT_FOUND', `no catalog "${name}" on this server: GET /api/catalogs lists them, POST /api/catalogs creates one`, { location: { field: 'catalog' } });
}

/**
 * The condition `column` (a model id) meets for rows of `catalog`. A prediction whose model is in no catalog's registry
 * (a store used alone, a model deleted) counts as the default catalog's, so that the default catalog sees what it saw
 * before catalogs existed.
 */
export function inCatalog(column: string, catalog: string): RawBuilder<SqlBool> {
  return catalog === DEFAULT_CATALOG
    ? sql<SqlBool>`${sql.ref(column)} NOT IN (SELECT id FROM models WHERE catalog <> ${DEFAULT_CATALOG})`
    : sql<SqlBool>`${sql.ref(column)} IN (SELECT id FROM models WHERE catalog = ${catalog})`;
}
