// The --database option (or PRODCLASS_DATABASE_URL) every command that opens the application's storage takes.

import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import { isPostgresUrl } from '../storage/index.js';

export const DATABASE_ENV = 'PRODCLASS_DATABASE_URL';

/** Adds `--database <url>` to `command`. */
export function addDatabaseOption(command: Command): Command {
  return command.option(
    '--database <url>',
    `PostgreSQL database shared by several hosts (postgres://user:password@host:port/db); default ${DATABASE_ENV}, else the SQLite file in --var`,
  );
}

/**
 * The PostgreSQL URL to use: `--database`, else PRODCLASS_DATABASE_URL, else null (SQLite in the var folder).
 * @throws ProdclassError INVALID_PARAM when the value given is not a postgres:// URL.
 */
export function databaseUrlOf(options: { database?: string }, env: NodeJS.ProcessEnv = process.env): string | null {
  const fromOption = options.database?.trim();
  const value = fromOption || env[DATABASE_ENV]?.trim() || null;
  if (value === null) return null;
  if (!isPostgresUrl(value)) {
    const where = fromOption ? '--database' : DATABASE_ENV;
    throw new ProdclassError('INVALID_PARAM', `${where} must be a postgres:// or postgresql:// URL (postgres://user:password@host:5432/prodclass), got "${value.slice(0, 40)}"; leave it unset to keep SQLite in --var`, {
      location: { field: where },
    });
  }
  return value;
}
