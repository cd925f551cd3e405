// Runs a unit of work in one database transaction, joining the caller's transaction when there already is one.

import type { Kysely, Transaction } from 'kysely';
import type { Schema } from './schema.js';

/** Either engine's query builder, or one inside a transaction. */
export type Queryable = Kysely<Schema>;

/**
 * Runs `fn` in a transaction on `db`: all of its writes land, or none. Inside a transaction already (a store built on
 * one), `fn` joins it rather than nesting, which neither engine's driver under Kysely supports.
 */
export function inTransaction<T>(db: Queryable, fn: (trx: Transaction<Schema>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<Schema>) : db.transaction().execute(fn);
}
