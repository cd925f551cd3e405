// better-sqlite3 behind Kysely with its compiled statements kept: Kysely prepares every query it runs.

import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept compiled; queries whose text varies (IN lists of any length) make the rest, least recent first dropped. */
const CAPACITY = 256;

/**
 * `db` as Kysely's SQLite dialect reads it, with `prepare` answering a statement compiled before for the same SQL. A
 * prediction's log row is a few hundred microseconds of the server thread's time, about a third of it compiling the
 * same INSERT again. A statement is reused only after its last use finished: Kysely runs one query at a time on
 * SQLite's single connection and never streams here (better-sqlite3 refuses a statement still iterating).
 */
export function cachingStatements(db: BetterSqlite3.Database, capacity = CAPACITY): SqliteDatabase {
  const compiled = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string): SqliteStatement {
      let statement = compiled.get(sql);
      if (statement) {
        // Map order is insertion order: moved to the end, the least recently used stays first.
        compiled.delete(sql);
      } else {
        statement = db.prepare(sql);
        if (compiled.size >= capacity) compiled.delete(compiled.keys().next().value!);
      }
      compiled.set(sql, statement);
      return statement as unknown as SqliteStatement;
    },
    close(): void {
      compiled.clear();
      db.close();
    },
  };
}
