// Opens the application's SQLite database (better-sqlite3, WAL) and brings its schema up to date.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ProdclassError } from '../core/errors.js';
import { MIGRATIONS } from './migrations.js';

export type Db = BetterSqlite3.Database;
export type Statement<P extends unknown[] = unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;

/** Pass as `file` for a database that lives in memory only (tests, library use without a var/ folder). */
export const IN_MEMORY = ':memory:';

/**
 * Opens (creating if needed) the database at `file` in WAL mode, so readers never wait for the writer and a
 * crash loses at most the transaction in flight, then applies the migrations it lacks, each in its own
 * transaction.
 * @throws ProdclassError CONFLICT when the file was written by a newer prodclass (a schema version this one
 *   does not know); INTERNAL when the file cannot be opened (the message names it).
 */
export function openDatabase(file: string): Db {
  if (file !== IN_MEMORY) mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new BetterSqlite3(file, { timeout: 5_000 });
  } catch (cause) {
    throw new ProdclassError('INTERNAL', `cannot open the database ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    if (file !== IN_MEMORY) db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL stays consistent after a crash; a power cut may lose the last commits, not corrupt the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The schema version of `db` (the number of migrations applied). */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, file: string): void {
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) {
    throw new ProdclassError(
      'CONFLICT',
      `${file} has schema version ${current}, this prodclass knows up to ${MIGRATIONS.length}: upgrade prodclass or use another --var folder`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
