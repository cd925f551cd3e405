import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { describe, expect, it } from 'vitest';
import { cachingStatements } from '../../src/storage/statement-cache.js';

describe('cachingStatements', () => {
  it('answers the statement compiled before for the same SQL, and drops the least recently used past its capacity', () => {
    const db = new BetterSqlite3(':memory:');
    const cached = cachingStatements(db, 2);
    const a = cached.prepare('SELECT 1 AS v');
    expect(cached.prepare('SELECT 1 AS v')).toBe(a);
    const b = cached.prepare('SELECT 2 AS v');
    expect(cached.prepare('SELECT 1 AS v')).toBe(a);
    // A third text evicts "SELECT 2", the least recently used: it is compiled again, "SELECT 1" is not.
    cached.prepare('SELECT 3 AS v');
    expect(cached.prepare('SELECT 2 AS v')).not.toBe(b);
    expect(cached.prepare('SELECT 3 AS v').all([])).toEqual([{ v: 3 }]);
    cached.close();
    expect(db.open).toBe(false);
  });

  it('serves Kysely: the same query run again with other parameters, writes and reads, and a table changed in between', async () => {
    const db = new Kysely<{ t: { id: Generated<number>; name: string } }>({ dialect: new SqliteDialect({ database: cachingStatements(new BetterSqlite3(':memory:')) }) });
    await sql`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`.execute(db);
    for (const name of ['a', 'b', 'c']) await db.insertInto('t').values({ name }).execute();
    expect((await db.selectFrom('t').select('name').where('id', '>', 1).execute()).map((r) => r.name)).toEqual(['b', 'c']);
    expect((await db.selectFrom('t').select('name').where('id', '>', 2).execute()).map((r) => r.name)).toEqual(['c']);
    // SQLite recompiles a kept statement whose table changed: the same SELECT * sees the new column.
    expect(await db.selectFrom('t').selectAll().where('id', '>', 2).execute()).toEqual([{ id: 3, name: 'c' }]);
    await sql`ALTER TABLE t ADD COLUMN extra TEXT`.execute(db);
    expect((await db.selectFrom('t').selectAll().where('id', '>', 2).execute())).toEqual([{ id: 3, name: 'c', extra: null }]);
    await db.destroy();
  });
});
