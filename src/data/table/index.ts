// Public door of the table layer: read any catalog file into a Table, and find which columns hold what.

export type { ReadTableOptions, Table, TableFormat, TableRow } from './table.js';
export { readTable } from './read-table.js';
export { COLUMN_ROLES, MAPPING_FORM, parseColumnMapping, type ColumnMapping, type ColumnRole } from './column-mapping.js';
export { ROLE_NAMES, normalizeName, resolveColumns, type ColumnRoles } from './column-roles.js';
