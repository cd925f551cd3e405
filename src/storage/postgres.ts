// Opens a PostgreSQL application database (node-postgres pool behind Kysely) and brings its schema up to date.

import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ProdclassError } from '../core/errors.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import type { Schema } from './schema.js';

/** Any advisory-lock key works as long as every prodclass host uses the same one: hosts starting at once migrate in turn. */
const MIGRATION_LOCK = 7_172_017;
const INT8 = 20;

/** True for a `postgres://` or `postgresql://` connection string (anything else names a SQLite var folder). */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** `url` with its password replaced by "***", for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/**
 * Connects to the PostgreSQL database at `url`, checks it answers, and applies the migrations it lacks (each in
 * its own transaction, under an advisory lock so that several hosts starting at once do not race).
 * @throws ProdclassError DATABASE_UNAVAILABLE when the server cannot be reached or refuses the login; CONFLICT when
 *   the database was written by a newer prodclass.
 */
export async function openPostgres(url: string, options: { poolSize?: number } = {}): Promise<Kysely<Schema>> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    // BIGINT ids and COUNT(*) come back as numbers, as they do from SQLite (exact up to 2^53).
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // An idle client whose server went away must not crash the process; the next query reports it.
  pool.on('error', () => {});
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new ProdclassError('DATABASE_UNAVAILABLE', `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(cause as Error).message}; check --database / PRODCLASS_DATABASE_URL and that the server is running`, { cause });
  }
  try {
    await migrate(client, url);
  } catch (error) {
    client.release();
    await pool.end().catch(() => {});
    throw error;
  }
  client.release();
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}

async function migrate(client: pg.PoolClient, url: string): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS prodclass_schema (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM prodclass_schema');
    const current = rows[0]?.version ?? 0;
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new ProdclassError('CONFLICT', `${redactUrl(url)} has schema version ${current}, this prodclass knows up to ${POSTGRES_MIGRATIONS.length}: upgrade prodclass or use another database`);
    }
    for (let version = current; version < POSTGRES_MIGRATIONS.length; version++) {
      await client.query('BEGIN');
      try {
        await client.query(POSTGRES_MIGRATIONS[version]);
        await client.query('DELETE FROM prodclass_schema');
        await client.query('INSERT INTO prodclass_schema (version) VALUES ($1)', [version + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

/** The channel a PostgreSQL host notifies when it changes the active model (payload: the model id). */
export const ACTIVE_MODEL_CHANNEL = 'prodclass_active_model';

/**
 * Listens on `channel` on a connection of its own (LISTEN needs one held open) and calls `onNotify` with each payload;
 * resolves with a function that stops listening. A lost connection is reported to `onError`, not thrown.
 * @throws ProdclassError DATABASE_UNAVAILABLE when the connection cannot be opened.
 */
export async function listenPostgres(url: string, channel: string, onNotify: (payload: string) => void, onError: (error: Error) => void = () => {}): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', onError);
  client.on('notification', (message) => {
    if (message.channel === channel) onNotify(message.payload ?? '');
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${channel}`);
  } catch (cause) {
    await client.end().catch(() => {});
    throw new ProdclassError('DATABASE_UNAVAILABLE', `cannot listen on ${redactUrl(url)}: ${(cause as Error).message}`, { cause });
  }
  return () => client.end().catch(() => {});
}

/** The schema version of the PostgreSQL database behind `db` (the number of migrations applied). */
export async function postgresSchemaVersion(db: Kysely<Schema>): Promise<number> {
  const { rows } = await sql<{ version: number }>`SELECT version FROM prodclass_schema`.execute(db);
  return rows[0]?.version ?? 0;
}
